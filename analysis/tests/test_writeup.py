"""Write-up exports: the quotes report and the thematic development table as Word and
Excel files, and the analysis pack, each made directly by its builder and through the
exchange job that runs it.

The study is analysis/tests/conftest.py's `known`: an explanatory theme holds a
category of two codes; Money has "She wanted her money back" from MHW1 and "We agreed
a plan" from SU1, Safety "her money back from the appointee" from MHW1; Team has
nothing."""

import csv
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from analysis import services, services_exchange, writeup, writeup_pack
from analysis.models import ExchangeJob, JobStatus, MatrixQuery, QueryKind
from analysis.services_exchange import Refused
from coding import services as coding_services
from coding import themes
from coding.models import CodedSegment, Node, TranscriptCoding
from coding.tests.conftest import code_words
from coding.tests.test_compare_pages import _refuse_quotation
from studies import access
from studies import services as study_services
from studies.models import AuditAction, AuditEvent, Study

from .conftest import Known

MONEY = "She wanted her money back"
SAFETY = "her money back from the appointee"
PLAN = "We agreed a plan"
QDC = b"<CodeBook/>"


def codebook_build(job, progress):
    """Stands in for analysis.refi.export's, where a test points the pack at it."""
    return "codebook.qdc", QDC


def _job(study, lead, kind: str, **options) -> ExchangeJob:
    return ExchangeJob(study=study, kind=kind, options=options, created_by=lead)


def _quiet(percent, step):
    pass


def _docx(body: bytes):
    return Document(io.BytesIO(body))


def _lines(body: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in _docx(body).paragraphs]


def _quotes(study, lead, **options) -> list[tuple[str, str]]:
    name, body = writeup.quotes_build(_job(study, lead, "quotes", **options), _quiet)
    assert name.endswith(".docx")
    return _lines(body)


def _quoted(lines) -> list[str]:
    return [text for style, text in lines if style == "Quote"]


@pytest.fixture
def defined(known: Known) -> Known:
    Node.objects.filter(pk=known.theme.pk).update(
        definition="Who decides about a person's money.",
        when_to_use="Talk of who holds the money.",
        when_not_to_use="Money as a worry in general.",
    )
    return known


# --- Quotes report --------------------------------------------------------------------


def test_quotes_report_has_title_headings_definitions_and_tagged_quotes(study, lead, defined):
    lines = _quotes(study, lead, nodes=[defined.theme.pk])
    assert lines[0] == ("Title", "Risk and recovery")
    assert lines[1][1].startswith("Quotes by theme · ")
    headings = [(style, text) for style, text in lines if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Control over money"),
        ("Heading 2", "Control"),
        ("Heading 3", "Money"),
        ("Heading 3", "Safety"),
    ]
    texts = [text for _style, text in lines]
    assert "Definition: Who decides about a person's money." in texts
    assert "When to use: Talk of who holds the money." in texts
    assert "When not to use: Money as a worry in general." in texts
    assert "Category: no definition written yet." in texts
    assert _quoted(lines) == [f"“{MONEY}” (MHW1)", f"“{PLAN}” (SU1)", f"“{SAFETY}” (MHW1)"]
    assert "No quote was left out." in " ".join(texts)


def test_quotes_report_without_below_quotes_only_the_chosen_node(study, lead, known):
    lines = _quotes(study, lead, nodes=[known.safety.pk], below=False)
    assert [t for s, t in lines if s.startswith("Heading")] == ["Safety"]
    assert _quoted(lines) == [f"“{SAFETY}” (MHW1)"]


def test_quotes_report_names_a_node_once_when_it_is_also_below_another_chosen(study, lead, known):
    lines = _quotes(study, lead, nodes=[known.money.pk, known.category.pk])
    assert [t for s, t in lines if s.startswith("Heading")] == ["Control", "Money", "Safety"]


