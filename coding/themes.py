"""Counts rolled up the codebook tree: for every node, the segments coded with it or
anything below it, and the participants they come from, by participant role. The
codebook page and the thematic development table read them; the table also writes
them as CSV.

One aggregate query: a recursive CTE pairs every node with itself and each node
below it, the pairs join the segments and their transcripts' participants, and the
database counts per node and role. Python never walks the segments, whatever their
number; the same SQL runs on SQLite and PostgreSQL."""

from dataclasses import dataclass, field

from django.db import connection

from interviews.models import Transcript
from studies.models import Participant, Role, Study

from .models import CodedSegment, Node, NodeKind

_ROLLUP_SQL = """
WITH RECURSIVE below(ancestor, node) AS (
    SELECT id, id FROM {node} WHERE study_id = %s
    UNION ALL
    SELECT below.ancestor, child.id FROM {node} AS child JOIN below ON child.parent_id = below.node
)
SELECT below.ancestor, participant.role_id, COUNT(segment.id),
       COUNT(DISTINCT transcript.participant_id)
FROM below
JOIN {segment} AS segment ON segment.node_id = below.node
JOIN {transcript} AS transcript ON transcript.id = segment.transcript_id
JOIN {participant} AS participant ON participant.id = transcript.participant_id
GROUP BY below.ancestor, participant.role_id
"""


@dataclass
class Counts:
    """Segments and participants under one node, in all and by role id."""

    segments: int = 0
    participants: int = 0
    by_role: dict[int, tuple[int, int]] = field(default_factory=dict)

    def for_role(self, role_id: int) -> tuple[int, int]:
        return self.by_role.get(role_id, (0, 0))


def node_rollup(*, study: Study) -> dict[int, Counts]:
    """{node id: Counts} for every node of the study that holds segments, itself or
    below it. A participant has one role, so the participants of all roles add up."""
    sql = _ROLLUP_SQL.format(
        node=Node._meta.db_table, segment=CodedSegment._meta.db_table,
        transcript=Transcript._meta.db_table, participant=Participant._meta.db_table,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [study.pk])
        rows = cursor.fetchall()
    counts: dict[int, Counts] = {}
    for node_id, role_id, segments, participants in rows:
        total = counts.setdefault(node_id, Counts())
        total.segments += segments
        total.participants += participants
        total.by_role[role_id] = (segments, participants)
    return counts


@dataclass(frozen=True)
class Row:
    """One node in the table: its depth in the tree and its rolled-up counts."""

    node: Node
    depth: int
    counts: Counts
    path: tuple[str, ...]


def table_rows(*, nodes: list[Node], counts: dict[int, Counts]) -> list[Row]:
    """The tree in reading order (each node followed by what is below it)."""
    children: dict[int | None, list[Node]] = {}
    for node in sorted(nodes, key=lambda n: (n.position, n.pk)):
        children.setdefault(node.parent_id, []).append(node)
    rows: list[Row] = []

    def walk(parent_id: int | None, depth: int, path: tuple[str, ...]) -> None:
        for node in children.get(parent_id, []):
            here = (*path, node.name)
            rows.append(Row(node, depth, counts.get(node.pk, Counts()), here))
            walk(node.pk, depth + 1, here)

    walk(None, 0, ())
    return rows


def study_roles(*, study: Study) -> list[Role]:
    return list(Role.objects.filter(study=study).order_by("position", "pk"))


def table_lines(*, rows: list[Row], roles: list[Role]) -> list[list]:
    """The table as lines for a CSV: each node with its place in the tree, kind, and its
    counts in all and by role (neutralised on the way out by studies.spreadsheet)."""
    header = ["level", "path", "kind", "name", "segments", "participants"]
    for role in roles:
        header += [f"{role.code} segments", f"{role.code} participants"]
    lines = [header]
    for row in rows:
        line = [
            row.depth + 1, " / ".join(row.path), NodeKind(row.node.kind).label, row.node.name,
            row.counts.segments, row.counts.participants,
        ]  # fmt: skip
        for role in roles:
            line += list(row.counts.for_role(role.pk))
        lines.append(line)
    return lines
