"""A participant's way through an online session on a phone, in a real browser against
the live server: consent through their personal link, five vignettes answered with
htmx autosave keeping every word, back and forth between pages, the closing questions,
sending; then the lead sees the answers. And a page left open after its link is
revoked says, under the field, that what is typed is no longer saved, keeping the text."""

import re
import time

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from interviews import services as interview_services
from interviews.models import InterviewSession, Response, SessionStatus
from studies import services
from tests.factories import (
    DATA_PROTECTION,
    PASSWORD,
    UserFactory,
    give_consent,
    publish_consent_form,
)

TITLE = "Risk and recovery"
STORIES = [f"Story {number}" for number in range(1, 6)]
FOLLOW_UPS = ["What do you think will happen next?", "What should the mental health worker do?"]
CLOSING = "Anything else you would like to say?"
CLOSING_ANSWER = "The stories felt close to my own work."
SIGNED_NAME = "Morgan Worker"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
# A fixed path so people can look at the pages after a run; nothing reads it back.
SCREENSHOTS = "/tmp/browser-participation"  # noqa: S108


def answers_to(story: str) -> tuple[str, str]:
    """Distinct answers per story and question, so a mix-up would show."""
    return (
        f"After {story} I think the person will call the crisis line.",
        f"In {story} the worker should agree a safety plan with them.",
    )


class Watched:
    """Every request and console error of one browser context. CSP violations show only
    as console errors; listening on the context covers every page opened in it."""

    def __init__(self, context: BrowserContext):
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on(
            "console",
            lambda msg: msg.type == "error" and self.console_errors.append(msg.text),
        )

    def check(self, live_server_url: str, *, expected_errors: tuple[str, ...] = ()) -> None:
        outside = [url for url in self.requests if not url.startswith(live_server_url)]
        assert outside == [], "the pages reached outside the live server"
        unexpected = [
            error
            for error in self.console_errors
            if not any(expected in error for expected in expected_errors)
        ]
        assert unexpected == []


@pytest.fixture
def browser_context_args(browser_context_args):
    # The participant reads on a phone; the lead gets a desktop context of their own.
    return {**browser_context_args, **PHONE}


@pytest.fixture
def interview_study(transactional_db):
    """A study with five vignettes, the two required follow-up questions, one closing
    question and a complete data-protection basis; and MHW1, not consented yet. Made
    through the services, as interviews/tests/conftest.py does. Each test publishes the
    consent form its own way."""
    lead = UserFactory(username="lead")
    study = services.study_create(creator=lead, title=TITLE)
    services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    for number, title in enumerate(STORIES, start=1):
        interview_services.vignette_create(
            actor=lead, study=study, title=title,
            text=f"Someone in story {number} wants to do something *new*.",
        )  # fmt: skip
    for prompt in FOLLOW_UPS:
        interview_services.question_create(actor=lead, study=study, prompt=prompt, required=True)
    interview_services.question_create(actor=lead, study=study, prompt=CLOSING, stage="closing")
    worker = services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    return lead, study, worker


@pytest.fixture
def online_session(transactional_db, interview_study):
    """(session, token): MHW1 consented, with an online session not started yet."""
    lead, _study, worker = interview_study
    give_consent(worker, lead)
    return interview_services.session_create(actor=lead, participant=worker, mode="online")


@pytest.fixture
def desktop(browser: Browser):
    """A second, desktop-sized browser context (the lead, with their own cookies),
    closed after the test even when it fails."""
    context = browser.new_context()
    yield context
    context.close()


def answer_box(page: Page, prompt: str):
    # The label ends with "(required)" for required questions.
    return page.get_by_label(re.compile(f"^{re.escape(prompt)}"))


def story_on(page: Page) -> str:
    """The title of the vignette on the page: the session chooses the order."""
    title = page.get_by_role("heading", level=1).inner_text().strip()
    assert title in STORIES
    return title


def expect_page(page: Page, number: int, total: int = 6) -> None:
    expect(page.get_by_text(f"Page {number} of {total}", exact=True)).to_be_visible()


def is_autosave(response) -> bool:
    return response.request.method == "POST" and response.url.endswith("/save/")


def type_answer(page: Page, box, text: str) -> None:
    """Types an answer and waits until htmx has saved it, with no save left in flight."""
    # htmx wires the fields up once the page has loaded; typing before that would be
    # saved only by the form's post, not as typed.
    page.wait_for_load_state("load")
    box.fill(text)
    # Typing alone saves, after a short pause; the status under the field is part of
    # the field's accessible description.
    expect(box).to_have_accessible_description("Saved")
    # Leaving the field saves it again ("blur changed"). Waited for here, so no save is
    # still running when a button posts the page: the test database (in-memory SQLite,
    # shared cache) refuses a second writer at once instead of waiting, which made
    # "Next" fail now and then with "database table is locked".
    with page.expect_response(is_autosave):
        box.blur()
    expect(box).to_have_accessible_description("Saved")


def answer_vignette(page: Page, number: int) -> str:
    """Types both answers on the vignette page that is open and returns its story."""
    expect_page(page, number)
    story = story_on(page)
    for prompt, text in zip(FOLLOW_UPS, answers_to(story), strict=True):
        type_answer(page, answer_box(page, prompt), text)
    return story


