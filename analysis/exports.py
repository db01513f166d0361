"""A matrix's table as files to keep: CSV, XLSX and a heat map as PNG or SVG. Each is
made from the same `table.Table` the page shows (the measure and the turn the reader
chose), so what is downloaded is what was seen.

The chart is drawn on the server by matplotlib on a Figure of its own, never pyplot's
shared state, so two requests drawing at once in a threaded worker cannot mix."""

import io
import textwrap
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from interviews.models import SessionMode
from studies.models import Role, Site, User
from studies.spreadsheet import Figure, csv_text, neutralise
from studies.text import xml_safe

from .models import Columns, MatrixQuery, MatrixResult, Measure
from .table import Table, Value

# The page's heat shading (static/css/analysis.css), from heat-1 to heat-5; levels 4
# and 5 are dark enough to need white text. The XLSX fills and the chart's colour scale
# use the same blues, so the files look like the page.
HEAT_COLOURS = ("#e8f0f8", "#c6d9ec", "#94b8dc", "#4f85bb", "#1f4e79")
DARK_FROM = 4
PERCENTAGES = {Measure.COLUMN_SHARE, Measure.ROW_PERCENT, Measure.COLUMN_PERCENT}

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def heading(table: Table) -> str:
    """What the cells are, as the page's caption says it."""
    swapped = ", rows and columns swapped" if table.transposed else ""
    return f"{table.measure_label}{swapped}"


# --- CSV --------------------------------------------------------------------------------


def _plain(measure: str, value: Value) -> Figure:
    """A cell as a number a spreadsheet reads: no thousands separator, no % sign (the
    first line says what the numbers are), presence as 1 or 0; empty where the
    measure has no meaning (the page's dash)."""
    if value.number is None:
        return Figure("")
    if measure in PERCENTAGES:
        return Figure(f"{value.number:.1f}")
    return Figure(f"{value.number:.0f}")


def _unit(measure: str) -> str:
    if measure in PERCENTAGES:
        return " (percent)"
    if measure == Measure.PRESENCE:
        return " (1 coded, 0 not)"
    return ""


def csv_rows(table: Table) -> list[list]:
    """The measure on the first line, then the table as the page has it: a header of
    the columns and Total, a line per row ending in its total, and the totals line.
    Labels are people's words (neutralised when written); numbers are Figures."""
    measure = table.measure
    rows: list[list] = [[Figure(heading(table) + _unit(measure))]]
    rows.append(["", *(column.label for column in table.columns), Figure("Total")])
    for row, values, total in table.body:
        rows.append([row.label, *(_plain(measure, v) for v in values), _plain(measure, total)])
    rows.append([
        Figure("Total"), *(_plain(measure, v) for v in table.column_totals),
        _plain(measure, table.total),
    ])  # fmt: skip
    return rows


def table_csv(table: Table) -> bytes:
    # A byte-order mark, so Excel opens the UTF-8 with its accents intact.
    return ("\ufeff" + csv_text(csv_rows(table))).encode("utf-8")


# --- XLSX -------------------------------------------------------------------------------

_FILLS = [None] + [
    PatternFill("solid", fgColor=colour.lstrip("#").upper()) for colour in HEAT_COLOURS
]
_NUMBER_FORMATS = {
    Measure.PRESENCE: '"✓";"✓";""',  # 1 shows as a tick, 0 as nothing, as on the page
    **dict.fromkeys(PERCENTAGES, "0%"),
}


def _words(text: str) -> str:
    """People's words in a cell: without what XML cannot hold, never read as a formula
    (openpyxl stores a string starting with "=" as one)."""
    return neutralise(xml_safe(text))


def _put(cell, measure: str, value: Value, *, bold: bool = False) -> None:
    if value.number is None:
        cell.value = "–"  # no meaning here, as on the page
        cell.alignment = Alignment(horizontal="right")
    else:
        # A percentage is stored as a fraction under a % format, so it stays a number.
        cell.value = value.number / 100 if measure in PERCENTAGES else round(value.number)
        cell.number_format = _NUMBER_FORMATS.get(measure, "#,##0")
    if value.heat:
        cell.fill = _FILLS[value.heat]
    cell.font = Font(bold=bold, color="FFFFFF" if value.heat >= DARK_FROM else None)


