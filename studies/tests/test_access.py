"""Who may see and do what, by page and by API, for every team role, an outsider and an
anonymous visitor. The expected tables are written out here on purpose, independent of
studies.access, so a change there that widens access fails these tests."""

import pytest
from django.urls import reverse

from studies.access import PERMISSIONS, Action
from studies.models import Membership

MEMBERS = ["lead", "researcher", "coder", "consent_admin", "viewer"]
EVERYONE = [*MEMBERS, "outsider", "anonymous"]

EXPECTED_ACTIONS = {
    "lead": set(Action),
    "researcher": {
        Action.VIEW_STUDY, Action.EDIT_STUDY, Action.RECRUIT, Action.RECORD_CONSENT,
        Action.VIEW_DATA, Action.CODE, Action.ANALYSE, Action.EXPORT, Action.TRANSCRIBE,
    },
    "coder": {Action.VIEW_STUDY, Action.VIEW_DATA, Action.CODE, Action.ANALYSE},
    "consent_admin": {
        Action.VIEW_STUDY, Action.VIEW_CONTACTS, Action.MANAGE_CONSENT, Action.RECORD_CONSENT,
        Action.VIEW_REDACTIONS,
    },
    "viewer": {Action.VIEW_STUDY, Action.VIEW_DATA, Action.ANALYSE},
}  # fmt: skip


@pytest.mark.parametrize("role", MEMBERS)
def test_each_role_has_exactly_the_documented_actions(role):
    assert PERMISSIONS[role] == EXPECTED_ACTIONS[role]


def test_only_leads_and_consent_admins_may_see_contact_details():
    allowed = {role for role, actions in PERMISSIONS.items() if Action.VIEW_CONTACTS in actions}
    assert allowed == {"lead", "consent_admin"}


def test_only_leads_and_consent_admins_may_read_the_redaction_log():
    allowed = {role for role, actions in PERMISSIONS.items() if Action.VIEW_REDACTIONS in actions}
    assert allowed == {"lead", "consent_admin"}


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _refused_anonymously(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _page_outcome(response) -> str:
    if _refused_anonymously(response):
        return "login"
    return {200: "ok", 302: "ok", 403: "forbidden", 404: "not found"}[response.status_code]


def _expected(person, allowed: set[str]) -> str:
    if person == "anonymous":
        return "login"
    if person == "outsider":
        return "not found"
    return "ok" if person in allowed else "forbidden"


EDITORS = {"lead", "researcher"}
DATA_READERS = {"lead", "researcher", "coder", "viewer"}


@pytest.mark.parametrize("person", EVERYONE)
@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("study-dashboard", set(MEMBERS)),
        ("study-members", set(MEMBERS)),
        ("study-edit", EDITORS),
        ("study-sites", set(MEMBERS)),
        ("recruitment-board", set(MEMBERS)),
        ("recruitment-log", EDITORS),
        ("participants", set(MEMBERS)),
        ("participant-add", EDITORS),
        ("study-attributes", set(MEMBERS)),
        ("study-sample", DATA_READERS),
        ("data-protection", set(MEMBERS)),
        ("audit-trail", {"lead", "consent_admin"}),
        ("consent-overview", {"lead", "consent_admin"}),
        ("consent-csv", {"lead", "consent_admin"}),
    ],
)
def test_study_pages_by_person(client, personas, study, person, name, allowed):
    response = _client(client, personas[person]).get(reverse(name, args=[study.slug]))
    assert _page_outcome(response) == _expected(person, allowed)


@pytest.fixture
def worker(study, lead):
    from studies import services

    mhw = study.roles.get(code="MHW")
    return services.participant_add(
        actor=lead, study=study, role=mhw, site=None, name="Jo Private", email="jo@example.org"
    )


