"""Vignettes (versioned) and their questions, interview sessions online or in person,
their responses, and the transcripts and speaker turns coding works on. Depends on
studies only."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from studies.models import Participant, Role, Study

# The longest answer a participant can give to one question. A long interview answer
# runs to a few thousand characters; this leaves room without letting one field
# swallow megabytes.
ANSWER_MAX_CHARS = 10_000


class OrderPolicy(models.TextChoices):
    FIXED = "fixed", _("Fixed: the vignettes' own order")
    RANDOM = "random", _("Random for each session")
    COUNTERBALANCED = "counterbalanced", _("Counterbalanced (balanced Latin square per role)")


class InterviewSettings(models.Model):
    """How a study runs its sessions: vignette order, links, support for participants."""

    study = models.OneToOneField(Study, on_delete=models.CASCADE, related_name="interview_settings")
    order_policy = models.CharField(
        max_length=20, choices=OrderPolicy.choices, default=OrderPolicy.COUNTERBALANCED
    )
    dyad_same_order = models.BooleanField(
        _("both members of a dyad see the same order"), default=False,
        help_text=_("The second member of a dyad is given the order the first one saw."),
    )  # fmt: skip
    online_nomination = models.BooleanField(
        _("workers may nominate their service user online"), default=False
    )
    alert_email = models.EmailField(
        _("alert address"), blank=True,
        help_text=_("Also told when a participant stops; the session's creator always is."),
    )  # fmt: skip
    # How many "[Person n]" pseudonyms redaction has given in the study. It never goes
    # down, so a number stays with one person even after the log that explains it is
    # erased with a withdrawal.
    pseudonyms_given = models.PositiveIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return f"Interview settings of {self.study}"


class ValidationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FOCUS_GROUP = "focus_group", _("Reviewed by focus group")
    VALIDATED = "validated", _("Validated")


class Vignette(models.Model):
    """A story shown to participants. Its words live in versions: once a session has
    shown a version, editing makes a new one, so every session keeps what it showed."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="vignettes")
    position = models.PositiveIntegerField(default=0)
    validation_status = models.CharField(
        max_length=20, choices=ValidationStatus.choices, default=ValidationStatus.DRAFT
    )
    validation_notes = models.TextField(blank=True)
    archived = models.BooleanField(
        default=False, help_text=_("Archived vignettes are not shown in new sessions.")
    )
    current = models.ForeignKey(
        "VignetteVersion", null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["study_id", "position", "pk"]

    def __str__(self) -> str:
        return self.current.title if self.current_id else f"Vignette {self.pk}"


class VignetteVersion(models.Model):
    """The words of a vignette as shown; never changed once a session has used it."""

    vignette = models.ForeignKey(Vignette, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(help_text=_("Markdown: blank lines separate paragraphs."))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["vignette_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["vignette", "number"], name="vignette_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    CHOICE = "choice", _("Single choice")
    SCALE = "scale", _("Scale")


class QuestionStage(models.TextChoices):
    VIGNETTE = "vignette", _("After a vignette")
    CLOSING = "closing", _("Closing, at the end")


class Question(models.Model):
    """Asked after one vignette, after every vignette (no vignette set), or at the end."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="questions")
    stage = models.CharField(
        max_length=10, choices=QuestionStage.choices, default=QuestionStage.VIGNETTE
    )
    vignette = models.ForeignKey(
        Vignette, null=True, blank=True, on_delete=models.CASCADE, related_name="questions",
        help_text=_("Leave empty to ask after every vignette."),
    )  # fmt: skip
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("Ask only participants of this role; empty asks everyone."),
    )  # fmt: skip
    prompt = models.CharField(max_length=500)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.JSONField(default=list, blank=True)
    scale_min = models.IntegerField(default=1)
    scale_max = models.IntegerField(default=5)
    scale_min_label = models.CharField(max_length=60, blank=True)
    scale_max_label = models.CharField(max_length=60, blank=True)
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["study_id", "stage", "vignette_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage=QuestionStage.CLOSING) | Q(vignette__isnull=True),
                name="closing_question_has_no_vignette",
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")), name="question_scale_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.prompt

    def asks(self, role_id: int) -> bool:
        return self.role_id is None or self.role_id == role_id


class SessionMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


class SessionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PAUSED = "paused", _("Paused by the participant")
    COMPLETED = "completed", _("Completed")
    ABANDONED = "abandoned", _("Abandoned")


# Sessions that can still take answers; a participant has at most one.
OPEN_STATUSES = (SessionStatus.NOT_STARTED, SessionStatus.IN_PROGRESS, SessionStatus.PAUSED)


class InterviewSession(models.Model):
    """One participant going through the vignettes, online or with a researcher. The
    vignette order and the exact versions are fixed when the session is created."""

    Mode = SessionMode
    Status = SessionStatus

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sessions")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sessions")
    mode = models.CharField(max_length=10, choices=SessionMode.choices)
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.NOT_STARTED
    )
    order_policy = models.CharField(max_length=20, choices=OrderPolicy.choices)
    # Pages the participant has moved past with "Next": where a reopened link resumes.
    pages_done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["study_id", "-created_at", "-pk"]
        constraints = [
            # One open session per participant: two tabs or two researchers cannot
            # split a participant's answers between sessions.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=[str(status) for status in OPEN_STATUSES]),
                name="one_open_session_per_participant",
                violation_error_message="This participant already has an open session.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="session_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_mode_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PauseOutcome(models.TextChoices):
    """What the team's check-in after a pause found."""

    WELL = "well", _("Reached: they are all right")
    SUPPORTED = "supported", _("Reached: support arranged")
    NOT_REACHED = "not_reached", _("Not reached yet")
    DECLINED = "declined", _("Reached: they did not want to talk")


class SessionPause(models.Model):
    """One press of "I need to stop": when, on which page and story, and the team's
    check-in afterwards. A pause whose check-in is missing (or did not reach the
    participant) stays flagged on the sessions list, so nobody is missed."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="pauses")
    paused_at = models.DateTimeField(default=timezone.now)
    page_number = models.PositiveSmallIntegerField()
    vignette = models.ForeignKey(
        "Vignette", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vignette_title = models.CharField(max_length=200, blank=True)  # as the participant saw it
    resumed_at = models.DateTimeField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    outcome = models.CharField(max_length=20, choices=PauseOutcome.choices, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session_id", "paused_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=PauseOutcome.values),
                name="pause_outcome_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} paused {self.paused_at:%Y-%m-%d %H:%M}"

    @property
    def needs_check_in(self) -> bool:
        return self.outcome in ("", PauseOutcome.NOT_REACHED)


class SessionVignette(models.Model):
    """The vignette shown at one position of a session, as the exact version shown."""

    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="vignettes"
    )
    position = models.PositiveIntegerField()
    # RESTRICT: a vignette a session showed cannot be deleted, except with its study.
    vignette = models.ForeignKey(Vignette, on_delete=models.RESTRICT, related_name="+")
    version = models.ForeignKey(VignetteVersion, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        ordering = ["session_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="session_position_once"),
            models.UniqueConstraint(fields=["session", "vignette"], name="session_vignette_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.position + 1}. {self.version}"


class Response(models.Model):
    """A participant's answer to one question (after one vignette, or at the end), or in
    an in-person session the researcher's notes. One row per pair, upserted by autosave:
    the last write wins and nothing is stored twice."""

    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="responses"
    )
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="responses")
    vignette = models.ForeignKey(
        Vignette, null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Saves are ordered by the server, never by a device's clock. `revision` counts the
    # writes of this answer; a page (or tab) sends the revision it last saw, so a save
    # made on a stale copy is told of the newer text instead of overwriting it.
    # `writer` is the page view that wrote last and `writer_seq` its own counter, so that
    # a late request from that same page cannot put its older text back.
    revision = models.PositiveIntegerField(default=1, editable=False)
    writer = models.CharField(max_length=24, blank=True, editable=False)
    writer_seq = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Empty when the participant typed it."),
    )  # fmt: skip

    class Meta:
        ordering = ["session_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "question", "vignette"],
                condition=Q(vignette__isnull=False),
                name="response_once_per_vignette_question",
            ),
            models.UniqueConstraint(
                fields=["session", "question"],
                condition=Q(vignette__isnull=True),
                name="response_once_per_closing_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.question}"


class TranscriptSource(models.TextChoices):
    ONLINE = "online", _("Generated from an online session")
    TEXT = "txt", _("Plain text")
    DOCX = "docx", _("Word document")
    VTT = "vtt", _("WebVTT subtitles")
    SRT = "srt", _("SRT subtitles")
    OTR = "otr", _("oTranscribe")
    # A tool's export, told apart from plain text or Word by how it lays out its speakers.
    OTTER_TXT = "otter_txt", _("Otter text export")
    OTTER_DOCX = "otter_docx", _("Otter Word export")
    REV_TXT = "rev_txt", _("Rev text export")
    REV_DOCX = "rev_docx", _("Rev Word export")
    WHISPER = "whisper", _("Whisper or WhisperX JSON")


class TranscriptStatus(models.TextChoices):
    DRAFT = "draft", _("Being checked")
    READY = "ready", _("Ready for coding")


class Transcript(models.Model):
    """The text that gets coded, with its speaker turns. Offsets everywhere are Unicode
    code points (Python string indices) into `text`.

    `text` and the turns are those of the latest version; every version keeps its own
    full text and turns (TranscriptVersion), so a later change can be mapped back."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="transcripts")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="transcripts"
    )
    session = models.OneToOneField(
        InterviewSession, null=True, blank=True, on_delete=models.CASCADE,
        related_name="transcript",
    )  # fmt: skip
    source = models.CharField(max_length=10, choices=TranscriptSource.choices)
    text = models.TextField()
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=10, choices=TranscriptStatus.choices, default=TranscriptStatus.DRAFT
    )
    ready_version = models.PositiveIntegerField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["study_id", "participant_id", "pk"]

    def __str__(self) -> str:
        return f"Transcript of {self.participant}"

    @property
    def word_count(self) -> int:
        """Words spoken: the turns' words, without the speaker labels."""
        return sum(len(self.text[turn.start : turn.end].split()) for turn in self.turns.all())

    @property
    def frozen(self) -> bool:
        return self.status == TranscriptStatus.READY


class VersionKind(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    GENERATED = "generated", _("Generated from the online session")
    CORRECTED = "corrected", _("Corrected")
    REDACTED = "redacted", _("Redacted")
    VIGNETTES = "vignettes", _("Vignettes marked")


class TranscriptVersion(models.Model):
    """One saved state of a transcript: its full text and turns, who made it and why.
    Keeping every version whole makes a diff, or mapping coded offsets from one version
    to the next, a comparison of two texts."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=VersionKind.choices)
    note = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    # [[speaker, start, end, started_at_ms, vignette_id], ...] in order
    turns = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transcript_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "number"], name="transcript_version_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of transcript {self.transcript_id}"

    @property
    def word_count(self) -> int:
        """Words spoken: the turns' words, without the speaker labels."""
        return sum(len(self.text[start:end].split()) for _, start, end, _, _ in self.turns)


class ImportStatus(models.TextChoices):
    PARSING = "parsing", _("Being read")
    PARSED = "parsed", _("Read: map the speakers")
    REFUSED = "refused", _("Could not be imported")


def transcript_import_path(upload: "TranscriptImport", filename: str) -> str:
    """A random name: the uploaded file's own name may carry the participant's."""
    return f"transcript-imports/{upload.study_id}/{uuid.uuid4().hex}"


class TranscriptImport(models.Model):
    """An uploaded transcript, read in the background and then waiting for its speakers
    to be mapped. The file is stored only until it has been read (or refused), then
    only the parsed turns (or the refusal) are kept; saved imports are deleted, and
    unsaved ones after a day."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        InterviewSession, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PARSING
    )
    file = models.FileField(upload_to=transcript_import_path, max_length=200, blank=True)
    extension = models.CharField(max_length=10, blank=True)  # the format's hint, not the name
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a task began reading it
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the file read
    error = models.TextField(blank=True)  # why it was refused, for the researcher
    source = models.CharField(max_length=10, choices=TranscriptSource.choices, blank=True)
    turns = models.JSONField(default=list)  # [[speaker, text, started_at_ms], ...]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["study_id", "pk"]

    def __str__(self) -> str:
        return f"Import for {self.participant}"

    @property
    def speakers(self) -> list[str]:
        return list(dict.fromkeys(turn[0] for turn in self.turns))


def recording_path(recording: "Recording", filename: str) -> str:
    """A random name: the uploaded file's own name may carry the participant's."""
    return f"recordings/{recording.study_id}/{uuid.uuid4().hex}.{recording.extension}"


class Recording(models.Model):
    """An interview's audio, stored through Django's storage API and served only through
    a view that checks access."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="recordings")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="recordings"
    )
    session = models.OneToOneField(
        InterviewSession, null=True, blank=True, on_delete=models.CASCADE,
        related_name="recording",
    )  # fmt: skip
    file = models.FileField(upload_to=recording_path, max_length=200)
    mime = models.CharField(max_length=40)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["study_id", "participant_id", "pk"]

    def __str__(self) -> str:
        return f"Recording of {self.participant}"


class RedactionLabel(models.TextChoices):
    NAME = "name", _("[name]")
    PLACE = "place", _("[place]")
    DATE = "date", _("[date]")
    OTHER = "other", _("[identifying detail]")
    PSEUDONYM = "pseudonym", _("A pseudonym for this person, the same across the study")


class Redaction(models.Model):
    """The redaction log: what was taken out of a transcript, where, by whom. Kept apart
    from the research data: only the lead and consent admins see it, no export carries
    it, and a participant's withdrawal erases it whatever they chose for their data."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="redactions")
    version = models.PositiveIntegerField()  # the version the redaction made
    original = models.CharField(max_length=200)
    replacement = models.CharField(max_length=60)
    label = models.CharField(max_length=10, choices=RedactionLabel.choices)
    start = models.PositiveIntegerField()  # where the replacement starts in that version
    context = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transcript_id", "version", "start"]

    def __str__(self) -> str:
        return f"{self.replacement} in transcript {self.transcript_id}"


class SpeakerTurn(models.Model):
    """One speaker's stretch of a transcript: `text[start:end]`. Turns generated from a
    session also name the vignette they belong to, so the reading view can mark where
    each vignette begins."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="turns")
    position = models.PositiveIntegerField()
    speaker = models.CharField(max_length=60)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    started_at_ms = models.PositiveIntegerField(null=True, blank=True)
    vignette = models.ForeignKey(
        Vignette, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["transcript_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "position"], name="turn_position_once"),
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="turn_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} [{self.start}, {self.end})"
