"""Framework matrix and saturation on a phone (390 × 844): the pages open without the
page scrolling sideways and without an axe-core violation, and a coder writes a cell's
summary beside its segments, saved in place by htmx without the page reloading."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from analysis.models import Framework, FrameworkSummary
from studies.demo import DEMO_STUDY_SLUG, demo_password
from tests.browser.test_team_pages_on_a_phone import AXE, PHONE, log_in, problems_on
from tests.fixtures import need_service


@pytest.mark.browser
def test_a_coder_writes_a_summary_on_a_phone_without_a_reload(
    live_server, transactional_db, browser: Browser
):
    need_service(AXE.exists(), f"needs axe-core at {AXE}: run `npm ci --prefix tests/browser`")
    call_command("load_demo")
    framework = Framework.objects.get(study__slug=DEMO_STUDY_SLUG)
    summary = FrameworkSummary.objects.filter(framework=framework).order_by("pk").first()
    base = live_server.url
    # axe is injected as an inline script, which the site's Content-Security-Policy
    # refuses; only the test's own browser context is let past it.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    try:
        page = context.new_page()
        log_in(page, base, "demo-coder", demo_password("demo-coder"))
        cell = (
            f"/studies/{DEMO_STUDY_SLUG}/frameworks/{framework.pk}/cells/"
            f"{summary.participant_id}/{summary.node_id}/"
        )
        paths = [
            f"/studies/{DEMO_STUDY_SLUG}/frameworks/",
            f"/studies/{DEMO_STUDY_SLUG}/frameworks/{framework.pk}/",
            cell,
            f"/studies/{DEMO_STUDY_SLUG}/saturation/",
        ]
        assert [problem for path in paths for problem in problems_on(page, base, path)] == []

        page.goto(base + cell)
        expect(page.locator(".quote").first).to_be_visible()
        page.evaluate("window.notReloaded = true")
        page.get_by_role("textbox", name="Summary").fill("Written on a phone.")
        page.get_by_role("button", name="Save the summary").click()
        expect(page.get_by_text(re.compile(r"Saved: version 2\."))).to_be_visible()
        assert page.evaluate("window.notReloaded") is True
        summary.refresh_from_db()
        assert (summary.text, summary.version) == ("Written on a phone.", 2)
    finally:
        context.close()
