"""The audit trail as people read it: who acted, when it happened and when it was
recorded, and its details in words. The stored detail keeps codes (clause purposes,
model labels, field names), never personal values; this module only words them."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from .models import (
    AuditAction,
    AuditEvent,
    ClausePurpose,
    ConsentMethod,
    DataProtection,
    WithdrawalChoice,
)

OWN_LINK = "The participant, through their own link"
PLATFORM = "Vignette Lab, on schedule"


@dataclass(frozen=True)
class AuditLine:
    event: AuditEvent
    happened_at: datetime
    recorded_at: datetime
    who: str
    details: str

    @property
    def recorded_later(self) -> bool:
        """Whether it was recorded on a later day than it happened."""
        return self.recorded_at.date() != self.happened_at.date()


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value).replace("_", " ")


def _words(values: list[str]) -> str:
    return ", ".join(values[:-2] + [" and ".join(values[-2:])]) if values else ""


def _model_count(label: str, count: int) -> str:
    if "." not in label:  # a kind of copy, not a model: "export file"
        return f"{count} {label}{'s' if count != 1 else ''}"
    try:
        meta = apps.get_model(label)._meta
    except (LookupError, ValueError):
        return f"{count} × {label}"
    return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"


def _field_name(name: str) -> str:
    try:
        return str(DataProtection._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name.replace("_", " ")


def _consent(detail: dict) -> str:
    method = detail.get("method", "")
    # "Online" alone: the actor column already names the link.
    method = "online" if method == ConsentMethod.ONLINE else _label(ConsentMethod, method).lower()
    refused = [_label(ClausePurpose, purpose).lower() for purpose in detail.get("refused", [])]
    agreed = f"said no to {_words(refused)}" if refused else "agreed to every clause"
    return f"Consent form version {detail.get('version')}, {method}; {agreed}."


def _erasure(detail: dict) -> str:
    rows = detail.get("rows") or {}
    removed = [_model_count(label, count) for label, count in sorted(rows.items()) if count]
    said = f"Removed {_words(removed)}." if removed else "Nothing to remove."
    kept = detail.get("analysed_transcripts_kept")
    if kept:
        said += f" Kept {kept} analysed transcript{'s' if kept != 1 else ''}."
    return said


def _retention(detail: dict) -> str:
    rows = detail.get("rows")
    return (
        f"{rows} row{'s' if rows != 1 else ''} of {detail.get('kind')} deleted, "
        f"{detail.get('months')} months after the study closed."
    )


def _reconsent(detail: dict) -> str:
    count = detail.get("participants", 0)
    people = f"{count} participant{'s' if count != 1 else ''}"
    return f"Consent form version {detail.get('version')}; {people} to ask again."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _codebook(detail: dict) -> str:
    """A merge, split or deletion of codebook nodes, by id (names may quote people)."""
    kind = str(detail.get("kind", "node")).replace("_", " ")
    if "target" in detail:
        what = f"The {kind} #{detail['source']} merged into #{detail['target']}"
    elif "new" in detail:
        what = f"The {kind} #{detail['source']} split into a new #{detail['new']}"
    else:
        what = f"The {kind} #{detail['node']} deleted"
    moved = detail.get("segments_moved", 0)
    gone = detail.get("segments_deleted", 0) + detail.get("segments_collapsed", 0)
    return f"{what}: {_plural(moved, 'segment')} moved, {_plural(gone, 'segment')} removed."


DETAILS: dict[str, Callable[[dict], str]] = {
    AuditAction.CONSENT_GIVEN: _consent,
    AuditAction.WITHDRAWAL: lambda d: _label(WithdrawalChoice, d.get("choice", "")) + ".",
    AuditAction.ERASURE: _erasure,
    AuditAction.RETENTION: _retention,
    AuditAction.RECONSENT_REQUIRED: _reconsent,
    AuditAction.EXPORT: lambda d: str(d.get("export", "")).capitalize() + ".",
    AuditAction.IMPORT: lambda d: (
        "Created "
        + (
            _words([f"{n} {what.replace('_', ' ')}" for what, n in d.get("created", {}).items()])
            or "nothing"
        )
        + "."
    ),
    AuditAction.DOCUMENT_PUBLISHED: lambda d: f"{d.get('document')}, version {d.get('version')}.",
    AuditAction.DATA_PROTECTION_CHANGED: (
        lambda d: "Changed: " + _words([_field_name(f) for f in d.get("fields", [])]) + "."
    ),
    AuditAction.CODEBOOK_MERGED: _codebook,
    AuditAction.CODEBOOK_SPLIT: _codebook,
    AuditAction.CODEBOOK_DELETED: _codebook,
    AuditAction.SESSION_CHECK_IN: (
        lambda d: "Outcome: " + str(d.get("outcome", "")).replace("_", " ") + "."
    ),
}


def _details(event: AuditEvent) -> str:
    if not event.detail:
        return ""
    words = DETAILS.get(event.action)
    if words is None:
        return event.detail_text
    try:
        return words(event.detail)
    except (AttributeError, KeyError, TypeError, ValueError):
        # An older record whose detail had another shape: show what it holds.
        return event.detail_text


def _who(event: AuditEvent) -> str:
    if event.actor is not None:
        return str(event.actor)
    # Without a member, an act about a participant came through their personal link
    # (online consent, a withdrawal or a stop); anything else was the platform's own.
    return OWN_LINK if event.participant_id is not None else PLATFORM


def audit_lines(events) -> list[AuditLine]:
    """The events (with `actor` and `participant` loaded) as lines of the audit trail."""
    return [
        AuditLine(
            event=event,
            happened_at=event.happened_at or event.at,
            recorded_at=event.at,
            who=_who(event),
            details=_details(event),
        )
        for event in events
    ]
