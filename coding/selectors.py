"""Reads of the codebook, segments and memos, scoped to a study the caller may see.

Descendants come from a recursive CTE rather than a closure table kept by the services:
a study's codebook holds hundreds of nodes, not millions, so walking it in one indexed
query is cheap, and moves, merges and deletions then have no second structure to keep
right. The SQL is the same on SQLite and PostgreSQL."""

from collections import Counter
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Q, QuerySet

from interviews.models import Transcript
from studies.access import Action, StudyAccess
from studies.models import Study, User

from .models import (
    CarryOver,
    CodedSegment,
    CodingAction,
    CodingState,
    Memo,
    Node,
    RemovedSegment,
    TranscriptCoding,
)

_DESCENDANTS_SQL = """
WITH RECURSIVE tree(id) AS (
    SELECT id FROM coding_node WHERE parent_id = %s
    UNION ALL
    SELECT child.id FROM coding_node AS child JOIN tree ON child.parent_id = tree.id
)
SELECT id FROM tree
"""


def node_descendant_ids(*, node: Node) -> set[int]:
    """The ids of every node below `node` (not itself), at any depth."""
    with connection.cursor() as cursor:
        cursor.execute(_DESCENDANTS_SQL, [node.pk])
        return {row[0] for row in cursor.fetchall()}


def node_list(*, study: Study, counts: bool = True) -> QuerySet[Node]:
    """The study's codebook in tree order (parent, position), with segment counts
    unless `counts` is off: counting reads every segment of the study, which the coding
    page and its poll, needing only names and colours, must not pay for."""
    nodes = Node.objects.filter(study=study).select_related("created_by")
    if counts:
        nodes = nodes.annotate(segment_count=Count("segments"))
    return nodes.order_by("parent_id", "position", "pk")


# Ten colours that stay apart from each other on screen, as bars in the margin and as
# swatches; a new node takes the one its codebook uses least.
NODE_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip


def least_used_colour(colours: Iterable[str]) -> str:
    """The palette's colour least used among `colours`, the earlier one on a tie, so
    codes made one after another while coding are told apart at a glance."""
    used = Counter(colours)
    return min(NODE_COLOURS, key=lambda colour: (used[colour], NODE_COLOURS.index(colour)))


def node_next_colour(*, study_id: int) -> str:
    """The colour a new node of the study gets unless one is chosen."""
    return least_used_colour(
        Node.objects.filter(study_id=study_id, colour__in=NODE_COLOURS).values_list(
            "colour", flat=True
        )
    )


def node_tree(nodes: list[Node]) -> list[dict]:
    """Nodes as nested {"node": node, "children": [...]}, top-level first, siblings in
    order; built from one flat list, so the tree costs no query per level."""
    children: dict[int | None, list[Node]] = {}
    for node in sorted(nodes, key=lambda n: (n.position, n.pk)):
        children.setdefault(node.parent_id, []).append(node)

    def branch(parent_id: int | None) -> list[dict]:
        return [{"node": n, "children": branch(n.pk)} for n in children.get(parent_id, [])]

    return branch(None)


def node_deletion_impact(*, node: Node) -> dict[str, int]:
    """What deleting `node` touches, for the page to show before asking: its own
    segments, the memos about it and its direct children."""
    return {
        "segments": node.segments.count(),
        "memos": node.memos.count(),
        "children": node.children.count(),
    }


