"""Studies, the people who run them, the accounts they sign in with, and the people
they recruit: participants (pseudonymised), their dyads, recruitment history and the
information form. Consent arrives with the consent issue."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class User(AbstractUser):
    """A member of a research team or a site admin. Participants never have accounts."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message="Another account already uses this email address.",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class StudyStatus(models.TextChoices):
    SETUP = "setup", "Set up"
    RECRUITING = "recruiting", "Recruiting"
    COLLECTING = "collecting", "Collecting"
    ANALYSING = "analysing", "Analysing"
    CLOSED = "closed", "Closed"


class Study(models.Model):
    Status = StudyStatus

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    ethics_reference = models.CharField(
        max_length=100, blank=True, help_text="The approval number from the ethics committee."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SETUP)
    target_dyads = models.PositiveIntegerField(
        "target number of dyads", null=True, blank=True, help_text="The sample you aim for."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the study closed: retention periods count from here.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moves on whenever the questions participants are asked change. Every participant
    # request loads the study row anyway, so caches of those questions keyed on it are
    # never stale, in any process, without asking the database.
    questions_revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name_plural = "studies"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=StudyStatus.values),
                name="study_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    LEAD = "lead", "Lead"
    RESEARCHER = "researcher", "Researcher"
    CODER = "coder", "Coder"
    CONSENT_ADMIN = "consent_admin", "Consent admin"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    """A user's role in one study. The permissions of each role live in studies.access."""

    Role = TeamRole

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["study_id", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "user"],
                name="membership_one_per_user_and_study",
                violation_error_message="This person is already a member of the study.",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=TeamRole.values),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.study}"


