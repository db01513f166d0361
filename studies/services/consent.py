"""Consent: versioned information sheets and consent forms, consent records, and the
one gate (`require_consent`) that every capture of a participant's data goes through."""

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from .. import access
from ..access import Action
from ..models import (
    AuditAction,
    ClausePurpose,
    ConsentAnswer,
    ConsentClause,
    ConsentDocument,
    ConsentMethod,
    ConsentRecord,
    DocumentKind,
    DocumentStatus,
    Participant,
    RecruitmentStatus,
    Study,
    User,
)
from ..text import check_characters
from .audit import audit_record
from .recruitment import status_move

SCAN_MAX_BYTES = 20 * 1024 * 1024
# What a scan may be, known by its first bytes. A scan is stored and served by what it
# is, never by the name it was uploaded under: a PDF named x.html must not come back as
# a web page, nor x.svg as an image that can run script.
SCAN_TYPES = (
    (b"%PDF-", ".pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
    (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
)
# Scans stored before their type was checked may be anything: they download as bytes.
SCAN_UNKNOWN = ("", "application/octet-stream")


class ConsentRequired(ValidationError):
    """Raised by the consent gate: nothing may be stored for this participant now."""


# --- Documents -------------------------------------------------------------------------


def published_document(study: Study, kind: str) -> ConsentDocument | None:
    return (
        ConsentDocument.objects.filter(study=study, kind=kind, status=DocumentStatus.PUBLISHED)
        .prefetch_related("clauses")
        .first()
    )


@transaction.atomic
def document_draft(*, actor: User, study: Study, kind: str) -> ConsentDocument:
    """The kind's draft, started if need be as a copy of the published version (whose
    text then stays as it was)."""
    access.require(actor, study, Action.MANAGE_CONSENT)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Choose an information sheet or a consent form."})
    draft = ConsentDocument.objects.filter(study=study, kind=kind, status=DocumentStatus.DRAFT)
    if draft.exists():
        return draft.get()
    latest = ConsentDocument.objects.filter(study=study, kind=kind).aggregate(v=Max("version"))
    source = published_document(study, kind)
    document = ConsentDocument.objects.create(
        study=study,
        kind=kind,
        version=(latest["v"] or 0) + 1,
        title=source.title if source else DocumentKind(kind).label,
        body=source.body if source else "",
    )
    if source is not None:
        ConsentClause.objects.bulk_create(
            ConsentClause(
                document=document, position=clause.position, text=clause.text,
                required=clause.required, governs=clause.governs,
            )
            for clause in source.clauses.all()
        )  # fmt: skip
    return document


def _editable(actor: User, document: ConsentDocument) -> None:
    access.require(actor, document.study, Action.MANAGE_CONSENT)
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(
            "A published version cannot change: start a new draft version instead."
        )


@transaction.atomic
def document_update(*, actor: User, document: ConsentDocument, title: str, body: str) -> None:
    _editable(actor, document)
    if not title.strip():
        raise ValidationError({"title": "Give the document a title."})
    check_characters(lines={"title": title.strip()}, texts={"body": body})
    document.title, document.body = title.strip(), body.strip()
    document.save(update_fields=["title", "body"])


@transaction.atomic
def clause_add(
    *, actor: User, document: ConsentDocument, text: str, governs: str, required: bool = True
) -> ConsentClause:
    _editable(actor, document)
    if document.kind != DocumentKind.CONSENT_FORM:
        raise ValidationError("Only consent forms have clauses.")
    if not text.strip():
        raise ValidationError({"text": "Write the clause as the participant will read it."})
    check_characters(texts={"text": text})
    if governs not in ClausePurpose.values:
        raise ValidationError({"governs": "Choose what the clause governs."})
    position = document.clauses.count()
    return ConsentClause.objects.create(
        document=document, position=position, text=text.strip(), governs=governs,
        required=required,
    )  # fmt: skip


@transaction.atomic
def clause_remove(*, actor: User, clause: ConsentClause) -> None:
    _editable(actor, clause.document)
    clause.delete()


@transaction.atomic
def document_publish(
    *,
    actor: User,
    document: ConsentDocument,
    requires_reconsent: bool = False,
    published_at: datetime | None = None,
) -> ConsentDocument:
    """Publishes a draft, superseding the version before it. With `requires_reconsent`,
    everyone who consented to an earlier version is asked again before anything new is
    collected from them. `published_at` dates a version that was in use on paper before
    the study moved onto the platform."""
    _editable(actor, document)
    clauses = list(document.clauses.all())
    if document.kind == DocumentKind.CONSENT_FORM and not any(
        clause.governs == ClausePurpose.PARTICIPATION and clause.required for clause in clauses
    ):
        raise ValidationError(
            "A consent form needs a required clause about taking part before it is published."
        )
    if not document.body.strip() and document.kind == DocumentKind.INFORMATION_SHEET:
        raise ValidationError({"body": "Write the information sheet before publishing it."})
    ConsentDocument.objects.filter(
        study=document.study, kind=document.kind, status=DocumentStatus.PUBLISHED
    ).update(status=DocumentStatus.SUPERSEDED)
    if published_at is not None and published_at > timezone.now():
        raise ValidationError({"published_at": "A version cannot be published in the future."})
    document.status = DocumentStatus.PUBLISHED
    document.published_at = published_at or timezone.now()
    document.published_by = actor
    document.requires_reconsent = requires_reconsent and document.version > 1
    document.save(update_fields=["status", "published_at", "published_by", "requires_reconsent"])
    audit_record(
        study=document.study, actor=actor, action=AuditAction.DOCUMENT_PUBLISHED,
        detail={"document": document.get_kind_display(), "version": document.version},
    )  # fmt: skip
    if document.requires_reconsent:
        flagged = (
            Participant.objects.filter(consent_records__consent_form__study=document.study)
            .exclude(status=RecruitmentStatus.WITHDRAWN)
            .distinct()
            .count()
        )
        audit_record(
            study=document.study, actor=actor, action=AuditAction.RECONSENT_REQUIRED,
            detail={"version": document.version, "participants": flagged},
        )  # fmt: skip
    return document


# --- Consent status and the gate ------------------------------------------------------


@dataclass(frozen=True)
class ConsentStatus:
    record: ConsentRecord | None
    needs_reconsent: bool
    withdrawn: bool
    agreed: frozenset[str]  # purposes whose clauses were all agreed
    refused: frozenset[str]  # purposes with a clause refused
    given: bool = False  # a consent is on record (also when `record` was not loaded)

    @property
    def refused_labels(self) -> list[str]:
        return [ClausePurpose(purpose).label.lower() for purpose in sorted(self.refused)]

    @property
    def valid(self) -> bool:
        return (
            self.given
            and not self.needs_reconsent
            and not self.withdrawn
            and ClausePurpose.PARTICIPATION in self.agreed
        )

    def allows(self, purpose: str) -> bool:
        """What `require_consent(participant, purpose)` lets through, as a yes or no."""
        return self.valid and purpose in self.agreed


@functools.lru_cache(maxsize=64)  # one per `where`: a bulk read's varies with its count
def _status_sql(where: str = "p.id = %(participant)s") -> str:
    """Where a participant stands, in one statement: their status, their latest consent
    record (the newest form version consented to wins, then the latest date), whether a
    newer published form asks them again, and that record's answers, one row each (one
    row of NULLs when there is none). Plain SQL because every request through a
    personal link runs it and the ORM took longer to compile it than the database to
    run it; the table names come from the models."""
    participant, record, document, answer, clause = (
        model._meta.db_table
        for model in (Participant, ConsentRecord, ConsentDocument, ConsentAnswer, ConsentClause)
    )
    return f"""
        SELECT p.id, p.status, r.id,
               EXISTS (SELECT 1 FROM {document} newer
                       WHERE newer.study_id = p.study_id AND newer.kind = %(form)s
                         AND newer.status IN (%(published)s, %(superseded)s)
                         AND newer.requires_reconsent AND newer.version > form.version),
               clause.governs, answer.agreed
        FROM {participant} p
        LEFT JOIN {record} r ON r.id = (
            SELECT latest.id FROM {record} latest
            JOIN {document} latest_form ON latest_form.id = latest.consent_form_id
            WHERE latest.participant_id = p.id
            ORDER BY latest_form.version DESC, latest.given_at DESC, latest.id DESC LIMIT 1)
        LEFT JOIN {document} form ON form.id = r.consent_form_id
        LEFT JOIN {answer} answer ON answer.record_id = r.id
        LEFT JOIN {clause} clause ON clause.id = answer.clause_id
        WHERE {where}
    """  # noqa: S608 (table names from the models; values are parameters)


_STATUS_PARAMETERS = {
    "form": DocumentKind.CONSENT_FORM,
    "published": DocumentStatus.PUBLISHED,
    "superseded": DocumentStatus.SUPERSEDED,
}


def _status_from_rows(rows: list[tuple], with_record: bool) -> ConsentStatus:
    """One participant's status from their rows of `_status_sql`."""
    _id, status, record_id, needs_reconsent = rows[0][:4]
    withdrawn = status == RecruitmentStatus.WITHDRAWN
    if record_id is None:
        return ConsentStatus(None, False, withdrawn, frozenset(), frozenset())
    answers = [(governs, bool(agreed)) for *_, governs, agreed in rows if governs is not None]
    refused = {governs for governs, agreed in answers if not agreed}
    agreed = {governs for governs, _agreed in answers} - refused
    record = (
        ConsentRecord.objects.select_related("consent_form").get(pk=record_id)
        if with_record
        else None
    )
    return ConsentStatus(
        record, bool(needs_reconsent), withdrawn, frozenset(agreed), frozenset(refused),
        given=True,
    )  # fmt: skip


def consent_status(participant: Participant, *, with_record: bool = True) -> ConsentStatus:
    """Where a participant stands: their latest consent, whether a newer form version
    asks them again, and which purposes they agreed to or refused. `with_record=False`
    leaves the record itself unloaded, for the checks made on every participant request.
    The participant's status is read afresh: a caller's copy may predate a withdrawal."""
    with connection.cursor() as cursor:
        cursor.execute(_status_sql(), {"participant": participant.pk, **_STATUS_PARAMETERS})
        rows = cursor.fetchall()
    if not rows:
        raise Participant.DoesNotExist
    return _status_from_rows(rows, with_record)


def consent_statuses(participant_ids: Iterable[int]) -> dict[int, ConsentStatus]:
    """`consent_status` (without the records) for many participants in one statement,
    for pages that decide about many people's words at once (whose may be quoted)."""
    ids = sorted(set(participant_ids))
    if not ids:
        return {}
    names = {f"p{index}": pk for index, pk in enumerate(ids)}
    where = "p.id IN (" + ", ".join(f"%({name})s" for name in names) + ")"
    with connection.cursor() as cursor:
        cursor.execute(_status_sql(where), {**names, **_STATUS_PARAMETERS})
        rows = cursor.fetchall()
    by_participant: dict[int, list[tuple]] = {}
    for row in rows:
        by_participant.setdefault(row[0], []).append(row)
    return {pk: _status_from_rows(mine, False) for pk, mine in by_participant.items()}


def require_consent(participant: Participant, purpose: str = ClausePurpose.PARTICIPATION) -> None:
    """The consent gate. Every service that stores something from or about a participant
    (responses, recordings, transcripts) calls this first; quote exports call it with
    QUOTATION. It raises ConsentRequired with the reason in plain words."""
    status = consent_status(participant, with_record=False)
    name = participant.pseudonym
    if status.withdrawn:
        raise ConsentRequired(f"{name} has withdrawn: nothing more may be collected.")
    if not status.given:
        raise ConsentRequired(f"{name} has not given consent yet.")
    if status.needs_reconsent:
        raise ConsentRequired(
            f"{name} consented to an earlier version of the consent form and must be asked "
            "again before anything new is collected."
        )
    if ClausePurpose.PARTICIPATION not in status.agreed:
        raise ConsentRequired(f"{name} has not agreed to take part.")
    if purpose != ClausePurpose.PARTICIPATION and purpose not in status.agreed:
        label = ClausePurpose(purpose).label.lower()
        raise ConsentRequired(f"{name} did not agree to {label}.")


# --- Recording consent ------------------------------------------------------------------


def scan_type(head: bytes) -> tuple[str, str] | None:
    """The (extension, content type) of a scan that starts with `head`, or None."""
    for signature, extension, content_type in SCAN_TYPES:
        if head.startswith(signature):
            return extension, content_type
    return None


def scan_open(record: ConsentRecord) -> tuple[File, str, str]:
    """A stored scan to serve: the open file, its extension and content type, both read
    from its first bytes rather than from the stored name."""
    handle = record.scan.open("rb")
    head = handle.read(8)
    handle.seek(0)
    extension, content_type = scan_type(head) or SCAN_UNKNOWN
    return handle, extension, content_type


def _check_scan(scan: UploadedFile | None) -> None:
    """Refuses a scan that is too large or not a PDF, PNG or JPEG, and renames one that
    is, so that its stored name ends in the extension of what it really is."""
    if scan is None:
        return
    if scan.size > SCAN_MAX_BYTES:
        raise ValidationError({"scan": "The scan is larger than 20 MB."})
    head = scan.read(8)
    scan.seek(0)
    found = scan_type(head)
    if found is None:
        raise ValidationError({"scan": "Attach the scan as a PDF, PNG or JPEG file."})
    scan.name = f"scan{found[0]}"


def _snapshot(*, form: ConsentDocument, sheet: ConsentDocument | None, answers, signed_name: str,
              given_at: datetime, method: str) -> tuple[str, str]:  # fmt: skip
    html = render_to_string(
        "studies/consent_snapshot.html",
        {
            "form": form, "sheet": sheet, "answers": answers, "signed_name": signed_name,
            "given_at": given_at, "method": ConsentMethod(method).label,
        },
    )  # fmt: skip
    return html, hashlib.sha256(html.encode()).hexdigest()


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    participant: Participant,
    answers: dict[int, bool],
    signed_name: str,
    method: str,
    given_at: datetime | None = None,
    witness: str = "",
    scan: UploadedFile | None = None,
) -> ConsentRecord:
    """Records consent to the current published consent form.

    Every clause must be answered and every required clause agreed; the record keeps a
    snapshot of exactly what was agreed, with its SHA-256. In person, `actor` is the
    member who took the consent; online (the participant's own link) it is None.
    """
    study = participant.study
    if method not in ConsentMethod.values:
        raise ValidationError({"method": "Choose how consent was given."})
    if actor is not None:
        access.require(actor, study, Action.RECORD_CONSENT)
    elif method != ConsentMethod.ONLINE:
        raise ValidationError("Consent taken in person is recorded by the member who took it.")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status in (RecruitmentStatus.WITHDRAWN, RecruitmentStatus.DECLINED):
        raise ValidationError(
            f"{participant.pseudonym} has {participant.get_status_display().lower()}."
        )
    form = published_document(study, DocumentKind.CONSENT_FORM)
    if form is None:
        raise ValidationError("Publish a consent form before recording consent.")
    sheet = published_document(study, DocumentKind.INFORMATION_SHEET)
    clauses = list(form.clauses.all())
    missing = [clause for clause in clauses if clause.pk not in answers]
    if missing:
        # By id: the API's answers are keyed by clause id (a page always sends them all).
        ids = ", ".join(str(clause.pk) for clause in missing)
        raise ValidationError(
            {"answers": f"Answer every clause, yes or no; no answer for clause {ids}."}
        )
    refused_required = [c for c in clauses if c.required and not answers[c.pk]]
    if refused_required:
        raise ValidationError(
            {"answers": "Taking part needs agreement to every required clause; the "
             "participant may say no to the optional ones."}
        )  # fmt: skip
    signed_name = signed_name.strip()
    if not signed_name:
        raise ValidationError({"signed_name": "Type the participant's name as signed."})
    check_characters(lines={"signed_name": signed_name, "witness": witness.strip()})
    given_at = given_at or timezone.now()
    if given_at > timezone.now():
        raise ValidationError({"given_at": "Consent cannot be dated in the future."})
    _check_scan(scan)
    pairs = [(clause, bool(answers[clause.pk])) for clause in clauses]
    html, digest = _snapshot(
        form=form, sheet=sheet, answers=pairs, signed_name=signed_name, given_at=given_at,
        method=method,
    )  # fmt: skip
    record = ConsentRecord.objects.create(
        participant=participant, consent_form=form, information_sheet=sheet, method=method,
        signed_name=signed_name, witness=witness.strip(), given_at=given_at, recorded_by=actor,
        snapshot_html=html, snapshot_sha256=digest, scan=scan or "",
    )  # fmt: skip
    ConsentAnswer.objects.bulk_create(
        ConsentAnswer(record=record, clause=clause, agreed=agreed) for clause, agreed in pairs
    )
    audit_record(
        study=study, actor=actor, action=AuditAction.CONSENT_GIVEN, participant=participant,
        detail={
            "version": form.version, "method": method,
            "refused": sorted(c.governs for c, agreed in pairs if not agreed),
        },
        happened_at=given_at,
    )  # fmt: skip
    if participant.status in (RecruitmentStatus.IDENTIFIED, RecruitmentStatus.APPROACHED):
        note = f"Consent form v{form.version}, {ConsentMethod(method).label.lower()}."
        status_move(participant, RecruitmentStatus.CONSENTED, actor, note, given_at)
    return record
