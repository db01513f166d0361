"""The demo lead's first minutes, in a real browser against the live server."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from studies.demo import DEMO_STUDY, DEMO_STUDY_SLUG, demo_password
from studies.models import Membership, Study

NEW_TITLE = "Pilot of the housing vignette"


@pytest.mark.browser
def test_demo_lead_logs_in_opens_the_demo_study_and_creates_a_study(
    live_server, transactional_db, page
):
    call_command("load_demo")
    requests = []
    console_errors = []
    page.on("request", lambda request: requests.append(request.url))
    # The CSP forbids inline scripts and styles; violations show only as console errors.
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("demo-lead")
    page.get_by_label("Password").fill(demo_password("demo-lead"))
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My studies")
    study_link = page.get_by_role("link", name=DEMO_STUDY["title"])
    expect(study_link).to_be_visible()

    study_link.click()
    expect(page).to_have_url(f"{live_server.url}/studies/{DEMO_STUDY_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_STUDY["title"])
    sites = page.get_by_role("region", name="Sites")
    expect(sites.locator("tbody tr")).to_have_count(5)
    expect(page.get_by_text("Your role: Lead")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My studies").click()
    page.get_by_role("link", name="New study").click()
    page.get_by_label("Title").fill(NEW_TITLE)
    page.get_by_role("button", name="Create study").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(page.get_by_role("status")).to_contain_text("created. You are its lead.")
    # A fixed path so people can look at the page after a run; nothing reads it back.
    page.screenshot(path="/tmp/browser-dashboard.png", full_page=True)  # noqa: S108

    study = Study.objects.get(title=NEW_TITLE)
    assert study.memberships.filter(user__username="demo-lead", role=Membership.Role.LEAD).exists()

    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == [], "the pages reached outside the live server"
    assert console_errors == []
