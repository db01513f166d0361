"""A matrix result as a table to read: labels for its rows and columns, the chosen
measure in every cell with heat shading, totals, transposed on request. The same
table feeds the page and the downloads (CSV, XLSX, charts), so what is downloaded is
what was seen."""

from dataclasses import dataclass, field

from coding.models import Node
from interviews.models import SessionMode, Vignette
from studies.models import AttributeDefinition, Dyad, Participant, Role, Site, User

from .matrix import NO_VALUE
from .models import Columns, MatrixQuery, Measure

HEAT_LEVELS = 6  # shading classes heat-0 (nothing) to heat-5 (the largest value)

_NO_VALUE_LABELS = {
    Columns.ROLE: "(no role)",
    Columns.SITE: "(no site)",
    Columns.DYAD: "(not in a dyad)",
    Columns.VIGNETTE: "(outside the vignettes)",
    Columns.MODE: "(no interview session)",
    Columns.CODER: "(unknown coder)",
    Columns.CASE: "(no participant)",
    Columns.ATTRIBUTE: "(no answer)",
}


@dataclass(frozen=True)
class Header:
    key: str  # the key in the stored counts
    label: str
    node: Node | None = None  # for a row of nodes


@dataclass
class Value:
    number: float | None  # None: the measure has no meaning here (no participants)
    text: str
    heat: int = 0
    # A cell's node and column keys, whichever way the table is turned (the cell's
    # segments are asked for by these); empty for totals.
    node: str = ""
    column: str = ""


@dataclass
class Table:
    measure: str
    measure_label: str
    transposed: bool
    rows: list[Header]
    columns: list[Header]
    values: list[list[Value]]
    row_totals: list[Value]
    column_totals: list[Value]
    total: Value
    notes: list[str] = field(default_factory=list)

    @property
    def body(self) -> list[tuple[Header, list[Value], Value]]:
        return list(zip(self.rows, self.values, self.row_totals, strict=True))


def column_headers(query: MatrixQuery, keys: set[str]) -> list[Header]:
    """The columns in a sensible order, each with its label: every role, site, dyad,
    vignette and mode of the study (so an empty column shows as empty, not missing),
    the coders and answers found, and a column for segments with no value if any."""
    study_id = query.study_id
    columns = query.columns
    if columns == Columns.ROLE:
        found = [
            (str(r.pk), f"{r.label} ({r.code})") for r in Role.objects.filter(study_id=study_id)
        ]
    elif columns == Columns.SITE:
        found = [(str(s.pk), s.name) for s in Site.objects.filter(study_id=study_id)]
    elif columns == Columns.DYAD:
        dyads = Dyad.objects.filter(study_id=study_id).select_related("worker", "service_user")
        found = [(str(d.pk), f"{d.worker.pseudonym} – {d.service_user.pseudonym}") for d in dyads]
    elif columns == Columns.VIGNETTE:
        vignettes = Vignette.objects.filter(study_id=study_id).select_related("current")
        found = [(str(v.pk), str(v)) for v in vignettes.order_by("position", "pk")]
    elif columns == Columns.MODE:
        found = [(value, str(label)) for value, label in SessionMode.choices]
    elif columns == Columns.CASE:
        people = Participant.objects.filter(
            study_id=study_id, pk__in=[int(k) for k in keys if k != NO_VALUE]
        ).order_by("role__position", "number")
        found = [(str(p.pk), p.pseudonym) for p in people]
    elif columns == Columns.CODER:
        users = User.objects.filter(pk__in=[int(k) for k in keys if k != NO_VALUE])
        found = sorted(((str(u.pk), u.get_username()) for u in users), key=lambda pair: pair[1])
    else:
        found = _answer_headers(query.attribute, query.bands, keys)
    headers = [Header(key, label) for key, label in found]
    if NO_VALUE in keys:
        headers.append(Header(NO_VALUE, _NO_VALUE_LABELS[columns]))
    return headers


def _answer_headers(attribute: AttributeDefinition, bands: list, keys: set[str]):
    if bands:
        return [(f"band{index}", band["label"]) for index, band in enumerate(bands)]
    options = [str(option) for option in attribute.choices or []]
    extra = sorted(keys - set(options) - {NO_VALUE})  # answers no longer among the options
    return [(option, option) for option in options + extra]


def row_headers(query: MatrixQuery) -> list[Header]:
    nodes = Node.objects.in_bulk([row["node"] for row in query.rows])
    headers = []
    for row in query.rows:
        node = nodes.get(row["node"])
        if node is None:  # deleted since the query was saved
            continue
        label = f"{node.name} (and below)" if row.get("below") else node.name
        headers.append(Header(str(node.pk), label, node))
    return headers


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else 100 * part / whole