@pytest.mark.parametrize("person", EVERYONE)
@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("participant-detail", set(MEMBERS)),
        ("participant-contact", {"lead", "consent_admin"}),
        ("participant-information", EDITORS),
        ("participant-nominate", EDITORS),
        ("participant-consent", {"lead", "researcher", "consent_admin"}),
    ],
)
def test_participant_pages_by_person(client, personas, study, worker, person, name, allowed):
    response = _client(client, personas[person]).get(reverse(name, args=[study.slug, worker.pk]))
    assert _page_outcome(response) == _expected(person, allowed)


@pytest.mark.parametrize("person", MEMBERS)
def test_contact_details_appear_only_for_leads_and_consent_admins(
    client, personas, study, worker, person
):
    client.force_login(personas[person])
    pages = [
        reverse("participant-detail", args=[study.slug, worker.pk]),
        reverse("participant-contact", args=[study.slug, worker.pk]),
        reverse("participants", args=[study.slug]),
        reverse("recruitment-board", args=[study.slug]),
    ]
    shown = any("Jo Private" in client.get(url).content.decode() for url in pages)
    assert shown == (person in {"lead", "consent_admin"})


@pytest.mark.parametrize("person", EVERYONE)
def test_contact_details_by_api(api_as, personas, study, worker, person):
    url = f"/api/v1/studies/{study.slug}/participants/{worker.pk}/contact/"
    response = api_as(personas[person]).get(url)
    assert _api_outcome(response) == _expected(person, {"lead", "consent_admin"})
    if response.status_code == 200:
        assert response.json()["name"] == "Jo Private"


@pytest.mark.parametrize("person", MEMBERS)
def test_no_other_api_answer_or_export_carries_contact_details(
    api_as, client, personas, study, worker, person
):
    api = api_as(personas[person])
    urls = [
        f"/api/v1/studies/{study.slug}/participants/",
        f"/api/v1/studies/{study.slug}/participants/{worker.pk}/",
        f"/api/v1/studies/{study.slug}/participants/{worker.pk}/events/",
        f"/api/v1/studies/{study.slug}/recruitment/",
        f"/api/v1/studies/{study.slug}/dyads/",
    ]
    for url in urls:
        assert "Jo Private" not in api.get(url).content.decode()
    client.force_login(personas[person])
    log = client.get(reverse("recruitment-log", args=[study.slug]))
    assert "Jo Private" not in log.content.decode() and "jo@example.org" not in log.content.decode()


@pytest.mark.parametrize("person", EVERYONE)
def test_only_the_lead_can_add_a_member_by_page(client, personas, study, person):
    response = _client(client, personas[person]).post(
        reverse("study-members", args=[study.slug]),
        {"email": "newcomer@example.org", "role": "coder"},
    )
    assert _page_outcome(response) == _expected(person, {"lead"})
    added = study.memberships.filter(user__email="newcomer@example.org").exists()
    assert added == (person == "lead")


@pytest.mark.parametrize("person", EVERYONE)
def test_only_the_lead_can_change_a_role_by_page(client, personas, study, person):
    target = study.memberships.get(user=personas["viewer"])
    response = _client(client, personas[person]).post(
        reverse("member-update", args=[study.slug, target.pk]), {"role": "coder"}
    )
    assert _page_outcome(response) == _expected(person, {"lead"})
    target.refresh_from_db()
    assert (target.role == "coder") == (person == "lead")


@pytest.mark.parametrize("person", EVERYONE)
def test_only_the_lead_can_remove_a_member_by_page(client, personas, study, person):
    target = study.memberships.get(user=personas["coder"])
    url = reverse("member-remove", args=[study.slug, target.pk])
    confirm = _client(client, personas[person]).get(url)
    assert _page_outcome(confirm) == _expected(person, {"lead"})
    response = client.post(url)
    assert _page_outcome(response) == _expected(person, {"lead"})
    assert Membership.objects.filter(pk=target.pk).exists() == (person != "lead")


# --- API -----------------------------------------------------------------------------


