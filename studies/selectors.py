"""Reads, already scoped to what the user may see (see studies.access)."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from .access import StudyAccess
from .models import Membership, Role, Site, User


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
