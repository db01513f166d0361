"""Counting a matrix query in the database.

One aggregate statement per matrix: the rows' node sets come from a recursive CTE
(a row "with everything below" holds its node and every descendant), each coded
segment under a row is picked once per row with its column value, and the picks are
grouped by cell, by row, by column and overall in one UNION ALL, so totals count each
segment and each participant once. Python sees one line per cell, never a segment.
The SQL is the same on SQLite and PostgreSQL.

Columns that belong to a participant (role, site, dyad, interview mode) and to a
segment (vignette, coder) are grouped in SQL. An information-form question is grouped
by participant and folded into its answers here: the answers are JSON, read the same
way on both databases only in Python, and there are hundreds of participants, not
millions of segments.

Transcripts being coded independently are left out: their coders must not see each
other's work until the lead reveals it, and a matrix is shared by the whole team.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery

from coding.models import CodedSegment, CodingState, Node, TranscriptCoding
from coding.selectors import node_descendant_ids
from interviews.models import InterviewSession, SpeakerTurn, Transcript, TranscriptStatus
from studies.models import (
    AttributeDefinition,
    AttributeValue,
    Dyad,
    Participant,
    RecruitmentStatus,
    Role,
    Site,
)

from .models import Columns, MatrixQuery

# Bumped when the counting changes, so results made by an older rule are rebuilt.
RULES_VERSION = 1
NO_VALUE = "-"  # the column key of segments with no value (no site, no dyad, ...)


def _tables() -> dict[str, str]:
    return {
        "node": Node._meta.db_table,
        "segment": CodedSegment._meta.db_table,
        "transcript": Transcript._meta.db_table,
        "participant": Participant._meta.db_table,
        "dyad": Dyad._meta.db_table,
        "session": InterviewSession._meta.db_table,
        "turn": SpeakerTurn._meta.db_table,
        "independent": TranscriptCoding._meta.db_table,
        "state": CodingState._meta.db_table,
        "value": AttributeValue._meta.db_table,
        "site": Site._meta.db_table,
        "role": Role._meta.db_table,
    }


# --- What a result is of ----------------------------------------------------------------

_STATE_SQL = """
SELECT
  (SELECT COALESCE(MAX(revision), 0) FROM {state} WHERE study_id = %(study)s),
  (SELECT COUNT(*) FROM {participant} WHERE study_id = %(study)s),
  (SELECT COALESCE(SUM(id * role_id), 0) FROM {participant} WHERE study_id = %(study)s),
  (SELECT COALESCE(SUM(id * COALESCE(site_id, 0)), 0) FROM {participant}
     WHERE study_id = %(study)s),
  (SELECT COALESCE(SUM(id), 0) FROM {participant}
     WHERE study_id = %(study)s AND status = %(withdrawn)s),
  (SELECT COUNT(*) FROM {dyad} WHERE study_id = %(study)s),
  (SELECT COALESCE(SUM(id * worker_id + service_user_id), 0) FROM {dyad}
     WHERE study_id = %(study)s),
  (SELECT COUNT(*) FROM {value} v JOIN {participant} p ON p.id = v.participant_id
     WHERE p.study_id = %(study)s),
  (SELECT MAX(v.updated_at) FROM {value} v JOIN {participant} p ON p.id = v.participant_id
     WHERE p.study_id = %(study)s),
  (SELECT COUNT(*) FROM {transcript} WHERE study_id = %(study)s),
  (SELECT COALESCE(SUM(version + id * participant_id), 0) FROM {transcript}
     WHERE study_id = %(study)s),
  (SELECT COALESCE(SUM(id), 0) FROM {transcript}
     WHERE study_id = %(study)s AND status = %(ready)s),
  (SELECT MAX(updated_at) FROM {transcript} WHERE study_id = %(study)s),
  (SELECT COALESCE(SUM(id), 0) FROM {session} WHERE study_id = %(study)s AND mode = %(online)s),
  (SELECT COALESCE(SUM(LENGTH(name) * id), 0) FROM {site} WHERE study_id = %(study)s),
  (SELECT COALESCE(SUM(LENGTH(label) * id), 0) FROM {role} WHERE study_id = %(study)s)
