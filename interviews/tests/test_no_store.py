"""Transcript exports, recordings' audio and the responses table, by page and by API,
tell browsers and caches between never to keep them (see studies/tests/test_no_store.py
for the study's own downloads)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews import services
from interviews.tests.files import wav_bytes

Turn = services.Turn


@pytest.fixture
def recorded_interview(lead, consented_worker, vignettes):
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    transcript = services.transcript_create(
        actor=lead, participant=consented_worker, session=session, source="txt",
        turns=[Turn("Interviewer", "Who went with you?"), Turn("MHW1", "My sister did.")],
    )  # fmt: skip
    recording = services.recording_upload(
        actor=lead, session=session, file=SimpleUploadedFile("talk.wav", wav_bytes())
    )
    return transcript, recording


def test_it_forbids_storing_exports_audio_and_the_responses_table(
    client, api_as, study, lead, recorded_interview
):
    transcript, recording = recorded_interview
    slug, api = study.slug, f"/api/v1/studies/{study.slug}/transcripts/{transcript.pk}/export"
    client.force_login(lead)
    audio = reverse("recording-audio", args=[slug, recording.pk])
    responses = [
        client.get(reverse("transcript-export", args=[slug, transcript.pk, "txt"])),
        client.get(reverse("transcript-export", args=[slug, transcript.pk, "docx"])),
        client.get(reverse("responses-csv", args=[slug])),
        client.get(audio),
        client.get(audio, HTTP_RANGE="bytes=0-99"),
        api_as(lead).get(f"{api}/txt/"),
        api_as(lead).get(f"{api}/docx/"),
    ]
    for response in responses:
        assert response.status_code in (200, 206), response
        assert "no-store" in response["Cache-Control"], response
