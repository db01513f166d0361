"""The demo study of the model study in DOMAIN.md, loaded by `manage.py load_demo`.

Everything here was written for Vignette Lab: the people, places and numbers are
invented. Loading twice changes nothing but the demo passwords' being reset to their
known values.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from . import services
from .models import (
    AttributeDefinition,
    ConsentDocument,
    Membership,
    Participant,
    Site,
    Study,
    User,
)

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
DEMO_TARGET_DYADS = 8
# (name, borough, target dyads)
DEMO_SITES = (
    ("Riverside Community Mental Health Team", "Northgate", 2),
    ("Hillcrest Community Mental Health Team", "Northgate", 2),
    ("Marsh Lane Recovery Team", "Eastwick", 2),
    ("Old Mill Community Mental Health Team", "Eastwick", 1),
    ("Southfields Community Team", "Kingsmere", 1),
)
GENDERS = ["Woman", "Man", "Non-binary", "Prefer not to say"]
ETHNIC_GROUPS = ["White", "Black or Black British", "Asian or Asian British", "Mixed", "Other"]
PROFESSIONS = [
    "Community psychiatric nurse", "Social worker", "Occupational therapist", "Psychologist",
    "Support worker",
]  # fmt: skip
DIAGNOSES = [
    "Schizophrenia or psychosis", "Bipolar disorder", "Depression", "Personality disorder",
    "Other",
]  # fmt: skip
AGE_BANDS = [["18 to 34", 18, 34], ["35 to 49", 35, 49], ["50 and over", 50, None]]
# label, kind, role code (None: everyone), extra fields
DEMO_FORM = (
    ("Age (years)", "number", None, {"min_value": 18, "max_value": 99, "required": True}),
    ("Gender", "single", None, {"choices": GENDERS, "required": True}),
    ("Ethnic group", "single", None, {"choices": ETHNIC_GROUPS}),
    ("Profession", "single", "MHW", {"choices": PROFESSIONS}),
    ("Years in mental health services", "number", "MHW", {"min_value": 0, "max_value": 50}),
    ("Years using mental health services", "number", "SU", {"min_value": 0, "max_value": 70}),
    ("Main diagnosis", "single", "SU", {"choices": DIAGNOSES}),
)
# One line a dyad: site index, the worker's answers, then the service user's answers.
# Everyone here is invented.
DEMO_DYADS = (
    (0, ("Jo Brennan", 42, "Woman", "White", PROFESSIONS[0], 15),
        ("Karen Lowe", 37, "Woman", "White", 12, DIAGNOSES[1])),
    (0, ("Dele Okonjo", 35, "Man", "Black or Black British", PROFESSIONS[1], 8),
        ("Marcus Hill", 48, "Man", "Black or Black British", 22, DIAGNOSES[0])),
    (1, ("Helen Marsh", 51, "Woman", "White", PROFESSIONS[2], 24),
        ("Liam Potter", 29, "Man", "White", 6, DIAGNOSES[2])),
    (1, ("Aisha Rahman", 29, "Woman", "Asian or Asian British", PROFESSIONS[0], 4),
        ("Nadia Begum", 52, "Woman", "Asian or Asian British", 25, DIAGNOSES[0])),
    (2, ("Gareth Price", 46, "Man", "White", PROFESSIONS[4], 12),
        ("Sean Doyle", 41, "Man", "White", 15, DIAGNOSES[3])),
    (2, ("Grace Mensah", 38, "Woman", "Black or Black British", PROFESSIONS[1], 10),
        ("Tanya Reid", 34, "Woman", "Black or Black British", 9, DIAGNOSES[1])),
    (3, ("Peter Walsh", 55, "Man", "White", PROFESSIONS[0], 30),
        ("Alan Fisher", 60, "Man", "White", 35, DIAGNOSES[0])),
    (4, ("Maya Ellis", 33, "Woman", "Mixed", PROFESSIONS[3], 6),
        ("Robin Ashe", 25, "Non-binary", "Mixed", 4, DIAGNOSES[2])),
)  # fmt: skip
RECRUITMENT_STARTED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

# Texts written for the demo, read as a user would type them.
DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

DEMO_DATA_PROTECTION = {
    "lawful_basis": "public_task",
    "special_category_condition": "Article 9(2)(j): archiving, research and statistics",
    "data_controller": "Northgate University (invented for this demo)",
    "retention_audio_months": 12,
    "retention_transcripts_months": 120,
    "retention_consent_months": 240,
    "withdrawal_choices": ["keep", "remove_unanalysed", "remove_all"],
    "withdrawal_cutoff": "until the research team starts analysing your interview, "
    "usually four weeks after it",
}
DEMO_SHEET_TITLE = "Managing risk and supporting recovery: information for participants"
DEMO_CLAUSES = (
    ("I have read the information sheet, had the chance to ask questions, and agree to take "
     "part.", "participation", True),
    ("I agree to my interview being audio recorded.", "recording", False),
    ("I agree that anonymised quotes from my interview may be used in reports and "
     "publications.", "quotation", False),
    ("I agree that my anonymised transcript may be archived and used in future research.",
     "archiving", False),
    ("I would like to be contacted about future research.", "future_contact", False),
)  # fmt: skip


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
    # A second coder, so the demo's codebook has two people's coding to compare.
    DemoAccount("demo-coder2", "Aisha", "Okafor", Membership.Role.CODER),
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
    accounts = {spec.username: _account(spec) for spec in DEMO_ACCOUNTS}
    # The demo needs the one account of each role it acts as (lead, consent admin).
    users = {spec.role: accounts[spec.username] for spec in DEMO_ACCOUNTS}
    lead = users[Membership.Role.LEAD]
    study = Study.objects.filter(slug=DEMO_STUDY_SLUG).first()
    if study is None:
        study = services.study_create(creator=lead, slug=DEMO_STUDY_SLUG, **DEMO_STUDY)
        services.study_update(actor=lead, study=study, status=Study.Status.RECRUITING)
    members = set(study.memberships.values_list("user_id", flat=True))
    for spec in DEMO_ACCOUNTS:
        user = accounts[spec.username]
        if user.pk not in members:
            services.membership_add(actor=lead, study=study, email=user.email, role=spec.role)
    if study.target_dyads is None:
        services.study_update(actor=lead, study=study, target_dyads=DEMO_TARGET_DYADS)
    existing_sites = set(Site.objects.filter(study=study).values_list("name", flat=True))
    for name, borough, target in DEMO_SITES:
        if name not in existing_sites:
            services.site_add(
                actor=lead, study=study, name=name, borough=borough, target_dyads=target
            )
    for role in study.roles.filter(support_text=""):
        _demo_support(lead, role)
    if not AttributeDefinition.objects.filter(study=study).exists():
        _demo_form(lead, study)
    if services.data_protection_for(study).missing():
        services.data_protection_update(actor=lead, study=study, **DEMO_DATA_PROTECTION)
    if not ConsentDocument.objects.filter(study=study).exists():
        _demo_documents(lead, study)
    if not Participant.objects.filter(study=study).exists():
        _demo_recruitment(lead, study, users[Membership.Role.CONSENT_ADMIN])
    if study.status == Study.Status.RECRUITING:
        services.study_update(actor=lead, study=study, status=Study.Status.COLLECTING)
    return [(spec, demo_password(spec.username)) for spec in DEMO_ACCOUNTS]


def _demo_support(lead: User, role) -> None:
    """Each role's support contacts, from demo_data/support-<code>.md."""
    path = DEMO_DATA / f"support-{role.code}.md"
    if path.exists():
        text = path.read_text(encoding="utf-8")
        services.role_update(
            actor=lead, role=role, code=role.code, label=role.label, support_text=text
        )


