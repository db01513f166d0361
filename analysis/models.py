"""Matrix queries and their results, dyad comparisons and exports (REFI-QDA, quotes,
tables), built by Celery tasks. Depends on coding, interviews and studies."""

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