"""


def study_state(study_id: int) -> str:
    """A digest of everything a matrix of the study reads: the coding revision (which
    moves with every segment, node and coding-mode change) and sums over participants,
    dyads, information-form answers, transcripts, sessions, sites and roles that change
    whenever one of them is added, changed, withdrawn or erased. One statement, read on
    every request for a matrix, so a stale result is one comparison away."""
    with connection.cursor() as cursor:
        cursor.execute(
            _STATE_SQL.format(**_tables()),
            {"study": study_id, "withdrawn": RecruitmentStatus.WITHDRAWN,
             "ready": TranscriptStatus.READY, "online": "online"},
        )  # fmt: skip
        row = cursor.fetchone()
    return hashlib.sha256(repr(tuple(str(value) for value in row)).encode()).hexdigest()


def definition(query: MatrixQuery) -> dict:
    """What the counts depend on in the query itself (not its name, not the measure
    shown: a measure switch needs no rebuild)."""
    return {
        "rules": RULES_VERSION, "kind": query.kind, "scope": query.scope, "rows": query.rows,
        "columns": query.columns,
        "attribute": query.attribute_id, "bands": query.bands, "filters": query.filters,
    }  # fmt: skip


def fingerprint(query: MatrixQuery, state: str) -> str:
    text = json.dumps({"query": definition(query), "state": state}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


# --- Counting ---------------------------------------------------------------------------

# Words coded: each segment's count, kept by the database (CodedSegment.words).
WORDS_SQL = "s.words"

_COLUMN_SQL = {
    Columns.ROLE: "p.role_id",
    Columns.SITE: "p.site_id",
    Columns.DYAD: "COALESCE(dw.id, ds.id)",
    # The vignette of the turn the segment starts in, as coding.quotes places it.
    Columns.VIGNETTE: (
        "(SELECT st.vignette_id FROM {turn} st WHERE st.transcript_id = s.transcript_id"
        " AND st.start <= s.start ORDER BY st.start DESC, st.position DESC LIMIT 1)"
    ),
    Columns.MODE: "ses.mode",
    Columns.CODER: "s.coder_id",
    Columns.CASE: "p.id",
    Columns.ATTRIBUTE: "p.id",  # folded into answers afterwards
}

_TREE_SQL = """
WITH RECURSIVE picked_rows(row_id, node_id) AS (
    SELECT id, id FROM {node} WHERE study_id = %(study)s AND id IN ({row_ids})
    UNION ALL
    SELECT picked_rows.row_id, child.id FROM {node} child
    JOIN picked_rows ON child.parent_id = picked_rows.node_id
    WHERE picked_rows.row_id IN ({below_ids})
)
"""

# The joins and conditions every count shares: a segment, its transcript (not being
# coded independently) and participant, their session and dyad, and the filters.
_JOINS_SQL = """
    JOIN {transcript} t ON t.id = s.transcript_id
    JOIN {participant} p ON p.id = t.participant_id
    LEFT JOIN {session} ses ON ses.id = t.session_id
    LEFT JOIN {dyad} dw ON dw.worker_id = p.id
    LEFT JOIN {dyad} ds ON ds.service_user_id = p.id
    WHERE t.study_id = %(study)s
      AND NOT EXISTS (SELECT 1 FROM {independent} i
                      WHERE i.transcript_id = t.id AND i.independent)
      {filters}
"""

# Lines by row, column and participant: each cell and each row's totals follow from
# them exactly, as a segment has one column value and so is in one line per row.
_CELLS_SQL = """
SELECT 'cell', picked_rows.row_id, {column}, t.participant_id, COUNT(*), SUM({words})
FROM picked_rows JOIN {segment} s ON s.node_id = picked_rows.node_id
{joins}
GROUP BY picked_rows.row_id, {column}, t.participant_id
"""

# When rows overlap (a theme and one of its codes both chosen), a segment may be in
# two rows: the columns' totals then come from the union of the rows' nodes, where
# each segment is once.
_UNION_SQL = """
UNION ALL
SELECT 'union', NULL, {column}, t.participant_id, COUNT(*), SUM({words})
FROM {segment} s
{joins}
  AND s.node_id IN (SELECT node_id FROM picked_rows)
