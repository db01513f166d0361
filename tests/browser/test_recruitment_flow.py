"""A lead's whole recruitment loop, from an empty study to the sample tables, in a real
browser against the live server: setup, one dyad, the information form, the board and
the downloads."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from studies.models import Study
from tests.factories import PASSWORD, UserFactory, publish_consent_form

TITLE = "Crisis plans in community mental health"
SITE = "Camden CMHT"
AGE = "Age (years)"
GENDER = "Gender"
PHONE = {"width": 390, "height": 844}
# Fixed paths so people can look at the pages after a run; nothing reads them back.
SCREENSHOTS = "/tmp/browser-recruitment"  # noqa: S108


def field(scope, label: str):
    """The form field of this label, exactly: Django ends labels with a colon."""
    return scope.get_by_label(re.compile(f"^{re.escape(label)}:?$"))


def open_tab(page: Page, name: str) -> None:
    # The study's own tabs, not the breadcrumbs or the main navigation.
    page.get_by_role("navigation", name="Study").get_by_role("link", name=name).click()


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def add_question(page: Page, label: str, kind: str, **fields: str) -> None:
    """Fills the "Add a question" form; `fields` maps other labels to what to type."""
    form = page.get_by_role("region", name="Add a question")
    field(form, "Label").fill(label)
    field(form, "Kind").select_option(label=kind)
    for field_label, value in fields.items():
        field(form, field_label).fill(value)
    form.get_by_role("button", name="Add question").click()
    expect_message(page, f"Question “{label}” added to the form.")


def record_consent_in_person(page: Page, pseudonym: str) -> None:
    """From the participant page that is open: the paper consent, every clause agreed."""
    page.get_by_role("link", name="Consent records and in-person consent").click()
    for group in page.get_by_role("group").all():
        group.get_by_role("radio", name="Yes").check()
    field(page, "Name as signed or stated").fill(f"Signed by {pseudonym}")
    page.get_by_role("button", name="Record consent").click()
    expect_message(page, f"Consent of {pseudonym} recorded.")
    expect(page.locator(".meta .status")).to_have_text("Consented")


def submit_answers(page: Page, age: str, gender: str) -> None:
    field(page, AGE).fill(age)
    field(page, GENDER).select_option(label=gender)
    page.get_by_role("button", name="Save answers").click()


def answer_information_form(
    page: Page, pseudonym: str, age: str, gender: str, *, wrong_age: str, error: str
) -> None:
    """From a participant's page, fills in their form, first with an age the form must
    refuse, then corrected, and checks the participant's page shows the answers."""
    page.get_by_role("link", name="Fill in or correct the form").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Information form of {pseudonym}")
    submit_answers(page, wrong_age, gender)
    expect_answer_refused(page, wrong_age, gender, error)
    page.screenshot(path=f"{SCREENSHOTS}-{pseudonym}-form-error.png", full_page=True)
    submit_answers(page, age, gender)
    expect_message(page, f"Information form of {pseudonym} saved.")
    answers = page.get_by_role("region", name="Information form")
    expect(answers).to_contain_text(
        re.compile(f"{re.escape(AGE)}\\s*{age}\\s*{GENDER}\\s*{gender}")
    )


def expect_answer_refused(page: Page, age: str, gender: str, error: str) -> None:
    """After a refused save: the error sits on the age field, and both typed answers
    are still in the form, so the person only has to correct the wrong one."""
    age_field = field(page, AGE)
    expect(age_field).to_have_attribute("aria-invalid", "true")
    # Screen readers read the error with the field, through aria-describedby.
    expect(age_field).to_have_accessible_description(re.compile(re.escape(error)))
    expect(page.locator(".field-invalid")).to_have_count(1)
    expect(page.locator(".field-invalid")).to_contain_text(error)
    expect(age_field).to_have_value(age)
    expect(field(page, GENDER)).to_have_value(gender)


