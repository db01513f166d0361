"""Stable REFI-QDA GUIDs: the same object has the same GUID in every export of its study,
so a desktop tool (or our own importer) recognises it when the study comes back.

A study's own GUID (kind "project") is minted once, on its first export, and stored as
an `ExchangeGuid`. Every other object's GUID is the stored `ExchangeGuid` of its kind and
id where there is one (objects imported from another tool keep the GUID they came with;
the importer writes those rows), and otherwise derived without being stored:
`uuid5(project GUID, "<kind>:<key>")`.

Kinds, with what their key is (an object's primary key unless said otherwise):

- `project`: the study (key: the study's id).
- `user`: a team member (User).
- `node`: a codebook node (coding.Node), a REFI Code.
- `variable`: an information form question (studies.AttributeDefinition).
- `variable_builtin`: a variable the export adds from the study's own structure (key:
  `BUILTIN_ROLE`, `BUILTIN_SITE` or `BUILTIN_DYAD`).
- `case`: a participant (studies.Participant).
- `source`: a transcript (interviews.Transcript): a TextSource, or the Transcript
  element of an AudioSource.
- `audio`: a recording (interviews.Recording), an AudioSource.
- `selection`: a coded segment's PlainTextSelection (or TranscriptSelection).
- `coding`: a coded segment's Coding (key: the segment's id, like its selection).
- `note`: a memo (coding.Memo).
- `set_role`, `set_site`, `set_dyad`: the Set of a role, site or dyad (key: its id).
- `set_kind`: the Set of the codebook's nodes of one kind (key: the kind's place in
  `coding.models.NodeKind`).
- `syncpoint`: a SyncPoint of an audio transcript (key: "<transcript id>:<position>";
  derived only, never stored).
"""

import re
import uuid

from django.db import IntegrityError, transaction

from analysis.models import ExchangeGuid
from studies.models import Study

PROJECT = "project"
BUILTIN_ROLE, BUILTIN_SITE, BUILTIN_DYAD = 1, 2, 3

_GUID = re.compile(
    r"\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?", re.IGNORECASE
)


def guid_text(value: uuid.UUID) -> str:
    """A GUID as REFI-QDA files usually write it: upper-case hex, no braces."""
    return str(value).upper()


def guid_parse(text: str) -> uuid.UUID | None:
    """The GUID written in `text` in either case, with or without braces; None when
    `text` is not a GUID."""
    match = _GUID.fullmatch((text or "").strip())
    return uuid.UUID(match.group(1)) if match else None


def project_guid(study: Study) -> uuid.UUID:
    """The study's own GUID, minted (uuid4) and stored the first time it is asked for."""
    stored = ExchangeGuid.objects.filter(study=study, kind=PROJECT, object_id=study.pk).first()
    if stored is not None:
        return stored.guid
    try:
        with transaction.atomic():
            return ExchangeGuid.objects.create(
                study=study, kind=PROJECT, object_id=study.pk, guid=uuid.uuid4()
            ).guid
    except IntegrityError:  # another export minted it first
        return ExchangeGuid.objects.get(study=study, kind=PROJECT, object_id=study.pk).guid


class GuidMap:
    """Every GUID of one study's export, from one query of its stored GUIDs.

    `get(kind, key)` is the GUID text to write; `uuid(kind, key)` the same as a UUID.
    Keys are an object's id, or for derived-only kinds a string (see the module)."""

    def __init__(self, study: Study) -> None:
        self.study = study
        self._stored: dict[tuple[str, int], uuid.UUID] = {
            (kind, object_id): guid
            for kind, object_id, guid in ExchangeGuid.objects.filter(study=study).values_list(
                "kind", "object_id", "guid"
            )
        }
        self.project = self._stored.get((PROJECT, study.pk)) or project_guid(study)
        self._stored[(PROJECT, study.pk)] = self.project

    def uuid(self, kind: str, key: int | str) -> uuid.UUID:
        stored = self._stored.get((kind, key)) if isinstance(key, int) else None
        return stored or uuid.uuid5(self.project, f"{kind}:{key}")

    def get(self, kind: str, key: int | str) -> str:
        return guid_text(self.uuid(kind, key))
