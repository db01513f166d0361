"""The studies API says what it takes and gives: typed fields and filters in the schema,
errors that name what is wrong, and answers shaped as documented."""

import pytest

from studies import services
from studies.models import ConsentDocument
from tests.factories import publish_consent_form
from tests.openapi import answer, component, operation, served_schema


@pytest.fixture
def base(study):
    return f"/api/v1/studies/{study.slug}"


@pytest.fixture
def schema(client, db):
    return served_schema(client)


def _worker(study, lead):
    mhw = study.roles.get(code="MHW")
    return services.participant_add(actor=lead, study=study, role=mhw, site=None)


# --- Item 15: answers shaped as documented -----------------------------------------------


def test_it_documents_consent_status_and_sample_tables_as_lists(schema):
    assert answer(schema, "consent-status/")["type"] == "array"
    assert answer(schema, "sample-characteristics/")["type"] == "array"


def test_it_documents_a_participants_events_as_a_plain_list(schema, api_as, lead, study, base):
    assert answer(schema, "participants/{id}/events/")["type"] == "array"
    worker = _worker(study, lead)
    assert isinstance(api_as(lead).get(f"{base}/participants/{worker.pk}/events/").json(), list)


def test_it_marks_audit_fields_that_can_be_empty_as_nullable(schema):
    page = component(schema, answer(schema, "audit-events/"))
    event = component(schema, page["properties"]["results"]["items"])
    assert event["properties"]["actor"]["nullable"] is True
    assert event["properties"]["participant"]["nullable"] is True


def test_it_documents_error_answers_for_every_operation(schema):
    answers = operation(schema, "participants/{id}/status/", "post")["responses"]
    assert {"201", "400", "401", "403", "404"} <= set(answers)


# --- Item 17: typed, consistent, and errors that say what is wrong -----------------------


def test_it_types_withdrawal_choices_with_their_options(schema):
    dp = component(schema, answer(schema, "data-protection/"))
    items = dp["properties"]["withdrawal_choices"]["items"]
    assert component(schema, items)["enum"] == ["keep", "remove_unanalysed", "remove_all"]


def test_it_lists_the_withdrawal_options_when_one_is_wrong(api_as, lead, base):
    response = api_as(lead).patch(
        f"{base}/data-protection/", {"withdrawal_choices": ["forget_me"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "withdrawal_choices": {"0": ["Choose from: keep, remove_unanalysed, remove_all."]}
    }


def test_it_lets_a_researcher_read_the_published_form_to_find_its_clause_ids(
    api_as, study, lead, researcher, base
):
    form = publish_consent_form(study, lead)
    services.document_draft(actor=lead, study=study, kind="information_sheet")
    client = api_as(researcher)
    listed = client.get(f"{base}/consent-documents/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [form.pk]
    clauses = client.get(f"{base}/consent-documents/{form.pk}/").json()["clauses"]
    assert {c["id"] for c in clauses} == set(form.clauses.values_list("pk", flat=True))
    draft = ConsentDocument.objects.get(status="draft")
    assert client.get(f"{base}/consent-documents/{draft.pk}/").status_code == 404
    made = client.post(f"{base}/consent-documents/", {"kind": "consent_form"}, format="json")
    assert made.status_code == 403


def test_it_names_the_clauses_left_unanswered(api_as, study, lead, researcher, base):
    form = publish_consent_form(study, lead)
    worker = _worker(study, lead)
    first, *rest = form.clauses.order_by("position")
    response = api_as(researcher).post(
        f"{base}/consent-records/",
        {"participant": worker.pk, "answers": {str(first.pk): True},
         "signed_name": "Jo P", "method": "paper"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    missing = ", ".join(str(clause.pk) for clause in rest)
    assert response.json() == {
        "answers": [f"Answer every clause, yes or no; no answer for clause {missing}."]
    }
    assert not worker.consent_records.exists()


def test_it_lists_refused_clauses_by_what_they_govern(api_as, study, lead, consent_admin, base):
    form = publish_consent_form(study, lead)
    worker = _worker(study, lead)
    answers = {clause.pk: clause.governs != "quotation" for clause in form.clauses.all()}
    services.consent_record(
        actor=lead, participant=worker, answers=answers, signed_name="Jo P", method="paper"
    )
    [row] = api_as(consent_admin).get(f"{base}/consent-status/").json()
    assert row["refused"] == ["quotation"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("site=abc", "site", "Give an id: a whole number."),
        ("status=finished", "status", "Give one of: identified, approached, consented, "
         "interview_scheduled, interviewed, declined, withdrawn."),
        ("sight=1", "sight", "Not a filter of this list (filters: role, site, status)."),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_or_unknown_filter_with_a_400_naming_it(
    api_as, lead, base, query, field, message
):
    response = api_as(lead).get(f"{base}/participants/?{query}")
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_it_still_takes_the_page_parameter_beside_filters(api_as, lead, study, base):
    _worker(study, lead)
    response = api_as(lead).get(f"{base}/participants/?status=identified&page=1")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_it_refuses_an_unknown_audit_action_instead_of_listing_everything(api_as, lead, base):
    response = api_as(lead).get(f"{base}/audit-events/?action=nonsense")
    assert response.status_code == 400
    assert "action" in response.json()


def test_it_describes_filters_as_schema_parameters(schema):
    parameters = {p["name"]: p for p in operation(schema, "participants/")["parameters"]}
    assert parameters["site"]["schema"]["type"] == "integer"
    assert "withdrawn" in parameters["status"]["schema"]["enum"]
    audit = {p["name"]: p for p in operation(schema, "audit-events/")["parameters"]}
    assert "consent.given" in audit["action"]["schema"]["enum"]


def test_it_speaks_of_records_not_pages_when_refusing_withdrawn_as_a_status(
    api_as, lead, study, base
):
    worker = _worker(study, lead)
    response = api_as(lead).post(
        f"{base}/participants/{worker.pk}/status/", {"status": "withdrawn"}, format="json"
    )
    assert response.status_code == 400
    assert "page" not in response.json()["status"][0]
