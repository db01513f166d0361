"""A matrix in a browser, as a lead uses it on the demo study: the page says the matrix
is being counted while a worker counts it, shows the table once it is ready (htmx asks
again every second), a cell opens to its quotes, and back on the matrix the XLSX
downloads and opens as a workbook of the same table."""

import re

import pytest
from celery import current_app
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from analysis.models import MatrixQuery, MatrixResult
from analysis.task_names import MATRIX_BUILD
from studies.demo import DEMO_STUDY_SLUG, demo_password
from tests.browser.test_team_pages_on_a_phone import log_in


@pytest.mark.browser
def test_a_lead_waits_for_a_matrix_reads_a_cell_and_downloads_the_xlsx(
    live_server, transactional_db, browser: Browser, monkeypatch, tmp_path
):
    call_command("load_demo")
    query = MatrixQuery.objects.get(study__slug=DEMO_STUDY_SLUG, name="Explanatory themes by role")
    # Builds wait for "the worker" (this test) instead of running inline as the
    # embedded default would, so the page is seen while the matrix is counted.
    queued: list[list] = []
    monkeypatch.setattr("analysis.services.task_enqueue", lambda *, task, args: queued.append(args))
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        log_in(page, live_server.url, "demo-lead", demo_password("demo-lead"))
        page.goto(f"{live_server.url}/studies/{DEMO_STUDY_SLUG}/matrices/")
        page.get_by_role("link", name=query.name).click()
        expect(page.get_by_role("status")).to_contain_text("being counted")
        assert queued == [[MatrixResult.objects.get(query=query).pk]]

        current_app.tasks[MATRIX_BUILD].apply(args=queued[0])
        matrix = page.get_by_role("region", name=query.name)
        expect(matrix.locator("table.matrix-table")).to_be_visible()
        expect(page.get_by_role("status")).to_have_count(0)
        roles = matrix.locator("thead th").all_inner_texts()
        assert roles[-1] == "Total" and any("(MHW)" in role for role in roles)

        matrix.get_by_role("link", name=re.compile("open the segments")).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("·")
        expect(page.locator(".quote").first).to_be_visible()
        page.go_back()

        expect(matrix.locator("table.matrix-table")).to_be_visible()
        with page.expect_download() as waiting:
            page.get_by_role("link", name="XLSX", exact=True).click()
        download = waiting.value
        assert download.suggested_filename == "explanatory-themes-by-role-segments.xlsx"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        sheet = load_workbook(saved)["Matrix"]
        assert sheet["A1"].value == query.name
        assert [cell.value for cell in sheet[4]][1:] == roles
    finally:
        context.close()