def expect_answers(page: Page, story: str) -> None:
    for prompt, text in zip(FOLLOW_UPS, answers_to(story), strict=True):
        expect(answer_box(page, prompt)).to_have_value(text)


def log_in(page: Page, live_server_url: str, username: str) -> None:
    page.goto(live_server_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My studies")


@pytest.mark.browser
def test_a_participant_consents_answers_five_vignettes_on_a_phone_and_the_lead_sees_the_answers(
    live_server, transactional_db, interview_study, page, desktop
):
    lead, study, worker = interview_study
    # The consent admin's part, which test_consent_flow drives in the browser.
    publish_consent_form(study, lead)
    session, token = interview_services.session_create(
        actor=lead, participant=worker, mode="online"
    )
    url = live_server.url
    watch = Watched(page.context)
    lead_page = desktop.new_page()
    lead_watch = Watched(desktop)

    # 1. The link opens the welcome page; the consent form comes next.
    page.goto(f"{url}/p/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    page.get_by_role("link", name="Continue to the consent form").click()
    agree = page.get_by_role("button", name="I agree")
    expect(agree).to_be_disabled()
    page.get_by_label("I agree to take part.").check()
    page.get_by_label("Your full name").fill(SIGNED_NAME)
    expect(agree).to_be_enabled()
    agree.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_text("Your consent is recorded.")).to_be_visible()
    page.get_by_role("link", name="Continue").click()

    # 2. Page 1: both answers typed, and autosave alone keeps them: no button is pressed
    # before the page is reloaded.
    first = answer_vignette(page, 1)
    page.screenshot(path=f"{SCREENSHOTS}-page-1-saved.png", full_page=True)
    page.reload()
    expect_page(page, 1)
    expect_answers(page, first)
    page.get_by_role("button", name="Next").click()

    # 3. Page 2 is answered and left with Next.
    second = answer_vignette(page, 2)
    page.get_by_role("button", name="Next").click()
    expect_page(page, 3)

    # 4. Page 3 reloaded, then back twice: both earlier pages kept their answers.
    page.reload()
    expect_page(page, 3)
    page.get_by_role("button", name="Back").click()
    expect_page(page, 2)
    expect_answers(page, second)
    page.get_by_role("button", name="Back").click()
    expect_page(page, 1)
    expect_answers(page, first)

    # 5. Forward again: pages 1 and 2 as they are, then vignettes 3 to 5.
    page.get_by_role("button", name="Next").click()
    expect_page(page, 2)
    page.get_by_role("button", name="Next").click()
    shown = [first, second]
    for number in (3, 4, 5):
        shown.append(answer_vignette(page, number))
        page.get_by_role("button", name="Next").click()
    assert sorted(shown) == STORIES, "every vignette is shown once"

    # 6. The closing page, then the review page, then sending.
    expect_page(page, 6)
    expect(page.get_by_role("heading", level=1)).to_have_text("A few last questions")
    type_answer(page, page.get_by_label(CLOSING), CLOSING_ANSWER)
    page.get_by_role("button", name="Review and send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready to send your answers?")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_text("Your answers have reached the research team.")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}-thanks.png", full_page=True)
    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED

    # 7. The lead sees the answers side by side, vignette by vignette.
    log_in(lead_page, url, "lead")
    lead_page.goto(f"{url}/studies/{study.slug}/responses/")
    expect(lead_page.get_by_role("heading", level=1)).to_have_text("Answers side by side")
    for story in (STORIES[0], STORIES[-1]):
        lead_page.get_by_label("Vignette").select_option(label=story)
        lead_page.get_by_role("button", name="Show").click()
        expect(lead_page.get_by_label("Vignette")).to_have_value(
            str(study.vignettes.get(current__title=story).pk)
        )
        for prompt, text in zip(FOLLOW_UPS, answers_to(story), strict=True):
            # A typed answer sits on its question's row, under the participant's pseudonym.
            row = lead_page.get_by_role("row", name=prompt).filter(has_text="MHW1")
            expect(row).to_contain_text(text)

    # 8. And the session page, page by page in the order the participant saw them.
    lead_page.goto(f"{url}/studies/{study.slug}/sessions/{session.pk}/")
    expect(lead_page.get_by_role("heading", level=1)).to_have_text("Session of MHW1")
    expect(lead_page.locator(".meta .status")).to_have_text("Completed")
    for number, story in enumerate(shown, start=1):
        answers = lead_page.get_by_role("region", name=f"{number}. {story}")
        for prompt, text in zip(FOLLOW_UPS, answers_to(story), strict=True):
            expect(answers).to_contain_text(f"{prompt}\n{text}", use_inner_text=True)
    closing = lead_page.get_by_role("region", name="Closing questions")
    expect(closing).to_contain_text(f"{CLOSING}\n{CLOSING_ANSWER}", use_inner_text=True)
    lead_page.screenshot(path=f"{SCREENSHOTS}-session.png", full_page=True)

    # 9. Everything came from the live server, and the CSP let every page run cleanly.
    watch.check(url)
    lead_watch.check(url)


