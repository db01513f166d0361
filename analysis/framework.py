"""Reads of framework matrices: the grid of cases by themes with each cell's summary
and segment count, the segments behind one cell, and the table as CSV and XLSX.

The grid is read in a fixed number of queries whatever its size: the codebook once
(the themes' descendants are found from it here, as a study holds hundreds of nodes),
the cases, the summaries, and one grouped count of segments by participant and node.
Segments are read through coding.selectors.segments_visible, so a coder on a
transcript being coded independently sees only their own there."""

import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from coding.models import CodedSegment, Node
from coding.selectors import segments_visible
from interviews.models import Transcript
from studies.access import StudyAccess
from studies.models import Dyad, Participant, User
from studies.spreadsheet import Figure, neutralise
from studies.text import xml_safe

from .models import CaseType, Framework, FrameworkSummary


@dataclass
class Case:
    """A row: a participant, or a dyad (keyed by its worker, as its summaries are)."""

    key: int  # the participant's id, or the dyad's worker's
    label: str
    people: tuple[Participant, ...]
    dyad: Dyad | None = None

    @property
    def description(self) -> str:
        if self.dyad is not None:
            return " and ".join(f"{p.pseudonym} ({p.role.label})" for p in self.people)
        person = self.people[0]
        return f"{person.pseudonym} ({person.role.label})"


@dataclass
class Theme:
    node: Node
    below: bool
    node_ids: set[int]

    @property
    def label(self) -> str:
        return self.node.name


@dataclass
class Cell:
    case: Case
    theme: Theme
    summary: FrameworkSummary | None
    segments: int

    @property
    def version(self) -> int:
        return self.summary.version if self.summary else 0


@dataclass
class Grid:
    framework: Framework
    themes: list[Theme]
    rows: list[tuple[Case, list[Cell]]] = field(default_factory=list)