def test_quotes_follow_the_studys_role_order_or_the_transcripts(study, lead, known):
    study.roles.filter(code="SU").update(position=0)
    study.roles.filter(code="MHW").update(position=1)
    by_role = _quoted(_quotes(study, lead, nodes=[known.money.pk], order="role"))
    assert by_role == [f"“{PLAN}” (SU1)", f"“{MONEY}” (MHW1)"]
    # MHW1's transcript was made first.
    by_transcript = _quoted(_quotes(study, lead, nodes=[known.money.pk], order="transcript"))
    assert by_transcript == [f"“{MONEY}” (MHW1)", f"“{PLAN}” (SU1)"]


def test_quotes_are_filtered_by_role(study, lead, known):
    su = study.roles.get(code="SU")
    lines = _quotes(study, lead, nodes=[known.theme.pk], roles=[su.pk])
    assert _quoted(lines) == [f"“{PLAN}” (SU1)"]
    assert any("Quotes of Service user (SU)" in text for _s, text in lines)


def test_quotes_of_someone_who_refused_quotation_are_left_out_and_counted(study, lead, known):
    _refuse_quotation(known.service_user, lead)
    lines = _quotes(study, lead, nodes=[known.theme.pk])
    assert _quoted(lines) == [f"“{MONEY}” (MHW1)", f"“{SAFETY}” (MHW1)"]
    texts = [text for _s, text in lines]
    # Under Money, and in all at the top; nobody is named.
    assert texts.count("1 quote left out: the participant did not agree to be quoted.") == 1
    assert any(
        t.endswith("1 quote left out: the participant did not agree to be quoted.")
        and t.startswith("Only participants who agreed")
        for t in texts
    )
    assert not any("SU1" in text for text in texts)


def test_a_withdrawn_participant_never_appears(study, lead, known):
    study_services.withdrawal_record(actor=lead, participant=known.worker, choice="keep")
    lines = _quotes(study, lead, nodes=[known.theme.pk])
    assert _quoted(lines) == [f"“{PLAN}” (SU1)"]
    assert not any("MHW1" in text for _s, text in lines)


def test_the_same_passage_coded_by_two_coders_is_quoted_once(study, lead, known):
    code_words(lead, known.worker_transcript, known.money, MONEY)
    assert _quoted(_quotes(study, lead, nodes=[known.money.pk])).count(f"“{MONEY}” (MHW1)") == 1


def test_quotes_of_independently_coded_transcripts_are_all_exported(study, lead, researcher, known):
    TranscriptCoding.objects.create(transcript=known.worker_transcript, independent=True)
    quoted = _quoted(_quotes(study, researcher, nodes=[known.money.pk, known.safety.pk]))
    assert f"“{MONEY}” (MHW1)" in quoted and f"“{SAFETY}” (MHW1)" in quoted


def test_control_characters_in_names_and_quotes_do_not_break_the_report(study, lead, known):
    Node.objects.filter(pk=known.money.pk).update(name="Mo\x0bney", definition="Cash\x01 flow")
    CodedSegment.objects.filter(text=MONEY).update(text="She wanted\x0c her money\x1f back")
    lines = _quotes(study, lead, nodes=[known.money.pk])
    assert ("Heading 1", "Money") in lines
    assert ("Normal", "Definition: Cash flow") in lines
    assert f"“{MONEY}” (MHW1)" in _quoted(lines)