class Site(models.Model):
    """A place participants are recruited from, such as a community mental health team."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=120)
    borough = models.CharField("organisation or borough", max_length=120, blank=True)
    target_dyads = models.PositiveIntegerField("target number of dyads", null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["study_id", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "name"],
                name="site_name_unique_per_study",
                violation_error_message="The study already has a site with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A kind of participant in a study, such as mental health worker (MHW)."""

    class Recruitment(models.TextChoices):
        FIRST = "first", "Recruited first"
        NOMINATED = "nominated", "Nominated by a participant of another role"

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="roles")
    code = models.CharField(max_length=10, help_text="Prefix of pseudonyms, such as MHW.")
    label = models.CharField(max_length=80)
    recruitment = models.CharField(
        max_length=20, choices=Recruitment.choices, default=Recruitment.FIRST
    )
    position = models.PositiveIntegerField(default=0)
    support_text = models.TextField(
        "support contacts", blank=True,
        help_text="Shown to participants of this role when they stop, when they finish and "
        "after they withdraw: who to call, when, and how. Markdown; phone numbers and email "
        "addresses become links.",
    )  # fmt: skip
    # The number the next participant of this role gets. It only ever grows, so a
    # pseudonym is never given twice, even after a withdrawal.
    next_number = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["study_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "code"],
                name="role_code_unique_per_study",
                violation_error_message="The study already has a role with this code.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.label})"


class RecruitmentStatus(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    APPROACHED = "approached", "Approached"
    CONSENTED = "consented", "Consented"
    SCHEDULED = "interview_scheduled", "Interview scheduled"
    INTERVIEWED = "interviewed", "Interviewed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Participant(models.Model):
    """A worker or service user taking part, known to the research data by pseudonym only.

    Identity lives apart, in ParticipantContact, which only leads and consent admins read.
    """

    Status = RecruitmentStatus

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participants")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="participants")
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="participants"
    )
    number = models.PositiveIntegerField()
    pseudonym = models.CharField(max_length=20)
    status = models.CharField(
        max_length=30, choices=RecruitmentStatus.choices, default=RecruitmentStatus.IDENTIFIED
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["study_id", "role__position", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "pseudonym"],
                name="participant_pseudonym_unique_per_study",
                violation_error_message="This pseudonym is already taken in the study.",
            ),
            models.UniqueConstraint(
                fields=["role", "number"], name="participant_number_unique_per_role"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RecruitmentStatus.values),
                name="participant_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class ParticipantContact(models.Model):
    """Who a participant is. Read only by leads and consent admins (studies.access)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="contact"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"Contact details of {self.participant}"


class Dyad(models.Model):
    """A worker and the service user they nominated. Each person is in one dyad at most."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="dyads")
    worker = models.OneToOneField(
        Participant,
        on_delete=models.PROTECT,
        related_name="dyad_as_worker",
        error_messages={"unique": "This worker already has a dyad."},
    )
    service_user = models.OneToOneField(
        Participant,
        on_delete=models.PROTECT,
        related_name="dyad_as_service_user",
        error_messages={"unique": "This service user is already in a dyad."},
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["study_id", "worker__number"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(worker=models.F("service_user")),
                name="dyad_two_different_people",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} – {self.service_user}"


class RecruitmentEvent(models.Model):
    """One step in a participant's recruitment; the participant's status is the latest."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="recruitment_events"
    )
    status = models.CharField(max_length=30, choices=RecruitmentStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["participant", "at"])]

    def __str__(self) -> str:
        return f"{self.participant}: {self.get_status_display()}"


class AttributeKind(models.TextChoices):
    TEXT = "text", "Text"
    NUMBER = "number", "Number"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    DATE = "date", "Date"


class AttributeDefinition(models.Model):
    """A question of the information form (age, gender, years in service, ...)."""

    Kind = AttributeKind

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="attributes")
    label = models.CharField(max_length=120)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=AttributeKind.choices)
    required = models.BooleanField(default=False)
    role = models.ForeignKey(
        Role,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attributes",
        help_text="Asked of this role only; empty means every role.",
    )
    choices = models.JSONField(default=list, blank=True, help_text="Options for choices.")
    min_value = models.FloatField(null=True, blank=True)
    max_value = models.FloatField(null=True, blank=True)
    # How sample tables group answers, to avoid tiny, identifying cells: for numbers a
    # list of [label, lowest, highest] bands, for choices a list of [label, [options]].
    groups = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["study_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "label"],
                name="attribute_label_unique_per_study",
                violation_error_message="The form already has a question with this label.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AttributeKind.values), name="attribute_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def asked_of(self, role: Role) -> bool:
        return self.role_id is None or self.role_id == role.pk


class AttributeValue(models.Model):
    """One participant's answer to one question: a string, a number, a list of options
    or an ISO date, as the question's kind says."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attribute_values"
    )
    attribute = models.ForeignKey(
        AttributeDefinition, on_delete=models.CASCADE, related_name="values"
    )
    value = models.JSONField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "attribute"], name="attribute_value_one_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.attribute}"


# --- Consent and the audit trail -------------------------------------------------------


class LawfulBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", "Public task (Article 6(1)(e))"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests (Article 6(1)(f))"
    CONSENT = "consent", "Consent (Article 6(1)(a))"


class WithdrawalChoice(models.TextChoices):
    KEEP = "keep", "Stop taking part; keep what was collected"
    REMOVE_UNANALYSED = "remove_unanalysed", "Remove what has not yet been analysed"
    REMOVE_ALL = "remove_all", "Remove everything"


