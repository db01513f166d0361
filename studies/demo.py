"""The demo study of the model study in DOMAIN.md, loaded by `manage.py load_demo`.

Everything here was written for Vignette Lab: the people, places and numbers are
invented. Loading twice changes nothing but the demo passwords' being reset to their
known values.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from . import services
from .models import Membership, Site, Study, User

DEMO_STUDY_SLUG = "risk-and-recovery"
DEMO_STUDY = {
    "title": "Risk management and recovery in community mental health",
    "description": (
        "How does the way community mental health teams manage risk help or hold back "
        "recovery-oriented care? Mental health workers and the service users they support "
        "each respond to five vignettes in separate interviews, and their accounts are "
        "compared dyad by dyad."
    ),
    "ethics_reference": "REC 26/NW/0418",
}
DEMO_SITES = (
    ("Riverside Community Mental Health Team", "Northgate"),
    ("Hillcrest Community Mental Health Team", "Northgate"),
    ("Marsh Lane Recovery Team", "Eastwick"),
    ("Old Mill Community Mental Health Team", "Eastwick"),
    ("Southfields Community Team", "Kingsmere"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


DEMO_ACCOUNTS = (
    DemoAccount("demo-lead", "Ruth", "Adeyemi", Membership.Role.LEAD),
    DemoAccount("demo-coder", "Tom", "Hartley", Membership.Role.CODER),
    DemoAccount("demo-consent", "Priya", "Nair", Membership.Role.CONSENT_ADMIN),
)


def demo_password(username: str) -> str:
    """A password derived from this installation's SECRET_KEY: stable across runs,
    printed by `make run`, and never written in the source."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"demo-password:{username}".encode(), hashlib.sha256
    ).digest()
    text = base64.b32encode(digest).decode().lower()[:16]
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def _account(spec: DemoAccount) -> User:
    user, _ = User.objects.get_or_create(
        username=spec.username,
        defaults={"first_name": spec.first_name, "last_name": spec.last_name, "email": spec.email},
    )
    user.set_password(demo_password(spec.username))
    user.is_active = True
    user.save()
    return user


@transaction.atomic
def demo_load() -> list[tuple[DemoAccount, str]]:
    """Creates or completes the demo accounts and study; returns the logins."""
    users = {spec.role: _account(spec) for spec in DEMO_ACCOUNTS}
    lead = users[Membership.Role.LEAD]
    study = Study.objects.filter(slug=DEMO_STUDY_SLUG).first()
    if study is None:
        study = services.study_create(creator=lead, slug=DEMO_STUDY_SLUG, **DEMO_STUDY)
        services.study_update(actor=lead, study=study, status=Study.Status.RECRUITING)
    members = set(study.memberships.values_list("user_id", flat=True))
    for spec in DEMO_ACCOUNTS:
        user = users[spec.role]
        if user.pk not in members:
            services.membership_add(actor=lead, study=study, email=user.email, role=spec.role)
    existing_sites = set(Site.objects.filter(study=study).values_list("name", flat=True))
    for name, borough in DEMO_SITES:
        if name not in existing_sites:
            services.site_add(actor=lead, study=study, name=name, borough=borough)
    return [(spec, demo_password(spec.username)) for spec in DEMO_ACCOUNTS]
