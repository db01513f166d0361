"""An import in a browser, as a lead brings a QualCoder project in as a new study: "Import
a project" on My studies, the file checked and previewed (its counts, the Role variable
chosen for the role), the import refused with a field error while consent is not
confirmed, then made, and the imported coding highlighted on a transcript's coding page.
The file is the demo's pilot, zipped as load_demo zips it; jobs run inline here."""

import pytest
from playwright.sync_api import Page, expect

from analysis.demo_import import pilot_archive
from analysis.models import ExchangeJob, JobStatus
from coding.models import CodedSegment
from studies.models import Participant, Study
from tests.browser.test_team_pages_on_a_phone import log_in
from tests.factories import PASSWORD

TITLE = "Pilot interviews"


@pytest.mark.browser
def test_a_lead_imports_a_qualcoder_project_and_sees_its_coding_highlighted(
    live_server, transactional_db, lead, page: Page, tmp_path
):
    upload = tmp_path / "pilot.qdpx"
    upload.write_bytes(pilot_archive())
    log_in(page, live_server.url, lead.username, PASSWORD)
    page.get_by_role("link", name="Import a project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a project as a new study")
    page.get_by_label("REFI-QDA file").set_input_files(upload)
    page.get_by_role("button", name="Check the file").click()

    # The preview: what the file holds, and the Role variable already chosen.
    expect(page.get_by_text("Nothing has changed yet")).to_be_visible()
    counts = page.locator("dl.counts").first
    for name, number in (("Codes", "8"), ("Cases", "3"), ("Sources", "3"), ("Selections", "26")):
        expect(counts.locator("div", has=page.locator("dt", has_text=name))).to_contain_text(number)
    role = page.get_by_label("Which variable holds each participant's role")
    expect(role.locator("option:checked")).to_have_text("Role")
    page.get_by_label("The new study's title").fill(TITLE)

    # Consent not confirmed: the form says so, and nothing is made.
    page.get_by_role("button", name="Import").click()
    expect(
        page.get_by_text("Confirm that the people in this file gave their consent")
    ).to_be_visible()
    assert not Study.objects.exists()
    assert ExchangeJob.objects.get().status == JobStatus.PREVIEW

    page.get_by_label("Everyone in this file consented to take part in this study").check()
    page.get_by_label("Consent given on (or before)").fill("2025-10-10")
    page.get_by_role("button", name="Import").click()
    done = page.get_by_role("status").filter(has_text="Imported into")
    expect(done).to_be_visible()
    study = Study.objects.get(title=TITLE)
    assert CodedSegment.objects.filter(transcript__participant__study=study).count() == 26

    done.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    page.get_by_role("navigation", name="Study").get_by_role("link", name="Transcripts").click()
    worker = Participant.objects.get(study=study, role__code="MHW")
    page.get_by_role("link", name=f"Coding of {worker.pseudonym}").click()
    marks = page.locator("#coding-text mark.coded")
    expect(marks.first).to_be_visible()
    expect(marks.filter(has_text="it shows up red on the system")).to_have_count(1)
    segments = marks.evaluate_all(
        "marks => marks.flatMap(mark => mark.dataset.segments.split(' '))"
    )
    assert len(set(segments)) == 9  # every coded passage of P01's source
