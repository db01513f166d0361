"""The transcript API under /api/v1/studies/<slug>/: imports and their speaker mapping,
transcripts with their versions, corrections, redactions, occurrences, the freeze and
the diff, recordings, the redaction log and who may reach each of them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from interviews import importers, services
from interviews.models import (
    Recording,
    Redaction,
    Transcript,
    TranscriptImport,
    TranscriptVersion,
)
from interviews.tests.files import consented, docx_bytes, new_worker, wav_bytes
from studies import services as study_services
from studies.models import Study
from tests.factories import publish_consent_form

Turn = services.Turn

# --- Helpers -------------------------------------------------------------------------


TXT = b"Interviewer: How did it go?\n\nSarah: It went well.\n\nMum: She was brave.\n\nR: Thanks."
TURNS = [
    Turn("Interviewer", "Who went with you?"),
    Turn("MHW1", "Sarah did. Sarah always comes."),
    Turn("Interviewer", "Did Sarah stay?"),
]


# Members who may not import, correct, redact or upload, and what they get.
NOT_TRANSCRIBERS = [("coder", 403), ("viewer", 403), ("consent_admin", 403), ("outsider", 404)]


@pytest.fixture
def base(study):
    return f"/api/v1/studies/{study.slug}"


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
def foreign(outsider):
    """The outsider's study: a transcript of an in-person session, its recording, and a
    pending import."""
    other = Study.objects.get(memberships__user=outsider)
    services.vignette_create(actor=outsider, study=other, title="Theirs", text="Their story.")
    participant = consented(other, outsider)
    session, _token = services.session_create(
        actor=outsider, participant=participant, mode="in_person"
    )
    transcript = services.transcript_create(
        actor=outsider, participant=participant, session=session, source="txt",
        turns=[Turn("Interviewer", "Hello?"), Turn(participant.pseudonym, "Sarah came.")],
    )  # fmt: skip
    recording = services.recording_upload(
        actor=outsider, session=session, file=SimpleUploadedFile("t.wav", wav_bytes())
    )
    loner = consented(other, outsider)
    upload = services.transcript_import_start(
        actor=outsider, participant=loner, filename="t.txt", data=TXT
    )
    return other, session, transcript, recording, upload, loner


def _upload(client, base, data, name="interview.txt", **target):
    """The upload's answer; its reading task then runs as it does after the commit
    (inline, as in the embedded setup), so a poll sees the outcome."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            f"{base}/transcript-imports/",
            {"file": SimpleUploadedFile(name, data), **target},
            format="multipart",
        )


# --- Imports -------------------------------------------------------------------------------


def test_uploading_for_a_session_shows_the_speakers_and_guesses(api_as, lead, base, session):
    client = api_as(lead)
    data = docx_bytes(["Interviewer: How did it go?", "Sarah: It went well.", "R: Thanks."])
    response = _upload(client, base, data, name="sarah.docx", session=session.pk)
    assert response.status_code == 202, response.content
    accepted = response.json()
    upload = TranscriptImport.objects.get()
    assert accepted["id"] == upload.pk
    assert (accepted["status"], accepted["progress"], accepted["speakers"]) == ("parsing", 0, [])
    assert "file" not in accepted

    again = client.get(f"{base}/transcript-imports/{upload.pk}/")
    assert again.status_code == 200
    body = again.json()
    assert (body["status"], body["progress"], body["error"]) == ("parsed", 100, "")
    assert (body["session"], body["participant"], body["source"]) == (
        session.pk, session.participant_id, "docx",
    )  # fmt: skip
    assert body["speakers"] == ["Interviewer", "Sarah", "R"]
    assert body["guesses"] == {"Interviewer": "Interviewer", "Sarah": "MHW1", "R": "Interviewer"}
    assert body["turns"] == [
        ["Interviewer", "How did it go?", None],
        ["Sarah", "It went well.", None],
        ["R", "Thanks.", None],
    ]


