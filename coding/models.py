"""The codebook tree (code, category, theme, explanatory theme, sub-theme), coded
segments as code-point ranges of frozen transcripts, and memos. Depends on interviews
and studies only."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Length, Lower, Replace, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interviews.models import Transcript, TranscriptVersion
from studies.models import Study

NAME_MAX_CHARS = 200


class NodeKind(models.TextChoices):
    CODE = "code", _("Code")
    CATEGORY = "category", _("Category")
    DESCRIPTIVE_THEME = "descriptive_theme", _("Descriptive theme")
    EXPLANATORY_THEME = "explanatory_theme", _("Explanatory theme")
    SUB_THEME = "sub_theme", _("Sub-theme")


class Node(models.Model):
    """One node of a study's codebook tree. Any kind may hold coded segments.

    `version` moves on with every change a person makes to the node; a change made to
    an older version is refused, so two people editing one node never overwrite each
    other silently."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="coding_nodes")
    # RESTRICT: a node with children is only removed by the services, which decide
    # where the children go; deleting the study takes the whole tree at once.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=NodeKind.choices, default=NodeKind.CODE)
    name = models.CharField(max_length=NAME_MAX_CHARS)
    definition = models.TextField(blank=True)
    when_to_use = models.TextField(blank=True)
    when_not_to_use = models.TextField(blank=True)
    example = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#4e79a7", help_text="#rrggbb")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["study_id", "parent_id", "position", "pk"]
        constraints = [
            # The same name may appear under different parents, never twice under one.
            models.UniqueConstraint(
                Lower("name"),
                "parent",
                condition=Q(parent__isnull=False),
                name="coding_node_name_unique_among_siblings",
            ),  # fmt: skip
            models.UniqueConstraint(
                Lower("name"),
                "study",
                condition=Q(parent__isnull=True),
                name="coding_node_name_unique_at_top",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(kind__in=NodeKind.values), name="coding_node_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def _word_count(text):
    """Separators plus one, in SQL both databases run: a turn break ("\n\n") and a line
    break count as one space, and spaces at either end of a selection do not count."""
    words = Trim(Replace(Replace(text, Value("\n\n"), Value(" ")), Value("\n"), Value(" ")))
    return Length(words) - Length(Replace(words, Value(" "), Value(""))) + 1


class CodedSegment(models.Model):
    """A node applied to a range of a transcript's text: `[start, end)` in Unicode code
    points of the version numbered `version` (the one it was made on, or last carried
    to: every new version carries every segment). `text` is what the range covered
    there, so a quote reads the same even before the segment is looked at again."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="segments")
    version = models.PositiveIntegerField()
    # RESTRICT: deleting a node that holds segments is a choice the services make.
    node = models.ForeignKey(Node, on_delete=models.RESTRICT, related_name="segments")
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coded_segments"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    # Words coded, for the matrices' "words" measure: runs of text between spaces and
    # line breaks. Kept by the database from the text, so no write path can forget it,
    # and summed by a matrix without reading the text again.
    words = models.GeneratedField(
        expression=_word_count(models.F("text")),
        output_field=models.PositiveIntegerField(),
        db_persist=True,
    )
    needs_review = models.BooleanField(
        default=False, help_text="Its words changed in a new version: it moved to the best match."
    )
    # What the reviewer compares with: the words the segment covered before the carry
    # that flagged it (the words its coder chose), and that new version's number. Blank
    # and null while it is not flagged; a second change before anyone looked keeps the
    # first words, as those are what was coded.
    review_before = models.TextField(blank=True)
    review_version = models.PositiveIntegerField(null=True, blank=True)
    # The study's coding revision when this row last changed, for "what changed since".
    revision = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transcript_id", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=models.F("start")),
                name="coding_segment_range_not_empty",
            ),
            # Collapsing exact duplicates (on merge, on a double click) relies on this.
            models.UniqueConstraint(
                fields=["transcript", "node", "coder", "start", "end"],
                name="coding_segment_once_per_coder",
            ),
        ]
        indexes = [
            models.Index(fields=["transcript", "start"], name="coding_segment_by_place"),
            models.Index(fields=["transcript", "revision"], name="coding_segment_by_revision"),
            models.Index(fields=["node", "transcript"], name="coding_segment_by_node"),
            # The review list: a few flagged segments among a study's million.
            models.Index(
                fields=["transcript"],
                condition=Q(needs_review=True),
                name="coding_segment_to_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node_id} on {self.transcript_id} [{self.start}, {self.end})"


class CarryOver(models.Model):
    """What one new version of a transcript did to its coded segments, for the review
    list: how many kept their words at the same offsets, how many kept their words at
    new offsets, and how many had their words changed, so moved to the best match and
    were flagged for a person to look at. Written by `services.segments_carry`."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(TranscriptVersion, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    kept = models.PositiveIntegerField(default=0, help_text="Same words, same offsets.")
    shifted = models.PositiveIntegerField(default=0, help_text="Same words, new offsets.")
    flagged = models.PositiveIntegerField(default=0, help_text="Words changed: flagged.")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["transcript", "-at"], name="coding_carry_by_transcript")]

    def __str__(self) -> str:
        return f"Carry-over to version {self.version_id} of transcript {self.transcript_id}"

    @property
    def carried(self) -> int:
        return self.kept + self.shifted + self.flagged


