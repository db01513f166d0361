"""Sample characteristics: the "Table 1 and 2" of a paper, one table per participant role.

The sample is the participants of a role who consented, are scheduled or were
interviewed; people who declined, withdrew or were only identified or approached are
left out, so a withdrawal is honoured here too. Each question of the information form
asked of the role is summarised over that sample.

Disclosure control. In samples this small a cell that describes one or two people can
identify them, so every count of 1 or 2 is flagged (0 and 3+ are not). Figures that are
not counts are flagged by the same rule, counting the people behind them:

- the mean (SD) and median of a number, when only 1 or 2 people answered;
- the range of a number (or of a date), when the lowest or the highest value belongs to
  1 or 2 people. That is what "the oldest worker was 64" gives away, and it is why
  banding is suggested for numbers.

An attribute with anything flagged carries one plain-English suggestion. Free text is
never tabulated, so only its n and missing are shown and nothing is flagged.

The caller checks access: this module reads whatever study it is given.
"""

import io
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .models import (
    AttributeDefinition,
    AttributeKind,
    AttributeValue,
    Participant,
    RecruitmentStatus,
    Study,
)
from .spreadsheet import Figure, neutralise
from .text import xml_safe

SAMPLE_STATUSES = (
    RecruitmentStatus.CONSENTED,
    RecruitmentStatus.SCHEDULED,
    RecruitmentStatus.INTERVIEWED,
)
# Fewer people than this in a cell may identify them.
SMALLEST_SAFE_COUNT = 3

MERGE_SUGGESTION = "Merge small categories so that no group has fewer than 3 people."
BAND_SUGGESTION = (
    "Band the values (for example into age groups) so that no group has fewer than 3 people."
)
WIDEN_SUGGESTION = "Widen or merge the bands so that no band has fewer than 3 people."
RANGE_SUGGESTION = (
    "Report the bands and leave out the range: the lowest or highest value belongs to "
    "fewer than 3 people."
)
DATE_SUGGESTION = "Leave out the earliest and latest dates: each belongs to fewer than 3 people."
FEW_ANSWERS_SUGGESTION = (
    "Fewer than 3 people answered, so any figure here describes individuals: "
    'report it as "fewer than 3" instead.'
)

OTHER_BAND = "Other"
CSV_HEADER = ["Characteristic", "Category", "Value", "Disclosure risk", "Suggestion"]
SMALL_COUNT_NOTE = "Fewer than 3 people"
FEW_ANSWERS_NOTE = "Fewer than 3 people answered"
EXTREME_NOTE = "Lowest or highest value belongs to fewer than 3 people"
# A figure that is a single number, such as a median or a count.
NUMBER = re.compile(r"-?\d+(\.\d+)?")
FLAG_FILL = PatternFill(fill_type="solid", start_color="FFE0B2", end_color="FFE0B2")


def _small(count: int) -> bool:
    return 0 < count < SMALLEST_SAFE_COUNT


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class CountRow:
    """One category (option, merged group or number band) and how many are in it."""

    label: str
    count: int
    percent: float | None  # of those who answered; None when nobody did
    flagged: bool

    @property
    def display(self) -> str:
        if self.percent is None:
            return str(self.count)
        return f"{self.count} ({_one_decimal(self.percent)}%)"


@dataclass
class NumberStats:
    mean: float
    sd: float | None  # sample SD (n - 1); None below 2 answers
    median: float
    minimum: float
    maximum: float
    centre_flagged: bool  # mean, SD and median of only 1 or 2 people
    range_flagged: bool  # the lowest or highest value belongs to 1 or 2 people

    @property
    def mean_sd(self) -> str:
        sd = "–" if self.sd is None else _one_decimal(self.sd)
        return f"{_one_decimal(self.mean)} ({sd})"

    @property
    def range(self) -> str:
        return f"{_one_decimal(self.minimum)}–{_one_decimal(self.maximum)}"


@dataclass
class DateRange:
    earliest: date
    latest: date
    flagged: bool  # the earliest or latest date belongs to 1 or 2 people

    @property
    def display(self) -> str:
        return f"{self.earliest.isoformat()} to {self.latest.isoformat()}"


