"""Participants' personal links: how people without accounts reach their own pages."""

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .. import access, rows
from ..access import Action
from ..models import (
    AuditAction,
    Participant,
    ParticipantContact,
    ParticipantLink,
    RecruitmentStatus,
    Role,
    Study,
    User,
)
from .audit import audit_record

LINK_DAYS = 60
# 32 random bytes: 256 bits, far beyond guessing.
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def link_issue(
    *, actor: User, participant: Participant, days: int = LINK_DAYS, email: bool = False,
    replace: bool = False,
) -> tuple[ParticipantLink, str]:  # fmt: skip
    """A new personal link; earlier links of the participant stop working, which needs
    `replace` when one is still live, so nobody's open page dies without a warning.
    Returns the link and its token, which is not stored and cannot be shown again. With
    `email`, it is also emailed to the participant; without an address, nothing
    changes."""
    access.require(actor, participant.study, Action.RECRUIT)
    live = ParticipantLink.objects.filter(
        participant=participant, revoked_at=None, expires_at__gt=timezone.now()
    ).first()
    if live is not None and not replace:
        raise ValidationError(
            {
                "replace_link": (
                    f"{participant.pseudonym} has a personal link that works until "
                    f"{timezone.localtime(live.expires_at):%-d %b %Y}. A new one stops it at "
                    "once: a page they have open can no longer save, and the address you "
                    "sent them stops working. Confirm that it should be replaced."
                )
            },
            code="live_link",
        )
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
    if email:
        _link_email(actor=actor, participant=participant, token=token, days_left=days)
    return link, token


@transaction.atomic
def link_revoke(*, actor: User, participant: Participant) -> int:
    """Stops every link of the participant at once; returns how many were live."""
    access.require(actor, participant.study, Action.RECRUIT)
    return ParticipantLink.objects.filter(participant=participant, revoked_at=None).update(
        revoked_at=timezone.now()
    )


@cache
def _resolve_sql(by: str) -> str:
    """The link with its participant, their study and their role, in one statement
    written once (see studies/rows.py): every request through a link runs it. `by` is
    the link's column the request knows: its token's hash, or its id."""
    link, participant, study, role = (
        model._meta.db_table for model in (ParticipantLink, Participant, Study, Role)
    )
    return f"""
        SELECT {rows.columns(ParticipantLink, "l")}, {rows.columns(Participant, "p")},
               {rows.columns(Study, "s")}, {rows.columns(Role, "r")}
        FROM {link} l
        JOIN {participant} p ON p.id = l.participant_id
        JOIN {study} s ON s.id = p.study_id
        JOIN {role} r ON r.id = p.role_id
        WHERE l.{by} = %s
    """  # noqa: S608 (names from the models; the value is a parameter)


def _resolve(by: str, value) -> ParticipantLink | None:
    with connection.cursor() as cursor:
        cursor.execute(_resolve_sql(by), [value])
        row = cursor.fetchone()
    if row is None:
        return None
    link, participant, study, role = rows.instances(row, ParticipantLink, Participant, Study, Role)
    participant.study, participant.role = study, role
    link.participant = participant
    if not link.active or participant.status == RecruitmentStatus.WITHDRAWN:
        return None
    return link


def link_resolve(token: str) -> ParticipantLink | None:
    """The live link for a token, or None: unknown, expired, revoked, or the participant
    withdrew. Callers answer None with a page that reveals nothing."""
    if not token or len(token) > 100:
        return None
    return _resolve("token_hash", token_hash(token))


def link_resolve_id(link_id: int) -> ParticipantLink | None:
    """The live link with this id, on the same terms as `link_resolve`. Only for a
    browser that has shown it holds the link (its cookie, see studies/views/participant.py)."""
    return _resolve("id", link_id)


def _link_email(*, actor: User, participant: Participant, token: str, days_left: int) -> None:
    """Emails a link `link_issue` has just made to the participant's own address. The
    researcher sending it need not see the address; the audit trail notes that it was
    sent, and the email leaves once the transaction has committed."""
    contact = ParticipantContact.objects.filter(participant=participant).first()
    if contact is None or not contact.email:
        raise ValidationError(
            f"No email address is on file for {participant.pseudonym}: copy the link instead."
        )
    link = settings.SITE_URL + reverse("participant-enter", kwargs={"token": token})
    context = {"study": participant.study, "link": link, "days": days_left}
    message = render_to_string("emails/participant_link.txt", context)
    audit_record(
        study=participant.study, actor=actor, action=AuditAction.LINK_EMAILED,
        participant=participant,
    )  # fmt: skip
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Your link to the study “{participant.study.title}”",
            message=message,
            from_email=None,
            recipient_list=[contact.email],
        )  # fmt: skip
    )
