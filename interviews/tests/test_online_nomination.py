"""Workers may name the service user they support on their information form, where the
study allows it; the flow offers it once and never loops."""

from django.urls import reverse

from interviews import services
from studies.models import Dyad, ParticipantContact
from tests.factories import enter_link


def _allow(study, lead, allowed=True):
    services.interview_settings_update(actor=lead, study=study, online_nomination=allowed)


def test_a_worker_is_offered_the_nomination_once_then_goes_on(client, online, study, lead):
    _allow(study, lead)
    link_id = enter_link(client, online[1])
    start = reverse("participant-start", args=[link_id])
    assert client.get(start)["Location"] == reverse("participant-about", args=[link_id])
    page = client.get(reverse("participant-about", args=[link_id]))
    assert 'name="nominee-name"' in page.content.decode()
    assert client.get(start)["Location"] == reverse("participant-page", args=[link_id, 1])


def test_a_worker_nominates_their_service_user_through_the_link(client, online, study, lead):
    _allow(study, lead)
    session, token = online
    link_id = enter_link(client, token)
    response = client.post(
        reverse("participant-about", args=[link_id]),
        {"nominee-name": "Sam Carter", "nominee-email": "sam@example.org"},
    )
    assert response.status_code == 302
    dyad = Dyad.objects.get(worker=session.participant)
    assert dyad.service_user.pseudonym == "SU1"
    assert dyad.recorded_by is None
    contact = ParticipantContact.objects.get(participant=dyad.service_user)
    assert (contact.name, contact.email) == ("Sam Carter", "sam@example.org")


def test_leaving_the_nomination_empty_nominates_no_one(client, online, study, lead):
    _allow(study, lead)
    link_id = enter_link(client, online[1])
    response = client.post(reverse("participant-about", args=[link_id]), {})
    assert response.status_code == 302
    assert not Dyad.objects.exists()


def test_no_nomination_is_offered_unless_the_study_allows_it(client, online, study, lead):
    _allow(study, lead, allowed=False)
    link_id = enter_link(client, online[1])
    assert client.get(reverse("participant-start", args=[link_id]))["Location"].endswith("/page/1/")
    page = client.get(reverse("participant-about", args=[link_id]))
    assert "nominee-name" not in page.content.decode()