def _api_outcome(response) -> str:
    return {
        200: "ok", 201: "ok", 204: "ok", 401: "login", 403: "forbidden", 404: "not found",
    }[response.status_code]  # fmt: skip


@pytest.mark.parametrize("person", EVERYONE)
def test_study_list_shows_only_my_studies(api_as, personas, study, person):
    response = api_as(personas[person]).get("/api/v1/studies/")
    if person == "anonymous":
        assert response.status_code == 401
        return
    slugs = [row["slug"] for row in response.json()["results"]]
    assert (study.slug in slugs) == (person in MEMBERS)


@pytest.mark.parametrize("person", EVERYONE)
def test_study_detail_by_api(api_as, personas, study, person):
    response = api_as(personas[person]).get(f"/api/v1/studies/{study.slug}/")
    assert _api_outcome(response) == _expected(person, set(MEMBERS))
    if response.status_code == 200:
        assert response.json()["my_role"] == person


@pytest.mark.parametrize("person", EVERYONE)
def test_study_edit_by_api(api_as, personas, study, person):
    response = api_as(personas[person]).patch(
        f"/api/v1/studies/{study.slug}/", {"title": "Renamed"}, format="json"
    )
    assert _api_outcome(response) == _expected(person, {"lead", "researcher"})
    study.refresh_from_db()
    assert (study.title == "Renamed") == (person in {"lead", "researcher"})


@pytest.mark.parametrize("person", EVERYONE)
def test_membership_list_by_api(api_as, personas, study, person):
    response = api_as(personas[person]).get(f"/api/v1/studies/{study.slug}/memberships/")
    assert _api_outcome(response) == _expected(person, set(MEMBERS))


@pytest.mark.parametrize("person", EVERYONE)
def test_membership_create_by_api(api_as, personas, study, person):
    response = api_as(personas[person]).post(
        f"/api/v1/studies/{study.slug}/memberships/",
        {"email": "newcomer@example.org", "role": "viewer"},
        format="json",
    )
    assert _api_outcome(response) == _expected(person, {"lead"})
    added = study.memberships.filter(user__email="newcomer@example.org").exists()
    assert added == (person == "lead")


@pytest.mark.parametrize("person", EVERYONE)
def test_membership_role_change_by_api(api_as, personas, study, person):
    target = study.memberships.get(user=personas["viewer"])
    response = api_as(personas[person]).patch(
        f"/api/v1/studies/{study.slug}/memberships/{target.pk}/", {"role": "coder"}, format="json"
    )
    assert _api_outcome(response) == _expected(person, {"lead"})
    target.refresh_from_db()
    assert (target.role == "coder") == (person == "lead")


@pytest.mark.parametrize("person", EVERYONE)
def test_membership_delete_by_api(api_as, personas, study, person):
    target = study.memberships.get(user=personas["coder"])
    response = api_as(personas[person]).delete(
        f"/api/v1/studies/{study.slug}/memberships/{target.pk}/"
    )
    assert _api_outcome(response) == _expected(person, {"lead"})
    assert Membership.objects.filter(pk=target.pk).exists() == (person != "lead")


def test_a_lead_cannot_reach_another_studys_membership_through_their_own_study(
    api_as, study, lead, outsider
):
    """Ids are global: a membership of another study must not be reachable by putting
    its id under a study the user leads."""
    foreign = Membership.objects.get(user=outsider)
    client = api_as(lead)
    url = f"/api/v1/studies/{study.slug}/memberships/{foreign.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"role": "viewer"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == "lead"


def test_a_lead_cannot_reach_another_studys_membership_by_page(client, study, lead, outsider):
    foreign = Membership.objects.get(user=outsider)
    client.force_login(lead)
    response = client.post(
        reverse("member-update", args=[study.slug, foreign.pk]), {"role": "viewer"}
    )
    assert response.status_code == 404
    assert client.post(reverse("member-remove", args=[study.slug, foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == "lead"
