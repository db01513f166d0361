"""What analysis tells a withdrawal (studies.erasure finds this module by name): the
export files already made of the study may quote the participant, so a withdrawal with
removal deletes them."""

from .services_exchange import copies_erase as _exports_erase


def copies_erase(participant) -> dict[str, int]:
    return {"export file": _exports_erase(participant.study)}
