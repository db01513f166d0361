"""Reads, already scoped to what the user may see (see studies.access)."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .access import Action, StudyAccess
from .models import (
    AttributeDefinition,
    AuditAction,
    AuditEvent,
    ConsentDocument,
    ConsentRecord,
    DocumentStatus,
    Dyad,
    Membership,
    Participant,
    RecruitmentEvent,
    RecruitmentStatus,
    Role,
    Site,
    User,
)


def memberships_of_user(*, user: User) -> QuerySet[Membership]:
    """The user's memberships with their studies, for the home page and the API."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("study")
        .annotate(team_size=Count("study__memberships"))
        .order_by("study__title")
    )


def membership_list(*, access: StudyAccess) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(study=access.study)
        .select_related("user", "added_by")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def membership_get(*, access: StudyAccess, pk: int) -> Membership:
    """A membership of the study in hand; 404 for ids of other studies."""
    return get_object_or_404(membership_list(access=access), pk=pk)


def site_list(*, access: StudyAccess) -> QuerySet[Site]:
    return Site.objects.filter(study=access.study)


def role_list(*, access: StudyAccess) -> QuerySet[Role]:
    return Role.objects.filter(study=access.study)


# --- Recruitment ---------------------------------------------------------------------

SITE_ID = re.compile(r"^[0-9]{1,12}$")
TAKING_PART = (
    RecruitmentStatus.CONSENTED,
    RecruitmentStatus.SCHEDULED,
    RecruitmentStatus.INTERVIEWED,
)


def participant_list(
    *, access: StudyAccess, role: str = "", site: str = "", status: str = ""
) -> QuerySet[Participant]:
    """Participants with their role, site and dyad partner; filters take ids / codes."""
    participants = Participant.objects.filter(study=access.study).select_related(
        "role", "site", "dyad_as_worker__service_user", "dyad_as_service_user__worker"
    )
    if role:
        participants = participants.filter(role__code=role)
    if SITE_ID.match(site):
        participants = participants.filter(site_id=int(site))
    elif site.isascii() and site.isdigit():  # a number too long to be any site's id
        participants = participants.none()
    if status:
        participants = participants.filter(status=status)
    return participants


def participant_get(*, access: StudyAccess, pk: int) -> Participant:
    return get_object_or_404(participant_list(access=access), pk=pk)


def participant_partner(participant: Participant) -> Participant | None:
    for name, partner in (("dyad_as_worker", "service_user"), ("dyad_as_service_user", "worker")):
        dyad = getattr(participant, name, None)
        if dyad is not None:
            return getattr(dyad, partner)
    return None


def recruitment_events(*, participant: Participant) -> QuerySet[RecruitmentEvent]:
    return participant.recruitment_events.select_related("by").order_by("at", "pk")


def recruitment_log(*, access: StudyAccess) -> QuerySet[RecruitmentEvent]:
    return (
        RecruitmentEvent.objects.filter(participant__study=access.study)
        .select_related("participant__role", "participant__site", "by")
        .order_by("at", "pk")
    )


def dyad_list(*, access: StudyAccess) -> QuerySet[Dyad]:
    return Dyad.objects.filter(study=access.study).select_related(
        "worker__site", "worker__role", "service_user__role"
    )


@dataclass
class SiteProgress:
    site: Site | None
    target: int | None
    complete_dyads: int = 0
    by_role: dict[str, int] = field(default_factory=dict)
    # by_role in the order of the study's roles, for tables
    role_counts: list[int] = field(default_factory=list)


@dataclass
class RecruitmentSummary:
    roles: list[Role]
    statuses: list[tuple[str, str]]
    # counts[status][role code]
    counts: dict[str, dict[str, int]]
    sites: list[SiteProgress]
    target: int | None
    complete_dyads: int
    dyads: list[Dyad]
    # (date, cumulative complete dyads) for the chart
    series: list[tuple[date, int]]


def recruitment_summary(*, access: StudyAccess) -> RecruitmentSummary:
    """The recruitment board's figures, from four queries whatever the study's size.

    A dyad is complete once both members are taking part (consented, scheduled or
    interviewed); it counts from the day the later of the two first consented.
    """
    roles = list(role_list(access=access))
    sites = list(site_list(access=access))
    participants = list(Participant.objects.filter(study=access.study).select_related("role"))
    first_consent: dict[int, date] = {}
    consents = RecruitmentEvent.objects.filter(
        participant__study=access.study, status=RecruitmentStatus.CONSENTED
    ).order_by("at")
    for participant_id, at in consents.values_list("participant_id", "at"):
        first_consent.setdefault(participant_id, timezone.localdate(at))
    dyads = list(dyad_list(access=access))

    counts = {status: {role.code: 0 for role in roles} for status in RecruitmentStatus.values}
    progress = {site.pk: SiteProgress(site=site, target=site.target_dyads) for site in sites}
    unsited = SiteProgress(site=None, target=None)
    for participant in participants:
        counts[participant.status][participant.role.code] += 1
        if participant.status in TAKING_PART:
            row = progress.get(participant.site_id, unsited)
            row.by_role[participant.role.code] = row.by_role.get(participant.role.code, 0) + 1

    completed_on = []
    for dyad in dyads:
        pair = (dyad.worker, dyad.service_user)
        if all(member.status in TAKING_PART for member in pair):
            days = [first_consent.get(member.pk) for member in pair]
            completed_on.append(max(days) if all(days) else timezone.localdate())
            progress.get(dyad.worker.site_id, unsited).complete_dyads += 1
    series, total = [], 0
    for day in sorted(completed_on):
        total += 1
        series.append((day, total))
    site_rows = list(progress.values()) + ([unsited] if unsited.by_role else [])
    for row in site_rows:
        row.role_counts = [row.by_role.get(role.code, 0) for role in roles]
    return RecruitmentSummary(
        roles=roles,
        statuses=list(RecruitmentStatus.choices),
        counts=counts,
        sites=site_rows,
        # Without a study-wide target, the sites' targets add up to one.
        target=access.study.target_dyads or sum(site.target_dyads or 0 for site in sites) or None,
        complete_dyads=len(completed_on),
        dyads=dyads,
        series=series,
    )


