"""A researcher's work on an interview transcript, in a real browser against the live
server: upload a Word transcript of a recorded interview, map its speakers, redact two
names, upload the recording and listen along with the turn being played highlighted,
correct a typo as a new version, see the change, and mark it ready for coding."""

import docx
import pytest
from playwright.sync_api import Page, expect

from interviews import services as interview_services
from interviews.demo import tone_wav
from interviews.models import Redaction, Transcript, TranscriptStatus
from studies import services
from tests.factories import PASSWORD, UserFactory, give_consent

TURNS = [  # (time, speaker as in the file, words)
    ("00:00:02", "Interviewer", "Thank you for talking to me today."),
    ("00:00:06", "Sam", "No bother. My worker Sarah said you would ring."),
    ("00:00:12", "Interviewer", "What happened after the move?"),
    ("00:00:17", "Sam", "I stayed with Tomasz for a week, then Sarah helped me setle in."),
    ("00:00:25", "Interviewer", "And how is it now?"),
    ("00:00:29", "Sam", "Quiet. Good quiet, mostly."),
]


SELECT_TOMASZ = """() => {
  const lines = [...document.querySelectorAll(".lines li")];
  const line = lines.find((li) => li.textContent.includes("Tomasz"));
  const text = line.firstChild;
  const at = text.textContent.indexOf("Tomasz");
  const range = document.createRange();
  range.setStart(text, at);
  range.setEnd(text, at + "Tomasz".length);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def word_file(path) -> str:
    """The transcript as a transcription service would send it: a heading, a note, then
    one paragraph per turn with the timestamp and the speaker's name in bold."""
    document = docx.Document()
    document.add_heading("Interview 14 March", level=1)
    document.add_paragraph("Recorded at home; two voices.")
    for stamp, speaker, words in TURNS:
        paragraph = document.add_paragraph(f"[{stamp}] ")
        paragraph.add_run(f"{speaker}:").bold = True
        paragraph.add_run(f" {words}")
    name = str(path / "interview.docx")
    document.save(name)
    return name


def recording_file(path) -> str:
    """A quiet WAV with a tone where each turn starts, 40 seconds long."""
    starts = [int(stamp.split(":")[2]) * 1000 for stamp, _speaker, _words in TURNS]
    name = path / "interview.wav"
    name.write_bytes(tone_wav(starts, 40_000))
    return str(name)


@pytest.fixture
def interview(transactional_db):
    """MHW1, consented (to recording too), interviewed in person: the session is over and
    has no transcript yet."""
    lead = UserFactory(username="lead")
    study = services.study_create(creator=lead, title="Risk and recovery")
    interview_services.vignette_create(actor=lead, study=study, title="Story", text="A story.")
    worker = services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    give_consent(worker, lead)
    session, _ = interview_services.session_create(
        actor=lead, participant=worker, mode="in_person", interviewer=lead
    )
    interview_services.session_start(actor=lead, session=session)
    interview_services.session_complete(actor=lead, session=session)
    return study, session


def redact(page: Page, term: str) -> None:
    page.get_by_role("link", name="Redact", exact=True).click()
    page.get_by_label("Words to redact").fill(term)
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text(f"with “{term}”")).to_be_visible()
    page.get_by_role("radio", name="[name]").check()
    page.get_by_role("button", name="Redact the ticked places").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transcript of MHW1")


