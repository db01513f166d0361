import pytest
from django.urls import reverse

from studies import services
from studies.models import Membership, Study


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


def test_home_lists_my_studies_with_my_role_and_not_others(as_lead, study, outsider):
    response = as_lead.get(reverse("home"))
    body = response.content.decode()
    assert "Risk and recovery" in body
    assert "Another team" not in body
    assert "lead" in body


def test_home_query_count_does_not_grow_with_studies(as_lead, lead, django_assert_max_num_queries):
    for number in range(10):
        services.study_create(creator=lead, title=f"Study {number}")
    as_lead.get(reverse("home"))  # the first request after login refreshes the session
    with django_assert_max_num_queries(4):
        response = as_lead.get(reverse("home"))
    assert response.content.decode().count('class="card"') == 10


def test_creating_a_study_by_page_leads_to_its_dashboard(as_lead, lead):
    response = as_lead.post(
        reverse("study-create"), {"title": "Depot medication", "ethics_reference": "REC 1"}
    )
    study = Study.objects.get(title="Depot medication")
    assert response.status_code == 302
    assert response["Location"] == reverse("study-dashboard", args=[study.slug])
    assert Membership.objects.get(study=study, user=lead).role == "lead"


def test_a_study_without_title_shows_a_field_error_and_creates_nothing(as_lead):
    response = as_lead.post(reverse("study-create"), {"title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Study.objects.exists()


def test_dashboard_shows_sites_roles_team_and_says_what_is_not_built(as_lead, study, lead):
    services.site_add(actor=lead, study=study, name="Marsh Lane", borough="Eastwick")
    body = as_lead.get(reverse("study-dashboard", args=[study.slug])).content.decode()
    assert "Marsh Lane" in body and "Eastwick" in body
    assert "MHW" in body and "Service user" in body
    assert "not built yet" in body


def test_dashboard_query_count_is_fixed(as_lead, study, lead, django_assert_max_num_queries):
    for number in range(5):
        services.site_add(actor=lead, study=study, name=f"Site {number}")
        services.membership_add(
            actor=lead, study=study, email=f"m{number}@example.org", role="coder"
        )
    url = reverse("study-dashboard", args=[study.slug])
    as_lead.get(url)  # the first request after login refreshes the session
    # Nine for the page and its study, nine for the overview's parts (recruitment, consent,
    # sessions, transcripts), each a fixed number whatever the study's size.
    with django_assert_max_num_queries(18):
        as_lead.get(url)


def test_editing_the_study_saves_the_changes(as_lead, study):
    response = as_lead.post(
        reverse("study-edit", args=[study.slug]),
        {"title": "Risk, recovery and housing", "description": "", "ethics_reference": "R-9",
         "status": "recruiting"},
    )  # fmt: skip
    assert response.status_code == 302
    study.refresh_from_db()
    assert (study.title, study.status, study.ethics_reference) == (
        "Risk, recovery and housing", "recruiting", "R-9",
    )  # fmt: skip


def test_members_page_adds_a_member_and_shows_errors_inline(as_lead, study):
    url = reverse("study-members", args=[study.slug])
    as_lead.post(url, {"email": "colleague@example.org", "role": "researcher"})
    assert study.memberships.filter(user__email="colleague@example.org", role="researcher").exists()
    again = as_lead.post(url, {"email": "colleague@example.org", "role": "coder"})
    assert again.status_code == 200
    assert "already a member" in again.content.decode()
    bad = as_lead.post(url, {"email": "not an email", "role": "coder"})
    assert bad.context["form"].errors["email"]


def test_members_page_query_count_is_fixed(as_lead, study, lead, django_assert_max_num_queries):
    for number in range(8):
        services.membership_add(
            actor=lead, study=study, email=f"m{number}@example.org", role="coder"
        )
    url = reverse("study-members", args=[study.slug])
    as_lead.get(url)  # the first request after login refreshes the session
    with django_assert_max_num_queries(5):
        response = as_lead.get(url)
    assert response.content.decode().count('<tr id="member-') == 9


def test_changing_a_role_with_htmx_returns_the_updated_row(as_lead, study, coder):
    membership = study.memberships.get(user=coder)
    response = as_lead.post(
        reverse("member-update", args=[study.slug, membership.pk]),
        {"role": "researcher"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="member-{membership.pk}"')
    assert "Saved" in body
    membership.refresh_from_db()
    assert membership.role == "researcher"


def test_the_last_lead_stepping_down_with_htmx_gets_the_reason_in_the_row(as_lead, study, lead):
    membership = study.memberships.get(user=lead)
    response = as_lead.post(
        reverse("member-update", args=[study.slug, membership.pk]),
        {"role": "viewer"},
        headers={"HX-Request": "true"},
    )
    assert "at least one lead" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "lead"


def test_a_lead_removing_themselves_goes_home(as_lead, study, lead, researcher):
    services.membership_change_role(
        actor=lead, membership=study.memberships.get(user=researcher), role="lead"
    )
    mine = study.memberships.get(user=lead)
    response = as_lead.post(reverse("member-remove", args=[study.slug, mine.pk]))
    assert response["Location"] == reverse("home")
    assert not study.memberships.filter(user=lead).exists()


def test_api_token_page_creates_and_replaces_the_token(as_lead, lead):
    url = reverse("api-token")
    assert "no token yet" in as_lead.get(url).content.decode()
    as_lead.post(url)
    first = lead.auth_token.key
    as_lead.post(url)
    lead.refresh_from_db()
    assert lead.auth_token.key != first
    assert lead.auth_token.key in as_lead.get(url).content.decode()