class DataProtection(models.Model):
    """How a study handles personal data, as UK ethics practice expects it written down.

    Consent to take part is the ethical consent; the lawful basis under UK GDPR is
    usually public task or legitimate interests, with the research condition for
    health data. A study cannot start collecting until this is complete.
    """

    study = models.OneToOneField(Study, on_delete=models.CASCADE, related_name="data_protection")
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices, blank=True)
    special_category_condition = models.CharField(
        "condition for health data",
        max_length=200,
        blank=True,
        help_text="Usually Article 9(2)(j): archiving, research and statistics.",
    )
    data_controller = models.CharField(max_length=200, blank=True)
    retention_audio_months = models.PositiveIntegerField(
        "keep audio for (months)", null=True, blank=True
    )
    retention_transcripts_months = models.PositiveIntegerField(
        "keep transcripts and responses for (months)", null=True, blank=True
    )
    retention_consent_months = models.PositiveIntegerField(
        "keep consent records for (months)", null=True, blank=True
    )
    withdrawal_choices = models.JSONField(
        default=list, blank=True, help_text="What a participant who withdraws may choose."
    )
    withdrawal_cutoff = models.CharField(
        max_length=300,
        blank=True,
        help_text="Until when unanalysed data can still be removed, in the participant's words.",
    )

    REQUIRED = (
        "lawful_basis", "special_category_condition", "data_controller",
        "retention_audio_months", "retention_transcripts_months", "retention_consent_months",
        "withdrawal_choices",
    )  # fmt: skip

    def __str__(self) -> str:
        return f"Data protection of {self.study}"

    def missing(self) -> list[str]:
        """The verbose names of what still has to be filled in."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED
            if getattr(self, name) in (None, "", [])
        ]


class AuditAction(models.TextChoices):
    CONTACT_VIEWED = "contact.viewed", "Contact details viewed"
    CONTACT_CHANGED = "contact.changed", "Contact details changed"
    DATA_PROTECTION_CHANGED = "data_protection.changed", "Data protection changed"
    DOCUMENT_PUBLISHED = "document.published", "Consent document published"
    RECONSENT_REQUIRED = "consent.reconsent_required", "Re-consent required"
    CONSENT_GIVEN = "consent.given", "Consent given"
    WITHDRAWAL = "withdrawal.recorded", "Withdrawal recorded"
    ERASURE = "data.erased", "Data erased"
    EXPORT = "data.exported", "Data exported"
    IMPORT = "data.imported", "Data imported"
    RETENTION = "data.retention", "Data deleted at the end of its retention"
    SESSION_PAUSED = "session.paused", "Participant stopped a session"
    SESSION_CHECK_IN = "session.check_in", "Check-in after a stop recorded"
    LINK_EMAILED = "link.emailed", "Personal link emailed"
    CODEBOOK_MERGED = "codebook.merged", "Codebook nodes merged"
    CODEBOOK_SPLIT = "codebook.split", "Codebook node split"
    CODEBOOK_DELETED = "codebook.deleted", "Codebook node deleted"


class AuditEvent(models.Model):
    """An append-only record of who did what to consent and personal data, and when.

    It never holds the personal values themselves. On PostgreSQL a trigger refuses
    UPDATE and DELETE on this table, so not even the application can rewrite it.
    """

    Action = AuditAction

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="audit_events")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)  # when it was recorded
    # When it happened, where the record says so and that was earlier: a paper consent
    # entered days after it was signed, or the demo's consents of March to May.
    happened_at = models.DateTimeField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["study", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def detail_text(self) -> str:
        def text(value) -> str:
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

        return "; ".join(f"{key}: {text(value)}" for key, value in self.detail.items())


class DocumentKind(models.TextChoices):
    INFORMATION_SHEET = "information_sheet", "Information sheet"
    CONSENT_FORM = "consent_form", "Consent form"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class ConsentDocument(models.Model):
    """A version of a study's information sheet or consent form. Published versions
    never change: editing one starts a new draft version."""

    Kind = DocumentKind
    Status = DocumentStatus

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="consent_documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Plain text; blank lines separate paragraphs.")
    requires_reconsent = models.BooleanField(
        default=False, help_text="Everyone who consented to an earlier version is asked again."
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["study_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "kind", "version"], name="consent_document_version_unique"
            ),
            models.UniqueConstraint(
                fields=["study", "kind"],
                condition=models.Q(status="draft"),
                name="consent_document_one_draft",
            ),
            models.UniqueConstraint(
                fields=["study", "kind"],
                condition=models.Q(status="published"),
                name="consent_document_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class ClausePurpose(models.TextChoices):
    PARTICIPATION = "participation", "Taking part"
    RECORDING = "recording", "Audio recording"
    QUOTATION = "quotation", "Use of anonymised quotes"
    ARCHIVING = "archiving", "Archiving and reuse of data"
    FUTURE_CONTACT = "future_contact", "Contact about future research"


class ConsentClause(models.Model):
    document = models.ForeignKey(ConsentDocument, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    required = models.BooleanField(
        default=True, help_text="A participant must agree to this to take part."
    )
    governs = models.CharField(max_length=20, choices=ClausePurpose.choices)

    class Meta:
        ordering = ["document_id", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.document}: {self.get_governs_display()}"


def consent_scan_path(record: "ConsentRecord", filename: str) -> str:
    """A random name: the uploaded file's own name may carry the participant's."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"consent-scans/{record.participant.study_id}/{uuid.uuid4().hex}{suffix}"