def test_quotes_report_reads_in_the_same_number_of_queries_however_many_quotes(
    study, lead, coder, known
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _quotes(study, lead, nodes=[known.theme.pk])
        return len(captured)

    before = queries()
    code_words(coder, known.service_user_transcript, known.safety, "plan with the team")
    code_words(coder, known.worker_transcript, known.category, "I felt it was safe")
    assert queries() == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "Choose at least one theme or code to quote."),
        ({"nodes": []}, "Choose at least one theme or code to quote."),
        ({"nodes": "1"}, "The themes to quote should be a list of ids."),
        ({"nodes": ["x"]}, "“x” is not one"),
        ({"nodes": [999999]}, "not in this study's codebook"),
        ({"nodes": ["THEME"], "order": "alphabet"}, "Order the quotes by"),
        ({"nodes": ["THEME"], "below": "yes"}, "“below” should be true or false."),
        ({"nodes": ["THEME"], "roles": [999999]}, "not roles of this study"),
        ({"nodes": ["THEME"], "colour": "red"}, "Unknown options: colour"),
    ],
)
def test_bad_quote_options_are_refused_with_a_message(study, lead, known, options, message):
    options = {
        key: [known.theme.pk if item == "THEME" else item for item in value]
        if isinstance(value, list)
        else value
        for key, value in options.items()
    }
    with pytest.raises(Refused, match=message):
        writeup.quotes_build(_job(study, lead, "quotes", **options), _quiet)


def test_a_node_of_another_study_is_refused(study, lead, known, outsider):
    other = Study.objects.get(title="Another team's study")
    theirs = coding_services.node_create(actor=outsider, study=other, name="Theirs")
    with pytest.raises(Refused, match="not in this study's codebook"):
        writeup.quotes_build(_job(study, lead, "quotes", nodes=[known.money.pk, theirs.pk]), _quiet)


# --- Thematic development table ---------------------------------------------------------


COLUMNS = ["Explanatory theme", "Descriptive theme", "Category", "Code"]
COUNTS = ["Segments", "Participants", "MHW segments", "MHW participants",
          "SU segments", "SU participants"]  # fmt: skip


def _expected(study, known) -> list[list]:
    """The rows as coding.themes counts them: the table's source of truth."""
    counted = themes.node_rollup(study=study)
    roles = themes.study_roles(study=study)
    lines = []
    for node, column in ((known.theme, 0), (known.category, 2), (known.money, 3),
                         (known.safety, 3), (known.team, 3)):  # fmt: skip
        names = [None] * 4
        names[column] = node.name
        counts = counted.get(node.pk, themes.Counts())
        numbers = [counts.segments, counts.participants]
        for role in roles:
            numbers += list(counts.for_role(role.pk))
        lines.append(names + numbers)
    return lines


