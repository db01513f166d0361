"""The support a participant is shown after stopping and on finishing is their role's,
in words that fit their role."""

import pytest
from django.urls import reverse

from interviews import services
from interviews.plan import session_pages
from studies import services as study_services
from tests.factories import enter_link, give_consent


@pytest.fixture
def service_user_session(study, lead, worker, vignettes):
    service_user = study_services.participant_nominate(actor=lead, worker=worker).service_user
    role = service_user.role
    study_services.role_update(
        actor=lead, role=role, code=role.code, label=role.label,
        support_text="Your duty worker: 020 7946 0321.",
    )  # fmt: skip
    give_consent(service_user, lead)
    return services.session_create(actor=lead, participant=service_user, mode="online")


def test_a_service_user_who_stops_is_told_it_never_affects_their_care(client, service_user_session):
    session, token = service_user_session
    link_id = enter_link(client, token)
    client.post(reverse("participant-page", args=[link_id, 1]), {"action": "stop"})
    html = client.get(reverse("participant-paused", args=[link_id])).content.decode()
    assert "never affects the care you receive" in html
    assert "effect on your work" not in html
    assert '<a href="tel:02079460321">020 7946 0321</a>' in html


def test_the_thank_you_page_shows_the_same_support(client, service_user_session, answer_all):
    session, token = service_user_session
    answer_all(session)
    for page in session_pages(session):
        services.page_complete(session=session, page=page)
    services.session_complete(session=session)
    link_id = enter_link(client, token)
    html = client.get(reverse("participant-thanks", args=[link_id])).content.decode()
    assert "Thank you" in html and "tel:02079460321" in html
