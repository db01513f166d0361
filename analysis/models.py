"""Matrix queries and their results, dyad comparisons and exports (REFI-QDA, quotes,
tables), built by Celery tasks. Depends on coding, interviews and studies."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from studies.models import Study

NAME_MAX_CHARS = 120


class Columns(models.TextChoices):
    """What a matrix's columns are. An information-form question is `attribute` with
    the question named in `MatrixQuery.attribute`."""

    ROLE = "role", "Role"
    SITE = "site", "Site"
    DYAD = "dyad", "Dyad"
    VIGNETTE = "vignette", "Vignette"
    MODE = "mode", "Interview mode"
    CODER = "coder", "Coder"
    CASE = "case", "Participant (each one a column; swap for cases in rows)"
    ATTRIBUTE = "attribute", "Information-form question"


class Measure(models.TextChoices):
    """What a cell shows. Every measure comes from the same stored counts, so switching
    needs no rebuild."""

    SEGMENTS = "segments", "Coded segments"
    PARTICIPANTS = "participants", "Participants coded"
    WORDS = "words", "Words coded"
    COLUMN_SHARE = "column_share", "% of the column's participants coded"
    ROW_PERCENT = "row_percent", "Row % of segments"
    COLUMN_PERCENT = "column_percent", "Column % of segments"
    PRESENCE = "presence", "Presence"


class QueryKind(models.TextChoices):
    MATRIX = "matrix", "Matrix: nodes by role, site, dyad, vignette, mode, coder or answer"
    DYADS = "dyads", "Dyad comparison: each dyad's worker and service user, node by node"
    COOCCURRENCE = "cooccurrence", "Co-occurrence: nodes by nodes"


class Scope(models.TextChoices):
    """Where two nodes count as occurring together, for a co-occurrence query."""

    OVERLAP = "overlap", "Overlapping text"
    TURN = "turn", "The same speaker turn"
    ANSWER = "answer", "The same answer to a vignette"
    INTERVIEW = "interview", "The same interview"
    DYAD = "dyad", "The same dyad"


class MatrixQuery(models.Model):
    """A saved question: chosen codebook nodes (each with or without everything below
    it) in rows, against one kind of column (a matrix), against each dyad's two
    accounts (a dyad comparison), or against each other (co-occurrence), counted with
    filters."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="matrix_queries")
    name = models.CharField(max_length=NAME_MAX_CHARS)
    kind = models.CharField(max_length=12, choices=QueryKind.choices, default=QueryKind.MATRIX)
    scope = models.CharField(
        max_length=10, choices=Scope.choices, default=Scope.OVERLAP,
        help_text="For co-occurrence: where two nodes count as together.",
    )  # fmt: skip
    # [{"node": id, "below": bool}, ...] in the order the rows are shown.
    rows = models.JSONField(default=list)
    columns = models.CharField(max_length=10, choices=Columns.choices, default=Columns.ROLE)
    attribute = models.ForeignKey(
        "studies.AttributeDefinition", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text="The question whose answers are the columns.",
    )  # fmt: skip
    # For a number question: [{"label": str, "min": number|None, "max": number|None}],
    # each band [min, max), in order, neither overlapping nor leaving gaps.
    bands = models.JSONField(default=list, blank=True)
    measure = models.CharField(max_length=15, choices=Measure.choices, default=Measure.SEGMENTS)
    # {"sites": [ids], "roles": [ids], "modes": [..], "coders": [ids],
    #  "coded_from": "YYYY-MM-DD", "coded_to": "YYYY-MM-DD"}; absent keys filter nothing.
    filters = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["study_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "name"],
                name="matrix_query_name_unique_per_study",
                violation_error_message="The study already has a matrix query of this name.",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(columns__in=Columns.values), name="matrix_query_columns_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResultStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    BUILDING = "building", "Counting"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class MatrixResult(models.Model):
    """The counts of a query as the study stood when they were made (`fingerprint`).
    One per query: a build writes its counts, status and fingerprint in one UPDATE, so
    a reader sees the old result or the new one, never half of one."""

    query = models.OneToOneField(MatrixQuery, on_delete=models.CASCADE, related_name="result")
    status = models.CharField(
        max_length=10, choices=ResultStatus.choices, default=ResultStatus.QUEUED
    )
    # What the counts were asked for (set when a build is claimed) and what the stored
    # counts are of (set with them): equal and DONE means the result is current.
    wanted = models.CharField(max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    build_ms = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Result of {self.query_id} ({self.status})"


# --- Framework matrices -------------------------------------------------------------------

SUMMARY_MAX_CHARS = 10_000


class CaseType(models.TextChoices):
    """What a framework's rows are."""

    PARTICIPANTS = "participants", "Participants"
    DYADS = "dyads", "Dyads (each worker with their service user)"


class Framework(models.Model):
    """A framework matrix (the Framework method): cases in rows, chosen themes in
    columns, and in each cell a summary the team writes from the cell's segments."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="frameworks")
    name = models.CharField(max_length=NAME_MAX_CHARS)
    cases = models.CharField(max_length=12, choices=CaseType.choices, default=CaseType.PARTICIPANTS)
    # [{"node": id, "below": bool}, ...] in the order the columns are shown, as a
    # matrix query's rows.
    themes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["study_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "name"],
                name="framework_name_unique_per_study",
                violation_error_message="The study already has a framework of this name.",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(cases__in=CaseType.values), name="framework_cases_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkSummary(models.Model):
    """The current summary of one cell: a case (a participant, or a dyad) under one
    theme. Every saved text is also a FrameworkSummaryVersion; `version` is checked on
    save, so a stale edit is refused, never written over another's.

    A dyad's row is keyed by its worker (`participant`, one dyad each) and names its
    service user as `partner` too: a summary of a dyad draws on both accounts, so the
    erasure registry finds it from either person's withdrawal."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="summaries")
    # A theme deleted from the codebook takes its summaries with it (the column is gone).
    node = models.ForeignKey("coding.Node", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "studies.Participant", on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "studies.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    dyad = models.ForeignKey(
        "studies.Dyad", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "node", "participant"],
                name="framework_summary_one_per_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"Summary {self.pk} (version {self.version})"


class FrameworkSummaryVersion(models.Model):
    """One saved text of a summary, with who saved it and when; never changed."""

    summary = models.ForeignKey(FrameworkSummary, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["summary_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "version"], name="framework_summary_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.version} of summary {self.summary_id}"


# --- Exchange and write-up: exports and imports run as jobs ---------------------------------


class JobKind(models.TextChoices):
    PROJECT = "qdpx", "REFI-QDA project (.qdpx)"
    CODEBOOK = "qdc", "REFI-QDA codebook (.qdc)"
    QUOTES = "quotes", "Quotes report (.docx)"
    THEMES_DOCX = "themes_docx", "Thematic development table (.docx)"
    THEMES_XLSX = "themes_xlsx", "Thematic development table (.xlsx)"
    PACK = "pack", "Analysis pack (.zip)"
    IMPORT = "import", "Import of a REFI-QDA project or codebook"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    PREVIEW = "preview", "Read: check what will be created, then import"
    DONE = "done", "Done"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"


def job_file_path(job: "ExchangeJob", filename: str) -> str:
    """A random name: a file's own name may carry a participant's."""
    return f"exchange/{job.pk or 'new'}/{uuid.uuid4().hex}"


class ExchangeJob(models.Model):
    """One export or import, run by a Celery task with its progress shown.

    An export's file is kept for a day (`FILE_KEPT_FOR`), and is deleted at once when a
    participant of the study withdraws, since it may hold their data. An import is
    read first (`PREVIEW`, with what it will create, match and discard in `report`), then
    loaded in one transaction when the researcher confirms (`options` holds the choices).
    An import into a new study has no `study` until it is loaded."""

    study = models.ForeignKey(
        Study, null=True, blank=True, on_delete=models.CASCADE, related_name="exchange_jobs"
    )
    kind = models.CharField(max_length=12, choices=JobKind.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    options = models.JSONField(default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, of the current step
    step = models.CharField(max_length=120, blank=True)  # what the task is doing, for the page
    upload = models.FileField(upload_to=job_file_path, max_length=200, blank=True)
    output = models.FileField(upload_to=job_file_path, max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)  # the name the download gets
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)  # why it was refused, for the researcher
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="exchange_job_kind"),
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="exchange_job_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED)


class ExchangeGuid(models.Model):
    """The REFI-QDA GUID of one object where it is not derived: an object imported from
    another tool keeps the GUID it came with, so exporting it again keeps its identity.
    Every other object's GUID is derived from the study's own (kind "project") and the
    object's kind and id, so it is the same in every export without being stored."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # project, node, source, selection, case, ...
    object_id = models.BigIntegerField()
    guid = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["study", "kind", "object_id"], name="exchange_guid_one_per_object"
            ),
            models.UniqueConstraint(fields=["study", "guid"], name="exchange_guid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.guid}"
