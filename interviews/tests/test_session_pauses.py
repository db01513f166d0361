"""When a participant chooses "I need to stop", the team sees it on the sessions list and
the session page (when, and on which story) until someone records a check-in: who
contacted them, when, and what came of it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import services
from interviews.models import PauseOutcome, SessionPause
from interviews.plan import session_pages
from studies.models import AuditEvent
from tests.factories import enter_link


@pytest.fixture
def stopped(client, online):
    """MHW1 stopped on page 1 through their link."""
    session, token = online
    link_id = enter_link(client, token)
    page = session_pages(session)[0]
    response = client.post(reverse("participant-page", args=[link_id, 1]), {"action": "stop"})
    assert response.status_code == 302
    return session, page, link_id


def _sessions_page(client, lead, study) -> str:
    client.force_login(lead)
    return client.get(reverse("sessions", args=[study.slug])).content.decode()


def _check_in(client, session, pause, **fields) -> object:
    data = {f"p{pause.pk}-{name}": value for name, value in fields.items()}
    url = reverse("pause-check-in", args=[session.study.slug, session.pk, pause.pk])
    return client.post(url, data)


def test_a_stop_is_kept_with_the_page_and_story_it_happened_on(stopped):
    session, page, _link = stopped
    pause = SessionPause.objects.get(session=session)
    assert (pause.page_number, pause.vignette, pause.vignette_title) == (
        1, page.vignette, page.version.title,
    )  # fmt: skip
    assert pause.resumed_at is None and pause.needs_check_in


def test_carrying_on_after_a_stop_notes_when(stopped, client):
    session, page, link_id = stopped
    question = page.questions[0]
    client.post(
        reverse("participant-autosave", args=[link_id, 1]),
        {f"q{question.pk}": "I am back."},
        HTTP_HX_REQUEST="true",
    )
    assert SessionPause.objects.get(session=session).resumed_at is not None


def test_the_sessions_list_flags_a_stop_until_a_check_in_is_recorded(stopped, client, lead, study):
    session, page, link_id = stopped
    client.post(  # they carry on: the stop still needs a check-in
        reverse("participant-autosave", args=[link_id, 1]),
        {f"q{page.questions[0].pk}": "Back again."},
        HTTP_HX_REQUEST="true",
    )
    listed = _sessions_page(client, lead, study)
    assert "check-in needed" in listed and page.version.title in listed
    pause = SessionPause.objects.get(session=session)
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = _check_in(
        client, session, pause, contacted_by=lead.pk, contacted_at=when,
        outcome=PauseOutcome.NOT_REACHED,
    )  # fmt: skip
    assert response.status_code == 302
    assert "check-in needed" in _sessions_page(client, lead, study)  # not reached: still due
    _check_in(
        client, session, pause, contacted_by=lead.pk, contacted_at=when,
        outcome=PauseOutcome.WELL, note="Called; she is fine and will carry on next week.",
    )  # fmt: skip
    listed = _sessions_page(client, lead, study)
    assert "check-in needed" not in listed and "checked in" in listed
    detail = client.get(reverse("session-detail", args=[study.slug, session.pk])).content.decode()
    assert "Reached: they are all right" in detail and "will carry on next week" in detail
    assert AuditEvent.objects.filter(action="session.check_in").count() == 2


def test_a_check_in_in_the_future_or_by_an_outsider_is_refused(
    stopped, client, lead, study, outsider
):
    session, _page, _link = stopped
    pause = SessionPause.objects.get(session=session)
    client.force_login(lead)
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = _check_in(
        client, session, pause, contacted_by=lead.pk, contacted_at=future, outcome="well"
    )
    assert response.status_code == 400
    assert "That is in the future." in response.content.decode()
    response = _check_in(
        client, session, pause, contacted_by=outsider.pk,
        contacted_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"), outcome="well",
    )  # fmt: skip
    assert response.status_code == 400
    pause.refresh_from_db()
    assert pause.outcome == ""


def test_a_coder_cannot_record_a_check_in_and_an_outsider_cannot_find_it(
    stopped, client, coder, outsider, lead
):
    session, _page, _link = stopped
    pause = SessionPause.objects.get(session=session)
    fields = {"contacted_by": lead.pk, "contacted_at": "2026-01-01T10:00", "outcome": "well"}
    client.force_login(coder)
    assert _check_in(client, session, pause, **fields).status_code == 403
    client.force_login(outsider)
    assert _check_in(client, session, pause, **fields).status_code == 404
    pause.refresh_from_db()
    assert pause.outcome == ""


def test_the_api_shows_stops_and_records_a_check_in(stopped, api_as, lead, study):
    session, _page, _link = stopped
    base = f"/api/v1/studies/{study.slug}/sessions/{session.pk}/"
    pause = api_as(lead).get(base).json()["pauses"][0]
    assert pause["needs_check_in"] is True and pause["page_number"] == 1
    response = api_as(lead).post(
        base + "check-in/",
        {"pause": pause["id"], "contacted_by": lead.username,
         "contacted_at": timezone.now().isoformat(), "outcome": "supported"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["pauses"][0]["outcome"] == "supported"
    unknown = api_as(lead).post(
        base + "check-in/",
        {"pause": 999999, "contacted_by": lead.username,
         "contacted_at": timezone.now().isoformat(), "outcome": "supported"},
        format="json",
    )  # fmt: skip
    assert unknown.status_code == 400 and "pause" in unknown.json()


def test_a_stop_without_a_page_records_where_the_session_had_got_to(online):
    session, _token = online
    services.session_pause(session=session)
    assert SessionPause.objects.get(session=session).page_number == 1
