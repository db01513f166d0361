"""Marking where each vignette begins in an interview's transcript: the service, the page
(by line numbers) and the API (by turn positions)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from interviews import services
from interviews.models import SessionVignette, SpeakerTurn, TranscriptVersion, VersionKind
from interviews.tests.files import consented, new_worker
from studies import services as study_services

Turn = services.Turn


@pytest.fixture
def interview(lead, consented_worker, vignettes):
    """An in-person interview's transcript: an opening turn, two turns per vignette in
    the order the session showed them, and a closing pair; no vignettes marked yet."""
    session, _ = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person", interviewer=lead
    )
    shown = list(
        SessionVignette.objects.filter(session=session)
        .order_by("position")
        .values_list("vignette_id", flat=True)
    )
    turns = [Turn("Interviewer", "Thank you for coming.")]
    for number in range(1, 6):
        turns += [Turn("Interviewer", f"Here is story {number}."), Turn("MHW1", f"About {number}.")]
    turns += [Turn("Interviewer", "Anything else?"), Turn("MHW1", "No, thanks.")]
    transcript = services.transcript_create(
        actor=lead, participant=consented_worker, session=session, source="txt", turns=turns
    )
    return transcript, shown


def _vignettes_of(transcript) -> list[int | None]:
    return list(
        SpeakerTurn.objects.filter(transcript=transcript).values_list("vignette_id", flat=True)
    )


def test_each_turn_belongs_to_the_vignette_begun_last_before_it(lead, interview):
    transcript, shown = interview
    starts = {vignette: 1 + 2 * index for index, vignette in enumerate(shown)}
    services.transcript_mark_vignettes(
        actor=lead, transcript=transcript, starts=starts, closing=11, base_version=1
    )
    expected = [None] + [v for v in shown for _ in range(2)] + [None, None]
    assert _vignettes_of(transcript) == expected
    version = TranscriptVersion.objects.get(transcript=transcript, number=2)
    assert version.kind == VersionKind.VIGNETTES
    assert [row[4] for row in version.turns] == expected
    # The words are untouched.
    assert version.text == TranscriptVersion.objects.get(transcript=transcript, number=1).text


def test_without_a_closing_mark_the_last_vignette_runs_to_the_end(lead, interview):
    transcript, shown = interview
    services.transcript_mark_vignettes(actor=lead, transcript=transcript, starts={shown[0]: 1})
    assert _vignettes_of(transcript) == [None] + [shown[0]] * 12


@pytest.mark.parametrize(
    ("starts", "closing", "message"),
    [
        ({"other": 1}, None, "Only the vignettes this session showed"),
        ({0: 99}, None, "no such turn"),
        ({0: 1, 1: 1}, None, "cannot begin at the same turn"),
        ({0: 1}, 1, "cannot begin at the same turn"),
    ],
)
def test_marks_that_do_not_fit_are_refused_and_change_nothing(
    lead, interview, starts, closing, message
):
    transcript, shown = interview
    ids = {key: (shown[key] if isinstance(key, int) else 10**9) for key in starts}
    with pytest.raises(ValidationError, match=message):
        services.transcript_mark_vignettes(
            actor=lead, transcript=transcript,
            starts={ids[key]: position for key, position in starts.items()}, closing=closing,
        )  # fmt: skip
    transcript.refresh_from_db()
    assert transcript.version == 1
    assert set(_vignettes_of(transcript)) == {None}


def test_marks_on_a_stale_version_are_refused(lead, interview):
    transcript, shown = interview
    services.transcript_correct(actor=lead, transcript=transcript, position=0, text="Thanks.")
    with pytest.raises(ValidationError, match="after you opened version 1"):
        services.transcript_mark_vignettes(
            actor=lead, transcript=transcript, starts={shown[0]: 1}, base_version=1
        )


def test_marks_that_change_nothing_are_refused(lead, interview):
    transcript, shown = interview
    services.transcript_mark_vignettes(actor=lead, transcript=transcript, starts={shown[0]: 1})
    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.transcript_mark_vignettes(actor=lead, transcript=transcript, starts={shown[0]: 1})


def test_a_transcript_without_a_session_has_no_vignettes_to_mark(lead, consented_worker):
    transcript = services.transcript_create(
        actor=lead, participant=consented_worker, source="txt", turns=[Turn("MHW1", "Hello.")]
    )
    with pytest.raises(ValidationError, match="Only the transcript of an interview session"):
        services.transcript_mark_vignettes(actor=lead, transcript=transcript, starts={})


def test_a_coder_cannot_mark_vignettes(coder, interview):
    transcript, shown = interview
    with pytest.raises(PermissionDenied):
        services.transcript_mark_vignettes(actor=coder, transcript=transcript, starts={shown[0]: 1})


def test_the_page_takes_line_numbers_and_the_reading_view_shows_the_headings(
    client, lead, study, interview
):
    transcript, shown = interview
    client.force_login(lead)
    url = f"/studies/{study.slug}/transcripts/{transcript.pk}/vignettes/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Story" in page.content.decode()
    # Each turn is one line here: line n is turn n - 1.
    data = {f"vignette_{vignette}": 2 + 2 * index for index, vignette in enumerate(shown)}
    response = client.post(url, {**data, "closing": 12})
    assert response.status_code == 302
    assert _vignettes_of(transcript) == [None] + [v for v in shown for _ in range(2)] + [None] * 2
    reading = client.get(f"/studies/{study.slug}/transcripts/{transcript.pk}/").content.decode()
    assert reading.count('class="vignette-boundary"') == 5
    assert "Vignette 1: " in reading
    # Opened again, the page shows the marks as they are now.
    again = client.get(url).content.decode()
    assert f'name="vignette_{shown[2]}" value="6"' in again
    assert 'name="closing" value="12"' in again


def test_the_page_refuses_a_line_past_the_end_with_a_message(client, lead, study, interview):
    transcript, shown = interview
    client.force_login(lead)
    url = f"/studies/{study.slug}/transcripts/{transcript.pk}/vignettes/"
    response = client.post(url, {f"vignette_{shown[0]}": 999})
    assert response.status_code == 200
    assert "less than or equal to 13" in response.content.decode()
    assert set(_vignettes_of(transcript)) == {None}


def test_the_page_is_for_transcribers_only(client, coder, study, interview):
    transcript, _shown = interview
    client.force_login(coder)
    url = f"/studies/{study.slug}/transcripts/{transcript.pk}/vignettes/"
    assert client.get(url).status_code == 403


def test_the_reading_view_offers_a_vignette_mark_beside_every_turn(
    client, lead, study, interview, parse_page
):
    transcript, shown = interview
    client.force_login(lead)
    page = parse_page(client.get(f"/studies/{study.slug}/transcripts/{transcript.pk}/"))
    action = f"/studies/{study.slug}/transcripts/{transcript.pk}/vignettes/"
    forms = page.find_all("form", action=action)
    assert len(forms) == 13  # one per turn
    choices = [e.attrs["value"] for e in page.elements if e.tag == "option"]
    assert choices[:6] == [*map(str, shown), "closing"]


def test_marking_one_vignette_from_the_reading_view_keeps_the_other_marks(
    client, lead, study, interview
):
    transcript, shown = interview
    services.transcript_mark_vignettes(
        actor=lead, transcript=transcript, starts={shown[0]: 1}, base_version=1
    )
    client.force_login(lead)
    url = f"/studies/{study.slug}/transcripts/{transcript.pk}/vignettes/"
    response = client.post(url, {"turn": "3", "vignette": str(shown[1]), "version": "2"})
    assert response.status_code == 302
    assert response["Location"].endswith("?version=3#turn-3")
    assert _vignettes_of(transcript) == [None, shown[0], shown[0]] + [shown[1]] * 10
    client.post(url, {"turn": "11", "vignette": "closing", "version": "3"})
    assert _vignettes_of(transcript) == [None, shown[0], shown[0]] + [shown[1]] * 8 + [None] * 2


@pytest.mark.parametrize(
    "posted",
    [
        {"turn": "3", "vignette": "x", "version": "1"},
        {"turn": "-1", "vignette": "closing", "version": "1"},
        {"turn": "99", "vignette": "closing", "version": "1"},
        {"turn": "3", "vignette": "closing", "version": "7"},
        {"turn": "3", "vignette": "123456", "version": "1"},
    ],
    ids=["not-a-vignette", "negative-turn", "no-such-turn", "stale-version", "not-shown"],
)
def test_a_bad_mark_from_the_reading_view_says_why_and_changes_nothing(
    client, lead, study, interview, posted
):
    transcript, _shown = interview
    client.force_login(lead)
    url = f"/studies/{study.slug}/transcripts/{transcript.pk}/vignettes/"
    response = client.post(url, posted, follow=True)
    assert response.status_code == 200
    assert "message-error" in response.content.decode()
    assert transcript.versions.count() == 1


def test_the_api_marks_by_turn_position(api_as, lead, study, interview):
    transcript, shown = interview
    url = f"/api/v1/studies/{study.slug}/transcripts/{transcript.pk}/vignettes/"
    response = api_as(lead).post(
        url, {"starts": {str(shown[0]): 1, str(shown[1]): 3}, "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert [turn["vignette"] for turn in response.json()["turns"]][:6] == [
        None, shown[0], shown[0], shown[1], shown[1], shown[1],
    ]  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        {"starts": {"abc": 1}, "version": 1},
        {"starts": {"1": -1}, "version": 1},
        {"starts": {}, "closing": 99, "version": 1},
        {"starts": {"1": 1}},
    ],
)
def test_the_api_answers_bad_marks_with_a_400(api_as, lead, study, interview, body):
    transcript, _shown = interview
    url = f"/api/v1/studies/{study.slug}/transcripts/{transcript.pk}/vignettes/"
    response = api_as(lead).post(url, body, format="json")
    assert response.status_code == 400
    transcript.refresh_from_db()
    assert transcript.version == 1


def test_the_import_form_offers_interviews_and_participants_who_can_still_have_one(
    client, lead, study, interview, consent_admin
):
    """Not an interview that has a transcript, nor an online session (it makes its own),
    nor anyone who declined or withdrew."""
    transcript, _shown = interview
    loner = consented(study, lead)
    declined = new_worker(study, lead)
    study_services.participant_set_status(actor=lead, participant=declined, status="declined")
    gone = consented(study, lead)
    study_services.withdrawal_record(actor=consent_admin, participant=gone, choice="keep")
    waiting = consented(study, lead)
    fresh, _ = services.session_create(
        actor=lead, participant=waiting, mode="in_person", interviewer=lead
    )
    services.session_create(actor=lead, participant=loner, mode="online")
    client.force_login(lead)
    page = client.get(f"/studies/{study.slug}/transcripts/import/").content.decode()
    offered = set(re.findall(r'<option value="([a-z]+:\d+)"', page))
    assert offered == {f"session:{fresh.pk}"}
