"""Exports in a browser, as a lead uses them on the demo study: a quotes report is asked
for on the export page, its page shows the progress while a worker makes it (htmx asks
again every second), then the download, which opens in python-docx with the chosen
theme's quotes tagged with pseudonyms; the project export downloads as a .qdpx."""

import io
import zipfile

import pytest
from celery import current_app
from django.core.management import call_command
from docx import Document
from playwright.sync_api import Browser, expect

from analysis.models import ExchangeJob
from analysis.task_names import EXCHANGE_RUN
from coding.models import Node
from studies.demo import DEMO_STUDY_SLUG, demo_password
from tests.browser.test_team_pages_on_a_phone import log_in


@pytest.mark.browser
def test_a_lead_waits_for_a_quotes_report_and_downloads_it(
    live_server, transactional_db, browser: Browser, monkeypatch, tmp_path
):
    call_command("load_demo")
    theme = Node.objects.filter(study__slug=DEMO_STUDY_SLUG, kind="explanatory_theme").first()
    # Jobs wait for "the worker" (this test) instead of running inline as the embedded
    # default would, so the page is seen while the report is made.
    queued: list[list] = []
    monkeypatch.setattr(
        "analysis.services_exchange.task_enqueue", lambda *, task, args: queued.append(args)
    )
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        log_in(page, live_server.url, "demo-lead", demo_password("demo-lead"))
        page.goto(f"{live_server.url}/studies/{DEMO_STUDY_SLUG}/")
        page.get_by_role("link", name="Export and import").click()
        quotes = page.get_by_role("region", name="Quotes report")
        quotes.get_by_role("checkbox", name=theme.name, exact=True).check()
        quotes.get_by_role("button", name="Make the quotes report (.docx)").click()
        expect(page.get_by_role("status")).to_contain_text("Waiting for a worker")
        job = ExchangeJob.objects.get(kind="quotes")
        assert queued == [[job.pk]] and job.options["nodes"] == [theme.pk]

        current_app.tasks[EXCHANGE_RUN].apply(args=queued[0])
        link = page.get_by_role("link", name="Download")
        expect(link).to_be_visible()
        with page.expect_download() as waiting:
            link.click()
        download = waiting.value
        assert download.suggested_filename.endswith(".docx")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        text = "\n".join(paragraph.text for paragraph in Document(saved).paragraphs)
        assert theme.name in text
        assert "(MHW" in text or "(SU" in text

        page.goto(f"{live_server.url}/studies/{DEMO_STUDY_SLUG}/exchange/")
        page.get_by_role("button", name="Export the project (.qdpx)").click()
        current_app.tasks[EXCHANGE_RUN].apply(args=queued[-1])
        with page.expect_download() as waiting:
            page.get_by_role("link", name="Download").click()
        archive = zipfile.ZipFile(io.BytesIO(waiting.value.path().read_bytes()))
        assert "project.qde" in archive.namelist()
    finally:
        context.close()
