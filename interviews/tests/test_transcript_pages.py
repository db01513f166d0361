"""The transcript pages in the browser sense: who may open each one, the import with its
speaker mapping, the reading view (line numbers, vignette headings, playback), corrections
in place with htmx, redaction and its log, versions, exports and the audio stream."""

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from interviews import importers, services
from interviews.models import Recording, Redaction, Transcript, TranscriptImport
from interviews.plan import session_pages
from interviews.tests.files import consented, docx_bytes, wav_bytes
from studies.models import AuditEvent, Study

Turn = services.Turn
HTMX = {"HTTP_HX_REQUEST": "true"}

# --- Helpers -------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


TURNS = [
    Turn("Interviewer", "Who went with you to the housing office?", started_at_ms=0),
    Turn("MHW1", "Sarah did. Sarah always comes with me.", started_at_ms=5_000),
    Turn("Interviewer", "Did Sarah stay for the meeting?", started_at_ms=65_000),
    Turn("MHW1", "Yes, the whole time.", started_at_ms=70_500),
]


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def session(consented_worker, vignettes, lead):
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    return session


@pytest.fixture
def transcript(lead, consented_worker, session):
    return services.transcript_create(
        actor=lead, participant=consented_worker, session=session, source="txt", turns=TURNS
    )


@pytest.fixture
def wav():
    return wav_bytes(bytes(range(256)) * 8)


@pytest.fixture
def recording(lead, session, wav):
    return services.recording_upload(
        actor=lead, session=session, file=SimpleUploadedFile("talk.wav", wav)
    )


@pytest.fixture
def foreign(outsider):
    """The outsider's study with a transcript of an in-person session and its recording."""
    other = Study.objects.get(memberships__user=outsider)
    services.vignette_create(actor=outsider, study=other, title="Theirs", text="Their story.")
    participant = consented(other, outsider)
    session, _token = services.session_create(
        actor=outsider, participant=participant, mode="in_person"
    )
    transcript = services.transcript_create(
        actor=outsider, participant=participant, session=session, source="txt",
        turns=[Turn("Interviewer", "Hello?"), Turn(participant.pseudonym, "Their words.")],
    )  # fmt: skip
    recording = services.recording_upload(
        actor=outsider,
        session=session,
        file=SimpleUploadedFile("t.wav", wav_bytes(bytes(range(256)) * 8)),
    )
    return transcript, recording


def _urls(study, transcript, recording) -> dict[str, str]:
    slug, pk = study.slug, transcript.pk
    return {
        "list": reverse("transcripts", args=[slug]),
        "detail": reverse("transcript-detail", args=[slug, pk]),
        "import": reverse("transcript-import", args=[slug]),
        "turn": reverse("transcript-turn", args=[slug, pk, 1]),
        "redact": reverse("transcript-redact", args=[slug, pk]),
        "versions": reverse("transcript-versions", args=[slug, pk]),
        "export_txt": reverse("transcript-export", args=[slug, pk, "txt"]),
        "export_docx": reverse("transcript-export", args=[slug, pk, "docx"]),
        "redaction_log": reverse("redaction-log", args=[slug]),
        "audio": reverse("recording-audio", args=[slug, recording.pk]),
    }


# --- Who may open each page ----------------------------------------------------------------

VIEW_DATA = {"lead": 200, "researcher": 200, "coder": 200, "viewer": 200, "consent_admin": 403}
TRANSCRIBE = {"lead": 200, "researcher": 200, "coder": 403, "viewer": 403, "consent_admin": 403}
EXPORT = TRANSCRIBE
VIEW_REDACTIONS = {
    "lead": 200, "researcher": 403, "coder": 403, "viewer": 403, "consent_admin": 200,
}  # fmt: skip
RULES = {
    "list": VIEW_DATA,
    "detail": VIEW_DATA,
    "import": TRANSCRIBE,
    "turn": TRANSCRIBE,
    "redact": TRANSCRIBE,
    "versions": VIEW_DATA,
    "export_txt": EXPORT,
    "export_docx": EXPORT,
    "redaction_log": VIEW_REDACTIONS,
    "audio": VIEW_DATA,
}
PERSONAS = ["lead", "researcher", "coder", "viewer", "consent_admin", "outsider"]


@pytest.mark.parametrize("view", list(RULES))
@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_open_each_transcript_page(
    as_user, personas, study, transcript, recording, view, who
):
    response = as_user(personas[who]).get(_urls(study, transcript, recording)[view])
    expected = 404 if who == "outsider" else RULES[view][who]
    assert response.status_code == expected
    if expected != 200:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Sarah" not in body
        assert b"MHW1" not in body


