"""Matrix downloads: the table as CSV and XLSX and the heat map as PNG and SVG, in the
measure and turn the page showed; only for those who may export, only of a current
result, and each one in the audit trail.

The study is analysis/tests/conftest.py's `known`: the theme (and below) has two
segments from MHW1 and one from SU1; Money has one from each."""

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from defusedxml.ElementTree import DefusedXMLParser
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from analysis import exports, services, table
from analysis.models import MatrixQuery
from coding import services as coding_services
from coding.tests.conftest import code_words
from studies.models import AuditAction, AuditEvent

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def save_counted(study, lead, django_capture_on_commit_callbacks):
    """Saves a query and counts it as the embedded default does: the build is queued
    at commit, which a test's own transaction never reaches, so it is run here."""

    def save(name: str, rows: list, **fields) -> MatrixQuery:
        query = services.matrix_query_create(
            actor=lead, study=study, name=name, rows=rows, **fields
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.matrix_request(actor=lead, query=query)
        return query

    return save


@pytest.fixture
def counted(save_counted, known):
    """The theme (and below) and Money by role."""
    rows = [{"node": known.theme.pk, "below": True}, {"node": known.money.pk}]
    return save_counted("Control: by role", rows)


def _download(client, user, query, fmt, **params):
    client.force_login(user)
    address = reverse("matrix-download", args=[query.study.slug, query.pk, fmt])
    return client.get(address, params)


def _csv(answer) -> list[list[str]]:
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads the accents right
    return list(csv.reader(io.StringIO(text[1:])))


def _book(answer):
    assert answer["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(answer.content))


def test_the_csv_names_the_measure_then_holds_the_table_with_its_totals(client, lead, counted):
    answer = _download(client, lead, counted, "csv")
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="control-by-role-segments.csv"'
    lines = _csv(answer)
    assert lines[0] == ["Coded segments"]
    assert lines[1] == ["", "Mental health worker (MHW)", "Service user (SU)", "Total"]
    assert lines[2] == ["Control over money (and below)", "2", "1", "3"]
    assert lines[3] == ["Money", "1", "1", "2"]
    assert lines[4] == ["Total", "2", "1", "3"]  # each segment once, though rows overlap


def test_the_csv_keeps_the_measure_and_the_turn_the_page_showed(client, lead, counted):
    answer = _download(client, lead, counted, "csv", measure="row_percent", transpose="1")
    name = answer["Content-Disposition"]
    assert name == 'attachment; filename="control-by-role-row-percent-swapped.csv"'
    lines = _csv(answer)
    assert lines[0] == ["Row % of segments, rows and columns swapped (percent)"]
    assert lines[1] == ["", "Control over money (and below)", "Money", "Total"]
    assert lines[2] == ["Mental health worker (MHW)", "66.7", "50.0", "66.7"]


def test_a_label_that_looks_like_a_formula_is_written_as_text(
    client, study, lead, known, save_counted
):
    node = coding_services.node_create(actor=lead, study=study, name="=HYPERLINK(1)")
    code_words(lead, known.worker_transcript, node, "She wanted her money back")
    query = save_counted("Formula", [{"node": node.pk}])
    assert _csv(_download(client, lead, query, "csv"))[2][0] == "'=HYPERLINK(1)"
    sheet = _book(_download(client, lead, query, "xlsx"))["Matrix"]
    assert sheet["A5"].value == "'=HYPERLINK(1)" and sheet["A5"].data_type == "s"


def test_the_xlsx_holds_numbers_with_the_page_shading_and_totals(client, lead, counted):
    answer = _download(client, lead, counted, "xlsx")
    assert answer["Content-Disposition"] == 'attachment; filename="control-by-role-segments.xlsx"'
    sheet = _book(answer)["Matrix"]
    assert sheet["A1"].value == "Control: by role"
    assert sheet["A2"].value == "Coded segments"
    assert [c.value for c in sheet[4]] == [
        None,
        "Mental health worker (MHW)",
        "Service user (SU)",
        "Total",
    ]
    assert [c.value for c in sheet[5]] == ["Control over money (and below)", 2, 1, 3]
    assert [c.value for c in sheet[7]] == ["Total", 2, 1, 3]
    largest, smaller = sheet["B5"], sheet["C5"]
    assert largest.fill.fgColor.rgb == "001F4E79"  # heat-5, as on the page
    assert largest.font.color.rgb == "00FFFFFF"
    assert smaller.fill.fgColor.rgb == "00C6D9EC"  # heat-2: half the largest
    assert sheet["D7"].font.bold
    assert sheet.column_dimensions["A"].width >= len("Control over money (and below)")


def test_xlsx_percentages_are_numbers_under_a_percent_format(client, lead, counted):
    sheet = _book(_download(client, lead, counted, "xlsx", measure="row_percent"))["Matrix"]
    assert sheet["B5"].value == pytest.approx(2 / 3)
    assert sheet["B5"].number_format == "0%"
    presence = _book(_download(client, lead, counted, "xlsx", measure="presence"))["Matrix"]
    assert presence["B5"].value == 1 and "✓" in presence["B5"].number_format


def test_the_xlsx_says_what_it_counts_on_a_second_sheet(client, study, lead, known, save_counted):
    filters = {"roles": [study.roles.get(code="MHW").pk], "coded_from": "2024-01-01"}
    query = save_counted("Workers since 2024", [{"node": known.money.pk}], filters=filters)
    sheet = _book(_download(client, lead, query, "xlsx"))["About"]
    about = {row[0].value: row[1].value for row in sheet.iter_rows() if row[0].value != "Note"}
    assert about["Matrix"] == "Workers since 2024"
    assert about["Measure"] == "Coded segments"
    assert about["Nodes"] == "Money"
    assert about["Against"] == "Role"
    assert about["Filters"] == "roles: Mental health worker (MHW); coded from 2024-01-01"
    query.result.refresh_from_db()
    assert about["Counted at"].startswith(query.result.built_at.date().isoformat())


def test_the_png_is_a_png_sized_to_the_table(client, lead, counted):
    answer = _download(client, lead, counted, "png")
    assert answer["Content-Type"] == "image/png"
    assert answer.content.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(answer.content))
    shown = table.build(counted, counted.result.counts, measure="segments")
    size = exports.layout(shown)
    assert image.size == (round(size.width * 100), round(size.height * 100))
    # Two rows of nodes against two roles: wider than tall, a few hundred pixels high.
    assert image.width > image.height and image.height < 600


def test_a_taller_table_draws_a_taller_chart_and_a_huge_one_stays_bounded(counted):
    shown = table.build(counted, counted.result.counts, measure="segments")
    rows = [*shown.rows * 10]
    taller = exports.layout(replace(shown, rows=rows))
    huge = exports.layout(replace(shown, rows=rows * 30))
    assert exports.layout(shown).height < taller.height < huge.height == exports.LARGEST
    assert huge.value_font is None  # too small to write in: the colour says it


def test_the_svg_parses_with_every_label_and_value_in_it(client, lead, counted):
    answer = _download(client, lead, counted, "svg")
    assert answer["Content-Type"] == "image/svg+xml"
    # Text is drawn as outlines; each piece of text is named in a comment beside it.
    parser = DefusedXMLParser(target=ET.TreeBuilder(insert_comments=True))
    parser.feed(answer.content)
    root = parser.close()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {e.text.strip() for e in root.iter() if e.tag is ET.Comment}
    assert {"Money", "Coded segments", "2", "1"} <= texts
    assert any(t.startswith("Control over money") for t in texts)
    assert any(t.startswith("Mental health") for t in texts)


def test_a_long_label_is_wrapped_and_cut_in_the_chart():
    assert exports._wrapped("Money " * 40, 30, 2).count("\n") == 1
    assert exports._wrapped("Money " * 40, 30, 2).endswith("…")
    assert exports._wrapped("Safety", 30, 2) == "Safety"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("lead", 200), ("researcher", 200), ("coder", 403), ("viewer", 403), ("outsider", 404)],
)
def test_only_those_who_may_export_download(client, request, counted, persona, status):
    user = request.getfixturevalue(persona)
    for fmt in ("csv", "xlsx", "png", "svg"):
        assert _download(client, user, counted, fmt).status_code == status, fmt