# --- Information form ----------------------------------------------------------------


def attribute_list(*, access: StudyAccess) -> QuerySet[AttributeDefinition]:
    return AttributeDefinition.objects.filter(study=access.study).select_related("role")


def attribute_list_for_role(*, access: StudyAccess, role: Role) -> list[AttributeDefinition]:
    """The questions asked of participants of one role, in form order."""
    return [attribute for attribute in attribute_list(access=access) if attribute.asked_of(role)]


def attribute_get(*, access: StudyAccess, pk: int) -> AttributeDefinition:
    return get_object_or_404(attribute_list(access=access), pk=pk)


def participant_answers(*, participant: Participant) -> dict[int, object]:
    return dict(participant.attribute_values.values_list("attribute_id", "value"))


def participant_answer_list(
    *, access: StudyAccess, participant: Participant
) -> list[tuple[AttributeDefinition, object]]:
    """Each question asked of the participant's role with their answer (None if none)."""
    values = participant_answers(participant=participant)
    questions = attribute_list_for_role(access=access, role=participant.role)
    return [(attribute, values.get(attribute.pk)) for attribute in questions]


# --- Audit trail -------------------------------------------------------------------------


def audit_events(*, access: StudyAccess, action: str = "") -> QuerySet[AuditEvent]:
    access.require(Action.MANAGE_CONSENT)
    events = AuditEvent.objects.filter(study=access.study).select_related("actor", "participant")
    if action in AuditAction.values:
        events = events.filter(action=action)
    return events.order_by("-at", "-pk")


# --- Consent -----------------------------------------------------------------------------


def consent_documents(*, access: StudyAccess) -> QuerySet[ConsentDocument]:
    access.require(Action.MANAGE_CONSENT)
    return ConsentDocument.objects.filter(study=access.study).prefetch_related("clauses")


def consent_documents_for_recording(*, access: StudyAccess) -> QuerySet[ConsentDocument]:
    """Every version for those who manage consent; only the published ones for those
    who just record consent in person, who need the current form's clause ids."""
    if access.can(Action.MANAGE_CONSENT):
        return consent_documents(access=access)
    access.require(Action.RECORD_CONSENT)
    return ConsentDocument.objects.filter(
        study=access.study, status=DocumentStatus.PUBLISHED
    ).prefetch_related("clauses")


def consent_document_get(*, access: StudyAccess, pk: int) -> ConsentDocument:
    return get_object_or_404(consent_documents(access=access), pk=pk)


@dataclass
class ConsentRow:
    participant: Participant
    record: ConsentRecord | None
    needs_reconsent: bool
    refused: list[str]


def consent_overview(*, access: StudyAccess, state: str = "") -> list[ConsentRow]:
    """Every participant's consent: latest record, refused clauses, re-consent needed.
    Four queries whatever the number of participants."""
    access.require(Action.MANAGE_CONSENT)
    participants = list(
        Participant.objects.filter(study=access.study).select_related("role", "site")
    )
    records = (
        ConsentRecord.objects.filter(participant__study=access.study)
        .select_related("consent_form")
        .prefetch_related("answers__clause")
        .order_by("participant_id", "-consent_form__version", "-given_at", "-pk")
    )
    latest: dict[int, ConsentRecord] = {}
    for record in records:
        latest.setdefault(record.participant_id, record)
    reconsent_versions = list(
        ConsentDocument.objects.filter(
            study=access.study, kind="consent_form", requires_reconsent=True
        ).values_list("version", flat=True)
    )
    rows = []
    for participant in participants:
        record = latest.get(participant.pk)
        needs = record is not None and any(
            v > record.consent_form.version for v in reconsent_versions
        )
        refused = (
            [a.clause.get_governs_display() for a in record.answers.all() if not a.agreed]
            if record
            else []
        )
        rows.append(ConsentRow(participant, record, needs, refused))
    if state == "none":
        rows = [row for row in rows if row.record is None]
    elif state == "reconsent":
        rows = [row for row in rows if row.needs_reconsent]
    elif state == "refused":
        rows = [row for row in rows if row.refused]
    elif state == "withdrawn":
        rows = [row for row in rows if row.participant.status == RecruitmentStatus.WITHDRAWN]
    return rows