@pytest.mark.parametrize("view", list(RULES))
def test_an_anonymous_visitor_is_sent_to_sign_in(client, study, transcript, recording, view):
    response = client.get(_urls(study, transcript, recording)[view])
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("who", ["coder", "viewer", "consent_admin", "outsider"])
def test_who_may_not_transcribe_cannot_post_a_correction_redaction_or_freeze(
    as_user, personas, study, transcript, recording, who
):
    client = as_user(personas[who])
    expected = 404 if who == "outsider" else 403
    urls = _urls(study, transcript, recording)
    correction = {"text": "Changed.", "speaker": "MHW1", "version": 1, "note": ""}
    assert client.post(urls["turn"], correction).status_code == expected
    redaction = {"term": "Sarah", "label": "name", "start": ["55"], "version": 1}
    assert client.post(urls["redact"], redaction).status_code == expected
    ready = reverse("transcript-ready", args=[study.slug, transcript.pk])
    assert client.post(ready).status_code == expected
    transcript.refresh_from_db()
    assert (transcript.version, transcript.status) == (1, "draft")
    assert not Redaction.objects.exists()


# --- Another study's rows -------------------------------------------------------------------


def test_another_studys_transcript_and_recording_are_not_found(
    as_user, lead, study, transcript, foreign
):
    theirs, their_recording = foreign
    client = as_user(lead)
    slug, pk = study.slug, theirs.pk
    for url in (
        reverse("transcript-detail", args=[slug, pk]),
        reverse("transcript-turn", args=[slug, pk, 0]),
        reverse("transcript-redact", args=[slug, pk]),
        reverse("transcript-versions", args=[slug, pk]),
        reverse("transcript-export", args=[slug, pk, "txt"]),
        reverse("recording-audio", args=[slug, their_recording.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("transcript-ready", args=[slug, pk])).status_code == 404
    correction = {"text": "Mine now.", "speaker": "X", "version": 1}
    assert (
        client.post(reverse("transcript-turn", args=[slug, pk, 1]), correction).status_code == 404
    )
    theirs.refresh_from_db()
    assert (theirs.version, theirs.status) == (1, "draft")
    assert not AuditEvent.objects.filter(action="data.exported").exists()


# --- The list and the reading view ---------------------------------------------------------


def test_the_list_shows_each_transcript_with_its_version_and_recording(
    as_user, lead, study, transcript, recording, parse_page
):
    response = as_user(lead).get(reverse("transcripts", args=[study.slug]))
    assert response.status_code == 200
    page = parse_page(response)
    (row,) = [tr for tr in page.find_all("tr") if "MHW1" in tr.text]
    link = page.find("a", href=reverse("transcript-detail", args=[study.slug, transcript.pk]))
    assert link.text == "MHW1"
    assert "In person" in row.text
    assert re.search(r"\b4 1 Being checked Yes\b", row.text), row.text


@pytest.fixture
def participant_long(lead, consented_worker):
    words = " ".join(["recovery"] * 27)  # 27 × 9 - 1 = 242 code points
    return services.transcript_create(
        actor=lead, participant=consented_worker, source="txt",
        turns=[Turn("Interviewer", "Tell me."), Turn("MHW1", words), Turn("Interviewer", "Yes.")],
    )  # fmt: skip


def test_the_reading_view_numbers_lines_across_turns(as_user, lead, study, participant_long):
    transcript = participant_long
    response = as_user(lead).get(reverse("transcript-detail", args=[study.slug, transcript.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    starts = [int(n) for n in re.findall(r'<ol class="lines" start="(\d+)">', html)]
    # The long answer wraps at 80 code points into three lines: the next turn starts at 5.
    assert starts == [1, 2, 5]
    lists = re.findall(r'<ol class="lines" start="\d+">(.*?)</ol>', html, re.DOTALL)
    assert [item.count("<li>") for item in lists] == [1, 3, 1]
    assert re.findall(r"<li>([^<]*)</li>", lists[1]) == [" ".join(["recovery"] * 9)] * 3
    assert "Transcript of MHW1" in html


def test_the_reading_view_shows_turns_with_speakers(as_user, lead, study, transcript, parse_page):
    response = as_user(lead).get(reverse("transcript-detail", args=[study.slug, transcript.pk]))
    page = parse_page(response)
    sections = [page.by_id(f"turn-{n}") for n in range(4)]
    assert [s.attrs["class"] for s in sections] == [
        "turn turn-interviewer", "turn turn-participant", "turn turn-interviewer",
        "turn turn-participant",
    ]  # fmt: skip
    assert sections[1].text.startswith("MHW1 00:00:05")
    assert "Sarah did. Sarah always comes with me." in sections[1].text
    assert [s.attrs.get("data-ms") for s in sections] == ["0", "5000", "65000", "70500"]


def test_the_reading_view_of_a_session_transcript_marks_where_each_vignette_begins(
    as_user, lead, study, consented_worker, vignettes, answer_all, parse_page
):
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="online"
    )
    answer_all(session)
    transcript = services.transcript_from_session(session=session)
    response = as_user(lead).get(reverse("transcript-detail", args=[study.slug, transcript.pk]))
    headings = [
        h.text for h in parse_page(response).find_all("h2", **{"class": "vignette-boundary"})
    ]
    expected = [
        f"Vignette {page.number}: {page.version.title}"
        for page in session_pages(session)
        if page.vignette is not None
    ]
    assert headings == expected
    assert len(headings) == 5


def test_the_reading_view_plays_the_recording_from_each_timestamp(
    as_user, lead, study, transcript, recording, parse_page
):
    response = as_user(lead).get(reverse("transcript-detail", args=[study.slug, transcript.pk]))
    page = parse_page(response)
    audio = page.find("audio", id="recording")
    assert audio.attrs["src"] == reverse("recording-audio", args=[study.slug, recording.pk])
    seeks = [b.attrs["data-seek"] for b in page.find_all("button") if "data-seek" in b.attrs]
    assert seeks == ["0", "5000", "65000", "70500"]


def test_without_a_recording_the_reading_view_has_no_player(
    as_user, lead, study, transcript, parse_page
):
    response = as_user(lead).get(reverse("transcript-detail", args=[study.slug, transcript.pk]))
    page = parse_page(response)
    assert page.find_all("audio") == []
    assert not [b for b in page.find_all("button") if "data-seek" in b.attrs]
    # A member who transcribes is offered the upload instead.
    assert page.find_all(
        "form", action=reverse("recording-upload", args=[study.slug, transcript.session_id])
    )


def test_a_coder_reads_the_transcript_without_correct_links_and_cannot_post(
    as_user, coder, study, transcript
):
    client = as_user(coder)
    response = client.get(reverse("transcript-detail", args=[study.slug, transcript.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sarah always comes" in html
    assert "turn-edit" not in html
    assert ">Correct<" not in html
    assert ">Redact</a>" not in html
    assert "Mark ready for coding" not in html
    url = reverse("transcript-turn", args=[study.slug, transcript.pk, 1])
    response = client.post(url, {"text": "Changed.", "speaker": "MHW1", "version": 1})
    assert response.status_code == 403
    transcript.refresh_from_db()
    assert transcript.version == 1


def test_a_researcher_sees_a_correct_link_on_every_turn(
    as_user, researcher, study, transcript, parse_page
):
    response = as_user(researcher).get(
        reverse("transcript-detail", args=[study.slug, transcript.pk])
    )
    links = parse_page(response).find_all("a", **{"class": "turn-edit"})
    assert [link.attrs["href"] for link in links] == [
        reverse("transcript-turn", args=[study.slug, transcript.pk, n]) for n in range(4)
    ]


def test_an_earlier_version_is_read_only(as_user, lead, study, transcript):
    services.transcript_correct(
        actor=lead, transcript=transcript, position=3, text="Yes, all of it.", base_version=1
    )
    client = as_user(lead)
    url = reverse("transcript-detail", args=[study.slug, transcript.pk])
    old = client.get(url, {"version": 1}).content.decode()
    assert "Version 1 of 2" in old
    assert "Yes, the whole time." in old
    assert "turn-edit" not in old
    latest = client.get(url).content.decode()
    assert "Yes, all of it." in latest
    assert "turn-edit" in latest
    assert client.get(url, {"version": 9}).status_code == 404


# --- Import ---------------------------------------------------------------------------------


def post_upload(client, study, target: str, name: str, data: bytes):
    """Posts the upload form; the reading task then runs as it does after the commit
    (inline, as in the embedded setup)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("transcript-import", args=[study.slug]),
            {"target": target, "file": SimpleUploadedFile(name, data)},
        )


def form_errors(page) -> str:
    return " ".join(e.text for e in page.elements if "error" in e.attrs.get("class", ""))


def test_importing_a_word_file_maps_its_speakers_then_shows_the_transcript(
    as_user, lead, study, session, parse_page
):
    client = as_user(lead)
    data = docx_bytes([
        "Interviewer: How did the housing meeting go?",
        "Sarah: It went well. They listened to me.",
        "Mum: She was nervous before.",
        "Interviewer: Thank you.",
    ])  # fmt: skip
    response = post_upload(client, study, f"session:{session.pk}", "sarah.docx", data)
    draft = TranscriptImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transcript-import-map", args=[study.slug, draft.pk])

    mapping_page = client.get(response["Location"])
    assert mapping_page.status_code == 200
    legends = [e.text for e in parse_page(mapping_page).find_all("legend")]
    found = [re.search(r"“([^”]*)”.*\((\d+) turns?\)", legend).groups() for legend in legends]
    assert found == [("Interviewer", "2"), ("Sarah", "1"), ("Mum", "1")]
    assert not Transcript.objects.exists()

    response = client.post(
        response["Location"],
        {"speaker_0": "Interviewer", "speaker_1": "MHW1", "speaker_2": "__other__",
         "other_2": "Family member"},
    )  # fmt: skip
    transcript = Transcript.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transcript-detail", args=[study.slug, transcript.pk])
    assert not TranscriptImport.objects.exists()
    assert (transcript.session, transcript.source) == (session, "docx")

    reading = client.get(response["Location"])
    html = reading.content.decode()
    page = parse_page(reading)
    assert "Transcript of MHW1" in html
    assert re.findall(r'<ol class="lines" start="(\d+)">', html) == ["1", "2", "3", "4"]
    speakers = [e.text for e in page.find_all("span", **{"class": "speaker"})]
    assert speakers == ["Interviewer", "MHW1", "Family member", "Interviewer"]
    assert "It went well. They listened to me." in html
    assert "Sarah" not in page.find("article").text
    assert "Mum" not in page.find("article").text


@pytest.mark.parametrize(
    ("sample", "source", "shown"),
    [
        ("otter.txt", "otter_txt", "Otter text export"),
        ("rev.txt", "rev_txt", "Rev text export"),
        ("whisperx.json", "whisper", "Whisper or WhisperX JSON"),
    ],
)
def test_the_mapping_page_says_which_format_was_recognised(
    as_user, lead, study, session, parse_page, sample, source, shown
):
    client = as_user(lead)
    data = (Path(__file__).parent / "samples" / sample).read_bytes()
    response = post_upload(client, study, f"session:{session.pk}", sample, data)
    draft = TranscriptImport.objects.get()
    assert draft.source == source
    page = parse_page(client.get(response["Location"]))
    assert page.find("strong", **{"class": "import-format"}).text == shown


def test_the_mapping_page_refuses_someone_else_without_a_label(as_user, lead, study, session):
    client = as_user(lead)
    post_upload(
        client, study, f"session:{session.pk}", "t.txt", b"Interviewer: Hi.\n\nSarah: Hello."
    )
    draft = TranscriptImport.objects.get()
    url = reverse("transcript-import-map", args=[study.slug, draft.pk])
    response = client.post(url, {"speaker_0": "Interviewer", "speaker_1": "__other__"})
    assert response.status_code == 200
    assert "Choose who this speaker is." in response.content.decode()
    assert not Transcript.objects.exists()
    assert TranscriptImport.objects.filter(pk=draft.pk).exists()


def test_a_heading_without_a_speaker_can_be_left_out(as_user, lead, study, session):
    client = as_user(lead)
    data = b"Interview 3, housing\n\nInterviewer: How was it?\n\nSarah: Good."
    post_upload(client, study, f"session:{session.pk}", "t.txt", data)
    draft = TranscriptImport.objects.get()
    assert draft.speakers == ["", "Interviewer", "Sarah"]
    response = client.post(
        reverse("transcript-import-map", args=[study.slug, draft.pk]),
        {"speaker_0": "__leave_out__", "speaker_1": "Interviewer", "speaker_2": "MHW1"},
    )
    assert response.status_code == 302
    transcript = Transcript.objects.get()
    assert transcript.text == "Interviewer: How was it?\n\nMHW1: Good."


def test_discarding_an_upload_saves_nothing(as_user, lead, study, session):
    client = as_user(lead)
    post_upload(
        client, study, f"session:{session.pk}", "t.txt", b"Interviewer: Hi.\n\nSarah: Hello."
    )
    draft = TranscriptImport.objects.get()
    response = client.post(
        reverse("transcript-import-map", args=[study.slug, draft.pk]), {"discard": "1"}
    )
    assert response.status_code == 302
    assert not TranscriptImport.objects.exists()
    assert not Transcript.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("interview.txt", b"", "The submitted file is empty."),
        ("interview.txt", b"a" * (importers.MAX_TRANSCRIPT_BYTES + 1), "over the 10 MB limit"),
    ],
    ids=["empty", "oversize"],
)
def test_a_file_refused_on_upload_shows_the_error_and_saves_nothing(
    as_user, lead, study, session, parse_page, name, data, message
):
    response = post_upload(as_user(lead), study, f"session:{session.pk}", name, data)
    assert response.status_code == 200
    assert message in form_errors(parse_page(response))
    assert not TranscriptImport.objects.exists()
    assert not Transcript.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("interview.docx", b"PK\x03\x04 but not a real zip", "This is not a Word .docx file"),
        ("interview.docx", b"just some words", "This is not a Word .docx file"),
        ("interview.txt", b"%PDF-1.7\n", "This looks like a PDF"),
    ],
    ids=["zip-header", "not-a-zip", "pdf"],
)
def test_a_file_that_cannot_be_read_goes_back_to_the_form_with_the_reason(
    as_user, lead, study, session, parse_page, name, data, message
):
    client = as_user(lead)
    response = post_upload(client, study, f"session:{session.pk}", name, data)
    draft = TranscriptImport.objects.get()
    assert response["Location"] == reverse("transcript-import-map", args=[study.slug, draft.pk])
    refused = client.get(response["Location"])
    form_url = reverse("transcript-import", args=[study.slug]) + f"?refused={draft.pk}"
    assert refused["Location"] == form_url
    form_page = parse_page(client.get(form_url))
    assert message in form_errors(form_page)
    # The form is ready for the corrected file, for the same interview.
    chosen = [e for e in form_page.find_all("option") if "selected" in e.attrs]
    assert [e.attrs["value"] for e in chosen] == [f"session:{session.pk}"]
    assert (draft.turns, draft.file.name) == ([], "")
    assert not Transcript.objects.exists()


def test_a_session_with_a_transcript_is_not_offered_for_import(
    as_user, lead, study, transcript, parse_page
):
    response = as_user(lead).get(reverse("transcript-import", args=[study.slug]))
    assert response.status_code == 200
    assert f"session:{transcript.session_id}" not in response.content.decode()
    response = as_user(lead).post(
        reverse("transcript-import", args=[study.slug]),
        {"target": f"session:{transcript.session_id}",
         "file": SimpleUploadedFile("t.txt", b"Interviewer: Hi.")},
    )  # fmt: skip
    assert response.status_code == 200
    assert not TranscriptImport.objects.exists()


def test_with_every_interview_transcribed_the_import_page_says_what_to_do_next(
    as_user, lead, study, transcript, parse_page
):
    page = parse_page(as_user(lead).get(reverse("transcript-import", args=[study.slug])))
    assert page.find_all("form", enctype="multipart/form-data") == []
    advice = page.by_id("nothing-to-import").text
    assert "start a new in-person session for the participant" in advice
    assert "each correction is saved as a new version" in advice
    hrefs = {a.attrs["href"] for a in page.find_all("a")}
    assert reverse("sessions", args=[study.slug]) + "#new-session" in hrefs


# --- Correcting a turn ----------------------------------------------------------------------


def test_an_htmx_request_for_a_turn_gets_the_form_fragment(as_user, lead, study, transcript):
    url = reverse("transcript-turn", args=[study.slug, transcript.pk, 1])
    response = as_user(lead).get(url, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section class="turn turn-editing" id="turn-1">')
    assert "Sarah did. Sarah always comes with me.</textarea>" in html
    assert 'name="version" value="1"' in html


def test_without_htmx_a_turn_has_a_page_of_its_own(as_user, lead, study, transcript):
    url = reverse("transcript-turn", args=[study.slug, transcript.pk, 1])
    response = as_user(lead).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Correct turn 2 of MHW1" in html
    assert (
        as_user(lead)
        .get(reverse("transcript-turn", args=[study.slug, transcript.pk, 4]))
        .status_code
        == 404
    )


def test_an_htmx_correction_saves_a_version_and_redirects(as_user, researcher, study, transcript):
    url = reverse("transcript-turn", args=[study.slug, transcript.pk, 1])
    response = as_user(researcher).post(
        url, {"text": "Sarah did, and she stayed.", "speaker": "MHW1", "version": 1}, **HTMX
    )
    assert response.status_code == 200
    target = urlsplit(response["HX-Redirect"])
    assert target.path == reverse("transcript-detail", args=[study.slug, transcript.pk])
    assert target.fragment == "turn-1"
    # If the address names a version, it is the one just saved.
    assert parse_qs(target.query).get("version", ["2"]) == ["2"]
    transcript.refresh_from_db()
    assert transcript.version == 2
    assert "MHW1: Sarah did, and she stayed.\n\n" in transcript.text


def test_a_plain_post_correction_redirects_to_the_turn(as_user, lead, study, transcript):
    url = reverse("transcript-turn", args=[study.slug, transcript.pk, 2])
    response = as_user(lead).post(
        url, {"text": "Did she stay?", "speaker": "Interviewer", "version": 1}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#turn-2")
    assert transcript.turns.get(position=2).speaker == "Interviewer"
    transcript.refresh_from_db()
    assert transcript.text.endswith("Interviewer: Did she stay?\n\nMHW1: Yes, the whole time.")


def test_a_stale_htmx_correction_shows_the_message_and_keeps_the_typed_text(
    as_user, lead, researcher, study, transcript
):
    services.transcript_correct(
        actor=researcher, transcript=transcript, position=0, text="Who came?", base_version=1
    )
    url = reverse("transcript-turn", args=[study.slug, transcript.pk, 1])
    typed = "Sarah did — my sister 😀 always comes."
    response = as_user(lead).post(url, {"text": typed, "speaker": "MHW1", "version": 1}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 422  # the one error status htmx swaps in
    assert "HX-Redirect" not in response
    assert "Someone saved version 2 of this transcript after you opened version 1." in html
    assert f"{typed}</textarea>" in html
    transcript.refresh_from_db()
    assert transcript.version == 2
    assert typed not in transcript.text


def test_a_correction_to_a_ready_transcript_without_a_reason_is_a_400(
    as_user, lead, study, transcript
):
    services.transcript_mark_ready(actor=lead, transcript=transcript)
    url = reverse("transcript-turn", args=[study.slug, transcript.pk, 1])
    client = as_user(lead)
    response = client.post(url, {"text": "Changed.", "speaker": "MHW1", "version": 1}, **HTMX)
    assert response.status_code == 422
    assert "say why it needs correcting" in response.content.decode()
    response = client.post(
        url, {"text": "Changed.", "speaker": "MHW1", "version": 1, "note": "Misheard"}, **HTMX
    )
    assert response.status_code == 200
    transcript.refresh_from_db()
    assert (transcript.version, transcript.ready_version) == (2, 1)


# --- Ready, versions ------------------------------------------------------------------------


def test_marking_ready_freezes_the_version_and_hides_the_button(as_user, lead, study, transcript):
    client = as_user(lead)
    response = client.post(reverse("transcript-ready", args=[study.slug, transcript.pk]))
    assert response.status_code == 302
    transcript.refresh_from_db()
    assert (transcript.status, transcript.ready_version, transcript.ready_by) == ("ready", 1, lead)
    page = client.get(reverse("transcript-detail", args=[study.slug, transcript.pk]))
    html = page.content.decode()
    assert "Mark ready for coding" not in html
    assert "Ready for coding" in html
    # Marking it again is refused with a message, not an error page.
    again = client.post(reverse("transcript-ready", args=[study.slug, transcript.pk]), follow=True)
    assert again.status_code == 200
    assert "already marked ready" in again.content.decode()


def test_the_versions_page_lists_every_version_and_shows_the_changes(
    as_user, lead, study, transcript
):
    services.transcript_correct(
        actor=lead, transcript=transcript, position=3, text="Yes, the whole meeting.",
        base_version=1,
    )  # fmt: skip
    client = as_user(lead)
    url = reverse("transcript-versions", args=[study.slug, transcript.pk])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "From version 1 to version 2" in html
    assert "<del>time</del>" in html
    assert "<ins>meeting</ins>" in html
    assert html.count("Corrected") == 1
    assert html.count("Imported") == 1
    same = client.get(url, {"a": 2, "b": 2}).content.decode()
    assert "From version" not in same
    assert client.get(url, {"a": 1, "b": 7}).status_code == 404


def test_comparing_across_a_redaction_says_how_many_places_and_the_label_never_the_words(
    as_user, lead, study, transcript, parse_page
):
    client = as_user(lead)
    _redact_all(client, study, transcript)
    url = reverse("transcript-versions", args=[study.slug, transcript.pk])
    page = parse_page(client.get(url, {"a": 1, "b": 2}))
    summary = page.by_id("redactions-between").text
    assert "Version 2: 3 × “[name]”" in summary
    assert "Sarah" not in " ".join(e.text for e in page.elements if e.tag == "main")
    assert "Apart from what was redacted, the two versions have the same text." in (
        page.find("p", **{"class": "empty"}).text
    )


# --- Redaction and its log ------------------------------------------------------------------


def _redact_all(client, study, transcript, term="Sarah", label="name"):
    url = reverse("transcript-redact", args=[study.slug, transcript.pk])
    found = services.occurrences(
        transcript.text, transcript.versions.get(number=transcript.version).turns, term
    )
    return client.post(
        url,
        {"term": term, "label": label, "replacement": "", "version": transcript.version,
         "start": [str(o.start) for o in found]},
    )  # fmt: skip


def test_finding_a_term_lists_every_place_ticked(as_user, lead, study, transcript, parse_page):
    url = reverse("transcript-redact", args=[study.slug, transcript.pk])
    response = as_user(lead).post(url, {"term": "Sarah", "find": "1"})
    boxes = parse_page(response).find_all("input", name="start")
    found = services.occurrences(transcript.text, transcript.versions.get().turns, "Sarah")
    assert [b.attrs["value"] for b in boxes] == [str(o.start) for o in found]
    assert len(boxes) == 3
    assert all("checked" in b.attrs for b in boxes)


def test_the_words_to_redact_never_travel_in_the_address(as_user, lead, study, transcript):
    """Addresses end up in access logs: a name typed to be redacted must not."""
    url = reverse("transcript-redact", args=[study.slug, transcript.pk])
    page = as_user(lead).get(url, {"term": "Sarah"}).content.decode()
    assert 'name="start"' not in page  # nothing was looked up from the address
    assert re.search(r'<form method="post" class="filters"', page)
    reading = as_user(lead).get(reverse("transcript-detail", args=[study.slug, transcript.pk]))
    assert re.search(r'<form class="selection-tools"[^>]*method="post"', reading.content.decode())


def test_a_term_that_does_not_occur_shows_an_error(as_user, lead, study, transcript):
    url = reverse("transcript-redact", args=[study.slug, transcript.pk])
    response = as_user(lead).post(url, {"term": "Bob", "find": "1"})
    assert response.status_code == 200
    assert "These words do not occur in this transcript" in response.content.decode()


def test_redacting_the_ticked_places_only(as_user, lead, study, transcript):
    url = reverse("transcript-redact", args=[study.slug, transcript.pk])
    found = services.occurrences(transcript.text, transcript.versions.get().turns, "Sarah")
    response = as_user(lead).post(
        url, {"term": "Sarah", "label": "name", "version": 1, "start": [str(found[2].start)]}
    )
    assert response.status_code == 302
    transcript.refresh_from_db()
    assert transcript.version == 2
    assert transcript.text.count("Sarah") == 2
    assert "Did [name] stay for the meeting?" in transcript.text
    assert Redaction.objects.get().original == "Sarah"


def test_a_redaction_with_nothing_ticked_changes_nothing(as_user, lead, study, transcript):
    url = reverse("transcript-redact", args=[study.slug, transcript.pk])
    response = as_user(lead).post(url, {"term": "Sarah", "label": "name", "version": 1})
    assert response.status_code == 200
    assert "Tick at least one place to redact." in response.content.decode()
    transcript.refresh_from_db()
    assert transcript.version == 1


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_an_export_never_holds_what_the_redaction_log_took_out(
    as_user, lead, study, transcript, fmt
):
    client = as_user(lead)
    assert _redact_all(client, study, transcript).status_code == 302
    transcript.refresh_from_db()
    _redact_all(client, study, transcript, term="housing office", label="place")
    originals = set(Redaction.objects.values_list("original", flat=True))
    assert originals == {"Sarah", "housing office"}
    response = client.get(reverse("transcript-export", args=[study.slug, transcript.pk, fmt]))
    assert response.status_code == 200
    if fmt == "txt":
        text = response.content.decode()
        assert "MHW1: [name] did. [name] always comes with me." in text
    else:
        text = _docx_text(response.content)
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            raw = b"".join(archive.read(name) for name in archive.namelist())
        assert b"Sarah" not in raw
        assert "[name] did. [name] always comes with me." in text
    assert "[place]" in text
    for original in originals:
        assert original not in text


@pytest.mark.parametrize(
    ("fmt", "content_type", "reader"),
    [
        ("txt", "text/plain; charset=utf-8", lambda data: data.decode()),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _docx_text,
        ),
    ],
)
def test_an_export_is_the_latest_version_by_pseudonym_and_is_audited(
    as_user, researcher, study, transcript, fmt, content_type, reader
):
    response = as_user(researcher).get(
        reverse("transcript-export", args=[study.slug, transcript.pk, fmt])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    name = f"{study.slug}-MHW1-v1.{fmt}"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    text = reader(response.content)
    assert "[00:00:05] MHW1: Sarah did. Sarah always comes with me." in text
    assert "[00:01:05] Interviewer: Did Sarah stay for the meeting?" in text
    (event,) = AuditEvent.objects.filter(action="data.exported")
    assert (event.actor, event.study, event.detail) == (researcher, study, {"export": name})


def _read_back(name: str, data: bytes) -> list[tuple[str, str, int | None]]:
    """The turns the importer finds in an export: (speaker, words, whole seconds)."""
    result = importers.read_transcript(name, data)
    return [
        (t.speaker, t.text, None if t.started_at_ms is None else t.started_at_ms // 1000)
        for t in result.turns
    ]


EXPECTED_BACK = [(t.speaker, t.text, t.started_at_ms // 1000) for t in TURNS]


def test_a_text_export_reads_back_as_the_same_turns(as_user, lead, study, transcript):
    response = as_user(lead).get(
        reverse("transcript-export", args=[study.slug, transcript.pk, "txt"])
    )
    # The export gives times to the second, so that is what comes back.
    assert _read_back("back.txt", response.content) == EXPECTED_BACK


def test_a_word_export_reads_back_as_the_same_turns(as_user, lead, study, transcript):
    response = as_user(lead).get(
        reverse("transcript-export", args=[study.slug, transcript.pk, "docx"])
    )
    assert _read_back("back.docx", response.content) == EXPECTED_BACK


def test_an_export_in_an_unknown_format_is_not_found(as_user, lead, study, transcript):
    url = reverse("transcript-export", args=[study.slug, transcript.pk, "pdf"])
    assert as_user(lead).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="data.exported").exists()


@pytest.mark.parametrize("who", ["lead", "consent_admin"])
def test_the_redaction_log_shows_what_was_taken_out(
    as_user, personas, lead, study, transcript, who
):
    _redact_all(as_user(lead), study, transcript)
    response = as_user(personas[who]).get(reverse("redaction-log", args=[study.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<td>Sarah</td>") == 3
    assert html.count("<td>[name]</td>") == 3
    assert "version 2, character" in html


@pytest.mark.parametrize(("who", "status"), [("researcher", 403), ("coder", 403),
                                             ("viewer", 403), ("outsider", 404)])  # fmt: skip
def test_the_redaction_log_is_closed_to_everyone_else(
    as_user, personas, lead, study, transcript, who, status
):
    _redact_all(as_user(lead), study, transcript)
    response = as_user(personas[who]).get(reverse("redaction-log", args=[study.slug]))
    assert response.status_code == status
    assert b"Sarah" not in response.content


# --- Audio ----------------------------------------------------------------------------------


def test_the_audio_is_served_whole_and_never_cached(as_user, viewer, study, recording, wav):
    response = as_user(viewer).get(reverse("recording-audio", args=[study.slug, recording.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == wav
    assert response["Content-Type"] == "audio/wav"
    assert response["Accept-Ranges"] == "bytes"
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_byte_range_answers_206_with_exactly_those_bytes(as_user, coder, study, recording, wav):
    response = as_user(coder).get(
        reverse("recording-audio", args=[study.slug, recording.pk]), HTTP_RANGE="bytes=0-99"
    )
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-99/{len(wav)}"
    assert response["Content-Length"] == "100"
    body = b"".join(response.streaming_content)
    assert body == wav[:100]
    assert len(body) == 100


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=100-", 100, None), ("bytes=-50", -50, None), ("bytes=1000-99999", 1000, None)],
)
def test_open_and_suffix_ranges_answer_the_right_bytes(
    as_user, lead, study, recording, wav, header, first, last
):
    response = as_user(lead).get(
        reverse("recording-audio", args=[study.slug, recording.pk]), HTTP_RANGE=header
    )
    assert response.status_code == 206
    expected = wav[first:last]
    assert b"".join(response.streaming_content) == expected
    start = len(wav) - len(expected)
    assert response["Content-Range"] == f"bytes {start}-{len(wav) - 1}/{len(wav)}"


@pytest.mark.parametrize("header", ["bytes={size}-", "bytes={size}-{bigger}", "bytes=-0"])
def test_an_unsatisfiable_range_is_a_416(as_user, lead, study, recording, wav, header):
    size = len(wav)
    response = as_user(lead).get(
        reverse("recording-audio", args=[study.slug, recording.pk]),
        HTTP_RANGE=header.format(size=size, bigger=size + 10),
    )
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


# --- Recordings from the reading view -------------------------------------------------------


def test_a_recording_uploaded_from_the_reading_view_comes_back_to_it(
    as_user, lead, study, transcript, wav
):
    response = as_user(lead).post(
        reverse("recording-upload", args=[study.slug, transcript.session_id]),
        {"file": SimpleUploadedFile("talk.wav", wav), "back": "transcript"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("transcript-detail", args=[study.slug, transcript.pk])
    assert Recording.objects.get().session_id == transcript.session_id


def test_a_file_that_is_not_audio_is_refused_with_a_message(as_user, lead, study, transcript):
    response = as_user(lead).post(
        reverse("recording-upload", args=[study.slug, transcript.session_id]),
        {"file": SimpleUploadedFile("talk.mp3", b"%PDF-1.7\n%%EOF\n"), "back": "transcript"},
        follow=True,
    )
    assert response.status_code == 200
    assert "it looks like a PDF document" in response.content.decode()
    assert not Recording.objects.exists()


# --- Bad input is never a server error ------------------------------------------------------

SUPERSCRIPT_TWO = "\u00b2"  # "²": str.isdigit() says yes, int() says no


@pytest.mark.parametrize(
    ("view", "params"),
    [("transcript-detail", {"version": SUPERSCRIPT_TWO}),
     ("transcript-versions", {"a": SUPERSCRIPT_TWO}),
     ("transcript-versions", {"b": SUPERSCRIPT_TWO})],
)  # fmt: skip
def test_a_version_number_that_is_not_a_number_reads_the_latest(
    as_user, lead, study, transcript, view, params
):
    client = as_user(lead)
    client.raise_request_exception = False
    response = client.get(reverse(view, args=[study.slug, transcript.pk]), params)
    assert response.status_code == 200


def test_a_ticked_place_that_is_not_a_number_is_ignored(as_user, lead, study, transcript):
    client = as_user(lead)
    client.raise_request_exception = False
    response = client.post(
        reverse("transcript-redact", args=[study.slug, transcript.pk]),
        {"term": "Sarah", "label": "name", "version": 1, "start": [SUPERSCRIPT_TWO]},
    )
    assert response.status_code == 200
    assert "Tick at least one place to redact." in response.content.decode()
    transcript.refresh_from_db()
    assert transcript.version == 1