@dataclass
class AttributeSummary:
    attribute_id: int
    label: str
    kind: str  # an AttributeKind value
    n: int  # answered
    missing: int  # in the sample but did not answer
    rows: list[CountRow] = field(default_factory=list)
    number: NumberStats | None = None
    dates: DateRange | None = None
    suggestion: str = ""

    @property
    def flagged(self) -> bool:
        return (
            any(row.flagged for row in self.rows)
            or (self.number is not None and self.number.range_flagged)
            or (self.dates is not None and self.dates.flagged)
        )


@dataclass
class RoleTable:
    role_id: int
    role_code: str
    role_label: str
    sample_size: int  # the paper's N
    attributes: list[AttributeSummary] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return any(attribute.flagged for attribute in self.attributes)


# --- Reading answers ---------------------------------------------------------------------


def _answer(kind: str, value):
    """The usable form of a stored answer, or None when it counts as missing.

    Services store only clean answers, but a value of the wrong shape (left from an
    older form, or written by hand) is counted as missing rather than breaking the page.
    """
    if kind in (AttributeKind.TEXT, AttributeKind.SINGLE):
        return value if isinstance(value, str) and value.strip() else None
    if kind == AttributeKind.MULTIPLE:
        if not isinstance(value, list):
            return None
        # An empty list is nobody ticking anything, which is no answer to the question.
        picked = list(dict.fromkeys(option for option in value if isinstance(option, str)))
        return picked or None
    if kind == AttributeKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value) if math.isfinite(value) else None
    if kind == AttributeKind.DATE:
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None
    return None


def _row(label: str, count: int, n: int) -> CountRow:
    percent = 100 * count / n if n else None
    return CountRow(label=label, count=count, percent=percent, flagged=_small(count))


# --- Choices -----------------------------------------------------------------------------


def _choice_groups(groups) -> list[tuple[str, list[str]]]:
    if not isinstance(groups, list):
        return []
    return [
        (str(group[0]), [str(option) for option in group[1]])
        for group in groups
        if isinstance(group, list | tuple) and len(group) == 2 and isinstance(group[1], list)
    ]


def _choice_rows(
    attribute: AttributeDefinition, answers: list[list[str]], n: int
) -> list[CountRow]:
    """Groups first, in their order, then ungrouped options in form order.

    Options answered but no longer on the form come last, so the rows of a single choice
    always add up to n. An option listed in two groups counts in the first only.
    """
    group_of: dict[str, str] = {}
    labels: list[str] = []
    for label, options in _choice_groups(attribute.groups):
        labels.append(label)
        for option in options:
            group_of.setdefault(option, label)
    for option in attribute.choices:
        if option not in group_of and option not in labels:
            labels.append(option)
    answered = {option for answer in answers for option in answer}
    labels += sorted(answered - set(group_of) - set(labels))
    # A set per person: someone ticking two options of one group is one person in it.
    counts = Counter(
        label for answer in answers for label in {group_of.get(option, option) for option in answer}
    )
    return [_row(label, counts[label], n) for label in labels]


# --- Numbers and dates -------------------------------------------------------------------


def _bound(value) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _bands(groups) -> list[tuple[str, float | None, float | None]]:
    if not isinstance(groups, list):
        return []
    return [
        (str(group[0]), _bound(group[1]), _bound(group[2]))
        for group in groups
        if isinstance(group, list | tuple) and len(group) == 3
    ]


def _band_rows(groups, values: list[float], n: int) -> list[CountRow]:
    """Bounds are inclusive and None is open-ended; a value in two bands counts in the
    first, and values in none make an "Other" row (shown only when someone is in it)."""
    bands = _bands(groups)
    if not bands:
        return []
    counts = [0] * len(bands)
    other = 0
    for value in values:
        for index, (_label, low, high) in enumerate(bands):
            if (low is None or value >= low) and (high is None or value <= high):
                counts[index] += 1
                break
        else:
            other += 1
    rows = [
        _row(label, count, n) for (label, _low, _high), count in zip(bands, counts, strict=True)
    ]
    if other:
        rows.append(_row(OTHER_BAND, other, n))
    return rows