GROUP BY {column}, t.participant_id
"""

# Participants who could have been coded: those with a transcript open for coding (not
# one being coded independently), by column where the column belongs to them.
_CASES_SQL = """
SELECT {column}, COUNT(DISTINCT p.id)
FROM {transcript} t
JOIN {participant} p ON p.id = t.participant_id
LEFT JOIN {session} ses ON ses.id = t.session_id
LEFT JOIN {dyad} dw ON dw.worker_id = p.id
LEFT JOIN {dyad} ds ON ds.service_user_id = p.id
WHERE t.study_id = %(study)s AND t.status = %(ready)s
  AND NOT EXISTS (SELECT 1 FROM {independent} i WHERE i.transcript_id = t.id AND i.independent)
  {filters}
{group}
"""

_PARTICIPANT_COLUMNS = {Columns.ROLE, Columns.SITE, Columns.DYAD, Columns.MODE, Columns.CASE,
                        Columns.ATTRIBUTE}  # fmt: skip


def _in(name: str, values: list, params: dict) -> str:
    """`IN (...)` with one named parameter per value."""
    names = []
    for index, value in enumerate(values):
        key = f"{name}{index}"
        params[key] = value
        names.append(f"%({key})s")
    return "(" + ", ".join(names) + ")"


def _filters(filters: dict, params: dict, *, segments: bool) -> str:
    clauses = []
    for key, column in (("sites", "p.site_id"), ("roles", "p.role_id"), ("modes", "ses.mode")):
        if filters.get(key):
            clauses.append(f"AND {column} IN {_in(key, filters[key], params)}")
    if segments and filters.get("coders"):
        clauses.append(f"AND s.coder_id IN {_in('coders', filters['coders'], params)}")
    if segments and filters.get("coded_from"):
        params["coded_from"] = _day_start(filters["coded_from"])
        clauses.append("AND s.created_at >= %(coded_from)s")
    if segments and filters.get("coded_to"):
        params["coded_to"] = _day_start(filters["coded_to"]) + datetime.timedelta(days=1)
        clauses.append("AND s.created_at < %(coded_to)s")
    return "\n      ".join(clauses)


def _day_start(day: str) -> datetime.datetime:
    """Midnight UTC of an ISO date, the unit the date filter is given in."""
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(), tzinfo=datetime.UTC
    )


@dataclass
class Tally:
    """A cell's (or a total's) counts while they are being added up."""

    segments: int = 0
    words: int = 0
    people: set = field(default_factory=set)

    def add(self, segments: int, words: int, person: int) -> None:
        self.segments += segments
        self.words += words
        self.people.add(person)

    def as_list(self) -> list[int]:
        """[segments, participants, words], as results store them."""
        return [self.segments, len(self.people), self.words]


def _key(value) -> str:
    return NO_VALUE if value is None else str(value)


def rows_overlap(study_id: int, rows: list[dict]) -> bool:
    """Whether some node is in two rows' node sets: a row is inside (or is) another row
    taken with everything below it. Walks the study's codebook (hundreds of nodes)."""
    parents = dict(Node.objects.filter(study_id=study_id).values_list("pk", "parent_id"))
    below = {row["node"] for row in rows if row.get("below")}
    for row in rows:
        ancestor = parents.get(row["node"])
        while ancestor is not None:
            if ancestor in below:
                return True
            ancestor = parents.get(ancestor)
    return False


