"""The dyad comparison: each dyad of the study in a row, the query's nodes in columns,
and in each cell whether the worker, the service user, both or neither were coded
there, with each side's segments; under the table, in how many dyads the two accounts
converge (both coded), diverge (one only) or are both silent on each node.

Counted as a matrix is (analysis/matrix.py): one statement, the rows' node sets from
the same recursive CTE, the same joins and filters, transcripts being coded
independently left out. It returns a line per node, dyad and side, a line per side
that has a transcript open for coding, and a line per dyad, so that a dyad whose
accounts are not both open yet shows as such rather than as a divergence.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from coding.models import CodedSegment
from interviews.models import TranscriptStatus
from studies.models import Dyad

from . import matrix, table
from .matrix import _CASES_SQL, _JOINS_SQL, _TREE_SQL, _filters, _tables
from .models import MatrixQuery

WORKER, SERVICE_USER = "worker", "service_user"

# What a cell says, in the order the summary lists them.
BOTH, WORKER_ONLY, SERVICE_USER_ONLY, NEITHER, MISSING = (
    "both", "worker", "service_user", "neither", "missing",
)  # fmt: skip
STATES = {
    BOTH: "Converge: both coded",
    WORKER_ONLY: "Diverge: worker only",
    SERVICE_USER_ONLY: "Diverge: service user only",
    NEITHER: "Neither coded",
    MISSING: "Not comparable: an account is not open for coding",
}
SHORT = {
    BOTH: "Both",
    WORKER_ONLY: "Worker",
    SERVICE_USER_ONLY: "Service user",
    NEITHER: "Neither",
    MISSING: "–",
}


def segments_sql(query: MatrixQuery, params: dict) -> tuple[str, str]:
    """The rows' node sets as the CTE `picked_rows`, and the joins and conditions of a
    segment `s` (its transcript `t`, participant `p`, session `ses`, dyad as worker
    `dw` or as service user `ds`) with the query's filters: the matrix's own, so
    every kind counts the same segments."""
    tables = _tables()
    params["study"] = query.study_id
    row_ids = [int(row["node"]) for row in query.rows] or [0]
    below_ids = [int(row["node"]) for row in query.rows if row.get("below")] or [0]
    tree = _TREE_SQL.format(
        row_ids=", ".join(map(str, row_ids)), below_ids=", ".join(map(str, below_ids)), **tables
    )
    joins = _JOINS_SQL.format(filters=_filters(query.filters, params, segments=True), **tables)
    return tree, joins


_SIDE = f"CASE WHEN dw.id IS NULL THEN '{SERVICE_USER}' ELSE '{WORKER}' END"

_DYADS_SQL = """
SELECT 'coded', picked_rows.row_id, COALESCE(dw.id, ds.id), {side}, COUNT(*)
FROM picked_rows JOIN {segment} s ON s.node_id = picked_rows.node_id
{joins}
  AND (dw.id IS NOT NULL OR ds.id IS NOT NULL)