def _extremes_small(values: list) -> bool:
    counts = Counter(values)
    return _small(counts[min(values)]) or _small(counts[max(values)])


def _number_stats(values: list[float]) -> NumberStats | None:
    if not values:
        return None
    return NumberStats(
        mean=statistics.fmean(values),
        sd=statistics.stdev(values) if len(values) >= 2 else None,
        median=float(statistics.median(values)),
        minimum=min(values),
        maximum=max(values),
        centre_flagged=_small(len(values)),
        range_flagged=_extremes_small(values),
    )


# --- Summaries ---------------------------------------------------------------------------


def _suggestion(summary: AttributeSummary, banded: bool) -> str:
    if not summary.flagged:
        return ""
    if summary.n < SMALLEST_SAFE_COUNT:
        # Merging or banding cannot help when the whole question has 1 or 2 answers.
        return FEW_ANSWERS_SUGGESTION
    if summary.kind in (AttributeKind.SINGLE, AttributeKind.MULTIPLE):
        return MERGE_SUGGESTION
    if summary.kind == AttributeKind.DATE:
        return DATE_SUGGESTION
    if any(row.flagged for row in summary.rows):
        return WIDEN_SUGGESTION
    return RANGE_SUGGESTION if banded else BAND_SUGGESTION


def _summarise(
    attribute: AttributeDefinition, raw_values: list, sample_size: int
) -> AttributeSummary:
    answers = [a for a in (_answer(attribute.kind, v) for v in raw_values) if a is not None]
    n = len(answers)
    summary = AttributeSummary(
        attribute_id=attribute.pk,
        label=attribute.label,
        kind=attribute.kind,
        n=n,
        missing=sample_size - n,
    )
    banded = False
    if attribute.kind == AttributeKind.SINGLE:
        summary.rows = _choice_rows(attribute, [[answer] for answer in answers], n)
    elif attribute.kind == AttributeKind.MULTIPLE:
        summary.rows = _choice_rows(attribute, answers, n)
    elif attribute.kind == AttributeKind.NUMBER:
        summary.number = _number_stats(answers)
        summary.rows = _band_rows(attribute.groups, answers, n)
        banded = bool(_bands(attribute.groups))
    elif attribute.kind == AttributeKind.DATE and answers:
        summary.dates = DateRange(
            earliest=min(answers), latest=max(answers), flagged=_extremes_small(answers)
        )
    summary.suggestion = _suggestion(summary, banded)
    return summary


def sample_tables(*, study: Study) -> list[RoleTable]:
    """One table per role of the study, in role order, in four queries however many
    participants, questions and answers there are."""
    roles = list(study.roles.all())
    attributes = list(AttributeDefinition.objects.filter(study=study))
    in_sample = {"study": study, "status__in": SAMPLE_STATUSES}
    # order_by() drops the default ordering, whose join to roles nothing here needs.
    people_by_role: dict[int, list[int]] = {}
    for participant_id, role_id in (
        Participant.objects.filter(**in_sample).order_by().values_list("pk", "role_id")
    ):
        people_by_role.setdefault(role_id, []).append(participant_id)
    answers: dict[tuple[int, int], object] = {
        (participant_id, attribute_id): value
        for participant_id, attribute_id, value in AttributeValue.objects.filter(
            **{f"participant__{key}": value for key, value in in_sample.items()}
        ).values_list("participant_id", "attribute_id", "value")
    }
    tables = []
    for role in roles:
        people = people_by_role.get(role.pk, [])
        tables.append(
            RoleTable(
                role_id=role.pk,
                role_code=role.code,
                role_label=role.label,
                sample_size=len(people),
                attributes=[
                    _summarise(
                        attribute,
                        [answers.get((person, attribute.pk)) for person in people],
                        len(people),
                    )
                    for attribute in attributes
                    if attribute.asked_of(role)
                ],
            )
        )
    return tables


# --- CSV and XLSX ------------------------------------------------------------------------


@dataclass
class _Line:
    cells: list[str]
    flagged: bool = False
    heading: bool = False


