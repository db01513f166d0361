"""The thematic development table for a paper, as .docx (a landscape table) and .xlsx:
explanatory themes, sub-themes, descriptive themes, categories and codes side by side,
one column per kind from the top of the codebook down, each node on its own row in
the codebook's reading order with its name in its kind's column; then its segments
and participants in all and by role. The counts are coding.themes' (the thematic table
page's), rolled up: a row counts its own segments and everything below it."""

import io
from dataclasses import dataclass

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from coding import themes
from coding.models import NodeKind
from coding.selectors import node_list
from studies.models import Role, Study
from studies.spreadsheet import neutralise

from .writeup_docx import document_bytes, document_start, safe, today

# Kinds from the top of the codebook down, as the table's columns run left to right.
KIND_COLUMNS = (
    NodeKind.EXPLANATORY_THEME,
    NodeKind.SUB_THEME,
    NodeKind.DESCRIPTIVE_THEME,
    NodeKind.CATEGORY,
    NodeKind.CODE,
)
# Without sub-themes a codebook still shows the four levels of the analysis.
ALWAYS_SHOWN = frozenset(KIND_COLUMNS) - {NodeKind.SUB_THEME}
NOTE = (
    "Each row counts the segments coded with the node or anything below it, and the "
    "participants they come from, in all and by role."
)
EMPTY = "The codebook is empty: the table fills as codes are made and gathered into themes."


@dataclass
class ThemeTable:
    rows: list[themes.Row]
    roles: list[Role]
    kinds: list[str]

    @property
    def header(self) -> list[str]:
        names = [NodeKind(kind).label for kind in self.kinds]
        counts = ["Segments", "Participants"]
        for role in self.roles:
            counts += [f"{role.code} segments", f"{role.code} participants"]
        return names + counts

    def line(self, row: themes.Row) -> tuple[list[str], list[int]]:
        """A row's names (its own in its kind's column) and its counts."""
        names = [row.node.name if row.node.kind == kind else "" for kind in self.kinds]
        counts = [row.counts.segments, row.counts.participants]
        for role in self.roles:
            counts += list(row.counts.for_role(role.pk))
        return names, counts


def theme_table(study: Study) -> ThemeTable:
    """The study's codebook counted as the thematic table page counts it."""
    rows = themes.table_rows(
        nodes=list(node_list(study=study, counts=False)),
        counts=themes.node_rollup(study=study),
    )
    present = {row.node.kind for row in rows} | ALWAYS_SHOWN
    kinds = [kind for kind in KIND_COLUMNS if kind in present]
    return ThemeTable(rows=rows, roles=themes.study_roles(study=study), kinds=kinds)


# --- Word -------------------------------------------------------------------------------


def _repeat_as_header(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _cell(cell, text: str, *, bold: bool = False, number: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(8)
    if number:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def themes_docx(study: Study, table: ThemeTable) -> bytes:
    document = document_start(study, "Thematic development table")
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph(NOTE)
    if not table.rows:
        document.add_paragraph(EMPTY)
        return document_bytes(document)
    header = table.header
    named = len(table.kinds)
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, (cell, text) in enumerate(zip(grid.rows[0].cells, header, strict=True)):
        _cell(cell, safe(text), bold=True, number=index >= named)
    _repeat_as_header(grid.rows[0])
    for row in table.rows:
        names, counts = table.line(row)
        cells = grid.add_row().cells
        for cell, name in zip(cells, names, strict=False):
            _cell(cell, safe(name))
        for cell, count in zip(cells[named:], counts, strict=True):
            _cell(cell, str(count), number=True)
    return document_bytes(document)


# --- Excel ------------------------------------------------------------------------------

NAME_WIDTH = 30
COUNT_WIDTH = 13


def themes_xlsx(study: Study, table: ThemeTable) -> bytes:
    """The table on a first sheet (bold header row frozen above the rows, counts as
    numbers, rows grouped under their parents) and what it is on a second."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Thematic table"
    header = table.header
    named = len(table.kinds)
    sheet.append([safe(text) for text in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        names, counts = table.line(row)
        sheet.append([neutralise(safe(name)) for name in names] + counts)
        sheet.row_dimensions[sheet.max_row].outline_level = min(row.depth, 7)
    for index in range(1, len(header) + 1):
        width = NAME_WIDTH if index <= named else COUNT_WIDTH
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=2, max_col=named):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    about = book.create_sheet("About")
    for label, value in (
        ("Study", study.title),
        ("Table", "Thematic development table"),
        ("Made on", today()),
        ("Counts", NOTE),
        *((role.code, role.label) for role in table.roles),
        *([("Codebook", EMPTY)] if not table.rows else []),
    ):
        about.append([neutralise(safe(label)), neutralise(safe(value))])
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 90
    for cell in about["A"]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
