"""The analysis pack: one zip of what a paper's results section draws on, with a
README.txt that says what each file is. The files inside have plain, fixed names:

- the sample characteristics tables (CSV and XLSX, studies.sample's downloads),
- the thematic development table (XLSX and DOCX),
- the codebook as REFI-QDA (.qdc) when the REFI-QDA export is installed,
- the quotes report for every explanatory theme and what is below it, when there are
  explanatory themes,
- a chosen matrix as CSV, XLSX and a PNG heat map (analysis.exports, the matrix page's
  downloads). Its result must be current: a stale one is counted here and now, and if
  another worker is counting it already the pack waits for that, up to a minute.
"""

import io
import time
import zipfile
from collections.abc import Callable
from importlib import import_module

from coding.models import Node, NodeKind
from studies import access
from studies.sample import sample_tables, tables_csv_rows, tables_xlsx
from studies.spreadsheet import csv_text

from . import exports, services, table
from .models import ExchangeJob, MatrixQuery, MatrixResult, QueryKind, ResultStatus
from .services_exchange import Progress, Refused
from .views import result_is_current
from .writeup_docx import today
from .writeup_quotes import QuoteChoices, quotes_docx
from .writeup_themes import theme_table, themes_docx, themes_xlsx

MATRIX_WAIT_SECONDS = 60
CODEBOOK_BUILDER = "analysis.refi.export"

SMALL_COUNTS = "counts of 1 or 2 are flagged, as they may identify someone"
DESCRIPTIONS = {
    "sample-characteristics.csv": (
        f"The sample characteristics tables, one block per participant role; {SMALL_COUNTS}."
    ),
    "sample-characteristics.xlsx": (
        f"The same tables as a workbook, one sheet per participant role; {SMALL_COUNTS}."
    ),
    "thematic-table.xlsx": (
        "The thematic development table: explanatory themes, descriptive themes, "
        "categories and codes side by side, with segments and participants by role."
    ),
    "thematic-table.docx": "The same table in Word, on landscape pages.",
    "codebook.qdc": (
        "The codebook in the REFI-QDA standard, which NVivo, ATLAS.ti, MAXQDA and QualCoder open."
    ),
    "quotes.docx": (
        "Quotes for every explanatory theme and the nodes below it, tagged with "
        "pseudonyms; only participants who agreed to be quoted."
    ),
    "matrix.csv": "The matrix “{name}” as CSV, {measure}.",
    "matrix.xlsx": "The matrix “{name}” as a workbook, with what it counts on a second sheet.",
    "matrix.png": "The matrix “{name}” as a heat map.",
}


def _quiet(percent: int, step: str) -> None:
    """The progress of a part, which the pack's own steps already show."""


def _codebook(job: ExchangeJob) -> tuple[bytes | None, str]:
    """The .qdc from the REFI-QDA export, or why there is none."""
    try:
        build: Callable = import_module(CODEBOOK_BUILDER).codebook_build
    except (ImportError, AttributeError):
        return None, "codebook.qdc: not included, as this installation has no REFI-QDA export."
    try:
        _name, body = build(job, _quiet)
    except Refused as refusal:
        return None, f"codebook.qdc: not included ({refusal})."
    return body, ""


def _quotes(job: ExchangeJob) -> tuple[bytes | None, str]:
    themes = list(
        Node.objects.filter(study=job.study, kind=NodeKind.EXPLANATORY_THEME).values_list(
            "pk", flat=True
        )
    )
    if not themes:
        return None, "quotes.docx: not included, as the codebook has no explanatory theme yet."
    return quotes_docx(job.study, QuoteChoices(node_ids=themes), _quiet), ""


def _current_result(job: ExchangeJob, query: MatrixQuery) -> MatrixResult:
    """The query's result, counted now if the study changed since it was counted."""
    try:
        result = services.matrix_request(actor=job.created_by, query=query)
    except access.PermissionDenied as denied:
        raise Refused(str(denied)) from denied
    if result_is_current(result):
        return result
    services.matrix_build(result_id=result.pk)  # nothing to claim if a worker has it
    waited = 0.0
    while True:
        result.refresh_from_db()
        if result_is_current(result) or result.status == ResultStatus.FAILED:
            break
        if waited >= MATRIX_WAIT_SECONDS:
            raise Refused(
                f"“{query.name}” is still being counted: make the pack again in a minute."
            )
        time.sleep(1)
        waited += 1
    if not result_is_current(result):
        raise Refused(f"“{query.name}” could not be counted: {result.error or 'try again'}")
    return result


def _matrix(job: ExchangeJob, query_id: int, measure: str | None) -> tuple[dict, dict]:
    """The matrix's three files, and the words that fill in the README's lines."""
    query = (
        MatrixQuery.objects.filter(study=job.study, pk=query_id)
        .select_related("attribute", "study")
        .first()
    )
    if query is None:
        raise Refused("That matrix query is not one of this study's.")
    if query.kind != QueryKind.MATRIX:
        raise Refused(
            f"“{query.name}” is a {query.get_kind_display().split(':')[0].lower()}: the pack "
            "takes a matrix of nodes by role, site, dyad or another attribute."
        )
    result = _current_result(job, query)
    shown = table.build(query, result.counts, measure=measure or query.measure)
    files = {
        "matrix.csv": exports.table_csv(shown),
        "matrix.xlsx": exports.table_xlsx(
            shown, title=query.name, about=exports.about(query, result, shown)
        ),
        "matrix.png": exports.table_chart(shown, title=query.name, fmt="png"),
    }
    return files, {"name": query.name, "measure": exports.heading(shown).lower()}


def _readme(job: ExchangeJob, files: dict[str, bytes], words: dict, left_out: list[str]) -> str:
    made_by = job.created_by.get_full_name() or job.created_by.get_username()
    lines = [
        f"Analysis pack: {job.study.title}",
        f"Made on {today()} by {made_by}.",
        "",
        "Files",
        "README.txt: this list.",
    ]
    lines += [f"{name}: {DESCRIPTIONS[name].format(**words)}" for name in files]
    if left_out:
        lines += ["", "Left out", *left_out]
    return "\r\n".join(lines) + "\r\n"  # Windows' Notepad included


def pack_zip(
    job: ExchangeJob, *, query_id: int | None, measure: str | None, progress: Progress
) -> bytes:
    study = job.study
    files: dict[str, bytes] = {}
    words: dict = {}
    left_out: list[str] = []
    if query_id is not None:
        progress(5, "Counting the matrix")
        matrix_files, words = _matrix(job, query_id, measure)
    else:
        matrix_files = {}
        left_out.append("matrix: none was chosen.")
    progress(25, "Tabulating the sample")
    tables = sample_tables(study=study)
    files["sample-characteristics.csv"] = ("\ufeff" + csv_text(tables_csv_rows(tables))).encode()
    files["sample-characteristics.xlsx"] = tables_xlsx(tables)
    progress(40, "Counting the codebook")
    counted = theme_table(study)
    files["thematic-table.xlsx"] = themes_xlsx(study, counted)
    files["thematic-table.docx"] = themes_docx(study, counted)
    for step, percent, name, part in (
        ("Writing the codebook", 55, "codebook.qdc", _codebook),
        ("Gathering the quotes", 70, "quotes.docx", _quotes),
    ):
        progress(percent, step)
        body, why = part(job)
        if body is None:
            left_out.append(why)
        else:
            files[name] = body
    files.update(matrix_files)
    progress(90, "Packing")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(job, files, words, left_out).encode())
        for name, body in files.items():
            archive.writestr(name, body)
    return buffer.getvalue()