GROUP BY picked_rows.row_id, COALESCE(dw.id, ds.id), {side}
UNION ALL
{open}
UNION ALL
SELECT 'dyad', NULL, d.id, NULL, 0 FROM {dyad} d WHERE d.study_id = %(study)s
"""


def state(worker: int, service_user: int, open_sides: set[str]) -> str:
    """What a cell says, from each side's segments and which sides have an account to
    read (a transcript open for coding, or segments already)."""
    if worker and service_user:
        return BOTH
    has = open_sides | ({WORKER} if worker else set()) | ({SERVICE_USER} if service_user else set())
    if has != {WORKER, SERVICE_USER}:
        return MISSING
    return WORKER_ONLY if worker else SERVICE_USER_ONLY if service_user else NEITHER


def count(query: MatrixQuery) -> dict:
    """{"dyads": [ids], "open": {dyad: [sides with an account]},
    "cells": {node: {dyad: [worker's segments, service user's]}},
    "summary": {node: {state: dyads}}}; keys are strings (JSON). One statement."""
    params: dict = {"ready": TranscriptStatus.READY}
    tree, joins = segments_sql(query, params)
    tables = _tables()
    # Who has an account to read: the matrix's participants who could have been coded,
    # by dyad and side (one line each; only that there is one matters).
    in_dyad = "AND (dw.id IS NOT NULL OR ds.id IS NOT NULL)"
    opened = _CASES_SQL.format(
        column=f"'open', NULL, COALESCE(dw.id, ds.id), {_SIDE}",
        filters=_filters(query.filters, params, segments=False) + "\n  " + in_dyad,
        group=f"GROUP BY COALESCE(dw.id, ds.id), {_SIDE}", **tables,
    )  # fmt: skip
    sql = tree + _DYADS_SQL.format(side=_SIDE, joins=joins, open=opened, **tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        lines = cursor.fetchall()
    dyads: list[str] = []
    open_sides: dict[str, set[str]] = {}
    cells: dict[str, dict[str, list[int]]] = {}
    for kind, row_id, dyad, side, number in lines:
        if kind == "dyad":
            dyads.append(str(dyad))
        elif kind == "open":
            open_sides.setdefault(str(dyad), set()).add(side)
        else:
            cell = cells.setdefault(str(row_id), {}).setdefault(str(dyad), [0, 0])
            cell[0 if side == WORKER else 1] += number
    summary = {}
    for row in query.rows:
        key = str(row["node"])
        tally = dict.fromkeys(STATES, 0)
        for dyad in dyads:
            worker, service_user = cells.get(key, {}).get(dyad, [0, 0])
            tally[state(worker, service_user, open_sides.get(dyad, set()))] += 1
        summary[key] = tally
    return {
        "dyads": dyads,
        "open": {dyad: sorted(sides) for dyad, sides in open_sides.items()},
        "cells": cells,
        "summary": summary,
    }


# --- The segments behind a cell ----------------------------------------------------------


def cell_segments(
    query: MatrixQuery, segments: QuerySet[CodedSegment], *, node: str, dyad: Dyad | None
) -> QuerySet[CodedSegment]:
    """`segments` (those the reader may see) narrowed to what a cell counted: the
    matrix's cell of the node's whole row (its nodes, the filters, no independent
    coding), from the dyad's two members, or (None) from anyone in a dyad."""
    segments = matrix.cell_segments(query, segments, node=node, column=None)
    if dyad is not None:
        return segments.filter(transcript__participant__in=[dyad.worker_id, dyad.service_user_id])
    person = "transcript__participant__"
    return segments.filter(
        Q(**{person + "dyad_as_worker__isnull": False})
        | Q(**{person + "dyad_as_service_user__isnull": False})
    )


# --- The page ---------------------------------------------------------------------------


@dataclass
class Cell:
    node: str
    column: str  # the node's label
    state: str
    worker: int
    service_user: int

    @property
    def short(self) -> str:
        return SHORT[self.state]

    @property
    def label(self) -> str:
        return STATES[self.state]


@dataclass
class Line:
    dyad: Dyad
    cells: list[Cell]

    @property
    def label(self) -> str:
        return f"{self.dyad.worker.pseudonym} – {self.dyad.service_user.pseudonym}"


@dataclass
class SummaryLine:
    state: str
    label: str
    values: list[int]


def display(query: MatrixQuery, counts: dict) -> dict:
    """The page's table: the dyads (in the study's order) by the query's nodes, and the
    summary lines (the "not comparable" line only when some dyad is)."""
    columns = table.row_headers(query)
    found = Dyad.objects.filter(study_id=query.study_id, pk__in=counts.get("dyads", []))
    dyads = found.select_related("worker", "service_user").order_by("worker__number", "pk")
    cells, opened = counts.get("cells", {}), counts.get("open", {})
    lines = []
    for dyad in dyads:
        sides = set(opened.get(str(dyad.pk), []))
        line = []
        for column in columns:
            worker, service_user = cells.get(column.key, {}).get(str(dyad.pk), [0, 0])
            cell_state = state(worker, service_user, sides)
            line.append(Cell(column.key, column.label, cell_state, worker, service_user))
        lines.append(Line(dyad, line))
    summary = [
        SummaryLine(name, label, [counts["summary"].get(c.key, {}).get(name, 0) for c in columns])
        for name, label in STATES.items()
    ]
    summary = [s for s in summary if s.state != MISSING or any(s.values)]
    return {"columns": columns, "lines": lines, "summary": summary}
