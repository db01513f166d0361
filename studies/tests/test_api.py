from django.core.management import call_command
from rest_framework.authtoken.models import Token

from studies import services
from studies.models import Study


def test_token_authentication_reaches_the_api(api_client, study, lead):
    token = Token.objects.create(user=lead)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api_client.get("/api/v1/studies/")
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [study.slug]


def test_a_wrong_token_is_refused(api_client, study):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get("/api/v1/studies/").status_code == 401


def test_creating_a_study_by_api_makes_me_lead(api_as, lead):
    response = api_as(lead).post(
        "/api/v1/studies/", {"title": "Work and study", "ethics_reference": "R-2"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "work-and-study"
    assert body["my_role"] == "lead"
    assert Study.objects.get(slug="work-and-study").memberships.get().user == lead


def test_bad_study_input_gets_400_with_field_errors(api_as, lead):
    client = api_as(lead)
    missing = client.post("/api/v1/studies/", {}, format="json")
    assert missing.status_code == 400
    assert "title" in missing.json()
    blank = client.post("/api/v1/studies/", {"title": "   "}, format="json")
    assert blank.status_code == 400
    assert "title" in blank.json()
    assert not Study.objects.exists()


def test_a_bad_status_gets_400(api_as, study, lead):
    response = api_as(lead).patch(
        f"/api/v1/studies/{study.slug}/", {"status": "finished"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()


def test_the_service_rule_on_the_last_lead_is_a_400_not_a_500(api_as, study, lead):
    mine = study.memberships.get(user=lead)
    response = api_as(lead).patch(
        f"/api/v1/studies/{study.slug}/memberships/{mine.pk}/", {"role": "coder"}, format="json"
    )
    assert response.status_code == 400
    assert "at least one lead" in response.json()["non_field_errors"][0]


def test_adding_a_member_twice_by_api_is_a_400(api_as, study, lead, coder):
    response = api_as(lead).post(
        f"/api/v1/studies/{study.slug}/memberships/",
        {"email": coder.email, "role": "viewer"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["email"] == ["This person is already a member of the study."]


def test_a_bad_role_by_api_is_a_400(api_as, study, lead):
    response = api_as(lead).post(
        f"/api/v1/studies/{study.slug}/memberships/",
        {"email": "a@example.org", "role": "owner"},
        format="json",
    )
    assert response.status_code == 400
    assert "role" in response.json()


def test_study_list_query_count_is_fixed(api_as, lead, django_assert_max_num_queries):
    for number in range(12):
        services.study_create(creator=lead, title=f"Study {number}")
    with django_assert_max_num_queries(4):
        response = api_as(lead).get("/api/v1/studies/")
    assert response.json()["count"] == 12


def test_membership_list_query_count_is_fixed(api_as, study, lead, django_assert_max_num_queries):
    for number in range(10):
        services.membership_add(
            actor=lead, study=study, email=f"m{number}@example.org", role="coder"
        )
    with django_assert_max_num_queries(4):
        response = api_as(lead).get(f"/api/v1/studies/{study.slug}/memberships/")
    assert response.json()["count"] == 11


def test_the_openapi_schema_describes_studies_and_memberships(api_as, lead):
    response = api_as(lead).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/studies/" in paths
    assert "/api/v1/studies/{study_slug}/memberships/{id}/" in paths


def test_the_api_docs_page_is_served_locally(client, lead):
    client.force_login(lead)
    response = client.get("/api/docs/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "redoc.standalone.js" in body and '<html lang="en">' in body
    assert "https://" not in body and "http://" not in body.replace("http://testserver", "")


def test_the_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/studies/{slug}/" in target.read_text()
