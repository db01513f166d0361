"""Recruiting participants: workers first, service users through their worker's
nomination, each step of recruitment recorded as an event."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import access
from ..access import Action
from ..models import (
    AuditAction,
    Dyad,
    Participant,
    ParticipantContact,
    RecruitmentEvent,
    RecruitmentStatus,
    Role,
    Site,
    Study,
    User,
)
from .audit import audit_record

NOTE_MAX = 2000

_S = RecruitmentStatus
# The recruitment steps that may follow each status, decided once for pages and API.
# Recording consent moves identified and approached people to consented itself; a
# rescheduled interview is scheduled again; someone who declined may change their mind.
# After consent, stopping is a withdrawal (it carries a choice about the data), and
# withdrawal has its own service, so no step leads to withdrawn here.
NEXT_STATUSES: dict[str, frozenset[str]] = {
    _S.IDENTIFIED: frozenset({_S.APPROACHED, _S.CONSENTED, _S.DECLINED}),
    _S.APPROACHED: frozenset({_S.CONSENTED, _S.DECLINED}),
    _S.CONSENTED: frozenset({_S.SCHEDULED, _S.INTERVIEWED}),
    _S.SCHEDULED: frozenset({_S.SCHEDULED, _S.INTERVIEWED}),
    _S.INTERVIEWED: frozenset(),
    _S.DECLINED: frozenset({_S.APPROACHED, _S.CONSENTED}),
    _S.WITHDRAWN: frozenset(),
}


def _clean_contact(name: str, email: str, phone: str) -> dict:
    contact = {"name": name.strip(), "email": email.strip(), "phone": phone.strip()}
    if contact["email"]:
        try:
            validate_email(contact["email"])
        except ValidationError:
            raise ValidationError({"email": "Enter a valid email address."}) from None
    if len(contact["name"]) > 200:
        raise ValidationError({"name": "Keep the name under 200 characters."})
    if len(contact["phone"]) > 40:
        raise ValidationError({"phone": "Keep the phone number under 40 characters."})
    return contact


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"Keep the note under {NOTE_MAX} characters."})
    return note


def _allocate(*, study: Study, role: Role, site: Site | None, actor: User) -> Participant:
    """Creates a participant with the role's next pseudonym.

    The role row is locked while its counter moves on, so two researchers adding people
    at the same moment get consecutive numbers rather than the same one; the counter
    never goes back, so a pseudonym is never reused.
    """
    role = Role.objects.select_for_update().get(pk=role.pk)
    number = role.next_number
    Role.objects.filter(pk=role.pk).update(next_number=number + 1)
    return Participant.objects.create(
        study=study,
        role=role,
        site=site,
        number=number,
        pseudonym=f"{role.code}{number}",
        created_by=actor,
    )


def _record(participant: Participant, status: str, actor: User, note: str = "", at=None) -> None:
    RecruitmentEvent.objects.create(
        participant=participant, status=status, note=note, at=at or timezone.now(), by=actor
    )


def _save_contact(participant: Participant, contact: dict) -> None:
    if any(contact.values()):
        ParticipantContact.objects.update_or_create(participant=participant, defaults=contact)


@transaction.atomic
def participant_add(
    *,
    actor: User,
    study: Study,
    role: Role,
    site: Site | None,
    name: str = "",
    email: str = "",
    phone: str = "",
    note: str = "",
    identified_at: datetime | None = None,
) -> Participant:
    """Adds a participant of a role recruited first (a worker) at a site.

    `identified_at` dates the first step when recruitment is recorded afterwards.
    """
    access.require(actor, study, Action.RECRUIT)
    if role.study_id != study.pk:
        raise ValidationError({"role": "Choose a role of this study."})
    if site is not None and site.study_id != study.pk:
        raise ValidationError({"site": "Choose a site of this study."})
    if role.recruitment != Role.Recruitment.FIRST:
        raise ValidationError(
            {"role": f"{role.label}s join through a nomination by the participant who names them."}
        )
    contact = _clean_contact(name, email, phone)
    at = _not_future(identified_at)
    participant = _allocate(study=study, role=role, site=site, actor=actor)
    _save_contact(participant, contact)
    _record(participant, RecruitmentStatus.IDENTIFIED, actor, _clean_note(note), at)
    return participant


def _not_future(at: datetime | None) -> datetime | None:
    if at is not None and at > timezone.now():
        raise ValidationError({"at": "A recruitment step cannot be dated in the future."})
    return at


@transaction.atomic
def participant_nominate(
    *,
    actor: User | None,
    worker: Participant,
    name: str = "",
    email: str = "",
    phone: str = "",
    note: str = "",
    nominated_at: datetime | None = None,
) -> Dyad:
    """Records that a worker nominated a service user: creates the service user (at the
    worker's site) and their dyad. `actor` is None when workers nominate through their
    own link, which the interviews app offers only where the study allows it."""
    study = worker.study
    if actor is not None:
        access.require(actor, study, Action.RECRUIT)
    worker = Participant.objects.select_for_update().select_related("role").get(pk=worker.pk)
    if worker.role.recruitment != Role.Recruitment.FIRST:
        raise ValidationError("Only a participant recruited first can nominate someone.")
    if worker.status in (RecruitmentStatus.DECLINED, RecruitmentStatus.WITHDRAWN):
        raise ValidationError(
            f"{worker.pseudonym} has {worker.get_status_display().lower()}: no one can be "
            "nominated through them."
        )
    if Dyad.objects.filter(worker=worker).exists():
        raise ValidationError(
            f"{worker.pseudonym} already nominated someone: a worker is in one dyad at most."
        )
    nominated_role = (
        Role.objects.filter(study=study, recruitment=Role.Recruitment.NOMINATED)
        .order_by("position")
        .first()
    )
    if nominated_role is None:
        raise ValidationError("This study has no role whose participants are nominated.")
    contact = _clean_contact(name, email, phone)
    at = _not_future(nominated_at) or timezone.now()
    service_user = _allocate(study=study, role=nominated_role, site=worker.site, actor=actor)
    _save_contact(service_user, contact)
    _record(
        service_user,
        RecruitmentStatus.IDENTIFIED,
        actor,
        _clean_note(note) or f"Nominated by {worker.pseudonym}.",
        at,
    )
    return Dyad.objects.create(
        study=study, worker=worker, service_user=service_user, recorded_by=actor, nominated_at=at
    )


@transaction.atomic
def dyad_create(*, actor: User, worker: Participant, service_user: Participant) -> Dyad:
    """Pairs two participants who are already recruited."""
    study = worker.study
    access.require(actor, study, Action.RECRUIT)
    if service_user.study_id != study.pk:
        raise ValidationError("Both members of a dyad must belong to the same study.")
    if worker.role.recruitment != Role.Recruitment.FIRST:
        raise ValidationError({"worker": f"{worker.pseudonym} is not a {_first_label(study)}."})
    if service_user.role.recruitment != Role.Recruitment.NOMINATED:
        raise ValidationError(
            {"service_user": f"{service_user.pseudonym} is not a {_nominated_label(study)}."}
        )
    for member in (worker, service_user):
        if member.status in (RecruitmentStatus.DECLINED, RecruitmentStatus.WITHDRAWN):
            raise ValidationError(
                f"{member.pseudonym} has {member.get_status_display().lower()}: "
                "they cannot join a dyad."
            )
    if Dyad.objects.filter(worker=worker).exists():
        raise ValidationError({"worker": f"{worker.pseudonym} is already in a dyad."})
    if Dyad.objects.filter(service_user=service_user).exists():
        raise ValidationError({"service_user": f"{service_user.pseudonym} is already in a dyad."})
    try:
        with transaction.atomic():
            return Dyad.objects.create(
                study=study, worker=worker, service_user=service_user, recorded_by=actor
            )
    except IntegrityError:
        # Someone paired one of them a moment ago.
        raise ValidationError("One of them was paired with someone else meanwhile.") from None


def _first_label(study: Study) -> str:
    role = Role.objects.filter(study=study, recruitment=Role.Recruitment.FIRST).first()
    return role.label.lower() if role else "participant recruited first"


def _nominated_label(study: Study) -> str:
    role = Role.objects.filter(study=study, recruitment=Role.Recruitment.NOMINATED).first()
    return role.label.lower() if role else "nominated participant"


@transaction.atomic
def participant_set_status(
    *,
    actor: User,
    participant: Participant,
    status: str,
    note: str = "",
    at: datetime | None = None,
) -> RecruitmentEvent:
    """Moves a participant to a recruitment status; `at` records a step taken earlier."""
    access.require(actor, participant.study, Action.RECRUIT)
    if status not in RecruitmentStatus.values:
        raise ValidationError({"status": "Choose one of the listed statuses."})
    if status == RecruitmentStatus.WITHDRAWN:
        # A withdrawal carries the participant's choice about their data, so it has its
        # own service (withdrawal_record). Pages and the API share this text: it names
        # the kind of record, not a page.
        raise ValidationError(
            {
                "status": "A withdrawal is not a recruitment step: record it as a withdrawal, "
                "which keeps the participant's choice about their data."
            }
        )
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status == RecruitmentStatus.WITHDRAWN:
        raise ValidationError(
            f"{participant.pseudonym} has withdrawn; their recruitment cannot change."
        )
    _check_step(participant, status)
    now = timezone.now()
    if at is not None and at > now:
        raise ValidationError({"at": "A recruitment step cannot be dated in the future."})
    latest = participant.recruitment_events.order_by("-at").values_list("at", flat=True).first()
    if at is not None and latest is not None and at < latest:
        raise ValidationError(
            {"at": "Steps are recorded in order: this date is before the last recorded step."}
        )
    return status_move(participant, status, actor, _clean_note(note), at or now)


def _check_step(participant: Participant, status: str) -> None:
    allowed = NEXT_STATUSES[participant.status]
    if status in allowed:
        return
    now = RecruitmentStatus(participant.status).label.lower()
    asked = RecruitmentStatus(status).label.lower()
    who = participant.pseudonym
    if not allowed:
        message = f"{who} is {now}, the last recruitment step: it cannot move to {asked}."
    else:
        steps = [RecruitmentStatus(s).label.lower() for s in _S if s in allowed]
        choices = " or ".join([", ".join(steps[:-1]), steps[-1]] if len(steps) > 1 else steps)
        message = f"{who} is {now}: the next step is {choices}, not {asked}."
    raise ValidationError({"status": message})


def status_move(participant: Participant, status: str, actor: User | None, note: str, at):
    """Appends a recruitment event and moves the participant's status. For services that
    have already checked access (consent moves a participant to consented)."""
    event = RecruitmentEvent.objects.create(
        participant=participant, status=status, note=note, at=at, by=actor
    )
    participant.status = status
    participant.save(update_fields=["status"])
    return event


@transaction.atomic
def contact_read(*, actor: User, participant: Participant) -> ParticipantContact | None:
    """Who a participant is, for those allowed to know; each look is audited."""
    access.require(actor, participant.study, Action.VIEW_CONTACTS)
    audit_record(
        study=participant.study, actor=actor, action=AuditAction.CONTACT_VIEWED,
        participant=participant,
    )  # fmt: skip
    return ParticipantContact.objects.filter(participant=participant).first()


@transaction.atomic
def contact_update(
    *, actor: User, participant: Participant, name: str = "", email: str = "", phone: str = ""
) -> ParticipantContact:
    access.require(actor, participant.study, Action.VIEW_CONTACTS)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status == RecruitmentStatus.WITHDRAWN:
        raise ValidationError(
            f"{participant.pseudonym} has withdrawn: their contact details are not kept or "
            "changed any more."
        )
    contact, _ = ParticipantContact.objects.update_or_create(
        participant=participant, defaults=_clean_contact(name, email, phone)
    )
    audit_record(
        study=participant.study, actor=actor, action=AuditAction.CONTACT_CHANGED,
        participant=participant,
    )  # fmt: skip
    return contact