def test_each_download_is_in_the_audit_trail(client, study, researcher, counted):
    _download(client, researcher, counted, "xlsx", measure="words")
    event = AuditEvent.objects.get(study=study, action=AuditAction.EXPORT)
    assert event.actor == researcher
    assert event.detail == {"export": f"matrix {counted.pk}: control-by-role-words.xlsx"}


def test_a_stale_result_is_not_downloaded_and_is_counted_again(
    client, study, lead, coder, known, counted
):
    code_words(coder, known.service_user_transcript, known.safety, "We agreed a plan")
    answer = _download(client, lead, counted, "csv")
    assert answer.status_code == 409
    assert answer["Content-Type"].startswith("text/plain")
    assert "being counted again" in answer.content.decode()
    assert counted.result.status == "queued"  # asked for, as opening the page would
    assert not AuditEvent.objects.filter(study=study, action=AuditAction.EXPORT).exists()


def test_an_unknown_format_or_another_kind_of_query_has_no_download(
    client, study, lead, known, counted
):
    assert _download(client, lead, counted, "pdf").status_code == 404
    dyads = services.matrix_query_create(
        actor=lead, study=study, name="Dyads", kind="dyads", rows=[{"node": known.theme.pk}]
    )
    assert _download(client, lead, dyads, "csv").status_code == 404


def test_the_page_links_to_each_download_in_the_measure_and_turn_shown(
    client, study, lead, counted
):
    client.force_login(lead)
    page = client.get(
        reverse("matrix", args=[study.slug, counted.pk]), {"measure": "words", "transpose": "1"}
    ).content.decode()
    for fmt in ("csv", "xlsx", "png", "svg"):
        address = reverse("matrix-download", args=[study.slug, counted.pk, fmt])
        assert f'href="{address}?measure=words&amp;transpose=1">{fmt.upper()}<' in page


def test_the_page_offers_no_download_to_a_coder(client, study, coder, counted):
    client.force_login(coder)
    page = client.get(reverse("matrix", args=[study.slug, counted.pk])).content.decode()
    assert "Download:" not in page