@pytest.mark.browser
def test_typing_on_a_page_left_open_after_its_link_is_revoked_says_not_saved_and_keeps_the_text(
    live_server, transactional_db, interview_study, page
):
    lead, study, worker = interview_study
    give_consent(worker, lead)
    session, token = interview_services.session_create(
        actor=lead, participant=worker, mode="online"
    )
    url = live_server.url
    watch = Watched(page.context)

    page.goto(f"{url}/p/{token}/start/")
    expect_page(page, 1)
    page.wait_for_load_state("load")
    # The token was traded for a cookie: the address holds the link's id, never the token.
    link_id = services.link_resolve(token).pk
    expect(page).to_have_url(f"{url}/p/{link_id}/page/1/")
    box = answer_box(page, FOLLOW_UPS[0])

    # The team stops the link while the page is open.
    assert services.link_revoke(actor=lead, participant=worker) == 1
    typed = "Typed after the link was stopped."
    with page.expect_response(is_autosave):
        box.fill(typed)
    expect(box).to_have_accessible_description(re.compile("^Not saved: this link no longer works"))
    # No reload: the same page, with the words still in the box to copy.
    expect_page(page, 1)
    expect(page).to_have_url(f"{url}/p/{link_id}/page/1/")
    expect(box).to_have_value(typed)
    page.screenshot(path=f"{SCREENSHOTS}-revoked.png", full_page=True)
    assert not Response.objects.filter(session=session).exists()
    assert InterviewSession.objects.get(pk=session.pk).status == SessionStatus.NOT_STARTED
    watch.check(url)


def stored_text(session, prompt: str, within_seconds: float = 5.0) -> str | None:
    """The stored answer to the first page's question, waiting for a save on its way."""
    deadline = time.monotonic() + within_seconds
    while True:
        found = Response.objects.filter(session=session, question__prompt=prompt).first()
        if found is not None or time.monotonic() > deadline:
            return found.text if found else None
        time.sleep(0.1)


@pytest.mark.browser
def test_text_typed_just_before_a_reload_is_put_back_and_reaches_the_database(
    live_server, online_session, page
):
    session, token = online_session
    watch = Watched(page.context)
    page.goto(f"{live_server.url}/p/{token}/start/")
    expect_page(page, 1)
    page.wait_for_load_state("load")
    box = answer_box(page, FOLLOW_UPS[0])
    typed = "I would ring her sister first, then"
    box.press_sequentially(typed, delay=5)
    page.reload()  # well inside the autosave's pause after the last key

    expect_page(page, 1)
    box = answer_box(page, FOLLOW_UPS[0])
    expect(box).to_have_value(typed)
    expect(page.get_by_text("We restored what you typed")).to_be_visible()
    expect(box).to_have_accessible_description("Saved")
    assert stored_text(session, FOLLOW_UPS[0]) == typed
    page.screenshot(path=f"{SCREENSHOTS}-restored.png", full_page=True)
    watch.check(live_server.url)


@pytest.mark.browser
def test_text_typed_just_before_the_tab_is_closed_reaches_the_database(
    live_server, online_session, desktop
):
    session, token = online_session
    tab = desktop.new_page()
    tab.goto(f"{live_server.url}/p/{token}/start/")
    expect_page(tab, 1)
    tab.wait_for_load_state("load")
    typed = "Closing the tab now"
    answer_box(tab, FOLLOW_UPS[0]).press_sequentially(typed, delay=5)
    tab.close(run_before_unload=True)
    assert stored_text(session, FOLLOW_UPS[0]) == typed


@pytest.mark.browser
def test_a_stale_second_tab_keeps_the_other_tabs_answers_and_shows_both_versions(
    live_server, online_session, page
):
    session, token = online_session
    start = f"{live_server.url}/p/{token}/start/"
    one = page
    two = page.context.new_page()
    for tab in (one, two):
        tab.goto(start)
        expect_page(tab, 1)
    first, second = FOLLOW_UPS
    type_answer(one, answer_box(one, first), "Tab one's first answer")
    type_answer(one, answer_box(one, second), "Tab one's second answer")

    # Tab two was opened before and still shows both empty: it types only the first.
    answer_box(two, first).fill("Tab two's first answer")
    two.get_by_role("button", name="Next").click()
    expect(two.get_by_text("changed in another window or on another device").first).to_be_visible()
    expect(two.get_by_text("Tab one's first answer")).to_be_visible()
    expect(answer_box(two, first)).to_have_value("Tab two's first answer")
    assert stored_text(session, second) == "Tab one's second answer"
    assert stored_text(session, first) == "Tab one's first answer"
    two.screenshot(path=f"{SCREENSHOTS}-conflict.png", full_page=True)

    # Choosing the other version puts it in the box and keeps it.
    two.get_by_role("button", name="Use the other version").click()
    expect(answer_box(two, first)).to_have_value("Tab one's first answer")
    two.get_by_role("button", name="Next").click()
    expect_page(two, 2)
    assert stored_text(session, first) == "Tab one's first answer"
    assert stored_text(session, second) == "Tab one's second answer"