@pytest.mark.browser
def test_a_researcher_imports_maps_redacts_listens_corrects_and_marks_a_transcript_ready(
    live_server, transactional_db, interview, page, tmp_path
):
    study, session = interview
    url = live_server.url
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    outside = []
    page.on("request", lambda request: request.url.startswith(url) or outside.append(request.url))
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # 1. From the session page to the import form, with the interview chosen already.
    page.goto(f"{url}/studies/{study.slug}/sessions/{session.pk}/")
    page.get_by_role("link", name="Import the transcript").click()
    page.get_by_label("Transcript file").set_input_files(word_file(tmp_path))
    page.get_by_role("button", name="Read the file").click()

    # 2. The speakers found: the interviewer is guessed, Sam is mapped to MHW1.
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is speaking?")
    expect(page.get_by_text("7 turns, 48 words")).to_be_visible()
    expect(page.get_by_label("Who is “Interviewer”?")).to_have_value("Interviewer")
    page.get_by_label("Who is “Sam”?").select_option("MHW1")
    page.get_by_label("Paragraphs with no speaker named").select_option(
        "Leave these out (a heading or a note, not speech)"
    )
    page.get_by_role("button", name="Save the transcript").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transcript of MHW1")
    turn = page.locator("#turn-3")
    expect(turn.locator(".speaker")).to_have_text("MHW1")
    expect(turn).to_contain_text("then Sarah helped me setle in.")
    assert page.locator(".lines li").count() >= len(TURNS)

    # 3. Two names redacted, each everywhere it occurs; the log keeps the originals.
    redact(page, "Sarah")
    # The second name chosen by selecting it in the text.
    page.evaluate(SELECT_TOMASZ)
    page.get_by_role("button", name="Redact “Tomasz”").click()
    expect(page.get_by_text("1 place with “Tomasz”")).to_be_visible()
    page.get_by_role("radio", name="[name]").check()
    page.get_by_role("button", name="Redact the ticked places").click()
    expect(page.locator(".transcript")).not_to_contain_text("Sarah")
    expect(page.locator(".transcript")).not_to_contain_text("Tomasz")
    expect(page.locator("#turn-3")).to_contain_text("I stayed with [name] for a week")
    assert sorted(Redaction.objects.values_list("original", flat=True)) == [
        "Sarah", "Sarah", "Tomasz",
    ]  # fmt: skip

    # 4. The recording, uploaded from the transcript page; a timestamp plays its turn.
    page.get_by_text("Add the interview recording").click()
    page.get_by_label("Audio recording").set_input_files(recording_file(tmp_path))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Recording saved.")).to_be_visible()
    page.get_by_role("button", name="Play from 00:00:17").click()
    expect(page.locator("#turn-3")).to_have_class("turn turn-participant is-playing")
    assert page.eval_on_selector("#recording", "audio => audio.currentTime") >= 17
    page.eval_on_selector("#recording", "audio => audio.pause()")

    # 5. The typo corrected in place, saved as version 4.
    page.locator("#turn-3").get_by_role("link", name="Correct").click()
    words = page.locator("#turn-3").get_by_label("Words")
    expect(words).to_have_value("I stayed with [name] for a week, then [name] helped me setle in.")
    words.fill("I stayed with [name] for a week, then [name] helped me settle in.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Saved as version 4.")).to_be_visible()
    expect(page.locator("#turn-3")).to_contain_text("helped me settle in.")

    # 6. The change, seen between versions 3 and 4.
    page.get_by_role("link", name="All versions").click()
    expect(page.locator("del")).to_have_text("setle")
    expect(page.locator("ins")).to_have_text("settle")

    # 7. Ready for coding: the version is frozen.
    page.get_by_role("link", name="Back to the transcript").click()
    page.get_by_role("button", name="Mark ready for coding").click()
    expect(page.get_by_text("Marked ready for coding")).to_be_visible()
    transcript = Transcript.objects.get(session=session)
    assert (transcript.status, transcript.ready_version) == (TranscriptStatus.READY, 4)

    # 8. A correction made while someone else saved a newer version: the message shows
    # in place and the words typed are still there to copy.
    page.locator("#turn-5").get_by_role("link", name="Correct").click()
    words = page.locator("#turn-5").get_by_label("Words")
    words.fill("Quiet. Good quiet, mostly, yes.")
    page.locator("#turn-5").get_by_label("Why").fill("Missed the last words")
    interview_services.transcript_correct(
        actor=transcript.study.memberships.get().user, transcript=transcript, position=0,
        text="Thank you for talking to me.", note="Typo",
    )  # fmt: skip
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Someone saved version 5 of this transcript")).to_be_visible()
    expect(page.locator("#turn-5").get_by_label("Words")).to_have_value(
        "Quiet. Good quiet, mostly, yes."
    )

    # Chromium logs every 4xx answer; the 422 of step 8 is the one expected.
    assert [error for error in errors if "status of 422" not in error] == []
    assert outside == []
