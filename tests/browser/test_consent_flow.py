"""Consent from end to end, in a real browser against the live server: a consent admin
publishes the information sheet and the consent form, a participant consents on a phone
through their personal link and later withdraws asking for everything to be removed,
and the team's pages show the consent kept and the rest of the data gone."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from studies import services
from studies.models import Membership
from tests.factories import DATA_PROTECTION, PASSWORD, UserFactory

TITLE = "Safety planning with community teams"
WORKER_NAME = "Jo Private"
QUESTION = "Profession"
ANSWER = "Occupational therapist"
SHEET_TITLE = "About the safety planning study"
SHEET_BODY = "We will ask you to read three short vignettes and talk about them."
FORM_TITLE = "Consent to take part"
FORM_BODY = "Please read each statement and tick those you agree to."
TAKING_PART = "I agree to take part in an interview about the vignettes."
QUOTES = "I agree that anonymised quotes from my interview may be published."
QUOTES_PURPOSE = "Use of anonymised quotes"
SIGNED_NAME = "Jo Private"
PHONE = {"width": 390, "height": 844}
# Fixed paths so people can look at the pages after a run; nothing reads them back.
SCREENSHOTS = "/tmp/browser-consent"  # noqa: S108


class Watched:
    """Every request and console error of one browser context, so each context (team
    members and the participant) can be checked for leaving the live server."""

    def __init__(self, context: BrowserContext):
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        # The CSP forbids inline scripts and styles; violations show only as console
        # errors. Listening on the context covers every page opened in it.
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


def field(scope, label: str):
    """The form field of this label, exactly: Django ends labels with a colon."""
    return scope.get_by_label(re.compile(f"^{re.escape(label)}:?$"))


def open_tab(page: Page, name: str) -> None:
    # The study's own tabs, not the breadcrumbs or the main navigation.
    page.get_by_role("navigation", name="Study").get_by_role("link", name=name).click()


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def log_in(page: Page, live_server_url: str, username: str) -> None:
    page.goto(live_server_url + "/accounts/login/")
    field(page, "Username").fill(username)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My studies")


def open_participant(page: Page, live_server_url: str, slug: str, pk: int) -> None:
    page.goto(f"{live_server_url}/studies/{slug}/participants/{pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("MHW1")


def write_document(page: Page, panel: str, title: str, body: str) -> None:
    """From the consent page, starts the first version of a document and saves its text;
    leaves the draft open."""
    page.get_by_role("region", name=panel).get_by_role(
        "button", name="Write the first version"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{panel}, version 1")
    field(page, "Title").fill(title)
    field(page, "Body").fill(body)
    page.get_by_role("button", name="Save draft").click()
    expect_message(page, "Draft saved.")


def add_clause(page: Page, text: str, governs: str, *, required: bool) -> None:
    form = page.get_by_role("region", name="Add a clause")
    field(form, "Clause").fill(text)
    field(form, "What it governs").select_option(label=governs)
    # Ticked by default: most clauses are needed to take part.
    field(form, "Required to take part").set_checked(required)
    form.get_by_role("button", name="Add clause").click()
    expect_message(page, "Clause added.")


def publish(page: Page, panel: str) -> None:
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consent")
    expect_message(page, "published")
    versions = page.get_by_role("region", name=panel).get_by_role("listitem")
    expect(versions).to_have_count(1)
    expect(versions).to_contain_text(re.compile(r"Version 1\s*Published"))


def audit_row(page: Page, what: str):
    return page.locator("tbody tr").filter(has=page.get_by_role("cell", name=what, exact=True))


def download(page: Page, link_name: str, folder: Path) -> Path:
    """Clicks a download link and keeps the file under the name the server gave it."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


