"""What a participant reads agrees with itself: one count of pages, one way of giving
how long data is kept, why an online participant is asked about recording, and a review
of every answer before sending."""

import re

import pytest
from django.urls import reverse

from interviews import services
from interviews.plan import session_pages
from studies import services as study_services
from tests.factories import DATA_PROTECTION, enter_link, publish_consent_form


@pytest.fixture
def entered(client, online):
    session, token = online
    return session, enter_link(client, token)


def test_the_tab_title_counts_pages_as_the_page_does(client, entered):
    session, link_id = entered
    html = client.get(reverse("participant-page", args=[link_id, 1])).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    pages = session_pages(session)
    assert title.startswith(f"Page 1 of {len(pages)}: {pages[0].version.title}")
    assert f"Page 1 of {len(pages)}" in html


def test_retention_is_given_in_years_when_it_is_whole_years(client, study, lead, worker):
    study_services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    sheet = study_services.document_draft(actor=lead, study=study, kind="information_sheet")
    study_services.document_update(actor=lead, document=sheet, title="About", body="Stories.")
    study_services.document_publish(actor=lead, document=sheet)
    _link, token = study_services.link_issue(actor=lead, participant=worker)
    link_id = enter_link(client, token)
    html = client.get(reverse("participant-welcome", args=[link_id])).content.decode()
    assert "audio recordings for 1 year" in html and "answers for 10 years" in html
    assert "consent forms for 20 years" in html and "months" not in html


def test_the_online_consent_form_says_why_it_asks_about_recording(client, study, lead, worker):
    study_services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    publish_consent_form(study, lead)
    _link, token = study_services.link_issue(actor=lead, participant=worker)
    link_id = enter_link(client, token)
    html = client.get(reverse("participant-online-consent", args=[link_id])).content.decode()
    assert "If you take part online, in writing, nothing is recorded" in html


def test_the_review_page_lists_each_answer_under_its_page_with_a_way_back(
    client, entered, answer_all
):
    session, link_id = entered
    given = answer_all(session)
    for page in session_pages(session):
        services.page_complete(session=session, page=page)
    html = client.get(reverse("participant-finish", args=[link_id])).content.decode()
    for text in given.values():
        assert text in html
    for page in session_pages(session):
        assert reverse("participant-page", args=[link_id, page.number]) in html