def table_xlsx(table: Table, *, title: str, about: list[tuple[str, str]]) -> bytes:
    """The table on a first sheet (numbers as numbers, the page's shading as fills,
    totals in bold) and what it counts on a second: the query, its filters, when it
    was counted, the notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Matrix"
    sheet["A1"] = _words(title)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = heading(table)
    top = 4
    header = ["", *(_words(c.label) for c in table.columns), "Total"]
    for index, label in enumerate(header, 1):
        cell = sheet.cell(row=top, column=index, value=label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="center")
    measure = table.measure
    lines = [(row.label, values, total) for row, values, total in table.body]
    lines.append(("Total", table.column_totals, table.total))
    for offset, (label, values, total) in enumerate(lines, 1):
        line = top + offset
        last = offset == len(lines)
        sheet.cell(row=line, column=1, value=_words(label)).font = Font(bold=True)
        for index, value in enumerate(values, 2):
            _put(sheet.cell(row=line, column=index), measure, value, bold=last)
        _put(sheet.cell(row=line, column=len(values) + 2), measure, total, bold=True)
    for offset, note in enumerate(table.notes, top + len(lines) + 2):
        sheet.cell(row=offset, column=1, value=note).font = Font(italic=True)
    longest = max((len(label) for label, _values, _total in lines), default=10)
    sheet.column_dimensions["A"].width = min(60, max(14, longest + 2))
    for index, label in enumerate(header[1:], 2):
        sheet.column_dimensions[get_column_letter(index)].width = min(24, max(10, len(label) + 2))
    sheet.freeze_panes = sheet.cell(row=top + 1, column=2)

    sheet = book.create_sheet("About")
    for line, (name, text) in enumerate(about, 1):
        sheet.cell(row=line, column=1, value=name).font = Font(bold=True)
        sheet.cell(row=line, column=2, value=_words(text)).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _filters(query: MatrixQuery) -> str:
    """The query's filters in words, names in place of ids."""
    filters = query.filters or {}
    parts = []
    if filters.get("sites"):
        names = Site.objects.filter(pk__in=filters["sites"]).values_list("name", flat=True)
        parts.append("sites: " + ", ".join(sorted(names)))
    if filters.get("roles"):
        roles = Role.objects.filter(pk__in=filters["roles"]).order_by("position", "pk")
        parts.append("roles: " + ", ".join(f"{r.label} ({r.code})" for r in roles))
    if filters.get("modes"):
        labels = dict(SessionMode.choices)
        parts.append("modes: " + ", ".join(str(labels[m]) for m in filters["modes"]))
    if filters.get("coders"):
        users = User.objects.filter(pk__in=filters["coders"])
        parts.append("coders: " + ", ".join(sorted(u.get_username() for u in users)))
    if filters.get("coded_from"):
        parts.append(f"coded from {filters['coded_from']}")
    if filters.get("coded_to"):
        parts.append(f"coded until {filters['coded_to']}")
    return "; ".join(parts) or "none"


def about(query: MatrixQuery, result: MatrixResult, table: Table) -> list[tuple[str, str]]:
    """What a downloaded table counts, for the file's second sheet."""
    # The query's nodes, whichever way the table is turned.
    nodes = table.columns if table.transposed else table.rows
    if query.columns == Columns.ATTRIBUTE and query.attribute is not None:
        columns = f"answers to “{query.attribute.label}”"
        if query.bands:
            columns += " in bands " + ", ".join(band["label"] for band in query.bands)
    else:
        columns = query.get_columns_display()
    counted = timezone.localtime(result.built_at).isoformat(timespec="seconds")
    lines = [
        ("Matrix", query.name), ("Study", query.study.title), ("Measure", heading(table)),
        ("Nodes", "; ".join(h.label for h in nodes) or "none"), ("Against", columns),
        ("Filters", _filters(query)), ("Counted at", counted),
    ]  # fmt: skip
    lines += [("Note", note) for note in table.notes]
    return lines


# --- The heat map -----------------------------------------------------------------------

CHART_DPI = 100
ROW_LABEL_CHARS = 36  # a row label's line; two lines at most, then "…"
COLUMN_LABEL_CHARS = 14  # a column label's line; three lines at most
ROW_HEIGHT = 0.42  # inches
COLUMN_WIDTH = 1.15  # with its label written across; narrower when labels stand upright
UPRIGHT_WIDTH = 0.55
UPRIGHT_FROM = 13  # columns from which their labels are turned upright
LARGEST = 40.0  # inches either way: a 300-row matrix is squeezed, not 12,000 px tall
POINTS = 72  # per inch


@dataclass(frozen=True)
class Layout:
    """The chart's size in inches, and the room each row and column gets in points,
    from which the labels' and values' type sizes follow."""

    width: float
    height: float
    row_pitch: float
    column_pitch: float
    upright: bool

    @property
    def row_lines(self) -> int:
        return 2 if self.row_pitch >= 22 else 1

    @property
    def row_font(self) -> float:
        return min(9.0, 0.75 * self.row_pitch / self.row_lines)

    @property
    def column_font(self) -> float:
        return min(8.0, 0.75 * self.column_pitch) if self.upright else 8.0

    @property
    def value_font(self) -> float | None:
        """None where a cell is too small to write in: the colour says it there."""
        room = min(self.row_pitch, self.column_pitch / 2)
        return min(9.0, 0.6 * room) if room >= 11 else None