def _descendants(nodes: list[Node]) -> dict[int, set[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node.pk)

    def below(pk: int) -> set[int]:
        found: set[int] = set()
        stack = list(children.get(pk, []))
        while stack:
            child = stack.pop()
            if child not in found:
                found.add(child)
                stack += children.get(child, [])
        return found

    return {node.pk: below(node.pk) for node in nodes}


def framework_themes(framework: Framework) -> list[Theme]:
    """The framework's themes in order, each with the nodes it gathers (itself and,
    when chosen, everything below it). A theme since deleted from the codebook is left
    out."""
    nodes = list(Node.objects.filter(study_id=framework.study_id))
    by_pk = {node.pk: node for node in nodes}
    below = _descendants(nodes)
    themes = []
    for chosen in framework.themes:
        node = by_pk.get(chosen["node"])
        if node is not None:
            ids = {node.pk} | (below[node.pk] if chosen.get("below") else set())
            themes.append(Theme(node=node, below=bool(chosen.get("below")), node_ids=ids))
    return themes


def framework_cases(framework: Framework) -> list[Case]:
    """The framework's rows: the study's participants who have a transcript, or its
    dyads where either person has one, in pseudonym order (role, then number). A
    participant whose data a withdrawal removed has no transcript left, so no row."""
    interviewed = Exists(Transcript.objects.filter(participant=OuterRef("pk")))
    if framework.cases == CaseType.DYADS:
        dyads = (
            Dyad.objects.filter(study_id=framework.study_id)
            .select_related("worker__role", "service_user__role")
            .order_by("worker__number", "pk")
        )
        having = set(
            Participant.objects.filter(study_id=framework.study_id)
            .filter(interviewed)
            .values_list("pk", flat=True)
        )
        return [
            Case(
                key=dyad.worker_id,
                label=f"{dyad.worker.pseudonym} and {dyad.service_user.pseudonym}",
                people=(dyad.worker, dyad.service_user),
                dyad=dyad,
            )  # fmt: skip
            for dyad in dyads
            if {dyad.worker_id, dyad.service_user_id} & having
        ]
    people = (
        Participant.objects.filter(study_id=framework.study_id)
        .filter(interviewed)
        .select_related("role")
        .order_by("role__position", "role_id", "number", "pk")
    )
    return [Case(key=p.pk, label=p.pseudonym, people=(p,)) for p in people]


def framework_grid(*, framework: Framework, user: User, access: StudyAccess) -> Grid:
    """Every case by every theme, each cell with its current summary and the number of
    coded segments behind it that this member may see."""
    themes = framework_themes(framework)
    cases = framework_cases(framework)
    summaries = {
        (s.participant_id, s.node_id): s
        for s in FrameworkSummary.objects.filter(framework=framework).select_related("edited_by")
    }
    owner = {person.pk: case.key for case in cases for person in case.people}
    every_node = set().union(*(theme.node_ids for theme in themes)) if themes else set()
    lines = (
        segments_visible(user=user, access=access)
        .filter(node_id__in=every_node, transcript__participant_id__in=list(owner))
        .values_list("transcript__participant_id", "node_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for person, node, n in lines:
        counts[(owner[person], node)] += n
    grid = Grid(framework=framework, themes=themes)
    for case in cases:
        cells = [
            Cell(
                case=case,
                theme=theme,
                summary=summaries.get((case.key, theme.node.pk)),
                segments=sum(counts.get((case.key, pk), 0) for pk in theme.node_ids),
            )  # fmt: skip
            for theme in themes
        ]
        grid.rows.append((case, cells))
    return grid


def find_case(framework: Framework, key: int) -> Case | None:
    return next((case for case in framework_cases(framework) if case.key == key), None)


def find_theme(framework: Framework, node_id: int) -> Theme | None:
    return next((t for t in framework_themes(framework) if t.node.pk == node_id), None)


def cell_segments(
    *, case: Case, theme: Theme, user: User, access: StudyAccess
) -> QuerySet[CodedSegment]:
    """The coded segments of one cell that this member may see: the case's people's,
    under the theme's nodes, in participant and text order."""
    return (
        segments_visible(user=user, access=access)
        .filter(
            node_id__in=theme.node_ids,
            transcript__participant_id__in=[person.pk for person in case.people],
        )
        .select_related("node", "coder")
        .order_by("transcript__participant__pseudonym", "transcript_id", "start", "end", "pk")
    )


# --- The table as a file -----------------------------------------------------------------


def export_rows(grid: Grid) -> list[list]:
    """The table as a paper's appendix would have it: one line per case and theme with
    the summary and who last edited it when. Counts are Figures (computed), summaries
    and names are people's words (neutralised in CSV)."""
    rows: list[list] = [
        ["Case", "Theme", "Summary", "Coded segments", "Version", "Last edited by",
         "Last edited at"],
    ]  # fmt: skip
    for case, cells in grid.rows:
        for cell in cells:
            summary = cell.summary
            rows.append([
                case.label, cell.theme.label, summary.text if summary else "",
                Figure(cell.segments), Figure(cell.version) if summary else "",
                summary.edited_by.get_username() if summary and summary.edited_by else "",
                timezone.localtime(summary.edited_at).isoformat(timespec="seconds")
                if summary else "",
            ])  # fmt: skip
    return rows


def _xlsx_value(value):
    """Counts as numbers; people's words without the characters XML cannot hold and
    never read as a formula (openpyxl would store "=..." as one)."""
    if isinstance(value, Figure):
        return int(value)
    return neutralise(xml_safe(value)) if isinstance(value, str) else value


def export_xlsx(grid: Grid) -> bytes:
    """Two sheets: the grid itself (cases by themes, a summary in each cell) and the
    long table with who edited each summary and when."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Framework"
    sheet.append(["Case"] + [_xlsx_value(theme.label) for theme in grid.themes])
    for case, cells in grid.rows:
        sheet.append(
            [_xlsx_value(case.label)]
            + [_xlsx_value(cell.summary.text if cell.summary else "") for cell in cells]
        )
    for column in range(2, len(grid.themes) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 48
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    long = book.create_sheet("Summaries")
    for line in export_rows(grid):
        long.append([_xlsx_value(value) for value in line])
    for header in (*sheet[1], *long[1]):
        header.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
