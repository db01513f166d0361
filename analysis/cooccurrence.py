"""The co-occurrence matrix: the query's nodes against each other, counting the places
where two nodes occur together, with the place chosen by the query's scope:

- overlap: two segments whose ranges overlap in the same transcript; a cell counts
  such pairs (a segment never pairs with itself), the diagonal the node's segments;
- turn: the same speaker turn; answer: the same answer to a vignette (the turns of one
  vignette in one transcript); a segment is in the turn it starts in, as everywhere
  else in the app (the vignette a quote shows, the matrix's vignette columns);
- interview: the same transcript; dyad: the two transcripts of a dyad's members.

For the last four a cell counts the turns, answers, interviews or dyads where both
nodes occur, and the diagonal those where the node occurs. One statement per matrix:
the segments under the rows (the matrix's CTE, joins and filters, transcripts coded
independently left out) each with its place, and a self-join on the place. The same
SQL runs on SQLite and PostgreSQL.
"""

from django.db import connection

from . import table
from .dyads import segments_sql
from .matrix import _tables, rows_overlap
from .models import MatrixQuery, Scope

# Each segment under the rows, once per row, with what places and lists it.
_SEGMENTS_SQL = """
, segs(row_id, seg, transcript_id, start, stop, who, dyad) AS (
    SELECT picked_rows.row_id, s.id, s.transcript_id, s.start, s."end", p.pseudonym,
           COALESCE(dw.id, ds.id)
    FROM picked_rows JOIN {segment} s ON s.node_id = picked_rows.node_id
    {joins}
)
"""

# The turn a segment starts in is the last turn starting at or before it. Walking each
# transcript's turns and segments in text order finds it for all of them in one sort
# (turns first where they start together), where looking it up segment by segment
# took a scan of the transcript's turns each, as turns are indexed by position only.
# Positions grow with starts, so the greatest position seen so far is that turn.
_WALK_SQL = """
, walked(row_id, seg, transcript_id, start, stop, who, dyad, turn_position) AS (
    SELECT row_id, seg, transcript_id, start, stop, who, dyad,
           MAX(position) OVER (PARTITION BY transcript_id ORDER BY start, order_key
                               ROWS UNBOUNDED PRECEDING)
    FROM (
        SELECT row_id, seg, transcript_id, start, stop, who, dyad, NULL AS position,
               1 AS order_key
        FROM segs
        UNION ALL
        SELECT NULL, NULL, st.transcript_id, st.start, NULL, NULL, NULL, st.position, 0
        FROM {turn} st JOIN {transcript} tt ON tt.id = st.transcript_id
        WHERE tt.study_id = %(study)s
    ) in_text_order
)
, coded(row_id, seg, transcript_id, start, stop, who, place_a, place_b) AS (
    SELECT w.row_id, w.seg, w.transcript_id, w.start, w.stop, w.who, {place_a}, {place_b}
    FROM walked w
    LEFT JOIN {turn} st ON st.transcript_id = w.transcript_id AND st.position = w.turn_position
    WHERE w.seg IS NOT NULL
)
"""

_PLAIN_SQL = """
, coded(row_id, seg, transcript_id, start, stop, who, place_a, place_b) AS (
    SELECT row_id, seg, transcript_id, start, stop, who, {place_a}, {place_b} FROM segs
)
"""

# A segment's place as two columns (two segments share a place when both are equal; a
# NULL, outside any vignette or any dyad, is no place, as NULL equals nothing in a
# join), and whether it needs the turn the segment starts in.
_PLACES = {
    Scope.OVERLAP: ("NULL", "NULL", False),
    Scope.TURN: ("st.id", "0", True),
    Scope.ANSWER: ("w.transcript_id", "st.vignette_id", True),
    Scope.INTERVIEW: ("transcript_id", "0", False),
    Scope.DYAD: ("dyad", "0", False),
}

UNITS = {
    Scope.OVERLAP: ("pairs of overlapping segments", "segments"),
    Scope.TURN: ("speaker turns", "speaker turns"),
    Scope.ANSWER: ("answers to a vignette", "answers to a vignette"),
    Scope.INTERVIEW: ("interviews", "interviews"),
    Scope.DYAD: ("dyads", "dyads"),
}

_PLACES_SQL = """
, places(row_id, place_a, place_b) AS (SELECT DISTINCT row_id, place_a, place_b FROM coded)
SELECT a.row_id, b.row_id, COUNT(*)
FROM places a JOIN places b
  ON b.place_a = a.place_a AND b.place_b = a.place_b AND a.row_id <= b.row_id
GROUP BY a.row_id, b.row_id
"""

# Each overlapping pair once: found from the segment starting first (or, starting
# together, the lower id), as the later one starts inside it. Text is cut into stretches
# of BUCKET_CHARS; a segment is looked for in the stretch it starts in, from each
# stretch the first one covers. So the join is an equality (transcript, stretch), which
# hashes, with a few segments to each stretch, rather than a range scan through the
# index for each of a million segments (twenty seconds, mostly reading the table at
# random). A pair is counted once per pair of rows, whichever row holds which segment:
# only rows that share nodes (a theme and a code below it) can see a pair twice, so
# only they pay for DISTINCT.
BUCKET_CHARS = 500