def _demo_form(lead: User, study: Study) -> None:
    roles = {role.code: role for role in study.roles.all()}
    for label, kind, role, extra in DEMO_FORM:
        services.attribute_create(
            actor=lead, study=study, label=label, kind=kind, role=roles.get(role), **extra
        )
    age = AttributeDefinition.objects.get(study=study, label="Age (years)")
    services.attribute_set_groups(actor=lead, attribute=age, groups=AGE_BANDS)


def _demo_documents(lead: User, study: Study) -> None:
    sheet = services.document_draft(actor=lead, study=study, kind="information_sheet")
    body = (DEMO_DATA / "information-sheet.md").read_text(encoding="utf-8").strip()
    services.document_update(actor=lead, document=sheet, title=DEMO_SHEET_TITLE, body=body)
    approved = RECRUITMENT_STARTED - timedelta(days=14)  # approved before recruitment began
    services.document_publish(actor=lead, document=sheet, published_at=approved)
    form = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.document_update(
        actor=lead, document=form, title="Consent form",
        body="Please answer each statement. You can say no to the optional ones and still "
        "take part.",
    )  # fmt: skip
    for text, governs, required in DEMO_CLAUSES:
        services.clause_add(
            actor=lead, document=form, text=text, governs=governs, required=required
        )
    services.document_publish(actor=lead, document=form, published_at=approved)