def count(query: MatrixQuery) -> dict:
    """The query's counts: per cell, per row, per column and overall, each as
    [segments, participants, words], plus the participants each column could have had
    (for the "% of the column's participants" measure). Keys are strings (JSON).

    One statement: the rows' node sets (recursive CTE) joined to the segments and
    grouped by row, column and participant; the lines are added up here, never the
    segments. Totals count each segment and each participant once."""
    row_ids = [row["node"] for row in query.rows]
    below_ids = [row["node"] for row in query.rows if row.get("below")] or [0]
    overlap = rows_overlap(query.study_id, query.rows)
    params: dict = {"study": query.study_id}
    tables = _tables()
    column = _COLUMN_SQL[query.columns].format(**tables)
    joins = _JOINS_SQL.format(filters=_filters(query.filters, params, segments=True), **tables)
    sql = _TREE_SQL.format(
        row_ids=", ".join(str(int(pk)) for pk in row_ids),
        below_ids=", ".join(str(int(pk)) for pk in below_ids), **tables,
    ) + _CELLS_SQL.format(column=column, words=WORDS_SQL, joins=joins, **tables)  # fmt: skip
    if overlap:
        sql += _UNION_SQL.format(column=column, words=WORDS_SQL, joins=joins, **tables)
    case_column = column if query.columns in _PARTICIPANT_COLUMNS else "NULL"
    case_params = {"study": query.study_id, "ready": TranscriptStatus.READY}
    case_sql = _CASES_SQL.format(
        column=case_column, filters=_filters(query.filters, case_params, segments=False),
        group="" if case_column == "NULL" else f"GROUP BY {case_column}", **tables,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        lines = cursor.fetchall()
        cursor.execute(case_sql, case_params)
        case_lines = cursor.fetchall()
    keys = _column_keys(query)
    cells: dict[str, dict[str, Tally]] = {}
    row_totals: dict[str, Tally] = {}
    column_totals: dict[str, Tally] = {}
    total = Tally()
    for kind, row_id, col, person, segments, words in lines:
        words = words or 0
        for key in keys(col):
            if kind == "cell":
                cells.setdefault(str(row_id), {}).setdefault(key, Tally()).add(
                    segments, words, person
                )
            if kind == "union" or not overlap:
                column_totals.setdefault(key, Tally()).add(segments, words, person)
        if kind == "cell":
            row_totals.setdefault(str(row_id), Tally()).add(segments, words, person)
        if kind == "union" or not overlap:
            total.add(segments, words, person)
    return {
        "cells": {r: {c: t.as_list() for c, t in cs.items()} for r, cs in cells.items()},
        "row_totals": {r: t.as_list() for r, t in row_totals.items()},
        "column_totals": {c: t.as_list() for c, t in column_totals.items()},
        "total": total.as_list(),
        **_cases(query, case_lines),
    }


def _column_keys(query: MatrixQuery):
    """How a line's column value becomes the column keys it counts in: itself, or for
    an information-form question (grouped by participant) the participant's answer."""
    if query.columns != Columns.ATTRIBUTE:
        return lambda value: (_key(value),)
    answers = _answers(query)
    return lambda person: answers.get(person) or (NO_VALUE,)


def _cases(query: MatrixQuery, case_lines: list[tuple]) -> dict:
    if query.columns != Columns.ATTRIBUTE:
        cases = {_key(col): n for col, n in case_lines}
        return {"cases": cases, "all_cases": sum(cases.values())}
    keys = _column_keys(query)
    cases: dict[str, int] = {}
    for person, _one in case_lines:
        for key in keys(person):
            cases[key] = cases.get(key, 0) + 1
    return {"cases": cases, "all_cases": len(case_lines)}


# --- Information-form answers as columns -----------------------------------------------


def _answers(query: MatrixQuery) -> dict[int, list[str]]:
    """Each participant of the study who answered the question: the column keys their
    answer falls in (several for a multiple choice)."""
    attribute: AttributeDefinition = query.attribute
    found: dict[int, list[str]] = {}
    for person, value in AttributeValue.objects.filter(attribute=attribute).values_list(
        "participant_id", "value"
    ):
        found[person] = answer_keys(attribute, query.bands, value)
    return found


def answer_keys(attribute: AttributeDefinition, bands: list[dict], value) -> list[str]:
    """The column keys an answer counts in: the option (or options) chosen, the band a
    number falls in, or the text itself; nothing for an empty answer."""
    if value in (None, "", []):
        return []
    if attribute.kind == "multiple":
        return [str(option) for option in (value if isinstance(value, list) else [value])]
    if attribute.kind == "number" and bands:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return []
        for index, band in enumerate(bands):
            low, high = band.get("min"), band.get("max")
            if (low is None or number >= low) and (high is None or number < high):
                return [f"band{index}"]
        return []
    return [str(value)]


# --- The segments behind a cell -----------------------------------------------------------


def cell_segments(
    query: MatrixQuery, segments: QuerySet[CodedSegment], *, node: str, column: str | None
) -> QuerySet[CodedSegment]:
    """`segments` (those the reader may see) narrowed to what a cell counted: the row's
    node (and everything below it, if the row says so), the query's filters, the column
    (None: the whole row), and never a transcript being coded independently."""
    row = next((r for r in query.rows if str(r["node"]) == node), None)
    if row is None:
        return segments.none()
    ids = {row["node"]}
    if row.get("below"):
        ids |= node_descendant_ids(node=Node(pk=row["node"]))
    segments = segments.filter(node_id__in=ids, transcript__study_id=query.study_id).exclude(
        transcript__coding__independent=True
    )
    filters = query.filters
    person = "transcript__participant__"
    for key, lookup in (("sites", person + "site_id__in"), ("roles", person + "role_id__in"),
                        ("modes", "transcript__session__mode__in"),
                        ("coders", "coder_id__in")):  # fmt: skip
        if filters.get(key):
            segments = segments.filter(**{lookup: filters[key]})
    if filters.get("coded_from"):
        segments = segments.filter(created_at__gte=_day_start(filters["coded_from"]))
    if filters.get("coded_to"):
        end = _day_start(filters["coded_to"]) + datetime.timedelta(days=1)
        segments = segments.filter(created_at__lt=end)
    if column is None:
        return segments
    return segments.filter(_column_condition(query, column, segments))


def _column_condition(query: MatrixQuery, column: str, segments) -> Q:
    none = column == NO_VALUE
    person = "transcript__participant__"
    if query.columns == Columns.ROLE:
        return Q(**{person + "role_id": None if none else _int(column)})
    if query.columns == Columns.SITE:
        return (
            Q(**{person + "site_id__isnull": True})
            if none
            else Q(**{person + "site_id": _int(column)})
        )
    if query.columns == Columns.DYAD:
        if none:
            return Q(**{person + "dyad_as_worker__isnull": True}) & Q(
                **{person + "dyad_as_service_user__isnull": True}
            )
        return Q(**{person + "dyad_as_worker__pk": _int(column)}) | Q(
            **{person + "dyad_as_service_user__pk": _int(column)}
        )
    if query.columns == Columns.MODE:
        if none:
            return Q(transcript__session__isnull=True)
        return Q(transcript__session__mode=column)
    if query.columns == Columns.CODER:
        return Q(coder_id=_int(column))
    if query.columns == Columns.CASE:
        return Q(**{person + "id": _int(column)})
    if query.columns == Columns.VIGNETTE:
        turns = SpeakerTurn.objects.filter(
            transcript_id=OuterRef("transcript_id"), start__lte=OuterRef("start")
        ).order_by("-start", "-position")
        starting = segments.annotate(starting_vignette=Subquery(turns.values("vignette_id")[:1]))
        wanted = (
            {"starting_vignette__isnull": True} if none else {"starting_vignette": _int(column)}
        )
        return Q(pk__in=starting.filter(**wanted).values("pk"))
    answers = _answers(query)
    people = [pk for pk, keys in answers.items() if column in keys]
    if none:
        return ~Q(**{person + "id__in": [pk for pk, keys in answers.items() if keys]})
    return Q(**{person + "id__in": people})


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return -1  # matches nothing