def coding_revision(*, study_id: int) -> int:
    """The study's coding revision (0 before anything was coded). Plain SQL: every
    open coding page polls this every two seconds, and compiling the ORM's query took
    longer than running it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT revision FROM {CodingState._meta.db_table} WHERE study_id = %s",  # noqa: S608
            [study_id],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def coding_independent(*, transcript: Transcript) -> bool:
    """Whether the transcript is being coded independently (each coder blind to the
    others' segments until a lead reveals them)."""
    return TranscriptCoding.objects.filter(transcript=transcript, independent=True).exists()


def _sees_everyone(access: StudyAccess) -> bool:
    return access.can(Action.MANAGE_CODING)


def segments_visible(*, user: User, access: StudyAccess) -> QuerySet[CodedSegment]:
    """The study's segments this member may see: every one, except, on a transcript
    being coded independently, other coders' (a lead sees those too). Every page and
    endpoint that lists segments across transcripts (a node's, a comparison, a search)
    starts here, so the blind holds everywhere."""
    segments = CodedSegment.objects.filter(transcript__study=access.study)
    if _sees_everyone(access):
        return segments
    return segments.exclude(Q(transcript__coding__independent=True) & ~Q(coder=user))


def segment_list(
    *, transcript: Transcript, user: User, access: StudyAccess, since: int | None = None,
    independent: bool | None = None,
) -> QuerySet[CodedSegment]:  # fmt: skip
    """A transcript's segments this member may see (see `segments_visible`), in text
    order with their coder; with `since`, only those changed after that coding
    revision. The transcript's mode is read once (or given, by a caller that read it
    already) rather than joined, as this is the hot path of the coding page, its poll
    and the API."""
    segments = CodedSegment.objects.filter(transcript=transcript).select_related("coder")
    if independent is None and not _sees_everyone(access):
        independent = coding_independent(transcript=transcript)
    if independent and not _sees_everyone(access):
        segments = segments.filter(coder=user)
    if since is not None:
        segments = segments.filter(revision__gt=since)
    return segments.order_by("start", "end", "pk")


def segment_last_action(*, transcript: Transcript, coder: User) -> CodingAction | None:
    """The coder's latest change on this transcript that is not undone yet."""
    return (
        CodingAction.objects.filter(transcript=transcript, coder=coder, undone=False)
        .order_by("-pk")
        .first()
    )


def segment_removed_ids(*, transcript: Transcript, since: int) -> list[int]:
    """Ids of the transcript's segments deleted after coding revision `since`."""
    return list(
        RemovedSegment.objects.filter(transcript=transcript, revision__gt=since)
        .order_by("segment_id")
        .values_list("segment_id", flat=True)
    )


def memo_list(*, study: Study) -> QuerySet[Memo]:
    return Memo.objects.filter(study=study).select_related("author").order_by("-updated_at", "pk")


def memo_search(*, memos: QuerySet[Memo], words: str) -> QuerySet[Memo]:
    """Memos whose title or text holds every word given (case-insensitive); a plain
    search that runs the same on SQLite and PostgreSQL."""
    for word in words.split():
        memos = memos.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return memos


# --- Review after new versions -----------------------------------------------------------


def review_segments(
    *, user: User, access: StudyAccess, transcript_id: int | None = None
) -> QuerySet[CodedSegment]:
    """The segments a new version flagged that this member may see (through
    `segments_visible`, so independent coding's blind holds), transcript by transcript
    in text order, with their node and coder."""
    segments = segments_visible(user=user, access=access).filter(needs_review=True)
    if transcript_id is not None:
        segments = segments.filter(transcript_id=transcript_id)
    return segments.select_related("node", "coder").order_by("transcript_id", "start", "pk")


def carry_overs(*, study: Study, transcript_id: int | None = None) -> QuerySet[CarryOver]:
    """What each new version of the study's transcripts did to their segments, newest
    first, with the version's kind, author and note and the transcript's pseudonym.
    Counts only: they name no segment, so independent coding hides nothing here."""
    rows = CarryOver.objects.filter(transcript__study=study)
    if transcript_id is not None:
        rows = rows.filter(transcript_id=transcript_id)
    return (
        rows.select_related("transcript__participant", "version__created_by")
        .defer("transcript__text", "version__text", "version__turns")
        .order_by("-at", "-pk")
    )


def review_transcripts(*, study: Study) -> QuerySet[Transcript]:
    """The study's transcripts that had a carry-over or hold a flagged segment, by
    pseudonym: what the review list filters by."""
    carried = CarryOver.objects.values("transcript_id")
    flagged = CodedSegment.objects.filter(needs_review=True).values("transcript_id")
    return (
        Transcript.objects.filter(study=study)
        .filter(Q(pk__in=carried) | Q(pk__in=flagged))
        .select_related("participant")
        .only("pk", "participant__pseudonym")
        .order_by("participant__pseudonym", "pk")
    )
