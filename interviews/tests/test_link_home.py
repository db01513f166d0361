"""A participant's personal link has one home, their page: it is made there and shown
whole once with a copy button, the session page points to it, and the participant page
lists the sessions and transcripts that are theirs."""

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import InterviewSession
from studies import services as study_services

Turn = services.Turn


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


def test_the_participant_page_lists_their_sessions_and_transcripts_with_links(
    as_lead, study, lead, consented_worker, vignettes, parse_page
):
    in_person, _ = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    transcript = services.transcript_create(
        actor=lead, participant=consented_worker, session=in_person, source="txt",
        turns=[Turn("Interviewer", "Hello?"), Turn("MHW1", "Hello.")],
    )  # fmt: skip
    page = parse_page(
        as_lead.get(reverse("participant-detail", args=[study.slug, consented_worker.pk]))
    )
    hrefs = {a.attrs["href"] for a in page.find_all("a")}
    assert reverse("session-detail", args=[study.slug, in_person.pk]) in hrefs
    assert reverse("transcript-detail", args=[study.slug, transcript.pk]) in hrefs
    assert "In person session of" in page.by_id("interviews").text


def test_the_participant_page_shows_no_sessions_to_someone_who_may_not_view_data(
    client, consent_admin, study, worker, parse_page
):
    client.force_login(consent_admin)
    page = parse_page(client.get(reverse("participant-detail", args=[study.slug, worker.pk])))
    assert [e for e in page.elements if e.attrs.get("id") == "interviews"] == []


def test_a_link_made_on_the_participant_page_is_shown_whole_once_with_a_copy_button(
    as_lead, study, worker, parse_page
):
    response = as_lead.post(
        reverse("participant-link", args=[study.slug, worker.pk]), {"days": "14"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = parse_page(response)
    shown = page.find_by(**{"data-link-text": ""}).text
    token = shown.rsplit("/p/", 1)[1].strip("/")
    assert study_services.link_resolve(token).participant == worker
    assert page.find("button", **{"data-copy-link": "", "type": "button", "hidden": ""})
    # Where a reload should land: the participant's page, which no longer holds the link.
    detail = reverse("participant-detail", args=[study.slug, worker.pk])
    assert page.find_by(**{"data-new-link": ""}).attrs["data-page-address"] == detail
    assert token not in as_lead.get(detail).content.decode()
    assert page.find("script", src="/static/js/link.js").attrs["defer"] == ""


def test_a_link_valid_for_an_impossible_number_of_days_is_refused_and_nothing_changes(
    as_lead, study, worker
):
    response = as_lead.post(
        reverse("participant-link", args=[study.slug, worker.pk]), {"days": "9999"}, follow=True
    )
    assert "less than or equal to 365" in response.content.decode()
    assert not worker.links.exists()


def test_the_session_page_points_to_the_participant_page_for_the_link(
    as_lead, study, online, parse_page
):
    session, _token = online
    page = parse_page(as_lead.get(reverse("session-detail", args=[study.slug, session.pk])))
    assert page.find_all("form", action=reverse(
        "session-action", args=[study.slug, session.pk, "link"]
    )) == []  # fmt: skip
    home = page.by_id("link-home")
    assert "made, replaced and stopped on" in home.text
    detail = reverse("participant-detail", args=[study.slug, session.participant_id])
    assert {a.attrs["href"] for a in page.find_all("a")} >= {detail + "#personal-link"}


def test_a_new_online_session_shows_its_link_once_and_moves_the_address_to_the_session(
    as_lead, study, consented_worker, vignettes, parse_page
):
    response = as_lead.post(
        reverse("sessions", args=[study.slug]),
        {"participant": consented_worker.pk, "mode": "online"},
    )
    session = InterviewSession.objects.get(participant=consented_worker)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = parse_page(response)
    shown = page.find_by(**{"data-new-link": ""})
    session_page = reverse("session-detail", args=[study.slug, session.pk])
    assert shown.attrs["data-page-address"] == session_page
    token = page.find_by(**{"data-link-text": ""}).text.rsplit("/p/", 1)[1].strip("/")
    assert study_services.link_resolve(token) is not None
    assert token not in as_lead.get(session_page).content.decode()