def layout(table: Table) -> Layout:
    upright = len(table.columns) >= UPRIGHT_FROM
    longest_row = max((min(len(h.label), ROW_LABEL_CHARS) for h in table.rows), default=4)
    labels = 0.3 + 0.075 * longest_row
    header = 1.0 + (1.6 if upright else 0.6)  # the title, then the column labels
    around = labels + 1.8  # the row labels, and the colour bar
    column_width = UPRIGHT_WIDTH if upright else COLUMN_WIDTH
    width = min(LARGEST, max(5.0, around + column_width * len(table.columns)))
    height = min(LARGEST, max(3.0, header + ROW_HEIGHT * len(table.rows)))
    return Layout(
        width=width, height=height, upright=upright,
        row_pitch=POINTS * (height - header) / max(1, len(table.rows)),
        column_pitch=POINTS * (width - around) / max(1, len(table.columns)),
    )  # fmt: skip


def _wrapped(label: str, width: int, lines: int) -> str:
    parts = textwrap.wrap(label, width, break_long_words=True, max_lines=lines, placeholder="…")
    return "\n".join(parts) or " "


def table_chart(table: Table, *, title: str, fmt: str) -> bytes:
    """The cells as a heat map in the page's blues with the values written in them, row
    and column labels (long ones wrapped, then cut), a colour bar, and the title;
    sized to the table. Totals are left out: they would set the scale."""
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.figure import Figure as Plot

    if fmt not in ("png", "svg"):
        raise ValueError(f"No chart as {fmt}.")
    rows, columns = len(table.rows), len(table.columns)
    size = layout(table)
    plot = Plot(figsize=(size.width, size.height), dpi=CHART_DPI, layout="constrained")
    plot.suptitle(f"{title}\n{heading(table)}", fontsize=11, x=0.02, ha="left")
    axes = plot.subplots()
    if not rows or not columns:
        axes.set_axis_off()
        axes.text(0.5, 0.5, "Nothing to count yet", ha="center", va="center")
        return _saved(plot, fmt)
    numbers = [
        [float("nan") if v.number is None else v.number for v in line] for line in table.values
    ]
    largest = max((v.number or 0 for line in table.values for v in line), default=0) or 1
    colours = LinearSegmentedColormap.from_list("heat", ["#ffffff", *HEAT_COLOURS])
    if table.measure == Measure.PRESENCE:  # two colours, as coded or not is all it says
        colours = colours.resampled(2)
    image = axes.imshow(
        numbers, cmap=colours.with_extremes(bad="#eeeeee"), vmin=0, vmax=largest, aspect="auto"
    )
    row_labels = [_wrapped(h.label, ROW_LABEL_CHARS, size.row_lines) for h in table.rows]
    axes.set_yticks(range(rows), row_labels, fontsize=size.row_font)
    if size.upright:
        labels = [_wrapped(h.label, 2 * COLUMN_LABEL_CHARS, 1) for h in table.columns]
        axes.set_xticks(range(columns), labels, fontsize=size.column_font, rotation=90)
    else:
        labels = [_wrapped(h.label, COLUMN_LABEL_CHARS, 3) for h in table.columns]
        axes.set_xticks(range(columns), labels, fontsize=size.column_font)
    axes.xaxis.tick_top()
    axes.spines[:].set_visible(False)
    # White lines between the cells, as the page's table has.
    axes.set_xticks([x - 0.5 for x in range(1, columns)], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    axes.grid(which="minor", color="white", linewidth=min(1.5, size.row_pitch / 8))
    axes.tick_params(which="both", length=0)
    if size.value_font:
        for y, line in enumerate(table.values):
            for x, value in enumerate(line):
                axes.text(
                    x, y, value.text, ha="center", va="center", fontsize=size.value_font,
                    color="white" if value.heat >= DARK_FROM else "#1a1a1a",
                )  # fmt: skip
    bar = plot.colorbar(image, ax=axes, shrink=0.8, pad=0.02)
    bar.set_label(table.measure_label, fontsize=9)
    if table.measure in PERCENTAGES:
        bar.ax.yaxis.set_major_formatter("{x:.0f}%")
    elif table.measure == Measure.PRESENCE:
        bar.set_ticks([0.25, 0.75], labels=["not coded", "coded"])
    return _saved(plot, fmt)


def _saved(plot, fmt: str) -> bytes:
    buffer = io.BytesIO()
    # No creation date or software in the file, so the same table draws the same bytes.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    plot.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