class RemovedSegment(models.Model):
    """A deleted segment's id and the revision that removed it, so a client that asks
    what changed since a revision learns about removals too."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="+")
    segment_id = models.BigIntegerField()
    revision = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["transcript", "revision"], name="coding_removed_by_revision")
        ]

    def __str__(self) -> str:
        return f"Segment {self.segment_id} removed at revision {self.revision}"


class MemoKind(models.TextChoices):
    THEORETICAL = "theoretical", _("Theoretical")
    METHODOLOGICAL = "methodological", _("Methodological")
    ANALYTIC = "analytic", _("Analytic")
    REFLEXIVE = "reflexive", _("Reflexive")


class Memo(models.Model):
    """A team member's note on the study, or on one node, transcript or segment."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memos")
    # A memo outlives the node it was about (it becomes the study's): it is the
    # analyst's thinking, which the trail needs after a code is gone.
    node = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="memos"
    )
    transcript = models.ForeignKey(
        Transcript, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    # The services keep a memo on its transcript when its segment goes.
    segment = models.ForeignKey(
        CodedSegment, null=True, blank=True, on_delete=models.SET_NULL, related_name="memos"
    )
    kind = models.CharField(max_length=20, choices=MemoKind.choices, default=MemoKind.ANALYTIC)
    title = models.CharField(max_length=NAME_MAX_CHARS)
    text = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    revision = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["study_id", "-updated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MemoKind.values), name="coding_memo_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CodebookEventKind(models.TextChoices):
    CREATE = "create", _("Created")
    RENAME = "rename", _("Renamed")
    DEFINE = "define", _("Defined")
    RETYPE = "retype", _("Kind changed")
    MOVE = "move", _("Moved")
    REORDER = "reorder", _("Reordered")
    RECOLOUR = "recolour", _("Recoloured")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")
    DELETE = "delete", _("Deleted")


class CodebookEvent(models.Model):
    """One change to the codebook, for the analytic trail: who, when, what and why.
    `detail` holds the values before and after (names too, so the trail still reads
    once a node is gone); `nodes` links the nodes that still exist."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codebook_events")
    kind = models.CharField(max_length=10, choices=CodebookEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(default=timezone.now)
    why = models.TextField(blank=True)
    nodes = models.ManyToManyField(Node, blank=True, related_name="events")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["study_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class CodingState(models.Model):
    """The study's coding revision: moved on by every change to its segments, nodes and
    memos, so live views ask "what changed since N" and a result's fingerprint holds it.
    Kept here, one row per study, because studies must not know about coding."""

    study = models.OneToOneField(
        Study, on_delete=models.CASCADE, primary_key=True, related_name="coding_state"
    )
    revision = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Coding of {self.study_id} at revision {self.revision}"


class TranscriptCoding(models.Model):
    """How a transcript is coded, when that is not the default (together: everyone sees
    every segment as it is made). Under independent coding each coder sees only their
    own segments until a lead reveals them, so a later agreement report compares
    judgements nobody copied. Kept here because interviews must not know about coding;
    no row means coding together."""

    transcript = models.OneToOneField(
        Transcript, on_delete=models.CASCADE, primary_key=True, related_name="coding"
    )
    independent = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Coding of transcript {self.transcript_id}"


class CodingActionKind(models.TextChoices):
    CREATE = "create", _("Coded")
    UPDATE = "update", _("Recoded")
    DELETE = "delete", _("Removed")


class CodingAction(models.Model):
    """One coder's change to a segment of a transcript, for undo. `before` holds what
    the segment was (for a change or a removal), `revision` the segment's revision
    right after the change: if it moved on since, someone (or a new version) changed
    the segment and undoing would overwrite that, so it is refused."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="+")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=6, choices=CodingActionKind.choices)
    segment_id = models.BigIntegerField()
    revision = models.BigIntegerField()
    before = models.JSONField(default=dict, blank=True)
    undone = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transcript_id", "coder_id", "-pk"]
        indexes = [
            models.Index(fields=["transcript", "coder", "undone", "-id"], name="coding_action_last")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} segment {self.segment_id}"
