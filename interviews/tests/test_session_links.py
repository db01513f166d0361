"""A new session or a new link never kills a participant's live link without the team
confirming it, and a session that has ended gets no new link: the participant's
current one still lets them withdraw and read their consent."""

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import InterviewSession
from interviews.plan import session_pages
from studies import services as study_services


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def finished(online, answer_all):
    session, token = online
    answer_all(session)
    for page in session_pages(session):
        services.page_complete(session=session, page=page)
    services.session_complete(session=session)
    return session, token


def test_a_new_session_asks_before_replacing_a_live_link(as_lead, study, finished):
    session, token = finished
    url = reverse("sessions", args=[study.slug])
    posted = {"participant": session.participant_id, "mode": "online"}
    refused = as_lead.post(url, posted)
    assert "stops it at once" in refused.content.decode()
    assert InterviewSession.objects.filter(participant=session.participant).count() == 1
    assert study_services.link_resolve(token) is not None  # their thank-you page still works
    made = as_lead.post(url, {**posted, "replace_link": "on"})
    assert made.status_code == 200
    assert InterviewSession.objects.filter(participant=session.participant).count() == 2
    assert study_services.link_resolve(token) is None


def test_a_completed_session_offers_and_makes_no_new_link(as_lead, study, finished):
    session, token = finished
    page = as_lead.get(reverse("session-detail", args=[study.slug, session.pk]))
    assert "Make a new link" not in page.content.decode()
    refused = as_lead.post(
        reverse("session-action", args=[study.slug, session.pk, "link"]),
        {"days": 30, "replace_link": "on"},
        follow=True,
    )
    assert "still lets them withdraw" in refused.content.decode()
    assert study_services.link_resolve(token) is not None


def test_an_open_session_makes_a_new_link_once_confirmed(as_lead, study, online):
    session, old = online
    url = reverse("session-action", args=[study.slug, session.pk, "link"])
    refused = as_lead.post(url, {"days": 30}, follow=True)
    assert "stops it at once" in refused.content.decode()
    assert study_services.link_resolve(old) is not None
    made = as_lead.post(url, {"days": 30, "replace_link": "on"})
    assert made.status_code == 200
    assert study_services.link_resolve(old) is None