def test_thematic_table_xlsx_puts_levels_side_by_side_with_the_codebooks_counts(study, lead, known):
    name, body = writeup.themes_xlsx_build(_job(study, lead, "themes_xlsx"), _quiet)
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(body))["Thematic table"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS + COUNTS
    assert rows[1:] == _expected(study, known)
    # Hand-counted for the known tree: the theme holds all three segments.
    assert rows[1][4:] == [3, 2, 2, 1, 1, 1]
    assert rows[3][4:] == [2, 2, 1, 1, 1, 1]  # Money
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["E"].width == 13


def test_thematic_table_shows_sub_themes_when_there_are_some(study, lead, known):
    coding_services.node_create(
        actor=lead, study=study, name="Holding", kind="sub_theme", parent=known.theme
    )
    _name, body = writeup.themes_xlsx_build(_job(study, lead, "themes_xlsx"), _quiet)
    header = next(load_workbook(io.BytesIO(body))["Thematic table"].iter_rows(values_only=True))
    assert list(header[:5]) == ["Explanatory theme", "Sub-theme", *COLUMNS[1:]]


def test_thematic_table_docx_is_a_landscape_table_of_the_same_rows(study, lead, known):
    name, body = writeup.themes_docx_build(_job(study, lead, "themes_docx"), _quiet)
    assert name.endswith(".docx")
    document = _docx(body)
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[0].page_width > document.sections[0].page_height
    grid = document.tables[0]
    cells = [[cell.text for cell in row.cells] for row in grid.rows]
    assert cells[0] == COLUMNS + COUNTS
    expected = [
        [name or "" for name in row[:4]] + [str(n) for n in row[4:]]
        for row in _expected(study, known)
    ]
    assert cells[1:] == expected


def test_an_empty_codebook_makes_a_table_that_says_so(study, lead):
    _name, body = writeup.themes_docx_build(_job(study, lead, "themes_docx"), _quiet)
    assert not _docx(body).tables
    assert any("The codebook is empty" in text for _s, text in _lines(body))


def test_thematic_table_takes_no_options(study, lead, known):
    with pytest.raises(Refused, match="Unknown options: nodes"):
        writeup.themes_xlsx_build(_job(study, lead, "themes_xlsx", nodes=[1]), _quiet)


# --- Analysis pack ----------------------------------------------------------------------


@pytest.fixture
def matrix(study, lead, known, django_capture_on_commit_callbacks) -> MatrixQuery:
    """The theme (and below) by role, counted."""
    query = services.matrix_query_create(
        actor=lead, study=study, name="Control: by role",
        rows=[{"node": known.theme.pk, "below": True}],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.matrix_request(actor=lead, query=query)
    return query


def _pack(study, lead, **options) -> tuple[zipfile.ZipFile, list[str]]:
    name, body = writeup.pack_build(_job(study, lead, "pack", **options), _quiet)
    assert name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(body))
    return archive, archive.read("README.txt").decode().splitlines()


def _matrix_csv(archive) -> list[list[str]]:
    return list(csv.reader(io.StringIO(archive.read("matrix.csv").decode("utf-8-sig"))))


def test_pack_holds_its_files_and_a_readme_naming_each(study, lead, known, matrix, monkeypatch):
    monkeypatch.setattr(writeup_pack, "CODEBOOK_BUILDER", __name__)
    archive, readme = _pack(study, lead, query=matrix.pk)
    members = archive.namelist()
    assert members == [
        "README.txt", "sample-characteristics.csv", "sample-characteristics.xlsx",
        "thematic-table.xlsx", "thematic-table.docx", "codebook.qdc", "quotes.docx",
        "matrix.csv", "matrix.xlsx", "matrix.png",
    ]  # fmt: skip
    assert readme[0] == "Analysis pack: Risk and recovery"
    described = {line.split(": ", 1)[0] for line in readme if ": " in line}
    assert set(members) <= described
    assert "matrix.csv: The matrix “Control: by role” as CSV, coded segments." in readme
    assert archive.read("codebook.qdc") == QDC
    assert archive.read("matrix.png").startswith(b"\x89PNG")
    assert _matrix_csv(archive)[1:3] == [
        ["", "Mental health worker (MHW)", "Service user (SU)", "Total"],
        ["Control over money (and below)", "2", "1", "3"],
    ]
    quoted = _quoted(_lines(archive.read("quotes.docx")))
    assert f"“{PLAN}” (SU1)" in quoted
    tables = load_workbook(io.BytesIO(archive.read("thematic-table.xlsx")))
    assert tables["Thematic table"]["E2"].value == 3


def test_pack_without_a_matrix_or_codebook_export_says_what_is_left_out(
    study, lead, known, monkeypatch
):
    monkeypatch.setattr(writeup_pack, "CODEBOOK_BUILDER", "analysis.no_such_module")
    archive, readme = _pack(study, lead, query=None)
    assert not any(name.startswith(("matrix", "codebook")) for name in archive.namelist())
    left_out = readme[readme.index("Left out") + 1 :]
    assert left_out == [
        "matrix: none was chosen.",
        "codebook.qdc: not included, as this installation has no REFI-QDA export.",
    ]


def test_pack_without_explanatory_themes_leaves_the_quotes_out(study, lead, monkeypatch):
    monkeypatch.setattr(writeup_pack, "CODEBOOK_BUILDER", __name__)
    archive, readme = _pack(study, lead)
    assert "quotes.docx" not in archive.namelist()
    assert "quotes.docx: not included, as the codebook has no explanatory theme yet." in readme


def test_pack_counts_a_stale_matrix_again_before_packing_it(
    study, lead, coder, known, matrix, monkeypatch
):
    monkeypatch.setattr(writeup_pack, "CODEBOOK_BUILDER", __name__)
    code_words(coder, known.service_user_transcript, known.safety, "plan with the team")
    archive, _readme = _pack(study, lead, query=matrix.pk, measure="segments")
    assert _matrix_csv(archive)[2][1:] == ["2", "2", "4"]


def test_pack_refuses_a_matrix_another_worker_is_still_counting(
    study, lead, coder, known, matrix, monkeypatch
):
    monkeypatch.setattr(writeup_pack, "MATRIX_WAIT_SECONDS", 0)
    monkeypatch.setattr(services, "matrix_build", lambda *, result_id: None)
    code_words(coder, known.service_user_transcript, known.safety, "plan with the team")
    with pytest.raises(Refused, match="“Control: by role” is still being counted"):
        _pack(study, lead, query=matrix.pk)


def test_pack_refuses_a_matrix_of_another_study_or_another_kind(
    study, lead, known, outsider, monkeypatch
):
    other = Study.objects.get(title="Another team's study")
    node = coding_services.node_create(actor=outsider, study=other, name="Theirs")
    theirs = services.matrix_query_create(
        actor=outsider, study=other, name="Theirs", rows=[{"node": node.pk}]
    )
    with pytest.raises(Refused, match="not one of this study's"):
        _pack(study, lead, query=theirs.pk)
    ours = MatrixQuery.objects.create(
        study=study, name="Pairs", kind=QueryKind.COOCCURRENCE, created_by=lead
    )
    with pytest.raises(Refused, match="“Pairs” is a co-occurrence"):
        _pack(study, lead, query=ours.pk)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"query": "seven"}, "“seven” is not one"),
        ({"measure": "segments"}, "choose the matrix query too"),
        ({"query": 1, "measure": "volume"}, "Choose a measure of"),
    ],
)
def test_bad_pack_options_are_refused(study, lead, options, message):
    with pytest.raises(Refused, match=message):
        writeup.pack_build(_job(study, lead, "pack", **options), _quiet)


