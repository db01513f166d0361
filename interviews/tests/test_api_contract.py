"""The interviews API answers what its schema says."""

import pytest

from tests.openapi import answer, component, operation, served_schema


def test_it_describes_the_interview_settings_to_options_instead_of_failing(api_as, lead, study):
    response = api_as(lead).options(f"/api/v1/studies/{study.slug}/interview-settings/")
    assert response.status_code == 200
    assert "order_policy" in response.json()["actions"]["PUT"]


@pytest.fixture
def schema(client, db):
    return served_schema(client)


def test_it_documents_version_lists_as_plain_lists(schema):
    assert answer(schema, "vignettes/{id}/versions/")["type"] == "array"
    assert answer(schema, "transcripts/{id}/versions/")["type"] == "array"


def test_it_documents_diff_and_occurrences_as_what_theyanswer(schema):
    diff = component(schema, answer(schema, "transcripts/{id}/diff/"))
    assert set(diff["properties"]) == {"a", "b", "changes"}
    found = component(schema, answer(schema, "transcripts/{id}/occurrences/", "post"))
    assert set(found["properties"]) == {"version", "occurrences"}


def test_it_documents_the_201_of_a_redaction_and_of_saving_an_import(schema):
    assert "201" in operation(schema, "transcripts/{id}/redactions/", "post")["responses"]
    assert "201" in operation(schema, "transcript-imports/{id}/save/", "post")["responses"]


def test_it_documents_the_one_time_link_of_a_new_session(schema):
    made = component(schema, answer(schema, "sessions/", "post", "201"))
    assert "link" in made["properties"]
    relinked = component(schema, answer(schema, "sessions/{id}/link/", "post"))
    assert "link" in relinked["properties"]


def test_it_marks_fields_that_can_be_empty_as_nullable(schema):
    version = component(schema, answer(schema, "transcripts/{id}/versions/")["items"])
    assert version["properties"]["created_by"]["nullable"] is True
    upload = schema["components"]["schemas"]["TranscriptImport"]
    assert upload["properties"]["session"]["nullable"] is True


def test_it_offers_only_multipart_for_recordings(schema):
    content = operation(schema, "recordings/", "post")["requestBody"]["content"]
    assert set(content) == {"multipart/form-data"}


def test_it_refuses_a_recording_sent_as_json(api_as, lead, study):
    response = api_as(lead).post(
        f"/api/v1/studies/{study.slug}/recordings/", {"session": 1}, format="json"
    )
    assert response.status_code == 415


def test_it_describes_the_response_filters_as_integer_parameters(schema):
    parameters = {
        p["name"]: p["schema"]["type"] for p in operation(schema, "responses/")["parameters"]
    }
    assert {"session": "integer", "vignette": "integer", "question": "integer"}.items() <= (
        parameters.items()
    )


def test_it_refuses_an_unknown_response_filter(api_as, lead, study):
    response = api_as(lead).get(f"/api/v1/studies/{study.slug}/responses/?participant=1")
    assert response.status_code == 400
    assert "participant" in response.json()
