"""Who may see and do what in a study: the one place that decides.

Every page, API view, queryset, export and service asks this module. A user's power in
a study comes only from their membership role, mapped to actions below. Someone who is
not a member gets a 404 for the study, as if it did not exist, so ids and slugs
reveal nothing; a member who lacks an action gets a 403.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from rest_framework import permissions

from .models import Membership, Study, User

Role = Membership.Role


class Action(StrEnum):
    VIEW_STUDY = "view_study"  # see the study, its sites, roles and team
    EDIT_STUDY = "edit_study"  # settings, sites, roles, vignettes, questions
    MANAGE_MEMBERS = "manage_members"
    RECRUIT = "recruit"  # participants, dyads, recruitment status, information form
    VIEW_CONTACTS = "view_contacts"  # names, emails and phones of participants
    MANAGE_CONSENT = "manage_consent"  # forms, records, withdrawals, audit trail
    RECORD_CONSENT = "record_consent"  # take a paper or verbal consent in person
    VIEW_DATA = "view_data"  # responses and transcripts, pseudonymised
    TRANSCRIBE = "transcribe"  # import, correct and redact transcripts; upload recordings
    VIEW_REDACTIONS = "view_redactions"  # the redaction log: what was taken out of transcripts
    CODE = "code"  # codebook, coded segments, memos
    # Switch a transcript to independent coding and reveal it; see every coder's
    # segments meanwhile. Leads only: researchers code too, and a coder who could lift
    # the blind would no longer be coding independently.
    MANAGE_CODING = "manage_coding"
    ANALYSE = "analyse"  # matrix queries and comparisons
    EXPORT = "export"  # downloads of research data


_RESEARCH = {Action.VIEW_STUDY, Action.VIEW_DATA, Action.CODE, Action.ANALYSE}

PERMISSIONS: dict[str, frozenset[Action]] = {
    Role.LEAD: frozenset(Action),
    Role.RESEARCHER: frozenset(
        _RESEARCH
        | {Action.EDIT_STUDY, Action.RECRUIT, Action.RECORD_CONSENT, Action.TRANSCRIBE}
        | {Action.EXPORT}
    ),
    Role.CODER: frozenset(_RESEARCH),
    Role.CONSENT_ADMIN: frozenset(
        {
            Action.VIEW_STUDY,
            Action.VIEW_CONTACTS,
            Action.MANAGE_CONSENT,
            Action.RECORD_CONSENT,
            Action.VIEW_REDACTIONS,
        }
    ),  # fmt: skip
    Role.VIEWER: frozenset({Action.VIEW_STUDY, Action.VIEW_DATA, Action.ANALYSE}),
}


@dataclass(frozen=True)
class StudyAccess:
    """A study as seen by one member: what they may do there."""

    study: Study
    role: str

    @property
    def allowed(self) -> frozenset[Action]:
        return PERMISSIONS.get(self.role, frozenset())

    def can(self, action: Action) -> bool:
        return action in self.allowed

    def require(self, action: Action) -> None:
        if not self.can(action):
            raise PermissionDenied(f"Your role in this study does not allow this ({action}).")

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def studies_visible_to(user: User) -> QuerySet[Study]:
    """The studies the user is a member of; nothing for anonymous users."""
    if not user.is_authenticated:
        return Study.objects.none()
    return Study.objects.filter(memberships__user=user)


def role_in(user: User, study: Study) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, study=study).values_list("role", flat=True).first()


def require(user: User, study: Study, action: Action) -> StudyAccess:
    """The user's access to a study they must be able to act in, or an exception.

    Services call this with the acting user before they change anything.
    """
    role = role_in(user, study)
    if role is None:
        raise Http404("No such study.")
    access = StudyAccess(study=study, role=role)
    access.require(action)
    return access


def study_access(*, user: User, slug: str, action: Action = Action.VIEW_STUDY) -> StudyAccess:
    """Loads a study by slug for a user, in one query: 404 if they are not a member,
    403 if their role lacks the action."""
    membership = None
    if user.is_authenticated:
        membership = (
            Membership.objects.select_related("study").filter(user=user, study__slug=slug).first()
        )
    if membership is None:
        raise Http404("No such study.")
    access = StudyAccess(study=membership.study, role=membership.role)
    access.require(action)
    return access


class StudyPermission(permissions.BasePermission):
    """DRF permission for views under /studies/<study_slug>/: the view declares
    `read_action` and `write_action`; the resolved access is kept on the request."""

    def has_permission(self, request, view) -> bool:
        safe = request.method in permissions.SAFE_METHODS
        action = view.read_action if safe else view.write_action
        request.study_access = study_access(
            user=request.user, slug=view.kwargs["study_slug"], action=action
        )
        return True