def _value(measure: str, cell: list[int], *, row_total: list[int], column_total: list[int],
           cases: int | None) -> float | None:  # fmt: skip
    segments, participants, words = cell
    if measure == Measure.SEGMENTS:
        return segments
    if measure == Measure.PARTICIPANTS:
        return participants
    if measure == Measure.WORDS:
        return words
    if measure == Measure.COLUMN_SHARE:
        return _percent(participants, cases or 0)
    if measure == Measure.ROW_PERCENT:
        return _percent(segments, row_total[0])
    if measure == Measure.COLUMN_PERCENT:
        return _percent(segments, column_total[0])
    return 1 if segments else 0  # presence


def _text(measure: str, number: float | None) -> str:
    if number is None:
        return "–"
    if measure == Measure.PRESENCE:
        return "✓" if number else ""
    if measure in (Measure.COLUMN_SHARE, Measure.ROW_PERCENT, Measure.COLUMN_PERCENT):
        return f"{number:.0f}%"
    return f"{number:,.0f}"


def build(query: MatrixQuery, counts: dict, *, measure: str, transpose: bool = False) -> Table:
    """The table of a matrix result for one measure (any measure: the stored counts
    hold segments, participants and words per cell, per row and per column)."""
    if measure not in Measure.values:
        measure = query.measure
    empty = [0, 0, 0]
    cells = counts.get("cells", {})
    keys = set(counts.get("column_totals", {})) | {c for row in cells.values() for c in row}
    if query.columns == Columns.CASE:  # everyone who could have been coded, coded or not
        keys |= set(counts.get("cases", {})) - {NO_VALUE}
    rows, columns = row_headers(query), column_headers(query, keys)
    row_totals, column_totals = counts.get("row_totals", {}), counts.get("column_totals", {})
    cases = counts.get("cases", {})
    if query.columns in (Columns.VIGNETTE, Columns.CODER):
        # Anyone could have been coded under any vignette or by any coder.
        cases = dict.fromkeys((c.key for c in columns), counts.get("all_cases", 0))
    values = []
    for row in rows:
        line = []
        for column in columns:
            number = _value(
                measure, cells.get(row.key, {}).get(column.key, empty),
                row_total=row_totals.get(row.key, empty),
                column_total=column_totals.get(column.key, empty), cases=cases.get(column.key),
            )  # fmt: skip
            line.append(Value(number, _text(measure, number), node=row.key, column=column.key))
        values.append(line)
    _shade(values)
    table = Table(
        measure=measure, measure_label=Measure(measure).label, transposed=False,
        rows=rows, columns=columns, values=values,
        row_totals=[_total(measure, row_totals.get(r.key, empty), counts, "row",
                           cases=counts.get("all_cases")) for r in rows],
        column_totals=[
            _total(measure, column_totals.get(c.key, empty), counts, "column",
                   cases=cases.get(c.key)) for c in columns
        ],
        total=_total(measure, counts.get("total", empty), counts, "all",
                     cases=counts.get("all_cases")),
    )  # fmt: skip
    table.notes = _notes(measure)
    return transposed(table) if transpose else table


def _total(measure: str, cell: list[int], counts: dict, kind: str, cases=None) -> Value:
    """A total in the measure's own terms: a row's total is 100% of its row, and so on;
    counts are each segment and participant once."""
    total = counts.get("total", [0, 0, 0])
    number = _value(measure, cell, row_total=cell if kind == "row" else total,
                    column_total=cell if kind == "column" else total, cases=cases)  # fmt: skip
    if measure == Measure.ROW_PERCENT and kind != "row":
        number = _percent(cell[0], total[0])
    if measure == Measure.COLUMN_PERCENT and kind == "row":
        number = _percent(cell[0], total[0])
    return Value(number, _text(measure, number))


def _shade(values: list[list[Value]]) -> None:
    """Heat from the table's own largest value, in HEAT_LEVELS steps; 0 only for none."""
    largest = max((v.number or 0 for line in values for v in line), default=0)
    for line in values:
        for value in line:
            if value.number and largest:
                value.heat = max(1, round((HEAT_LEVELS - 1) * value.number / largest))


def _notes(measure: str) -> list[str]:
    notes = ["Totals count each segment and each participant once, even where rows overlap."]
    if measure == Measure.COLUMN_SHARE:
        notes.append(
            "Each column's participants are those with a transcript open for coding; for "
            "columns by vignette or coder, every such participant."
        )
    return notes


def transposed(table: Table) -> Table:
    """Rows become columns: cells and totals swap places, the measure stays."""
    values = [list(line) for line in zip(*table.values, strict=True)] if table.values else []
    if not table.rows:
        values = [[] for _ in table.columns]
    return Table(
        measure=table.measure, measure_label=table.measure_label, transposed=True,
        rows=table.columns, columns=table.rows, values=values,
        row_totals=table.column_totals, column_totals=table.row_totals, total=table.total,
        notes=table.notes,
    )  # fmt: skip
