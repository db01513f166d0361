"""A newcomer finds the API's description without an account and gets a token with a
username and password, under the same lockout as the login page."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def member(db):
    return UserFactory(username="mara")


def _ask(api_client, password, username="mara"):
    return api_client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_it_serves_the_schema_to_anyone(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert TOKEN_URL in response.json()["paths"]


def test_it_serves_the_docs_page_to_anyone(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "redoc.standalone.js" in response.content.decode()


def test_it_gives_a_token_for_a_username_and_password_that_then_opens_the_api(api_client, member):
    response = _ask(api_client, PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=member).key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/studies/").status_code == 200


def test_it_gives_the_same_token_again_so_other_clients_keep_working(api_client, member):
    first = _ask(api_client, PASSWORD).json()["token"]
    assert _ask(api_client, PASSWORD).json()["token"] == first
    assert Token.objects.filter(user=member).count() == 1


def test_it_refuses_a_wrong_password_with_a_400_and_makes_no_token(api_client, member):
    response = _ask(api_client, "not the password")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["That username and password do not match an account."]
    }
    assert not Token.objects.exists()


def test_it_names_missing_fields(api_client, db):
    response = api_client.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_it_locks_out_after_repeated_failures_even_with_the_right_password(
    api_client, member, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _ask(api_client, "wrong guess").status_code == 400
    assert _ask(api_client, "wrong guess").status_code == 429
    locked = _ask(api_client, PASSWORD)
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    assert "Too many failed attempts" in locked.json()["detail"]
    assert "Retry-After" in locked
    assert not Token.objects.exists()


def test_it_shares_one_count_of_failures_with_the_login_page(client, api_client, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "mara", "password": "wrong guess"})
    assert _ask(api_client, "wrong guess").status_code == 429
    page = client.post(reverse("login"), {"username": "mara", "password": PASSWORD})
    assert page.status_code == 429
    assert "Too many failed attempts" in page.content.decode()


def test_it_answers_every_404_in_the_same_words(api_as, lead, study):
    client = api_as(lead)
    missing = [
        "/api/v1/studies/no-such-study/sites/",
        f"/api/v1/studies/{study.slug}/participants/999999/",
        f"/api/v1/studies/{study.slug}/consent-documents/999999/",
    ]
    answers = [client.get(path) for path in missing]
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert {a.json()["detail"] for a in answers} == {"Not found."}