def _attribute_lines(summary: AttributeSummary) -> list[_Line]:
    # Values are Figures (computed here); categories that are options or band labels
    # were written by people, so only those are neutralised on the way out.
    body: list[tuple[str, str, str]] = []  # category, value, disclosure note
    if summary.number is not None:
        stats = summary.number
        centre_note = FEW_ANSWERS_NOTE if stats.centre_flagged else ""
        body.append(("Mean (SD)", Figure(stats.mean_sd), centre_note))
        body.append(("Median", Figure(_one_decimal(stats.median)), centre_note))
        body.append(("Range", Figure(stats.range), EXTREME_NOTE if stats.range_flagged else ""))
    if summary.dates is not None:
        dates = summary.dates
        body.append(("Range", Figure(dates.display), EXTREME_NOTE if dates.flagged else ""))
    for row in summary.rows:
        body.append((row.label, Figure(row.display), SMALL_COUNT_NOTE if row.flagged else ""))
    body.append(("n / missing", Figure(f"{summary.n} / {summary.missing}"), ""))
    lines = [
        _Line(cells=["", category, value, note, ""], flagged=bool(note))
        for category, value, note in body
    ]
    # The label and the suggestion once, on the first line, as a paper's table shows them.
    lines[0].cells[0] = summary.label
    lines[0].cells[4] = summary.suggestion
    return lines


def _role_lines(table: RoleTable) -> list[_Line]:
    heading = _Line(
        cells=[
            f"{table.role_label} ({table.role_code})",
            "",
            Figure(f"N = {table.sample_size}"),
            "",
            "",
        ],  # fmt: skip
        heading=True,
    )
    return [heading] + [line for summary in table.attributes for line in _attribute_lines(summary)]


def tables_csv_rows(tables: list[RoleTable]) -> list[list[str]]:
    """Rows for studies.spreadsheet.csv_text/csv_response, which neutralise formulas: a
    header, then a block per role, blocks parted by an empty row."""
    rows: list[list[str]] = [list(CSV_HEADER)]
    for index, table in enumerate(tables):
        if index:
            rows.append([""] * len(CSV_HEADER))
        rows += [line.cells for line in _role_lines(table)]
    return rows


def _sheet_title(code: str, index: int) -> str:
    # Excel refuses these characters and titles over 31 characters in sheet names.
    title = "".join("_" if char in "[]:*?/\\" else char for char in xml_safe(code))[:31]
    return title or f"Role {index + 1}"


def _cell(value: str) -> str | int | float | None:
    """A cell's value: a figure that is one number goes in as that number (so that a
    spreadsheet can sum or format it), other figures as they are, and text people
    wrote neutralised, as in the CSV."""
    if value == "":
        return None
    if isinstance(value, Figure) and NUMBER.fullmatch(value):
        return float(value) if "." in value else int(value)
    return xml_safe(neutralise(value))


def _write_sheet(sheet: Worksheet, lines: list[_Line]) -> None:
    sheet.append([_cell(text) for text in CSV_HEADER])
    for line in lines:
        sheet.append([_cell(text) for text in line.cells])
        row = sheet.max_row
        for cell in sheet[row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.0"  # statistics to one decimal, as in the CSV
        if line.heading:
            for cell in sheet[row]:
                cell.font = Font(bold=True)
        if line.flagged:
            for cell in sheet[row][1:4]:
                cell.fill = FLAG_FILL
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in range(1, len(CSV_HEADER) + 1):
        longest = max(len(str(cell.value or "")) for cell in sheet[get_column_letter(column)])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 10), 60)
    for cell in sheet["E"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def tables_xlsx(tables: list[RoleTable]) -> bytes:
    """A workbook with one sheet per role (titled by role code), the same lines as the
    CSV, flagged cells filled light orange and the notes in their own columns."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate(tables):
        _write_sheet(
            workbook.create_sheet(_sheet_title(table.role_code, index)), _role_lines(table)
        )
    if not tables:
        # A workbook must have a sheet; a study without roles gets the bare header.
        _write_sheet(workbook.create_sheet("Sample"), [])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