class ConsentMethod(models.TextChoices):
    ONLINE = "online", "Online, through the personal link"
    PAPER = "paper", "In person, on paper"
    VERBAL = "verbal", "In person, verbally"
    # Consent taken outside the platform, for participants imported from another
    # analysis tool; the researcher who imported them confirmed it and its date.
    IMPORTED = "imported", "Outside the platform, before an import"


class ConsentRecord(models.Model):
    """One act of consent: the form version, every clause's answer, the signature, and
    a snapshot of exactly what was shown with its SHA-256."""

    Method = ConsentMethod

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="consent_records"
    )
    consent_form = models.ForeignKey(
        ConsentDocument, on_delete=models.PROTECT, related_name="consent_records"
    )
    information_sheet = models.ForeignKey(
        ConsentDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(max_length=10, choices=ConsentMethod.choices)
    signed_name = models.CharField(max_length=200)
    witness = models.CharField(max_length=200, blank=True)
    given_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot_html = models.TextField()
    snapshot_sha256 = models.CharField(max_length=64)
    scan = models.FileField(upload_to=consent_scan_path, blank=True)

    class Meta:
        ordering = ["participant_id", "-given_at", "-pk"]

    def __str__(self) -> str:
        return f"Consent of {self.participant} to {self.consent_form}"


class ConsentAnswer(models.Model):
    record = models.ForeignKey(ConsentRecord, on_delete=models.CASCADE, related_name="answers")
    clause = models.ForeignKey(ConsentClause, on_delete=models.PROTECT, related_name="+")
    agreed = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record", "clause"], name="consent_answer_one_per_clause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clause}: {'yes' if self.agreed else 'no'}"


class ParticipantLink(models.Model):
    """A participant's personal link. Only the SHA-256 of its token is stored; the token
    itself is shown once, when the link is made."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["participant_id", "-created_at"]

    def __str__(self) -> str:
        return f"Link of {self.participant}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class WithdrawalVia(models.TextChoices):
    LINK = "link", "By the participant, through their link"
    TEAM = "team", "Recorded by the research team"


class Withdrawal(models.Model):
    """A participant's withdrawal and what they chose to happen to their data. It stays,
    with the consent records and the audit trail, when the data goes."""

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="withdrawal"
    )
    choice = models.CharField(max_length=20, choices=WithdrawalChoice.choices)
    via = models.CharField(max_length=10, choices=WithdrawalVia.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True)
    erased = models.JSONField(default=dict, blank=True, help_text="Rows removed, by kind.")
    dyad_note = models.TextField(
        blank=True, help_text="What happens to the dyad, recorded by the lead."
    )

    def __str__(self) -> str:
        return f"Withdrawal of {self.participant}"


class DeferredTask(models.Model):
    """A background task the broker refused (Redis down) when it was queued. It waits
    here, so that the request that queued it still succeeds and the task is not lost,
    until `studies.send_deferred_tasks` queues it again. Tasks take ids, so their
    arguments are plain JSON."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0, help_text="Refused re-sends so far.")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
