"""Studies, teams and accounts."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from .. import access
from ..access import Action
from ..models import Membership, Role, Study, User
from ..text import check_characters
from .audit import data_protection_for

DEFAULT_ROLES = (
    ("MHW", "Mental health worker", Role.Recruitment.FIRST),
    ("SU", "Service user", Role.Recruitment.NOMINATED),
)
SLUG_MAX = 50
RESERVED_SLUGS = {"new"}  # taken by pages under /studies/


def _unique_slug(title: str) -> str:
    base = slugify(title)[:SLUG_MAX].strip("-") or "study"
    taken = set(Study.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken and base not in RESERVED_SLUGS:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def study_create(
    *,
    creator: User,
    title: str,
    description: str = "",
    ethics_reference: str = "",
    slug: str | None = None,
) -> Study:
    """Creates a study with the default worker and service-user roles; the creator leads.

    The slug (the study's address) follows the title unless one is asked for.
    """
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give the study a title."})
    check_characters(
        lines={"title": title, "ethics_reference": ethics_reference},
        texts={"description": description},
    )
    if slug is not None and (
        slug != slugify(slug) or slug in RESERVED_SLUGS or Study.objects.filter(slug=slug).exists()
    ):
        raise ValidationError({"slug": "This address is taken or not valid."})
    for _attempt in range(5):
        try:
            with transaction.atomic():
                study = Study.objects.create(
                    title=title,
                    slug=slug or _unique_slug(title),
                    description=description,
                    ethics_reference=ethics_reference,
                    created_by=creator,
                )
                Membership.objects.create(
                    study=study, user=creator, role=Membership.Role.LEAD, added_by=creator
                )
                Role.objects.bulk_create(
                    Role(study=study, code=code, label=label, recruitment=how, position=index)
                    for index, (code, label, how) in enumerate(DEFAULT_ROLES)
                )
                return study
        except IntegrityError:
            # Another study took the same slug between our check and our insert.
            continue
    raise ValidationError({"title": "Could not find a free address for this title; change it."})


STUDY_EDITABLE_FIELDS = ("title", "description", "ethics_reference", "status", "target_dyads")


@transaction.atomic
def study_update(*, actor: User, study: Study, **changes: str) -> Study:
    access.require(actor, study, Action.EDIT_STUDY)
    unknown = set(changes) - set(STUDY_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    if "title" in changes and not changes["title"].strip():
        raise ValidationError({"title": "Give the study a title."})
    check_characters(
        lines={f: changes[f] for f in ("title", "ethics_reference") if f in changes},
        texts={f: changes[f] for f in ("description",) if f in changes},
    )
    if "status" in changes and changes["status"] not in Study.Status.values:
        raise ValidationError({"status": "Choose one of the listed statuses."})
    if changes.get("status") == Study.Status.COLLECTING and study.status != Study.Status.COLLECTING:
        missing = data_protection_for(study).missing()
        if missing:
            raise ValidationError(
                {
                    "status": "Data collection cannot start until the data protection basis is "
                    f"complete. Missing: {', '.join(missing)}."
                }
            )
    if changes.get("target_dyads") is not None and int(changes["target_dyads"]) < 0:
        raise ValidationError({"target_dyads": "The target cannot be negative."})
    if "status" in changes:
        # Retention periods count from the day the study closed; reopening stops the clock.
        closing = changes["status"] == Study.Status.CLOSED
        if closing and study.closed_at is None:
            changes["closed_at"] = timezone.now()
        elif not closing:
            changes["closed_at"] = None
    for field, value in changes.items():
        setattr(study, field, value)
    study.save(update_fields=list(changes))
    return study


def _send_invitation(*, user: User, study: Study, inviter: User) -> None:
    link = settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "study": study, "inviter": inviter, "link": link}
    send_mail(
        subject=f"You have been added to the study “{study.title}” on Vignette Lab",
        message=render_to_string("emails/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def _user_for_email(*, email: str) -> tuple[User, bool]:
    """The account with this email, or a new one without a password (invited)."""
    email = email.strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError(
            {"email": "An account already uses this address as its username; ask a site admin."}
        )
    user = User(username=email.lower(), email=email)
    user.set_unusable_password()
    user.save()
    return user, True


@transaction.atomic
def membership_add(*, actor: User, study: Study, email: str, role: str) -> Membership:
    """Adds a person to the study's team by email, inviting them if they have no account."""
    access.require(actor, study, Action.MANAGE_MEMBERS)
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose one of the listed roles."})
    if not email or "@" not in email:
        raise ValidationError({"email": "Enter the person's email address."})
    user, invited = _user_for_email(email=email)
    if not user.is_active:
        raise ValidationError({"email": "This account is deactivated; ask a site admin."})
    if Membership.objects.filter(study=study, user=user).exists():
        raise ValidationError({"email": "This person is already a member of the study."})
    membership = Membership.objects.create(study=study, user=user, role=role, added_by=actor)
    if invited:
        transaction.on_commit(lambda: _send_invitation(user=user, study=study, inviter=actor))
    return membership


def _ensure_another_lead(membership: Membership) -> None:
    leads = list(
        Membership.objects.select_for_update()
        .filter(study_id=membership.study_id, role=Membership.Role.LEAD)
        .values_list("pk", flat=True)
    )
    if leads == [membership.pk]:
        raise ValidationError("A study needs at least one lead: make someone else lead first.")


@transaction.atomic
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    access.require(actor, membership.study, Action.MANAGE_MEMBERS)
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose one of the listed roles."})
    if membership.role == Membership.Role.LEAD and role != Membership.Role.LEAD:
        _ensure_another_lead(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    access.require(actor, membership.study, Action.MANAGE_MEMBERS)
    if membership.role == Membership.Role.LEAD:
        _ensure_another_lead(membership)
    membership.delete()


def api_token_issue(*, user: User) -> Token:
    """The user's API token, made on first use. An existing one is returned, not replaced,
    so a script that signs in each time does not stop the user's other clients."""
    return Token.objects.get_or_create(user=user)[0]


@transaction.atomic
def api_token_rotate(*, user: User) -> Token:
    """Replaces the user's API token; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)