_OVERLAP_SQL = """
, steps(n) AS (
    SELECT 0
    UNION ALL
    SELECT n + 1 FROM steps
    WHERE n < (SELECT MAX((stop - 1) / {width} - start / {width}) FROM coded)
)
, covered(row_id, seg, transcript_id, start, stop, bucket) AS (
    SELECT a.row_id, a.seg, a.transcript_id, a.start, a.stop, a.start / {width} + steps.n
    FROM coded a JOIN steps ON steps.n <= (a.stop - 1) / {width} - a.start / {width}
)
SELECT row_id, row_id, COUNT(*) FROM coded GROUP BY row_id
UNION ALL
SELECT low, high, COUNT(*) FROM (
    SELECT {distinct}
        CASE WHEN a.row_id < b.row_id THEN a.row_id ELSE b.row_id END AS low,
        CASE WHEN a.row_id < b.row_id THEN b.row_id ELSE a.row_id END AS high,
        a.seg AS first, b.seg AS second
    FROM covered a
    JOIN coded b ON b.transcript_id = a.transcript_id AND b.start / {width} = a.bucket
         AND b.start >= a.start AND b.start < a.stop AND (b.start > a.start OR b.seg > a.seg)
    WHERE a.row_id <> b.row_id
) pairs
GROUP BY low, high
"""


def _coded(query: MatrixQuery, params: dict) -> str:
    """The CTEs up to `coded`: each segment under the rows, once per row, with its
    place in the query's scope."""
    tree, joins = segments_sql(query, params)
    place_a, place_b, walk = _PLACES[query.scope]
    tables = _tables()
    places = (_WALK_SQL if walk else _PLAIN_SQL).format(place_a=place_a, place_b=place_b, **tables)
    return tree + _SEGMENTS_SQL.format(joins=joins, **tables) + places


def count(query: MatrixQuery) -> dict:
    """{"cells": {node: {node: units}}}, both ways round (the matrix is symmetric), the
    diagonal included; keys are strings (JSON). One statement."""
    params: dict = {}
    sql = _coded(query, params)
    if query.scope == Scope.OVERLAP:
        distinct = "DISTINCT" if rows_overlap(query.study_id, query.rows) else ""
        sql += _OVERLAP_SQL.format(width=BUCKET_CHARS, distinct=distinct)
    else:
        sql += _PLACES_SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        lines = cursor.fetchall()
    cells: dict[str, dict[str, int]] = {}
    for first, second, number in lines:
        cells.setdefault(str(first), {})[str(second)] = number
        cells.setdefault(str(second), {})[str(first)] = number
    return {"cells": cells}


# --- The segments behind a cell -----------------------------------------------------------

# Both nodes' segments in the places where both occur (for the diagonal: the node's
# segments in any place), with what they are listed by.
_CELL_PLACES_SQL = """
SELECT DISTINCT a.seg, a.who, a.start FROM coded a JOIN coded b
  ON b.place_a = a.place_a AND b.place_b = a.place_b
WHERE (a.row_id = %(one)s AND b.row_id = %(other)s) OR (a.row_id = %(other)s AND b.row_id = %(one)s)
"""

_CELL_OVERLAP_SQL = """
SELECT DISTINCT a.seg, a.who, a.start FROM coded a
WHERE a.row_id = %(one)s AND %(one)s = %(other)s
UNION
SELECT a.seg, a.who, a.start FROM coded a JOIN coded b
  ON b.transcript_id = a.transcript_id AND b.start < a.stop AND a.start < b.stop
  AND b.seg <> a.seg
WHERE (a.row_id = %(one)s AND b.row_id = %(other)s) OR (a.row_id = %(other)s AND b.row_id = %(one)s)
"""


def cell_segment_ids(query: MatrixQuery, *, one: str, other: str) -> list[int] | None:
    """The ids of the segments behind the cell of rows `one` and `other` (node ids as
    the result keys them), in participant and text order; None if either is not a row
    of the query. Counted over those two rows only, as the whole matrix counts them."""
    rows = {str(row["node"]): row for row in query.rows}
    if one not in rows or other not in rows:
        return None
    pair = MatrixQuery(
        study_id=query.study_id, scope=query.scope, filters=query.filters,
        rows=[rows[one]] if one == other else [rows[one], rows[other]],
    )  # fmt: skip
    params: dict = {"one": int(one), "other": int(other)}
    sql = _coded(pair, params)
    sql += _CELL_OVERLAP_SQL if query.scope == Scope.OVERLAP else _CELL_PLACES_SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [
        seg for seg, _who, _start in sorted(found, key=lambda line: (line[1], line[2], line[0]))
    ]


# --- The page ---------------------------------------------------------------------------


def display(query: MatrixQuery, counts: dict) -> dict:
    """Nodes by nodes, shaded by the largest count off the diagonal (the diagonal, each
    node alone, would otherwise pale every pair)."""
    headers = table.row_headers(query)
    cells = counts.get("cells", {})
    values = []
    for row in headers:
        line = []
        for column in headers:
            number = cells.get(row.key, {}).get(column.key, 0)
            line.append(table.Value(number, f"{number:,}", node=row.key, column=column.key))
        values.append(line)
    off_diagonal = [[v for v in line if v.node != v.column] for line in values]
    table._shade(off_diagonal)
    together, alone = UNITS[query.scope]
    return {"headers": headers, "body": list(zip(headers, values, strict=True)),
            "together": together, "alone": alone}  # fmt: skip