@pytest.fixture
def other_browser(browser: Browser):
    """Opens further browser contexts (other people, with their own cookies), each
    watched, and closes them after the test even when it fails."""
    contexts = []

    def open_context(**options) -> tuple[Page, Watched]:
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page(), Watched(context)

    yield open_context
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_consent_is_published_given_online_and_a_withdrawal_removes_the_data_everywhere(
    live_server, transactional_db, page, other_browser, tmp_path
):
    # Set-up through services: the study, its team, one worker with contact details and
    # one information-form answer, none of which is under test here.
    lead = UserFactory(username="lead")
    admin = UserFactory(username="consent-admin")
    study = services.study_create(creator=lead, title=TITLE)
    services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    Membership.objects.create(study=study, user=admin, role="consent_admin")
    worker = services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None, name=WORKER_NAME
    )
    question = services.attribute_create(
        actor=lead, study=study, label=QUESTION, kind="single",
        choices=[ANSWER, "Social worker", "Nurse"],
    )  # fmt: skip
    url = live_server.url

    admin_watch = Watched(page.context)
    lead_page, lead_watch = other_browser()
    # The participant has no account and reads on a phone.
    person, person_watch = other_browser(viewport=PHONE)

    # 1. The consent admin publishes the information sheet, then the consent form with
    # one clause needed to take part and one optional.
    log_in(page, url, "consent-admin")
    page.get_by_role("link", name=TITLE).click()
    open_tab(page, "Consent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Consent")

    write_document(page, "Information sheet", SHEET_TITLE, SHEET_BODY)
    publish(page, "Information sheet")

    write_document(page, "Consent form", FORM_TITLE, FORM_BODY)
    add_clause(page, TAKING_PART, "Taking part", required=True)
    add_clause(page, QUOTES, QUOTES_PURPOSE, required=False)
    clauses = page.locator("ol.clauses > li")
    expect(clauses).to_have_count(2)
    expect(clauses.nth(0)).to_contain_text("Taking part · required to take part")
    expect(clauses.nth(1)).to_contain_text(f"{QUOTES_PURPOSE} · optional")
    publish(page, "Consent form")

    # Before anything happens, the admin can see who the worker is, so the check after
    # the withdrawal means something.
    open_participant(page, url, study.slug, worker.pk)
    page.get_by_role("link", name="Show contact details").click()
    expect(field(page, "Name")).to_have_value(WORKER_NAME)

    # 2. The lead makes the worker's personal link.
    log_in(lead_page, url, "lead")
    open_participant(lead_page, url, study.slug, worker.pk)
    lead_page.get_by_role("button", name="Make a link").click()
    personal_link = lead_page.locator("[data-link-text]").inner_text().strip()
    assert personal_link.startswith(f"{url}/p/")

    # 3. The participant reads the sheet and consents on their phone, refusing quotes.
    person.goto(personal_link)
    expect(person.get_by_role("heading", name=SHEET_TITLE)).to_be_visible()
    expect(person.get_by_text(SHEET_BODY)).to_be_visible()
    person.get_by_role("link", name="Continue to the consent form").click()
    expect(person.get_by_role("heading", level=1)).to_have_text(FORM_TITLE)
    agree = person.get_by_role("button", name="I agree")
    # The button waits for the clause needed to take part and a typed name.
    expect(agree).to_be_disabled()
    expect(person.locator("#consent-hint")).to_have_text(
        "One statement needed to take part is not ticked yet."
    )
    person.screenshot(path=f"{SCREENSHOTS}-form-phone.png", full_page=True)
    field(person, TAKING_PART).check()
    expect(agree).to_be_disabled()
    expect(person.locator("#consent-hint")).to_have_text("Type your name to sign.")
    field(person, "Your full name").fill(SIGNED_NAME)
    expect(agree).to_be_enabled()
    expect(field(person, QUOTES)).not_to_be_checked()
    person.screenshot(path=f"{SCREENSHOTS}-form-phone-ready.png", full_page=True)
    agree.click()

    expect(person.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(person.get_by_text("Your consent is recorded.")).to_be_visible()
    expect(person.get_by_text("You said no to some optional statements")).to_be_visible()
    copy_file = download(person, "Download your copy", tmp_path)
    assert copy_file.name == "my-consent.pdf"
    reader = PdfReader(copy_file)
    copy = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"Agreed: {TAKING_PART}" in copy
    assert f"Name: {SIGNED_NAME}" in copy
    # The copy records the refusal, not only the clause.
    assert f"Not agreed: {QUOTES}" in copy

    # Consent opens the gate: now the team may record the worker's information form.
    services.attribute_values_save(actor=lead, participant=worker, answers={question.pk: ANSWER})
    open_participant(lead_page, url, study.slug, worker.pk)
    answers = lead_page.get_by_role("region", name="Information form")
    expect(answers).to_contain_text(re.compile(f"{QUESTION}\\s*{ANSWER}"))

    # 4. The admin sees the consent: version 1, quotes refused, and it is audited.
    open_tab(page, "Consent")
    row = page.get_by_role("row", name=re.compile("MHW1"))
    expect(row).to_contain_text("Version 1, online")
    expect(row).to_contain_text(QUOTES_PURPOSE)
    page.get_by_role("link", name="Audit trail").click()
    expect(audit_row(page, "Consent given")).to_contain_text("MHW1")

    # 5. The participant comes back through the same link and withdraws, asking for
    # everything to be removed.
    person.goto(personal_link)
    expect(person.get_by_text("Your consent is recorded. Thank you.")).to_be_visible()
    person.get_by_role("link", name="I want to withdraw from the study").click()
    expect(person.get_by_role("heading", level=1)).to_have_text("Withdraw from the study")
    person.get_by_label("Remove everything").check()
    field(person, "I understand that this cannot be undone.").check()
    person.screenshot(path=f"{SCREENSHOTS}-withdraw-phone.png", full_page=True)
    person.get_by_role("button", name="Withdraw").click()
    expect(person.get_by_role("heading", level=1)).to_have_text("You have withdrawn")
    expect(person.get_by_text("we have removed your information")).to_be_visible()
    person.screenshot(path=f"{SCREENSHOTS}-withdrawn-phone.png", full_page=True)
    person.goto(personal_link)
    expect(person.get_by_role("heading", level=1)).to_have_text("This link is not working")

    # 6. The team's pages: withdrawn, identity and answers gone, consent record kept.
    open_participant(page, url, study.slug, worker.pk)
    expect(page.locator(".meta .status")).to_have_text("Withdrawn")
    page.get_by_role("link", name="Show contact details").click()
    # No form to fill again: the details were removed and cannot be recreated.
    expect(page.get_by_text("removed at their request")).to_be_visible()
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.get_by_text(WORKER_NAME)).to_have_count(0)
    assert WORKER_NAME not in page.content()

    # A consent admin does not see research data, so the lead checks the answers.
    lead_page.reload()
    expect(lead_page.locator(".meta .status")).to_have_text("Withdrawn")
    answers = lead_page.get_by_role("region", name="Information form")
    expect(answers).to_contain_text(re.compile(f"{QUESTION}\\s*Not answered"))
    expect(answers).not_to_contain_text(ANSWER)
    # No link can be made for someone who withdrew.
    expect(lead_page.get_by_role("region", name="Personal link")).to_have_count(0)

    open_tab(page, "Consent")
    page.get_by_role("link", name="Audit trail").click()
    for what in ("Withdrawal recorded", "Data erased", "Consent given"):
        expect(audit_row(page, what)).to_contain_text("MHW1")
    # Entries name what happened, never the personal values.
    expect(page.get_by_role("table")).not_to_contain_text(WORKER_NAME)

    open_tab(page, "Consent")
    page.get_by_label("Show").select_option(label="Withdrawn")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(re.compile(r"MHW1\s*Withdrawn\s*Version 1, online"))

    consent_csv = download(page, "Download consent status (CSV)", tmp_path)
    table = list(csv.DictReader(io.StringIO(consent_csv.read_text(encoding="utf-8-sig"))))
    assert [(row["pseudonym"], row["recruitment status"]) for row in table] == [
        ("MHW1", "Withdrawn")
    ]
    # Consent records outlive the erasure: the ethics committee requires them.
    assert table[0]["consent form version"] == "1"
    assert table[0]["refused clauses"] == QUOTES_PURPOSE

    # 7. Everything came from the live server, and the CSP let every page run cleanly.
    # The dead link answers 404, which Chromium reports as a console error.
    admin_watch.check(url)
    lead_watch.check(url)
    person_watch.check(url, expected_errors=("status of 404",))