# --- Through the job --------------------------------------------------------------------


def _start(actor, study, kind, options, capture):
    with capture(execute=True):
        job = services_exchange.export_start(actor=actor, study=study, kind=kind, options=options)
    job.refresh_from_db()
    return job


def test_a_quotes_job_ends_done_with_the_report_and_is_audited(
    study, lead, known, django_capture_on_commit_callbacks
):
    job = _start(lead, study, "quotes", {"nodes": [known.money.pk]},
                 django_capture_on_commit_callbacks)  # fmt: skip
    assert job.status == JobStatus.DONE
    assert job.filename.startswith("risk-and-recovery-quotes-") and job.filename.endswith(".docx")
    with job.output.open("rb") as stored:
        assert f"“{MONEY}” (MHW1)" in _quoted(_lines(stored.read()))
    assert AuditEvent.objects.filter(study=study, action=AuditAction.EXPORT).exists()


def test_a_job_with_bad_options_is_refused_with_the_message_and_no_file(
    study, lead, known, django_capture_on_commit_callbacks
):
    job = _start(lead, study, "quotes", {"nodes": []}, django_capture_on_commit_callbacks)
    assert (job.status, job.error, job.output.name) == (
        JobStatus.REFUSED,
        "Choose at least one theme or code to quote.",
        "",
    )


@pytest.mark.parametrize("kind", ["themes_docx", "themes_xlsx", "pack"])
def test_table_and_pack_jobs_end_done(study, lead, known, kind, django_capture_on_commit_callbacks):
    job = _start(lead, study, kind, {}, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE, job.error
    assert job.filename.endswith({"themes_docx": ".docx", "themes_xlsx": ".xlsx"}.get(kind, ".zip"))


def test_a_coder_may_not_export(study, coder, known):
    with pytest.raises(access.PermissionDenied):
        services_exchange.export_start(
            actor=coder, study=study, kind="quotes", options={"nodes": [known.money.pk]}
        )
    assert not ExchangeJob.objects.exists()
