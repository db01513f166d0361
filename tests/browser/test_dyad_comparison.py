"""A researcher opens the demo's dyad comparison in a real browser, sees where each pair
converges or diverges, and opens a cell to read the worker's and the service user's
accounts side by side."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from analysis import services
from coding.models import Node
from studies.demo import DEMO_STUDY_SLUG, demo_password
from studies.models import Study, User


@pytest.mark.browser
def test_a_researcher_reads_a_dyads_two_accounts_from_the_comparison(
    live_server, transactional_db, page
):
    call_command("load_demo")
    study = Study.objects.get(slug=DEMO_STUDY_SLUG)
    themes = Node.objects.filter(study=study, kind="explanatory_theme").order_by("position", "pk")
    query = services.matrix_query_create(
        actor=User.objects.get(username="demo-lead"), study=study, name="Dyads by theme",
        kind="dyads", rows=[{"node": theme.pk, "below": True} for theme in themes],
    )  # fmt: skip
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("demo-coder")
    page.get_by_label("Password").fill(demo_password("demo-coder"))
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server.url}/studies/{DEMO_STUDY_SLUG}/matrices/{query.pk}/")
    result = page.get_by_role("region", name="Dyads by theme")
    expect(result).to_be_visible(timeout=15_000)  # once counted; the page polls till then
    expect(result.get_by_role("rowheader", name="Converge: both coded")).to_be_visible()
    result.get_by_role("link", name="MHW5 – SU5, Positive risk-taking").first.click()

    expect(page.get_by_role("heading", level=2, name="Dyad MHW5 and SU5")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="MHW5")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="SU5")).to_be_visible()
    assert page.locator(".compare-column").nth(0).locator(".quote").count() > 0
    assert page.locator(".compare-column").nth(1).locator(".quote").count() > 0
    assert console_errors == []