def test_uploading_for_a_participant_without_a_session(api_as, study, researcher, lead, base):
    participant = consented(study, lead)
    client = api_as(researcher)
    response = _upload(client, base, TXT, participant=participant.pk)
    assert response.status_code == 202, response.content
    upload = TranscriptImport.objects.get()
    assert (upload.participant, upload.session, upload.created_by) == (
        participant, None, researcher,
    )  # fmt: skip
    polled = client.get(f"{base}/transcript-imports/{upload.pk}/").json()
    assert polled["speakers"] == ["Interviewer", "Sarah", "Mum", "R"]


def test_saving_an_import_with_a_mapping_makes_the_transcript(api_as, lead, base, session):
    client = api_as(lead)
    upload_id = _upload(client, base, TXT, session=session.pk).json()["id"]
    response = client.post(
        f"{base}/transcript-imports/{upload_id}/save/",
        {"mapping": {"Interviewer": "Interviewer", "Sarah": "MHW1", "Mum": "Family member",
                     "R": "Interviewer"}},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    transcript = Transcript.objects.get()
    assert body["id"] == transcript.pk
    assert (body["version"], body["status"], body["pseudonym"], body["session"]) == (
        1, "draft", "MHW1", session.pk,
    )  # fmt: skip
    assert [turn["speaker"] for turn in body["turns"]] == [
        "Interviewer", "MHW1", "Family member", "Interviewer",
    ]  # fmt: skip
    assert [body["text"][t["start"] : t["end"]] for t in body["turns"]] == [
        "How did it go?", "It went well.", "She was brave.", "Thanks.",
    ]  # fmt: skip
    assert not TranscriptImport.objects.exists()


def test_saving_an_import_with_a_bad_label_is_a_400_and_keeps_the_upload(
    api_as, lead, base, session
):
    client = api_as(lead)
    upload_id = _upload(client, base, TXT, session=session.pk).json()["id"]
    response = client.post(
        f"{base}/transcript-imports/{upload_id}/save/",
        {"mapping": {"Interviewer": "Interviewer", "Sarah": "Sarah: the client", "Mum": "",
                     "R": "Interviewer"}},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()) == {"Sarah", "Mum"}
    assert not Transcript.objects.exists()
    assert TranscriptImport.objects.filter(pk=upload_id).exists()


def test_a_speaker_mapped_to_null_is_left_out(api_as, lead, base, session):
    client = api_as(lead)
    data = b"Interview 3\n\nInterviewer: How was it?\n\nSarah: Good."
    upload_id = _upload(client, base, data, session=session.pk).json()["id"]
    body = client.get(f"{base}/transcript-imports/{upload_id}/").json()
    assert body["speakers"] == ["", "Interviewer", "Sarah"]
    response = client.post(
        f"{base}/transcript-imports/{body['id']}/save/",
        {"mapping": {"": None, "Interviewer": "Interviewer", "Sarah": "MHW1"}},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["text"] == "Interviewer: How was it?\n\nMHW1: Good."


def test_an_upload_for_a_participant_who_has_a_transcript_is_a_400(api_as, study, lead, base):
    participant = consented(study, lead)
    services.transcript_create(
        actor=lead, participant=participant, source="txt", turns=[Turn("MHW1", "Words.")]
    )
    response = _upload(api_as(lead), base, TXT, participant=participant.pk)
    assert response.status_code == 400
    assert "has a transcript already" in response.json()["non_field_errors"][0]
    assert not TranscriptImport.objects.exists()


def test_deleting_an_import_discards_it(api_as, lead, base, session):
    client = api_as(lead)
    upload_id = _upload(client, base, TXT, session=session.pk).json()["id"]
    response = client.delete(f"{base}/transcript-imports/{upload_id}/")
    assert response.status_code == 204
    assert not TranscriptImport.objects.exists()
    assert not Transcript.objects.exists()
    assert client.get(f"{base}/transcript-imports/{upload_id}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("interview.docx", b"this is no zip", "This is not a Word .docx file"),
        ("interview.pdf", b"%PDF-1.7\nstuff", "This looks like a PDF"),
        ("interview.txt", b"   \n\n  ", "no transcript text"),
    ],
    ids=["not-docx", "pdf", "blank"],
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason_a_poll_shows(
    api_as, lead, base, session, name, data, message
):
    client = api_as(lead)
    response = _upload(client, base, data, name=name, session=session.pk)
    assert response.status_code == 202
    polled = client.get(f"{base}/transcript-imports/{response.json()['id']}/").json()
    assert polled["status"] == "refused"
    assert message in polled["error"]
    assert (polled["speakers"], polled["turns"]) == ([], [])
    saving = client.post(
        f"{base}/transcript-imports/{polled['id']}/save/", {"mapping": {}}, format="json"
    )
    assert saving.status_code == 400
    assert "could not be imported" in saving.json()["non_field_errors"][0]
    assert not Transcript.objects.exists()


def test_an_empty_file_is_a_400(api_as, lead, base, session):
    response = _upload(api_as(lead), base, b"", session=session.pk)
    assert response.status_code == 400
    assert "file" in response.json()
    assert not TranscriptImport.objects.exists()


def test_an_oversize_file_is_a_400(api_as, lead, base, session):
    data = b"Interviewer: words.\n" * (importers.MAX_TRANSCRIPT_BYTES // 20 + 1)
    assert len(data) > importers.MAX_TRANSCRIPT_BYTES
    response = _upload(api_as(lead), base, data, session=session.pk)
    assert response.status_code == 400
    assert response.json() == {"file": ["This file is over the 10 MB limit."]}
    assert not TranscriptImport.objects.exists()


def test_an_upload_without_a_session_or_participant_is_a_400(api_as, lead, base, session):
    response = _upload(api_as(lead), base, TXT)
    assert response.status_code == 400
    assert response.json() == {"session": ["Give the session or the participant."]}
    assert not TranscriptImport.objects.exists()


def test_an_upload_for_a_participant_without_consent_is_a_400(api_as, study, lead, base):
    participant = new_worker(study, lead)
    response = _upload(api_as(lead), base, TXT, participant=participant.pk)
    assert response.status_code == 400
    assert "has not given consent" in response.json()["non_field_errors"][0]
    assert not TranscriptImport.objects.exists()


def test_an_upload_for_a_session_with_a_transcript_is_a_400(api_as, lead, base, transcript):
    response = _upload(api_as(lead), base, TXT, session=transcript.session_id)
    assert response.status_code == 400
    assert "has a transcript already" in response.json()["non_field_errors"][0]
    assert not TranscriptImport.objects.exists()


@pytest.mark.parametrize(("who", "status"), NOT_TRANSCRIBERS)
def test_only_members_who_transcribe_may_import(api_as, personas, base, session, who, status):
    response = _upload(api_as(personas[who]), base, TXT, session=session.pk)
    assert response.status_code == status
    assert not TranscriptImport.objects.exists()


# --- Transcripts: list and retrieve ---------------------------------------------------------


def test_the_list_shows_each_transcript_with_its_version_and_status(
    api_as, coder, base, transcript
):
    response = api_as(coder).get(f"{base}/transcripts/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == transcript.pk
    assert (row["version"], row["status"], row["ready_version"]) == (1, "draft", None)
    assert (row["pseudonym"], row["source"], row["session"]) == (
        "MHW1",
        "txt",
        transcript.session_id,
    )


def test_a_transcripts_word_count_is_the_words_spoken(api_as, coder, base, transcript):
    (row,) = api_as(coder).get(f"{base}/transcripts/").json()["results"]
    spoken = sum(len(turn.text.split()) for turn in TURNS)
    assert spoken == 12
    assert row["words"] == spoken


def test_a_transcript_has_its_text_and_turns_in_code_points(api_as, viewer, lead, base, transcript):
    services.transcript_mark_ready(actor=lead, transcript=transcript)
    response = api_as(viewer).get(f"{base}/transcripts/{transcript.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["status"], body["ready_version"]) == (1, "ready", 1)
    assert [(t["position"], t["speaker"], body["text"][t["start"] : t["end"]])
            for t in body["turns"]] == [
        (0, "Interviewer", "Who went with you?"),
        (1, "MHW1", "Sarah did. Sarah always comes."),
        (2, "Interviewer", "Did Sarah stay?"),
    ]  # fmt: skip


@pytest.mark.parametrize("rows", [1, 3, 8])
def test_the_transcript_list_takes_a_bounded_number_of_queries(
    api_as, study, lead, base, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        participant = consented(study, lead)
        services.transcript_create(
            actor=lead, participant=participant, source="txt",
            turns=[Turn("Interviewer", "Hi?"), Turn(participant.pseudonym, "Hello."),
                   Turn("Interviewer", "Bye.")],
        )  # fmt: skip
    client = api_as(lead)
    with django_assert_max_num_queries(4):
        response = client.get(f"{base}/transcripts/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows
    assert all(len(row["turns"]) == 3 for row in response.json()["results"])


# --- Corrections ----------------------------------------------------------------------------


def test_a_correction_makes_a_new_version(api_as, researcher, base, transcript):
    response = api_as(researcher).post(
        f"{base}/transcripts/{transcript.pk}/corrections/",
        {"position": 2, "text": "Did she stay for long?", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["text"].endswith("Interviewer: Did she stay for long?")
    assert body["text"][body["turns"][2]["start"] : body["turns"][2]["end"]] == (
        "Did she stay for long?"
    )
    assert TranscriptVersion.objects.get(transcript=transcript, number=1).text.endswith(
        "Did Sarah stay?"
    )


def test_a_correction_to_a_stale_version_is_a_400_and_changes_nothing(
    api_as, lead, researcher, base, transcript
):
    services.transcript_correct(
        actor=researcher, transcript=transcript, position=0, text="Who came?", base_version=1
    )
    response = api_as(lead).post(
        f"{base}/transcripts/{transcript.pk}/corrections/",
        {"position": 2, "text": "Did she stay?", "version": 1},
        format="json",
    )
    assert response.status_code == 400
    (message,) = response.json()["non_field_errors"]
    assert message.startswith(
        "Someone saved version 2 of this transcript after you opened version 1"
    )
    transcript.refresh_from_db()
    assert transcript.version == 2
    assert transcript.text.endswith("Did Sarah stay?")


def test_a_correction_to_a_ready_transcript_needs_a_note(api_as, lead, base, transcript):
    services.transcript_mark_ready(actor=lead, transcript=transcript)
    client = api_as(lead)
    url = f"{base}/transcripts/{transcript.pk}/corrections/"
    response = client.post(url, {"position": 0, "text": "Who came?", "version": 1}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["note"]
    assert Transcript.objects.get(pk=transcript.pk).version == 1
    response = client.post(
        url, {"position": 0, "text": "Who came?", "version": 1, "note": "Misheard."},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200
    assert (response.json()["version"], response.json()["ready_version"]) == (2, 1)


@pytest.mark.parametrize("position", [3, 99, -1, "two"])
def test_a_correction_at_a_bad_position_is_a_400(api_as, lead, base, transcript, position):
    response = api_as(lead).post(
        f"{base}/transcripts/{transcript.pk}/corrections/",
        {"position": position, "text": "Words.", "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert "position" in response.json()
    assert Transcript.objects.get(pk=transcript.pk).version == 1


def test_an_empty_correction_is_a_400(api_as, lead, base, transcript):
    response = api_as(lead).post(
        f"{base}/transcripts/{transcript.pk}/corrections/",
        {"position": 1, "text": "  \n ", "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"text": ["A turn cannot be empty."]}


@pytest.mark.parametrize(("who", "status"), NOT_TRANSCRIBERS)
def test_only_members_who_transcribe_may_correct(api_as, personas, base, transcript, who, status):
    response = api_as(personas[who]).post(
        f"{base}/transcripts/{transcript.pk}/corrections/",
        {"position": 0, "text": "Changed.", "version": 1},
        format="json",
    )
    assert response.status_code == status
    assert Transcript.objects.get(pk=transcript.pk).version == 1


# --- Redactions and occurrences -------------------------------------------------------------


def test_occurrences_give_where_a_term_starts_and_ends(api_as, researcher, base, transcript):
    # Posted: the words to redact never go in the address (and so in access logs).
    response = api_as(researcher).post(
        f"{base}/transcripts/{transcript.pk}/occurrences/", {"term": "Sarah"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert [o["turn"] for o in body["occurrences"]] == [1, 1, 2]
    assert {transcript.text[o["start"] : o["end"]] for o in body["occurrences"]} == {"Sarah"}


@pytest.mark.parametrize("term", ["", "   ", "x" * 201])
def test_occurrences_of_no_term_or_a_huge_one_are_a_400(api_as, lead, base, transcript, term):
    response = api_as(lead).post(
        f"{base}/transcripts/{transcript.pk}/occurrences/", {"term": term}, format="json"
    )
    assert response.status_code == 400
    assert "term" in response.json()


def test_a_redaction_answers_201_with_where_each_replacement_went(api_as, lead, base, transcript):
    client = api_as(lead)
    found = client.post(
        f"{base}/transcripts/{transcript.pk}/occurrences/", {"term": "Sarah"}, format="json"
    ).json()["occurrences"]
    response = client.post(
        f"{base}/transcripts/{transcript.pk}/redactions/",
        {"term": "Sarah", "label": "pseudonym", "starts": [found[0]["start"], found[2]["start"]],
         "version": 1},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    entries = response.json()
    assert len(entries) == 2
    assert {(e["replacement"], e["label"], e["version"]) for e in entries} == {
        ("[Person 1]", "pseudonym", 2)
    }
    # What was taken out stays in the log, for its readers only.
    assert "Sarah" not in response.content.decode()
    assert set(Redaction.objects.values_list("original", flat=True)) == {"Sarah"}
    transcript.refresh_from_db()
    for entry in entries:
        assert transcript.text[entry["start"] : entry["start"] + 10] == "[Person 1]"
    assert "MHW1: [Person 1] did. Sarah always comes." in transcript.text
    assert transcript.text.endswith("Did [Person 1] stay?")
    assert Redaction.objects.count() == 2


def test_a_redaction_of_a_term_not_found_is_a_400(api_as, lead, base, transcript):
    response = api_as(lead).post(
        f"{base}/transcripts/{transcript.pk}/redactions/",
        {"term": "Bob", "label": "name"},
        format="json",
    )
    assert response.status_code == 400
    assert "does not occur" in response.json()["term"][0]
    assert Transcript.objects.get(pk=transcript.pk).version == 1
    assert not Redaction.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"term": "Sarah", "label": "nickname"}, "label"),
     ({"term": "Sarah", "label": "name", "starts": []}, "starts"),
     ({"term": "Sarah", "label": "name", "starts": [0]}, "starts"),
     ({"term": "Sarah", "label": "name", "version": 5}, "non_field_errors"),
     ({"label": "name"}, "term")],
)  # fmt: skip
def test_a_bad_redaction_is_a_400_and_changes_nothing(api_as, lead, base, transcript, data, field):
    response = api_as(lead).post(
        f"{base}/transcripts/{transcript.pk}/redactions/", data, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Transcript.objects.get(pk=transcript.pk).version == 1
    assert not Redaction.objects.exists()


def test_a_coder_cannot_redact(api_as, coder, base, transcript):
    response = api_as(coder).post(
        f"{base}/transcripts/{transcript.pk}/redactions/",
        {"term": "Sarah", "label": "name"},
        format="json",
    )
    assert response.status_code == 403
    assert not Redaction.objects.exists()


# --- Ready, versions and the diff -----------------------------------------------------------


def test_ready_freezes_the_current_version(api_as, researcher, base, transcript):
    client = api_as(researcher)
    response = client.post(f"{base}/transcripts/{transcript.pk}/ready/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["ready_version"]) == ("ready", 1)
    again = client.post(f"{base}/transcripts/{transcript.pk}/ready/")
    assert again.status_code == 400
    assert "already marked ready" in again.json()["non_field_errors"][0]


def test_a_viewer_cannot_mark_ready(api_as, viewer, base, transcript):
    response = api_as(viewer).post(f"{base}/transcripts/{transcript.pk}/ready/")
    assert response.status_code == 403
    assert Transcript.objects.get(pk=transcript.pk).status == "draft"


def test_versions_come_oldest_first_with_their_text_and_turns(
    api_as, lead, viewer, base, transcript
):
    services.transcript_correct(
        actor=lead, transcript=transcript, position=2, text="Did she stay?", base_version=1,
        note="clearer",
    )  # fmt: skip
    response = api_as(viewer).get(f"{base}/transcripts/{transcript.pk}/versions/")
    assert response.status_code == 200
    first, second = response.json()
    assert (first["number"], first["kind"], second["number"], second["kind"]) == (
        1, "imported", 2, "corrected",
    )  # fmt: skip
    assert (second["note"], second["created_by"]) == ("clearer", "lead")
    assert first["text"].endswith("Did Sarah stay?")
    speaker, start, end, _ms, _vignette = second["turns"][2]
    assert (speaker, second["text"][start:end]) == ("Interviewer", "Did she stay?")


def test_the_diff_shows_the_changed_words(api_as, lead, coder, base, transcript):
    services.transcript_correct(
        actor=lead, transcript=transcript, position=2, text="Did Sarah leave?", base_version=1
    )
    client = api_as(coder)
    response = client.get(f"{base}/transcripts/{transcript.pk}/diff/", {"a": 1, "b": 2})
    assert response.status_code == 200
    body = response.json()
    assert (body["a"], body["b"]) == (1, 2)
    (change,) = body["changes"]
    assert change["unchanged_before"] == 2
    assert {"op": "removed", "text": "stay"} in change["pieces"]
    assert {"op": "added", "text": "leave"} in change["pieces"]
    default = client.get(f"{base}/transcripts/{transcript.pk}/diff/")
    assert (default.json()["a"], default.json()["b"]) == (1, 2)


@pytest.mark.parametrize(
    "params", [{"a": "x"}, {"b": "-1"}, {"a": "1.5"}, {"a": "²"}, {"a": "9999999"}, {"a": "7"}]
)
def test_a_diff_of_bad_version_numbers_is_a_400(api_as, lead, base, transcript, params):
    response = api_as(lead).get(f"{base}/transcripts/{transcript.pk}/diff/", params)
    assert response.status_code == 400
    assert set(response.json()) <= {"a", "b"}


# --- Recordings -----------------------------------------------------------------------------


def test_a_wav_recording_is_uploaded_listed_and_deleted(
    api_as, lead, coder, study, base, session, django_capture_on_commit_callbacks
):
    client = api_as(lead)
    data = wav_bytes()
    response = client.post(
        f"{base}/recordings/",
        {"session": session.pk, "file": SimpleUploadedFile("interview.wav", data)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    recording = Recording.objects.get()
    body = response.json()
    assert (body["id"], body["session"], body["participant"]) == (
        recording.pk, session.pk, session.participant_id,
    )  # fmt: skip
    assert (body["mime"], body["size"]) == ("audio/wav", len(data))
    assert body["audio_url"] == reverse("recording-audio", args=[study.slug, recording.pk])

    listed = api_as(coder).get(f"{base}/recordings/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [recording.pk]

    stored = recording.file
    assert stored.storage.exists(stored.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"{base}/recordings/{recording.pk}/")
    assert response.status_code == 204
    assert not Recording.objects.exists()
    assert not stored.storage.exists(stored.name)


def test_a_file_that_is_not_audio_is_a_400(api_as, lead, base, session):
    response = api_as(lead).post(
        f"{base}/recordings/",
        {"session": session.pk, "file": SimpleUploadedFile("interview.mp3", b"%PDF-1.7\n...")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "PDF" in response.json()["file"][0]
    assert not Recording.objects.exists()


def test_a_recording_without_consent_to_recording_is_a_400(api_as, study, lead, base, vignettes):
    participant = new_worker(study, lead)
    form = publish_consent_form(study, lead)
    study_services.consent_record(
        actor=lead, participant=participant, signed_name="A participant", method="paper",
        answers={clause.pk: clause.governs != "recording" for clause in form.clauses.all()},
    )  # fmt: skip
    session, _token = services.session_create(actor=lead, participant=participant, mode="in_person")
    response = api_as(lead).post(
        f"{base}/recordings/",
        {"session": session.pk, "file": SimpleUploadedFile("interview.wav", wav_bytes())},
        format="multipart",
    )
    assert response.status_code == 400
    assert "did not agree to audio recording" in response.json()["non_field_errors"][0]
    assert not Recording.objects.exists()


def test_a_coder_cannot_upload_or_delete_a_recording(api_as, lead, coder, base, session):
    client = api_as(coder)
    response = client.post(
        f"{base}/recordings/",
        {"session": session.pk, "file": SimpleUploadedFile("interview.wav", wav_bytes())},
        format="multipart",
    )
    assert response.status_code == 403
    assert not Recording.objects.exists()
    recording = services.recording_upload(
        actor=lead, session=session, file=SimpleUploadedFile("interview.wav", wav_bytes())
    )
    assert client.delete(f"{base}/recordings/{recording.pk}/").status_code == 403
    assert Recording.objects.filter(pk=recording.pk).exists()


# --- The redaction log ----------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("lead", 200), ("consent_admin", 200),
                                             ("researcher", 403), ("coder", 403),
                                             ("viewer", 403), ("outsider", 404)])  # fmt: skip
def test_only_the_lead_and_consent_admins_read_the_redaction_log(
    api_as, personas, lead, base, transcript, who, status
):
    services.transcript_redact(actor=lead, transcript=transcript, term="Sarah", label="name")
    response = api_as(personas[who]).get(f"{base}/redactions/")
    assert response.status_code == status
    if status == 200:
        rows = response.json()["results"]
        assert len(rows) == 3
        assert {(r["original"], r["replacement"], r["pseudonym"]) for r in rows} == {
            ("Sarah", "[name]", "MHW1")
        }
    else:
        assert b"Sarah" not in response.content


# --- Another study's rows -------------------------------------------------------------------


def test_another_studys_rows_are_not_found_through_this_study(api_as, lead, base, foreign):
    _other, their_session, theirs, their_recording, their_upload, _loner = foreign
    client = api_as(lead)
    for path in (
        f"transcripts/{theirs.pk}/",
        f"transcripts/{theirs.pk}/versions/",
        f"transcripts/{theirs.pk}/diff/",
        f"transcript-imports/{their_upload.pk}/",
        f"recordings/{their_recording.pk}/",
    ):
        assert client.get(f"{base}/{path}").status_code == 404, path
    writes = [
        (f"transcripts/{theirs.pk}/occurrences/", {"term": "Sarah"}),
        (f"transcripts/{theirs.pk}/corrections/", {"position": 0, "text": "Mine.", "version": 1}),
        (f"transcripts/{theirs.pk}/redactions/", {"term": "Sarah", "label": "name"}),
        (f"transcripts/{theirs.pk}/ready/", {}),
        (f"transcript-imports/{their_upload.pk}/save/",
         {"mapping": {"Interviewer": "Interviewer", "Sarah": "X", "Mum": "Y", "R": "Z"}}),
    ]  # fmt: skip
    for path, data in writes:
        assert client.post(f"{base}/{path}", data, format="json").status_code == 404, path
    assert client.delete(f"{base}/recordings/{their_recording.pk}/").status_code == 404
    assert client.delete(f"{base}/transcript-imports/{their_upload.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.version, theirs.status) == (1, "draft")
    assert Recording.objects.filter(pk=their_recording.pk).exists()
    assert TranscriptImport.objects.filter(pk=their_upload.pk).exists()
    assert Transcript.objects.count() == 1
    assert client.get(f"{base}/transcripts/").json()["results"] == []


def test_an_upload_cannot_name_another_studys_session_or_participant(api_as, lead, base, foreign):
    _other, their_session, _theirs, _recording, _pending, loner = foreign
    client = api_as(lead)
    response = _upload(client, base, TXT, session=their_session.pk)
    assert response.status_code == 400
    assert "session" in response.json()
    response = _upload(client, base, TXT, participant=loner.pk)
    assert response.status_code == 400
    assert "participant" in response.json()
    response = client.post(
        f"{base}/recordings/",
        {"session": their_session.pk, "file": SimpleUploadedFile("t.wav", wav_bytes())},
        format="multipart",
    )
    assert response.status_code == 400
    assert "session" in response.json()
    assert TranscriptImport.objects.count() == 1  # only the outsider's own
    assert Recording.objects.count() == 1


def test_another_study_cannot_be_reached_by_its_slug(api_as, lead, foreign):
    other = foreign[0]
    client = api_as(lead)
    for path in ("transcripts/", "recordings/", "redactions/"):
        assert client.get(f"/api/v1/studies/{other.slug}/{path}").status_code == 404
