"""In a real browser: a new online session's link is shown once on the session's own
address (not the sessions list, which a reload would post again), and its copy button
puts the whole link on the clipboard and says so."""

import pytest
from playwright.sync_api import Page, expect

from interviews import services as interview_services
from studies import services
from tests.factories import PASSWORD, UserFactory, give_consent

SCREENSHOTS = "/tmp/browser-link-home"  # noqa: S108 (for people to look at; never read)


@pytest.fixture
def worker(transactional_db):
    lead = UserFactory(username="lead")
    study = services.study_create(creator=lead, title="Risk and recovery")
    interview_services.vignette_create(actor=lead, study=study, title="Story", text="A story.")
    worker = services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    give_consent(worker, lead)
    return worker


@pytest.mark.browser
def test_a_new_sessions_link_is_shown_once_on_the_sessions_address_and_copies_whole(
    live_server, worker, page: Page, context
):
    url, slug = live_server.url, worker.study.slug
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{url}/studies/{slug}/sessions/")
    page.locator("#id_participant").select_option(label="MHW1")
    page.get_by_role("radio", name="Online").check()
    page.get_by_role("button", name="Create session").click()

    shown = page.locator("[data-link-text]")
    expect(shown).to_contain_text(f"{url}/p/")
    session = worker.sessions.get()
    expect(page).to_have_url(f"{url}/studies/{slug}/sessions/{session.pk}/")
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == shown.inner_text().strip()
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SCREENSHOTS}/session-new-link-{width}.png", full_page=True)

    # A reload asks for the session page, which never holds the link again.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Session of MHW1")
    expect(page.locator("[data-link-text]")).to_have_count(0)

    # The one place to make the next link is the participant's page.
    page.get_by_role("link", name="MHW1's page").click()
    expect(page.get_by_role("heading", name="Personal link")).to_be_visible()
    page.get_by_label("The current link stops working at once").check()
    page.get_by_role("button", name="Make a new link").click()
    expect(page).to_have_url(f"{url}/studies/{slug}/participants/{worker.pk}/")
    expect(page.locator("[data-link-text]")).to_contain_text(f"{url}/p/")
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SCREENSHOTS}/participant-new-link-{width}.png", full_page=True)
    page.reload()
    expect(page.get_by_role("heading", name="Sessions and transcripts")).to_be_visible()
    expect(page.locator("[data-link-text]")).to_have_count(0)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SCREENSHOTS}/participant-{width}.png", full_page=True)
