"""Participants' personal links: how people without accounts reach their own pages."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import access
from ..access import Action
from ..models import Participant, ParticipantLink, RecruitmentStatus, User

LINK_DAYS = 60
# 32 random bytes: 256 bits, far beyond guessing.
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def link_issue(
    *, actor: User, participant: Participant, days: int = LINK_DAYS
) -> tuple[ParticipantLink, str]:
    """A new personal link; earlier links of the participant stop working. Returns the
    link and its token, which is not stored and cannot be shown again."""
    access.require(actor, participant.study, Action.RECRUIT)
    if participant.status in (RecruitmentStatus.WITHDRAWN, RecruitmentStatus.DECLINED):
        raise ValidationError(
            f"{participant.pseudonym} has {participant.get_status_display().lower()}: "
            "no link can be made."
        )
    if not 1 <= days <= 365:
        raise ValidationError({"days": "A link lasts between 1 and 365 days."})
    now = timezone.now()
    ParticipantLink.objects.filter(participant=participant, revoked_at=None).update(revoked_at=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ParticipantLink.objects.create(
        participant=participant, token_hash=token_hash(token), created_by=actor,
        expires_at=now + timedelta(days=days),
    )  # fmt: skip
    return link, token


@transaction.atomic
def link_revoke(*, actor: User, participant: Participant) -> int:
    """Stops every link of the participant at once; returns how many were live."""
    access.require(actor, participant.study, Action.RECRUIT)
    return ParticipantLink.objects.filter(participant=participant, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def link_resolve(token: str) -> ParticipantLink | None:
    """The live link for a token, or None: unknown, expired, revoked, or the participant
    withdrew. Callers answer None with a page that reveals nothing."""
    if not token or len(token) > 100:
        return None
    link = (
        ParticipantLink.objects.select_related("participant__study", "participant__role")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None or not link.active:
        return None
    if link.participant.status == RecruitmentStatus.WITHDRAWN:
        return None
    return link