def _demo_recruitment(lead: User, study: Study, consent_admin: User) -> None:
    """Eight dyads recruited one a week from March 2026, and one worker who declined.
    Workers consent on paper with the consent admin; service users online, except
    those of the last two dyads, who consent verbally. SU5 says no to quotes."""
    form = services.published_document(study, "consent_form")
    sites = list(study.sites.order_by("position"))
    worker_role = study.roles.get(code="MHW")
    questions = {a.label: a.pk for a in AttributeDefinition.objects.filter(study=study)}

    def consent(participant, name, day, method, refuse=()):
        answers = {c.pk: c.governs not in refuse for c in form.clauses.all()}
        services.consent_record(
            actor=None if method == "online" else consent_admin, participant=participant,
            answers=answers, signed_name=name, method=method, given_at=start + timedelta(days=day),
        )  # fmt: skip

    start = RECRUITMENT_STARTED

    def step(participant, status, day, note=""):
        services.participant_set_status(
            actor=lead, participant=participant, status=status, note=note,
            at=start + timedelta(days=day),
        )  # fmt: skip

    for index, (site, worker_answers, service_user_answers) in enumerate(DEMO_DYADS):
        week = 7 * index
        name, age, gender, ethnicity, profession, years = worker_answers
        worker = services.participant_add(
            actor=lead, study=study, role=worker_role, site=sites[site], name=name,
            identified_at=start + timedelta(days=week),
        )  # fmt: skip
        step(worker, "approached", week + 2)
        consent(worker, name, week + 5, "paper")
        dyad = services.participant_nominate(
            actor=lead, worker=worker, name=service_user_answers[0],
            nominated_at=start + timedelta(days=week + 6),
        )  # fmt: skip
        service_user = dyad.service_user
        step(service_user, "approached", week + 9, "Introduced by their worker at a review.")
        consent(
            service_user, service_user_answers[0], week + 14,
            "verbal" if index >= 6 else "online", refuse={"quotation"} if index == 4 else (),
        )  # fmt: skip
        interviewed = True  # every dyad has been interviewed (the transcripts need it)
        for member, offset in ((worker, 16), (service_user, 18)):
            step(member, "interview_scheduled", week + offset)
            if interviewed:
                step(member, "interviewed", week + offset + 5)
        services.attribute_values_save(actor=lead, participant=worker, answers={
            questions["Age (years)"]: age, questions["Gender"]: gender,
            questions["Ethnic group"]: ethnicity, questions["Profession"]: profession,
            questions["Years in mental health services"]: years,
        })  # fmt: skip
        _, age, gender, ethnicity, years, diagnosis = service_user_answers
        services.attribute_values_save(actor=lead, participant=service_user, answers={
            questions["Age (years)"]: age, questions["Gender"]: gender,
            questions["Ethnic group"]: ethnicity,
            questions["Years using mental health services"]: years,
            questions["Main diagnosis"]: diagnosis,
        })  # fmt: skip
    declined = services.participant_add(
        actor=lead, study=study, role=worker_role, site=sites[3],
        identified_at=start + timedelta(days=60),
    )  # fmt: skip
    step(declined, "approached", 62)
    step(declined, "declined", 65, "Caseload too heavy at present.")