def download(page: Page, link_name: str, folder: Path) -> Path:
    """Clicks a download link and keeps the file under the name the server gave it
    (openpyxl tells formats apart by the file's extension)."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


@pytest.mark.browser
def test_a_lead_sets_up_a_study_recruits_a_dyad_fills_the_forms_and_downloads_the_sample_tables(
    live_server, transactional_db, page, tmp_path
):
    lead = UserFactory(username="lead")
    requests = []
    console_errors = []
    page.on("request", lambda request: requests.append(request.url))
    # The CSP forbids inline scripts and styles; violations show only as console errors.
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    # 1. Log in and create an empty study.
    page.goto(live_server.url + "/accounts/login/")
    field(page, "Username").fill("lead")
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="New study").click()
    field(page, "Title").fill(TITLE)
    page.get_by_role("button", name="Create study").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # 2. A site to recruit from.
    open_tab(page, "Sites and roles")
    field(page, "Name").fill(SITE)
    field(page, "Organisation or borough").fill("London Borough of Camden")
    field(page, "Target number of dyads").fill("6")
    page.get_by_role("button", name="Add site").click()
    expect_message(page, f"Site “{SITE}” added.")
    expect(page.get_by_role("table", name="Sites").locator("tbody tr")).to_have_text(
        [re.compile(f"{SITE}\\s*London Borough of Camden\\s*6")]
    )

    # 3. The information form: a bounded number and a single choice.
    open_tab(page, "Information form")
    add_question(page, AGE, "Number", **{"Lowest value": "18"})
    add_question(page, GENDER, "Single choice", Choices="Woman\nMan\nNon-binary")
    questions = page.get_by_role("table", name="Questions of the information form")
    expect(questions.locator("tbody tr")).to_have_text([
        re.compile(f"1\\s*{re.escape(AGE)}\\s*Number\\s*Every role"),
        re.compile(f"2\\s*{GENDER}\\s*Woman · Man · Non-binary\\s*Single choice"),
    ])  # fmt: skip

    # 4. The first worker; the pseudonym is given, never typed.
    open_tab(page, "Participants")
    page.get_by_role("link", name="Add a participant").click()
    field(page, "Site").select_option(label=SITE)
    field(page, "Name").fill("Alex Worker")
    page.get_by_role("button", name="Add participant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MHW1")
    expect_message(page, "MHW1 added.")

    # 5. The worker nominates a service user, which makes the dyad.
    page.get_by_role("link", name="Record a nomination").click()
    field(page, "Name").fill("Sam Service-User")
    page.get_by_role("button", name="Record the nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SU1")
    expect(page.get_by_role("region", name="Dyad")).to_contain_text("In a dyad with MHW1")

    # 6. Consent and the information form, on a phone: researchers record these in the
    # field as often as at a desk. The consent form itself is written elsewhere.
    publish_consent_form(Study.objects.get(title=TITLE), lead)
    page.set_viewport_size(PHONE)
    page.screenshot(path=f"{SCREENSHOTS}-SU1-phone.png", full_page=True)
    record_consent_in_person(page, "SU1")
    # Below the question's lowest value, 18.
    answer_information_form(
        page, "SU1", "41", "Non-binary", wrong_age="12", error="Enter 18 or more."
    )
    page.get_by_role("region", name="Dyad").get_by_role("link", name="MHW1").click()
    record_consent_in_person(page, "MHW1")
    # Not a number at all.
    answer_information_form(page, "MHW1", "34", "Woman", wrong_age="abc", error="Enter a number.")
    page.screenshot(path=f"{SCREENSHOTS}-MHW1-phone.png", full_page=True)

    # 7. The board counts the dyad as complete: both members consented. Still on the
    # phone, as the chart is the part most likely to overflow a narrow screen.
    open_tab(page, "Recruitment")
    # With no study-wide target, the sites' targets make the headline's target.
    expect(page.locator(".page-header .meta")).to_contain_text("1 complete dyad of a target of 6.")
    by_site = page.get_by_role("region", name="By site")
    expect(by_site.get_by_role("row", name=re.compile(SITE))).to_contain_text("1 / 6")
    dyads = page.get_by_role("region", name="Dyads").get_by_role("listitem")
    expect(dyads).to_have_count(1)
    expect(dyads.get_by_role("link")).to_have_text(["MHW1", "SU1"])
    expect(dyads).to_contain_text("paired with")
    # The phone's chart, drawn for its width; the wide one is hidden at this size.
    expect(page.locator(".chart-narrow svg[role=img]")).to_be_visible()
    expect(page.locator(".chart-wide svg[role=img]")).to_be_hidden()
    expect(page.get_by_role("img", name=re.compile("Complete dyads over time"))).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}-board-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 720})

    # 8. One table per role, each of one person, so the cells describing them are flagged.
    open_tab(page, "Sample")
    for heading, age, gender in (
        ("Mental health worker (MHW), N = 1", "34.0", "Woman"),
        ("Service user (SU), N = 1", "41.0", "Non-binary"),
    ):
        table = page.get_by_role("region", name=heading)
        expect(table).to_be_visible()
        expect(table).to_contain_text("Some cells describe fewer than 3 people")
        expect(table.get_by_role("row", name=re.compile("Mean \\(SD\\)"))).to_contain_text(age)
        flagged = table.locator("tr.flagged")
        expect(flagged).to_have_count(1)
        expect(flagged).to_contain_text(f"{gender} (fewer than 3)")
    page.screenshot(path=f"{SCREENSHOTS}-sample.png", full_page=True)

    xlsx = download(page, "Download XLSX", tmp_path)
    assert xlsx.suffix == ".xlsx"
    workbook = load_workbook(xlsx, read_only=True)
    assert workbook.sheetnames == ["MHW", "SU"]
    mhw_cells = [cell for row in workbook["MHW"].iter_rows(values_only=True) for cell in row]
    assert "N = 1" in mhw_cells
    assert AGE in mhw_cells
    workbook.close()

    csv_file = download(page, "Download CSV", tmp_path)
    assert csv_file.suffix == ".csv"
    # The byte-order mark is there for Excel.
    text = csv_file.read_text(encoding="utf-8-sig")
    assert AGE in text
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Service user (SU)", "", "N = 1", "", ""] in rows

    # 9. Everything came from the live server, and the CSP let every page run cleanly.
    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == [], "the pages reached outside the live server"
    assert console_errors == []
