"""The REST API for setup and recruitment: sites, roles, participants, nominations,
dyads, recruitment steps, contact details, the information form and the summaries.

Each test checks the status code and what the database holds afterwards.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from studies import services
from studies.models import (
    AttributeDefinition,
    AttributeValue,
    Dyad,
    Participant,
    ParticipantContact,
    RecruitmentEvent,
    Site,
    Study,
)
from tests.factories import give_consent

# --- Helpers -------------------------------------------------------------------------


@pytest.fixture
def base(study):
    return f"/api/v1/studies/{study.slug}"


@pytest.fixture
def mhw(study):
    return study.roles.get(code="MHW")


@pytest.fixture
def su(study):
    return study.roles.get(code="SU")


@pytest.fixture
def site(study, lead):
    return services.site_add(actor=lead, study=study, name="Riverside", borough="Northgate")


@pytest.fixture
def other_study(outsider):
    return Study.objects.get(memberships__user=outsider)


@pytest.fixture
def worker(study, lead, mhw):
    return services.participant_add(actor=lead, study=study, role=mhw, site=None)


def _worker(study, lead, site=None):
    return services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=site
    )


def _quiet(client):
    """A client that answers a server error with a 500 instead of raising it."""
    client.raise_request_exception = False
    return client


def _attribute(study, lead, **values):
    return services.attribute_create(actor=lead, study=study, **values)


# --- Sites ---------------------------------------------------------------------------


def test_a_lead_creates_a_site(api_as, study, lead, base):
    response = api_as(lead).post(
        f"{base}/sites/",
        {"name": " Riverside CMHT ", "borough": "Northgate", "target_dyads": 6},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Riverside CMHT"
    assert body["target_dyads"] == 6
    site = Site.objects.get(study=study)
    assert (site.pk, site.name, site.borough, site.target_dyads) == (
        body["id"],
        "Riverside CMHT",
        "Northgate",
        6,
    )


def test_a_duplicate_site_name_is_a_400_on_name(api_as, study, lead, site, base):
    response = api_as(lead).post(f"{base}/sites/", {"name": "riverside"}, format="json")
    assert response.status_code == 400
    assert response.json()["name"] == ["The study already has a site with this name."]
    assert Site.objects.filter(study=study).count() == 1


def test_a_negative_site_target_is_a_400(api_as, study, lead, base):
    response = api_as(lead).post(
        f"{base}/sites/", {"name": "Hilltop", "target_dyads": -1}, format="json"
    )
    assert response.status_code == 400
    assert "target_dyads" in response.json()
    assert not Site.objects.filter(study=study).exists()


def test_a_lead_updates_a_site(api_as, lead, site, base):
    response = api_as(lead).patch(
        f"{base}/sites/{site.pk}/", {"name": "Riverside East", "target_dyads": 4}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Riverside East"
    site.refresh_from_db()
    assert (site.name, site.borough, site.target_dyads) == ("Riverside East", "Northgate", 4)


def test_renaming_a_site_to_another_sites_name_is_a_400(api_as, study, lead, site, base):
    other = services.site_add(actor=lead, study=study, name="Hilltop")
    response = api_as(lead).patch(f"{base}/sites/{other.pk}/", {"name": "RIVERSIDE"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    other.refresh_from_db()
    assert other.name == "Hilltop"


def test_a_lead_deletes_an_unused_site(api_as, study, lead, site, base):
    response = api_as(lead).delete(f"{base}/sites/{site.pk}/")
    assert response.status_code == 204
    assert not Site.objects.filter(study=study).exists()


def test_a_site_with_a_participant_cannot_be_deleted(api_as, study, lead, site, base):
    _worker(study, lead, site)
    response = api_as(lead).delete(f"{base}/sites/{site.pk}/")
    assert response.status_code == 400
    assert "cannot be removed" in response.json()["non_field_errors"][0]
    assert Site.objects.filter(pk=site.pk).exists()


def test_a_coder_sees_sites_but_cannot_change_them(api_as, study, coder, site, base):
    client = api_as(coder)
    listing = client.get(f"{base}/sites/")
    assert listing.status_code == 200
    assert [row["name"] for row in listing.json()["results"]] == ["Riverside"]
    assert client.post(f"{base}/sites/", {"name": "Hilltop"}, format="json").status_code == 403
    assert (
        client.patch(f"{base}/sites/{site.pk}/", {"name": "Mine"}, format="json").status_code == 403
    )
    assert client.delete(f"{base}/sites/{site.pk}/").status_code == 403
    assert list(Site.objects.filter(study=study).values_list("name", flat=True)) == ["Riverside"]


# --- Roles ---------------------------------------------------------------------------


def test_the_role_list_shows_workers_and_service_users(api_as, lead, base):
    response = api_as(lead).get(f"{base}/roles/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["code"], row["recruitment"]) for row in rows] == [
        ("MHW", "first"),
        ("SU", "nominated"),
    ]


def test_a_role_is_renamed_before_recruitment(api_as, lead, mhw, base):
    response = api_as(lead).patch(
        f"{base}/roles/{mhw.pk}/", {"code": "cpn", "label": "Community nurse"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["code"] == "CPN"
    mhw.refresh_from_db()
    assert (mhw.code, mhw.label) == ("CPN", "Community nurse")


def test_a_bad_role_code_is_a_400(api_as, lead, mhw, base):
    client = api_as(lead)
    bad = client.patch(f"{base}/roles/{mhw.pk}/", {"code": "1 X"}, format="json")
    assert bad.status_code == 400
    assert "code" in bad.json()
    clash = client.patch(f"{base}/roles/{mhw.pk}/", {"code": "SU"}, format="json")
    assert clash.status_code == 400
    assert clash.json()["code"] == ["Another role of this study has this code."]
    mhw.refresh_from_db()
    assert mhw.code == "MHW"


def test_a_role_cannot_change_once_someone_is_recruited(api_as, study, lead, mhw, worker, base):
    response = api_as(lead).patch(
        f"{base}/roles/{mhw.pk}/", {"code": "CPN", "label": "Community nurse"}, format="json"
    )
    assert response.status_code == 400
    assert "cannot change once recruitment has started" in response.json()["non_field_errors"][0]
    mhw.refresh_from_db()
    assert (mhw.code, mhw.label) == ("MHW", "Mental health worker")


def test_a_coder_cannot_rename_a_role(api_as, coder, mhw, base):
    response = api_as(coder).patch(f"{base}/roles/{mhw.pk}/", {"label": "Nurse"}, format="json")
    assert response.status_code == 403
    mhw.refresh_from_db()
    assert mhw.label == "Mental health worker"


# --- Participants --------------------------------------------------------------------

PARTICIPANT_FIELDS = {"id", "pseudonym", "role", "site", "status", "dyad_partner", "created_at"}


def test_adding_workers_gives_them_pseudonyms_in_order(api_as, study, lead, mhw, site, base):
    client = api_as(lead)
    first = client.post(f"{base}/participants/", {"role": mhw.pk, "site": site.pk}, format="json")
    second = client.post(f"{base}/participants/", {"role": mhw.pk, "site": None}, format="json")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["pseudonym"] == "MHW1"
    assert first.json()["role"] == "MHW"
    assert first.json()["site"] == site.pk
    assert first.json()["status"] == "identified"
    assert second.json()["pseudonym"] == "MHW2"
    assert second.json()["site"] is None
    people = Participant.objects.filter(study=study).order_by("number")
    assert [(p.pseudonym, p.site_id) for p in people] == [("MHW1", site.pk), ("MHW2", None)]
    assert list(
        RecruitmentEvent.objects.filter(participant=people[0]).values_list("status", flat=True)
    ) == ["identified"]


def test_a_worker_is_added_without_naming_a_site(api_as, study, lead, mhw, base):
    response = _quiet(api_as(lead)).post(f"{base}/participants/", {"role": mhw.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["site"] is None
    assert Participant.objects.get(study=study).pseudonym == "MHW1"


def test_participant_responses_never_contain_contact_details(api_as, study, lead, mhw, base):
    client = api_as(lead)
    created = client.post(
        f"{base}/participants/",
        {
            "role": mhw.pk,
            "site": None,
            "name": "Alex Doe",
            "email": "alex@example.org",
            "phone": "07700 900123",
        },
        format="json",
    )
    assert created.status_code == 201
    assert set(created.json()) == PARTICIPANT_FIELDS
    pk = created.json()["id"]
    contact = ParticipantContact.objects.get(participant_id=pk)
    assert (contact.name, contact.email, contact.phone) == (
        "Alex Doe",
        "alex@example.org",
        "07700 900123",
    )
    for response in (
        created,
        client.get(f"{base}/participants/"),
        client.get(f"{base}/participants/{pk}/"),
    ):
        assert response.status_code in (200, 201)
        text = response.content.decode()
        assert "Alex" not in text
        assert "alex@example.org" not in text
        assert "07700" not in text


def test_a_bad_email_when_adding_a_worker_is_a_400_and_creates_nothing(
    api_as, study, lead, mhw, base
):
    response = api_as(lead).post(
        f"{base}/participants/", {"role": mhw.pk, "email": "not-an-email"}, format="json"
    )
    assert response.status_code == 400
    assert "email" in response.json()
    assert not Participant.objects.filter(study=study).exists()


def test_a_site_of_another_study_is_a_400_and_creates_nothing(
    api_as, study, lead, mhw, outsider, other_study, base
):
    foreign = services.site_add(actor=outsider, study=other_study, name="Elsewhere")
    response = api_as(lead).post(
        f"{base}/participants/", {"role": mhw.pk, "site": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "site" in response.json()
    assert not Participant.objects.exists()
    mhw.refresh_from_db()
    assert mhw.next_number == 1


def test_a_role_of_another_study_is_a_400_and_creates_nothing(
    api_as, study, lead, other_study, base
):
    foreign = other_study.roles.get(code="MHW")
    response = api_as(lead).post(f"{base}/participants/", {"role": foreign.pk}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()
    assert not Participant.objects.exists()
    foreign.refresh_from_db()
    assert foreign.next_number == 1


def test_a_service_user_cannot_be_added_directly(api_as, study, lead, su, base):
    response = api_as(lead).post(
        f"{base}/participants/", {"role": su.pk, "site": None}, format="json"
    )
    assert response.status_code == 400
    assert "nomination" in response.json()["role"][0]
    assert not Participant.objects.filter(study=study).exists()
    su.refresh_from_db()
    assert su.next_number == 1


def test_a_coder_cannot_add_a_participant(api_as, study, coder, mhw, base):
    response = api_as(coder).post(f"{base}/participants/", {"role": mhw.pk}, format="json")
    assert response.status_code == 403
    assert not Participant.objects.filter(study=study).exists()


@pytest.fixture
def crowd(study, lead, site):
    """MHW1 and MHW2 at Riverside, MHW3 with no site, SU1 (nominated by MHW1) at
    Riverside; MHW2 has consented."""
    first, second, _third = (
        _worker(study, lead, site),
        _worker(study, lead, site),
        _worker(study, lead),
    )
    services.participant_nominate(actor=lead, worker=first)
    services.participant_set_status(actor=lead, participant=second, status="consented")


def _pseudonyms(response):
    assert response.status_code == 200
    return sorted(row["pseudonym"] for row in response.json()["results"])


def test_the_participant_list_filters_by_role(api_as, lead, crowd, base):
    client = api_as(lead)
    assert _pseudonyms(client.get(f"{base}/participants/?role=MHW")) == ["MHW1", "MHW2", "MHW3"]
    assert _pseudonyms(client.get(f"{base}/participants/?role=SU")) == ["SU1"]


def test_the_participant_list_filters_by_status(api_as, lead, crowd, base):
    client = api_as(lead)
    assert _pseudonyms(client.get(f"{base}/participants/?status=consented")) == ["MHW2"]
    assert _pseudonyms(client.get(f"{base}/participants/?status=identified")) == [
        "MHW1",
        "MHW3",
        "SU1",
    ]


def test_the_participant_list_filters_by_site(api_as, lead, site, crowd, base):
    response = api_as(lead).get(f"{base}/participants/?site={site.pk}")
    assert _pseudonyms(response) == ["MHW1", "MHW2", "SU1"]


def test_a_site_filter_that_is_not_a_number_is_a_400(api_as, lead, crowd, base):
    response = _quiet(api_as(lead)).get(f"{base}/participants/?site=abc")
    assert response.status_code == 400
    assert response.json() == {"site": ["Give an id: a whole number."]}


def test_a_site_filter_with_a_superscript_digit_is_a_400(api_as, lead, crowd, base):
    response = _quiet(api_as(lead)).get(f"{base}/participants/?site=%C2%B2")
    assert response.status_code == 400


def test_a_site_filter_with_a_huge_number_matches_nobody(api_as, lead, crowd, base):
    response = _quiet(api_as(lead)).get(f"{base}/participants/?site=99999999999999999999999")
    assert _pseudonyms(response) == []


def test_the_participant_list_shows_dyad_partners(api_as, lead, crowd, base):
    response = api_as(lead).get(f"{base}/participants/")
    assert response.status_code == 200
    partners = {row["pseudonym"]: row["dyad_partner"] for row in response.json()["results"]}
    assert partners == {"MHW1": "SU1", "MHW2": None, "MHW3": None, "SU1": "MHW1"}


def test_a_participant_of_another_study_is_not_found(api_as, lead, outsider, other_study, base):
    foreign = _worker(other_study, outsider)
    assert api_as(lead).get(f"{base}/participants/{foreign.pk}/").status_code == 404


# --- Nominations ---------------------------------------------------------------------


def test_a_worker_nominates_a_service_user(api_as, study, lead, site, base):
    worker = _worker(study, lead, site)
    response = api_as(lead).post(
        f"{base}/participants/{worker.pk}/nominate/",
        {"name": "Sam Roe", "email": "sam@example.org"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["worker_pseudonym"], body["service_user_pseudonym"]) == ("MHW1", "SU1")
    assert body["worker"] == worker.pk
    dyad = Dyad.objects.get(study=study)
    service_user = dyad.service_user
    assert (dyad.worker, service_user.pk) == (worker, body["service_user"])
    assert (service_user.pseudonym, service_user.role.code) == ("SU1", "SU")
    assert service_user.site == site
    assert service_user.status == "identified"
    assert service_user.contact.email == "sam@example.org"
    assert "sam@example.org" not in response.content.decode()


def test_a_worker_nominates_only_once(api_as, study, lead, worker, base):
    client = api_as(lead)
    assert client.post(f"{base}/participants/{worker.pk}/nominate/").status_code == 201
    again = client.post(f"{base}/participants/{worker.pk}/nominate/")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == [
        "MHW1 already nominated someone: a worker is in one dyad at most."
    ]
    assert Dyad.objects.filter(study=study).count() == 1
    assert Participant.objects.filter(study=study, role__code="SU").count() == 1


def test_a_service_user_cannot_nominate(api_as, study, lead, worker, base):
    service_user = services.participant_nominate(actor=lead, worker=worker).service_user
    response = api_as(lead).post(f"{base}/participants/{service_user.pk}/nominate/")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Only a participant recruited first can nominate someone."
    ]
    assert Dyad.objects.filter(study=study).count() == 1
    assert Participant.objects.filter(study=study).count() == 2


def test_a_worker_who_declined_cannot_nominate(api_as, study, lead, worker, base):
    services.participant_set_status(actor=lead, participant=worker, status="declined")
    response = api_as(lead).post(f"{base}/participants/{worker.pk}/nominate/")
    assert response.status_code == 400
    assert "declined" in response.json()["non_field_errors"][0]
    assert not Dyad.objects.exists()


def test_a_viewer_cannot_nominate(api_as, study, viewer, worker, base):
    response = api_as(viewer).post(f"{base}/participants/{worker.pk}/nominate/")
    assert response.status_code == 403
    assert not Dyad.objects.exists()


# --- Dyads ---------------------------------------------------------------------------


def test_two_workers_cannot_make_a_dyad(api_as, study, lead, base):
    first, second = _worker(study, lead), _worker(study, lead)
    response = api_as(lead).post(
        f"{base}/dyads/", {"worker": first.pk, "service_user": second.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["service_user"] == ["MHW2 is not a service user."]
    assert not Dyad.objects.exists()


def test_a_dyad_with_a_participant_of_another_study_is_a_400(
    api_as, study, lead, su, outsider, other_study, base
):
    mine = _worker(study, lead)
    foreign = services.participant_nominate(
        actor=outsider, worker=_worker(other_study, outsider)
    ).service_user
    response = api_as(lead).post(
        f"{base}/dyads/", {"worker": mine.pk, "service_user": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "service_user" in response.json()
    assert not Dyad.objects.filter(study=study).exists()


def test_an_unpaired_worker_and_service_user_make_a_dyad(api_as, study, lead, su, base):
    worker = _worker(study, lead)
    # Services only create service users through nominations; make an unpaired one.
    service_user = Participant.objects.create(study=study, role=su, number=9, pseudonym="SU9")
    response = api_as(lead).post(
        f"{base}/dyads/", {"worker": worker.pk, "service_user": service_user.pk}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["worker_pseudonym"], response.json()["service_user_pseudonym"]) == (
        "MHW1",
        "SU9",
    )
    dyad = Dyad.objects.get(study=study)
    assert (dyad.worker, dyad.service_user, dyad.recorded_by) == (worker, service_user, lead)


def test_a_worker_already_in_a_dyad_cannot_join_another(api_as, study, lead, su, worker, base):
    services.participant_nominate(actor=lead, worker=worker)
    spare = Participant.objects.create(study=study, role=su, number=9, pseudonym="SU9")
    response = api_as(lead).post(
        f"{base}/dyads/", {"worker": worker.pk, "service_user": spare.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["worker"] == ["MHW1 is already in a dyad."]
    assert Dyad.objects.filter(study=study).count() == 1


def test_the_dyad_list_shows_the_pairs(api_as, study, lead, coder, base):
    for _ in range(2):
        services.participant_nominate(actor=lead, worker=_worker(study, lead))
    response = api_as(coder).get(f"{base}/dyads/")
    assert response.status_code == 200
    pairs = [
        (row["worker_pseudonym"], row["service_user_pseudonym"])
        for row in response.json()["results"]
    ]
    assert pairs == [("MHW1", "SU1"), ("MHW2", "SU2")]


# --- Recruitment steps ---------------------------------------------------------------


def test_recording_consent_changes_the_status(api_as, lead, worker, base):
    response = api_as(lead).post(
        f"{base}/participants/{worker.pk}/status/",
        {"status": "consented", "note": "Signed on paper"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["pseudonym"], body["status"], body["note"], body["by"]) == (
        "MHW1",
        "consented",
        "Signed on paper",
        "lead",
    )
    worker.refresh_from_db()
    assert worker.status == "consented"
    assert list(worker.recruitment_events.values_list("status", flat=True)) == [
        "identified",
        "consented",
    ]


def test_an_unknown_status_is_a_400(api_as, lead, worker, base):
    response = api_as(lead).post(
        f"{base}/participants/{worker.pk}/status/", {"status": "finished"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()
    worker.refresh_from_db()
    assert worker.status == "identified"
    assert worker.recruitment_events.count() == 1


def test_a_step_dated_in_the_future_is_a_400(api_as, lead, worker, base):
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    response = api_as(lead).post(
        f"{base}/participants/{worker.pk}/status/",
        {"status": "consented", "at": tomorrow},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["at"] == ["A recruitment step cannot be dated in the future."]
    worker.refresh_from_db()
    assert worker.status == "identified"
    assert worker.recruitment_events.count() == 1


def test_a_step_dated_before_the_last_one_is_a_400(api_as, lead, worker, base):
    last_week = (timezone.now() - timedelta(days=7)).isoformat()
    response = api_as(lead).post(
        f"{base}/participants/{worker.pk}/status/",
        {"status": "approached", "at": last_week},
        format="json",
    )
    assert response.status_code == 400
    assert "at" in response.json()
    assert worker.recruitment_events.count() == 1


def test_a_withdrawn_participant_stays_withdrawn(api_as, lead, worker, base):
    services.withdrawal_record(actor=lead, participant=worker, choice="keep")
    response = api_as(lead).post(
        f"{base}/participants/{worker.pk}/status/", {"status": "consented"}, format="json"
    )
    assert response.status_code == 400
    assert "withdrawn" in response.json()["non_field_errors"][0]
    worker.refresh_from_db()
    assert worker.status == "withdrawn"


def test_a_consent_admin_cannot_record_a_recruitment_step(api_as, consent_admin, worker, base):
    response = api_as(consent_admin).post(
        f"{base}/participants/{worker.pk}/status/", {"status": "consented"}, format="json"
    )
    assert response.status_code == 403
    worker.refresh_from_db()
    assert worker.status == "identified"


def test_the_events_list_the_history_in_order(api_as, lead, coder, worker, base):
    client = api_as(lead)
    for status in ("approached", "consented", "interview_scheduled"):
        assert (
            client.post(
                f"{base}/participants/{worker.pk}/status/", {"status": status}, format="json"
            ).status_code
            == 201
        )
    response = api_as(coder).get(f"{base}/participants/{worker.pk}/events/")
    assert response.status_code == 200
    rows = response.json()
    assert [row["status"] for row in rows] == [
        "identified",
        "approached",
        "consented",
        "interview_scheduled",
    ]
    assert {row["pseudonym"] for row in rows} == {"MHW1"}
    assert [row["at"] for row in rows] == sorted(row["at"] for row in rows)


# --- Contact details -----------------------------------------------------------------


@pytest.mark.parametrize("person", ["lead", "consent_admin"])
def test_leads_and_consent_admins_read_and_change_contact_details(
    api_as, request, person, study, lead, mhw, base
):
    participant = services.participant_add(
        actor=lead, study=study, role=mhw, site=None, name="Alex Doe", email="alex@example.org"
    )
    client = api_as(request.getfixturevalue(person))
    url = f"{base}/participants/{participant.pk}/contact/"
    read = client.get(url)
    assert read.status_code == 200
    assert read.json() == {"name": "Alex Doe", "email": "alex@example.org", "phone": ""}
    changed = client.put(
        url, {"name": "Alex Doe", "email": "alex@example.net", "phone": "0161 496 0000"}
    )
    assert changed.status_code == 200
    assert changed.json()["email"] == "alex@example.net"
    contact = ParticipantContact.objects.get(participant=participant)
    assert (contact.email, contact.phone) == ("alex@example.net", "0161 496 0000")


def test_contact_details_of_someone_without_any_are_empty(api_as, lead, worker, base):
    response = api_as(lead).get(f"{base}/participants/{worker.pk}/contact/")
    assert response.status_code == 200
    assert response.json() == {"name": "", "email": "", "phone": ""}


@pytest.mark.parametrize("person", ["researcher", "coder", "viewer"])
def test_other_roles_cannot_read_or_change_contact_details(
    api_as, request, person, study, lead, mhw, base
):
    participant = services.participant_add(
        actor=lead, study=study, role=mhw, site=None, email="alex@example.org"
    )
    client = api_as(request.getfixturevalue(person))
    url = f"{base}/participants/{participant.pk}/contact/"
    read = client.get(url)
    assert read.status_code == 403
    assert "alex@example.org" not in read.content.decode()
    assert client.put(url, {"email": "mine@example.org"}, format="json").status_code == 403
    assert ParticipantContact.objects.get(participant=participant).email == "alex@example.org"


def test_a_bad_contact_email_is_a_400(api_as, study, lead, mhw, base):
    participant = services.participant_add(
        actor=lead, study=study, role=mhw, site=None, email="alex@example.org"
    )
    response = api_as(lead).put(
        f"{base}/participants/{participant.pk}/contact/", {"email": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "email" in response.json()
    assert ParticipantContact.objects.get(participant=participant).email == "alex@example.org"


# --- Information form: questions -----------------------------------------------------


def test_a_number_question_is_created_with_its_range(api_as, study, lead, base):
    response = api_as(lead).post(
        f"{base}/attributes/",
        {"label": "Age", "kind": "number", "min_value": 18, "max_value": 99, "required": True},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["min_value"], body["max_value"]) == ("number", 18, 99)
    attribute = AttributeDefinition.objects.get(study=study)
    assert (attribute.pk, attribute.label, attribute.required) == (body["id"], "Age", True)
    assert (attribute.min_value, attribute.max_value) == (18, 99)


def test_a_range_upside_down_is_a_400(api_as, study, lead, base):
    response = api_as(lead).post(
        f"{base}/attributes/",
        {"label": "Age", "kind": "number", "min_value": 99, "max_value": 18},
        format="json",
    )
    assert response.status_code == 400
    assert "max_value" in response.json()
    assert not AttributeDefinition.objects.exists()


def test_a_single_choice_question_is_created_with_its_choices(api_as, study, lead, mhw, base):
    response = api_as(lead).post(
        f"{base}/attributes/",
        {"label": "Gender", "kind": "single", "choices": ["Woman", "Man"], "role": mhw.pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["choices"] == ["Woman", "Man"]
    attribute = AttributeDefinition.objects.get(study=study)
    assert (attribute.kind, attribute.choices, attribute.role) == (
        "single",
        ["Woman", "Man"],
        mhw,
    )


def test_a_choice_question_with_one_option_is_a_400(api_as, study, lead, base):
    response = api_as(lead).post(
        f"{base}/attributes/",
        {"label": "Gender", "kind": "single", "choices": ["Woman"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["choices"] == ["List at least two options, one per line."]
    assert not AttributeDefinition.objects.exists()


def test_a_duplicate_question_label_is_a_400(api_as, study, lead, base):
    _attribute(study, lead, label="Age", kind="number")
    response = api_as(lead).post(
        f"{base}/attributes/", {"label": "age", "kind": "text"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["label"] == ["The form already has a question with this label."]
    assert AttributeDefinition.objects.filter(study=study).count() == 1


def test_a_question_for_a_role_of_another_study_is_a_400(api_as, study, lead, other_study, base):
    response = api_as(lead).post(
        f"{base}/attributes/",
        {"label": "Age", "kind": "number", "role": other_study.roles.get(code="MHW").pk},
        format="json",
    )
    assert response.status_code == 400
    assert "role" in response.json()
    assert not AttributeDefinition.objects.exists()


def test_a_question_is_patched(api_as, study, lead, base):
    attribute = _attribute(study, lead, label="Age", kind="number", min_value=18)
    response = api_as(lead).patch(
        f"{base}/attributes/{attribute.pk}/",
        {"label": "Age in years", "max_value": 80},
        format="json",
    )
    assert response.status_code == 200
    attribute.refresh_from_db()
    assert (attribute.label, attribute.min_value, attribute.max_value) == (
        "Age in years",
        18,
        80,
    )


def test_an_answered_question_keeps_its_kind_and_used_options(api_as, study, lead, worker, base):
    attribute = _attribute(study, lead, label="Gender", kind="single", choices=["Woman", "Man"])
    give_consent(worker, lead)
    services.attribute_values_save(actor=lead, participant=worker, answers={attribute.pk: "Man"})
    client = api_as(lead)
    url = f"{base}/attributes/{attribute.pk}/"
    kind = client.patch(url, {"kind": "text"}, format="json")
    assert kind.status_code == 400
    assert "kind" in kind.json()
    dropped = client.patch(url, {"choices": ["Woman", "Other"]}, format="json")
    assert dropped.status_code == 400
    assert dropped.json()["choices"] == ["Options given as answers must stay: Man."]
    attribute.refresh_from_db()
    assert (attribute.kind, attribute.choices) == ("single", ["Woman", "Man"])


def test_a_question_is_deleted_with_its_answers(api_as, study, lead, worker, base):
    attribute = _attribute(study, lead, label="Age", kind="number")
    give_consent(worker, lead)
    services.attribute_values_save(actor=lead, participant=worker, answers={attribute.pk: 40})
    response = api_as(lead).delete(f"{base}/attributes/{attribute.pk}/")
    assert response.status_code == 204
    assert not AttributeDefinition.objects.filter(study=study).exists()
    assert not AttributeValue.objects.exists()


def test_a_coder_cannot_change_questions(api_as, study, lead, coder, base):
    attribute = _attribute(study, lead, label="Age", kind="number")
    client = api_as(coder)
    assert client.get(f"{base}/attributes/").status_code == 200
    created = client.post(f"{base}/attributes/", {"label": "X", "kind": "text"}, format="json")
    assert created.status_code == 403
    assert client.delete(f"{base}/attributes/{attribute.pk}/").status_code == 403
    assert list(AttributeDefinition.objects.values_list("label", flat=True)) == ["Age"]


def test_number_bands_are_set(api_as, study, lead, base):
    attribute = _attribute(study, lead, label="Age", kind="number")
    response = api_as(lead).put(
        f"{base}/attributes/{attribute.pk}/groups/",
        {"groups": [["18 to 34", 18, 34], ["35+", 35, None]]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["groups"] == [["18 to 34", 18, 34], ["35+", 35, None]]
    attribute.refresh_from_db()
    assert attribute.groups == [["18 to 34", 18, 34], ["35+", 35, None]]


def test_options_of_a_choice_are_merged_into_groups(api_as, study, lead, base):
    attribute = _attribute(
        study, lead, label="Ethnicity", kind="single", choices=["White", "Black", "Asian"]
    )
    response = api_as(lead).put(
        f"{base}/attributes/{attribute.pk}/groups/",
        {"groups": [["Minority ethnic", ["Black", "Asian"]]]},
        format="json",
    )
    assert response.status_code == 200
    attribute.refresh_from_db()
    assert attribute.groups == [["Minority ethnic", ["Black", "Asian"]]]


@pytest.mark.parametrize(
    "groups",
    [
        [["x"]],
        [["18 to 34", 18]],
        [["a", 18, 34, 50]],
        [["upside down", 34, 18]],
        [["a", "eighteen", 34]],
        [["a", [18], 34]],
        [["", 18, 34]],
        "18 to 34",
        [5],
        {"18 to 34": [18, 34]},
    ],
    ids=[
        "label-only",
        "two-items",
        "four-items",
        "low-above-high",
        "word-bound",
        "list-bound",
        "blank-label",
        "string",
        "number-item",
        "object",
    ],
)
def test_malformed_number_bands_are_a_400(api_as, study, lead, base, groups):
    attribute = _attribute(study, lead, label="Age", kind="number")
    response = api_as(lead).put(
        f"{base}/attributes/{attribute.pk}/groups/", {"groups": groups}, format="json"
    )
    assert response.status_code == 400
    assert "groups" in response.json()
    attribute.refresh_from_db()
    assert attribute.groups == []


@pytest.mark.parametrize(
    "groups",
    [
        [["x"]],
        [["Other", ["Nonbinary"]]],
        [["Other", "Woman"]],
        [["Other", 5]],
        [["Other", [5]]],
        [["Other", [["Woman"]]]],
        [["A", ["Woman"]], ["B", ["Woman"]]],
    ],
    ids=[
        "label-only",
        "unknown-option",
        "options-as-string",
        "options-as-number",
        "number-option",
        "nested-list-option",
        "option-twice",
    ],
)
def test_malformed_choice_groups_are_a_400(api_as, study, lead, base, groups):
    attribute = _attribute(study, lead, label="Gender", kind="single", choices=["Woman", "Man"])
    response = api_as(lead).put(
        f"{base}/attributes/{attribute.pk}/groups/", {"groups": groups}, format="json"
    )
    assert response.status_code == 400
    assert "groups" in response.json()
    attribute.refresh_from_db()
    assert attribute.groups == []


def test_a_text_question_cannot_be_grouped(api_as, study, lead, base):
    attribute = _attribute(study, lead, label="Job title", kind="text")
    response = api_as(lead).put(
        f"{base}/attributes/{attribute.pk}/groups/", {"groups": [["a", 1, 2]]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["groups"] == ["Only numbers and choices can be grouped."]


def test_a_band_without_a_text_label_is_a_400(api_as, study, lead, base):
    attribute = _attribute(study, lead, label="Age", kind="number")
    response = api_as(lead).put(
        f"{base}/attributes/{attribute.pk}/groups/",
        {"groups": [[None, 18, 34]]},
        format="json",
    )
    assert response.status_code == 400
    attribute.refresh_from_db()
    assert attribute.groups == []


# --- Information form: answers -------------------------------------------------------


@pytest.fixture
def form(study, lead, worker):
    """Age (number, 18 to 99), Gender (single choice) and Languages (multiple choice).
    The worker consents first: nothing is collected about anyone without consent."""
    give_consent(worker, lead)
    return {
        "age": _attribute(study, lead, label="Age", kind="number", min_value=18, max_value=99),
        "gender": _attribute(
            study, lead, label="Gender", kind="single", choices=["Woman", "Man", "Other"]
        ),
        "languages": _attribute(
            study, lead, label="Languages", kind="multiple", choices=["English", "Urdu"]
        ),
        "job": _attribute(study, lead, label="Job title", kind="text"),
    }


def _answers(participant):
    return dict(
        AttributeValue.objects.filter(participant=participant).values_list(
            "attribute__label", "value"
        )
    )


def test_answers_are_saved_and_read_back(api_as, lead, worker, form, base):
    client = api_as(lead)
    url = f"{base}/participants/{worker.pk}/information/"
    response = client.put(
        url,
        {
            str(form["age"].pk): 41,
            str(form["gender"].pk): "Woman",
            str(form["languages"].pk): ["Urdu", "English"],
        },
        format="json",
    )
    assert response.status_code == 200
    expected = {
        str(form["age"].pk): 41,
        str(form["gender"].pk): "Woman",
        str(form["languages"].pk): ["English", "Urdu"],
    }
    assert response.json() == expected
    assert _answers(worker) == {"Age": 41, "Gender": "Woman", "Languages": ["English", "Urdu"]}
    read = client.get(url)
    assert read.status_code == 200
    assert read.json() == expected


def test_an_empty_answer_clears_it(api_as, lead, worker, form, base):
    services.attribute_values_save(
        actor=lead, participant=worker, answers={form["age"].pk: 41, form["gender"].pk: "Man"}
    )
    response = api_as(lead).put(
        f"{base}/participants/{worker.pk}/information/",
        {str(form["age"].pk): None},
        format="json",
    )
    assert response.status_code == 200
    assert _answers(worker) == {"Gender": "Man"}


def test_a_choice_not_in_the_list_is_a_400_on_its_field_and_saves_nothing(
    api_as, lead, worker, form, base
):
    response = api_as(lead).put(
        f"{base}/participants/{worker.pk}/information/",
        {str(form["age"].pk): 41, str(form["gender"].pk): "Unknown"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        f"attribute_{form['gender'].pk}": ["Choose one of the listed options."]
    }
    assert _answers(worker) == {}


def test_a_number_out_of_range_is_a_400(api_as, lead, worker, form, base):
    response = api_as(lead).put(
        f"{base}/participants/{worker.pk}/information/",
        {str(form["age"].pk): 120},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {f"attribute_{form['age'].pk}": ["Enter 99 or less."]}
    assert _answers(worker) == {}


def test_a_json_list_instead_of_an_object_is_a_400(api_as, lead, worker, form, base):
    response = api_as(lead).put(
        f"{base}/participants/{worker.pk}/information/",
        [form["age"].pk, 41],
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Send an object."]}
    assert _answers(worker) == {}


@pytest.mark.parametrize("key", ["age", "1.5", ""])
def test_a_key_that_is_not_an_attribute_id_is_a_400(api_as, lead, worker, form, base, key):
    response = api_as(lead).put(
        f"{base}/participants/{worker.pk}/information/", {key: 41}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Keys must be attribute ids."]}
    assert _answers(worker) == {}


def test_an_id_that_is_not_a_question_for_this_participant_is_a_400(
    api_as, study, lead, su, worker, form, base
):
    only_for_service_users = _attribute(study, lead, label="Diagnosis", kind="text", role=su)
    response = api_as(lead).put(
        f"{base}/participants/{worker.pk}/information/",
        {str(only_for_service_users.pk): "x", "999999": "y"},
        format="json",
    )
    assert response.status_code == 400
    assert "Not a question for this participant" in response.json()["non_field_errors"][0]
    assert _answers(worker) == {}


def test_a_coder_reads_answers_but_cannot_change_them(api_as, lead, coder, worker, form, base):
    services.attribute_values_save(actor=lead, participant=worker, answers={form["age"].pk: 41})
    client = api_as(coder)
    url = f"{base}/participants/{worker.pk}/information/"
    read = client.get(url)
    assert read.status_code == 200
    assert read.json() == {str(form["age"].pk): 41}
    write = client.put(url, {str(form["age"].pk): 50}, format="json")
    assert write.status_code == 403
    assert _answers(worker) == {"Age": 41}


def test_a_consent_admin_cannot_read_or_change_answers(
    api_as, lead, consent_admin, worker, form, base
):
    services.attribute_values_save(actor=lead, participant=worker, answers={form["age"].pk: 41})
    client = api_as(consent_admin)
    url = f"{base}/participants/{worker.pk}/information/"
    read = client.get(url)
    assert read.status_code == 403
    assert "41" not in read.content.decode()
    assert client.put(url, {str(form["age"].pk): 50}, format="json").status_code == 403
    assert _answers(worker) == {"Age": 41}


@pytest.mark.parametrize("value", [5, True, {"English": True}], ids=["number", "bool", "object"])
def test_a_multiple_choice_answer_that_is_not_a_list_is_a_400(
    api_as, lead, worker, form, base, value
):
    response = _quiet(api_as(lead)).put(
        f"{base}/participants/{worker.pk}/information/",
        {str(form["languages"].pk): value},
        format="json",
    )
    assert response.status_code == 400
    assert f"attribute_{form['languages'].pk}" in response.json()
    assert _answers(worker) == {}


@pytest.mark.parametrize("value", [{"a": 1}, ["a"]], ids=["object", "list"])
def test_a_text_answer_that_is_not_text_is_a_400(api_as, lead, worker, form, base, value):
    response = api_as(lead).put(
        f"{base}/participants/{worker.pk}/information/",
        {str(form["job"].pk): value},
        format="json",
    )
    assert response.status_code == 400
    assert _answers(worker) == {}


# --- Summaries -----------------------------------------------------------------------


def test_the_recruitment_summary_counts_statuses_and_complete_dyads(
    api_as, study, lead, viewer, site, base
):
    first, second = _worker(study, lead, site), _worker(study, lead, site)
    service_user = services.participant_nominate(actor=lead, worker=first).service_user
    for person in (first, service_user):
        services.participant_set_status(actor=lead, participant=person, status="consented")
    services.participant_nominate(actor=lead, worker=second)  # SU2, still identified
    response = api_as(viewer).get(f"{base}/recruitment/")
    assert response.status_code == 200
    body = response.json()
    assert body["complete_dyads"] == 1
    assert body["by_status"]["consented"] == {"MHW": 1, "SU": 1}
    assert body["by_status"]["identified"] == {"MHW": 1, "SU": 1}
    assert body["by_status"]["declined"] == {"MHW": 0, "SU": 0}
    assert body["dyads"] == [
        {"worker": "MHW1", "service_user": "SU1"},
        {"worker": "MHW2", "service_user": "SU2"},
    ]
    riverside = next(row for row in body["by_site"] if row["site"] == site.pk)
    assert riverside["complete_dyads"] == 1
    assert riverside["taking_part_by_role"] == {"MHW": 1, "SU": 1}
    assert [row["complete_dyads"] for row in body["complete_dyads_over_time"]] == [1]


def test_the_sample_characteristics_count_only_those_taking_part(api_as, study, lead, coder, base):
    paths = [
        ["consented"], ["consented", "interview_scheduled"], ["consented", "interviewed"],
        ["declined"], ["withdrawn"],
    ]  # fmt: skip
    for path in paths:
        person = _worker(study, lead)
        for status in path:
            if status == "withdrawn":
                services.withdrawal_record(actor=lead, participant=person, choice="keep")
            else:
                services.participant_set_status(actor=lead, participant=person, status=status)
    _worker(study, lead)  # identified only
    age = _attribute(study, lead, label="Age", kind="number")
    response = api_as(coder).get(f"{base}/sample-characteristics/")
    assert response.status_code == 200
    tables = response.json()
    assert [(t["role_code"], t["sample_size"]) for t in tables] == [("MHW", 3), ("SU", 0)]
    assert [a["attribute_id"] for a in tables[0]["attributes"]] == [age.pk]
    assert tables[0]["attributes"][0]["missing"] == 3


def test_a_consent_admin_cannot_see_sample_characteristics(api_as, consent_admin, base):
    response = api_as(consent_admin).get(f"{base}/sample-characteristics/")
    assert response.status_code == 403


# --- Query counts --------------------------------------------------------------------


def _recruit(study, lead, site, count):
    for _ in range(count):
        services.participant_nominate(actor=lead, worker=_worker(study, lead, site))


def test_participant_list_query_count_is_fixed(
    api_as, study, lead, site, base, django_assert_max_num_queries
):
    _recruit(study, lead, site, 5)  # 5 workers and 5 service users
    client = api_as(lead)
    with django_assert_max_num_queries(4):
        response = client.get(f"{base}/participants/")
    assert response.json()["count"] == 10
    assert all(row["dyad_partner"] for row in response.json()["results"])


def test_dyad_list_query_count_is_fixed(
    api_as, study, lead, site, base, django_assert_max_num_queries
):
    _recruit(study, lead, site, 10)
    client = api_as(lead)
    with django_assert_max_num_queries(4):
        response = client.get(f"{base}/dyads/")
    assert response.json()["count"] == 10


def test_it_refuses_a_step_back_by_api_with_the_reason(api_as, lead, worker, base):
    for status in ("consented", "interviewed"):
        services.participant_set_status(actor=lead, participant=worker, status=status)
    response = api_as(lead).post(
        f"{base}/participants/{worker.pk}/status/", {"status": "identified"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "status": ["MHW1 is interviewed, the last recruitment step: it cannot move to identified."]
    }
    worker.refresh_from_db()
    assert worker.status == "interviewed"
