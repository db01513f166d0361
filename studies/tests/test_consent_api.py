"""The REST API for consent: the data-protection basis, versioned consent documents,
in-person consent records, the consent status overview and the audit trail.

Each test checks the status code and what the database holds afterwards.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from studies import services
from studies.models import (
    AuditEvent,
    ConsentAnswer,
    ConsentClause,
    ConsentDocument,
    ConsentRecord,
    DataProtection,
    Participant,
    RecruitmentEvent,
    Study,
)
from tests.factories import publish_consent_form

# --- Helpers -------------------------------------------------------------------------

COMPLETE = {
    "lawful_basis": "public_task",
    "special_category_condition": "Article 9(2)(j): research",
    "data_controller": "Northgate University",
    "retention_audio_months": 12,
    "retention_transcripts_months": 120,
    "retention_consent_months": 240,
    "withdrawal_choices": ["keep", "remove_all"],
}

ALL_MISSING = [
    "lawful basis",
    "condition for health data",
    "data controller",
    "keep audio for (months)",
    "keep transcripts and responses for (months)",
    "keep consent records for (months)",
    "withdrawal choices",
]


@pytest.fixture
def base(study):
    return f"/api/v1/studies/{study.slug}"


@pytest.fixture
def other_study(outsider):
    return Study.objects.get(memberships__user=outsider)


def _worker(study, lead, **contact):
    return services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None, **contact
    )


@pytest.fixture
def worker(study, lead):
    return _worker(study, lead)


@pytest.fixture
def form(study, lead):
    return publish_consent_form(study, lead)


def _answers(form, *, refuse=()):
    """API answers to every clause of the form: yes, except the purposes refused."""
    return {str(clause.pk): clause.governs not in refuse for clause in form.clauses.all()}


def _consent(actor, participant, form, *, refuse=()):
    answers = {clause.pk: clause.governs not in refuse for clause in form.clauses.all()}
    return services.consent_record(
        actor=actor, participant=participant, answers=answers, signed_name="Jo P", method="paper"
    )


def _payload(participant, form, **overrides):
    return {
        "participant": participant.pk,
        "answers": _answers(form),
        "signed_name": "Jo Participant",
        "method": "paper",
        **overrides,
    }


def _quiet(client):
    """A client that answers a server error with a 500 instead of raising it."""
    client.raise_request_exception = False
    return client


def _data_protection(study):
    return DataProtection.objects.filter(study=study).first()


NOT_MANAGERS = ["researcher", "coder", "viewer"]


# --- Data protection -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["lead", "researcher", "coder", "consent_admin", "viewer"])
def test_every_member_reads_the_data_protection_basis(api_as, personas, base, who):
    response = api_as(personas[who]).get(f"{base}/data-protection/")
    assert response.status_code == 200
    body = response.json()
    assert body["missing"] == ALL_MISSING
    assert body["withdrawal_choices"] == []
    assert "id" not in body and "study" not in body


@pytest.mark.parametrize("who,code", [("outsider", 404), ("anonymous", 401)])
def test_strangers_cannot_read_the_data_protection_basis(api_as, personas, base, who, code):
    assert api_as(personas[who]).get(f"{base}/data-protection/").status_code == code


def test_a_consent_admin_saves_the_basis_and_it_is_audited(api_as, study, consent_admin, base):
    response = api_as(consent_admin).patch(f"{base}/data-protection/", COMPLETE, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["missing"] == []
    assert {name: body[name] for name in COMPLETE} == COMPLETE
    record = _data_protection(study)
    assert {name: getattr(record, name) for name in COMPLETE} == COMPLETE
    event = AuditEvent.objects.get(action="data_protection.changed")
    assert (event.study, event.actor, event.participant) == (study, consent_admin, None)
    assert event.detail == {"fields": sorted(COMPLETE)}


def test_a_lead_saves_part_of_the_basis_and_missing_shrinks(api_as, study, lead, base):
    response = api_as(lead).patch(
        f"{base}/data-protection/",
        {"lawful_basis": "legitimate_interests", "data_controller": "Northgate University"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["missing"] == [
        name for name in ALL_MISSING if name not in ("lawful basis", "data controller")
    ]
    record = _data_protection(study)
    assert (record.lawful_basis, record.data_controller) == (
        "legitimate_interests",
        "Northgate University",
    )
    assert AuditEvent.objects.get(action="data_protection.changed").detail == {
        "fields": ["data_controller", "lawful_basis"]
    }


def test_saving_the_same_values_again_writes_no_new_audit_event(api_as, lead, base):
    client = api_as(lead)
    assert client.patch(f"{base}/data-protection/", COMPLETE, format="json").status_code == 200
    assert client.patch(f"{base}/data-protection/", COMPLETE, format="json").status_code == 200
    assert AuditEvent.objects.filter(action="data_protection.changed").count() == 1


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_other_roles_cannot_change_the_basis(api_as, personas, study, base, who):
    response = api_as(personas[who]).patch(f"{base}/data-protection/", COMPLETE, format="json")
    assert response.status_code == 403
    record = _data_protection(study)
    assert record is None or record.missing() == ALL_MISSING
    assert not AuditEvent.objects.filter(action="data_protection.changed").exists()


def test_an_unknown_withdrawal_choice_is_a_400(api_as, study, lead, base):
    response = api_as(lead).patch(
        f"{base}/data-protection/",
        {**COMPLETE, "withdrawal_choices": ["keep", "shred_everything"]},
        format="json",
    )
    assert response.status_code == 400
    assert "withdrawal_choices" in response.json()
    record = _data_protection(study)
    assert record is None or record.missing() == ALL_MISSING
    assert not AuditEvent.objects.filter(action="data_protection.changed").exists()


@pytest.mark.parametrize("cutoff", [None, "", "   "], ids=["absent", "empty", "spaces"])
def test_removing_unanalysed_data_without_a_cutoff_is_a_400(api_as, study, lead, base, cutoff):
    data = {**COMPLETE, "withdrawal_choices": ["keep", "remove_unanalysed"]}
    if cutoff is not None:
        data["withdrawal_cutoff"] = cutoff
    response = api_as(lead).patch(f"{base}/data-protection/", data, format="json")
    assert response.status_code == 400
    assert "withdrawal_cutoff" in response.json()
    record = _data_protection(study)
    assert record is None or record.withdrawal_choices == []
    assert not AuditEvent.objects.filter(action="data_protection.changed").exists()


def test_removing_unanalysed_data_with_a_cutoff_is_saved(api_as, study, lead, base):
    data = {
        **COMPLETE,
        "withdrawal_choices": ["keep", "remove_unanalysed"],
        "withdrawal_cutoff": "Until the transcript has been coded",
    }
    response = api_as(lead).patch(f"{base}/data-protection/", data, format="json")
    assert response.status_code == 200
    record = _data_protection(study)
    assert record.withdrawal_choices == ["keep", "remove_unanalysed"]
    assert record.withdrawal_cutoff == "Until the transcript has been coded"


@pytest.mark.parametrize(
    "field",
    ["retention_audio_months", "retention_transcripts_months", "retention_consent_months"],
)
def test_a_negative_retention_is_a_400(api_as, study, lead, base, field):
    response = api_as(lead).patch(
        f"{base}/data-protection/", {**COMPLETE, field: -1}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    record = _data_protection(study)
    assert record is None or getattr(record, field) is None


def test_an_unknown_lawful_basis_is_a_400(api_as, study, lead, base):
    response = api_as(lead).patch(
        f"{base}/data-protection/", {"lawful_basis": "because"}, format="json"
    )
    assert response.status_code == 400
    assert "lawful_basis" in response.json()
    record = _data_protection(study)
    assert record is None or record.lawful_basis == ""


def test_withdrawal_choices_that_are_a_number_are_a_400(api_as, study, lead, base):
    response = _quiet(api_as(lead)).patch(
        f"{base}/data-protection/", {**COMPLETE, "withdrawal_choices": 3}, format="json"
    )
    assert response.status_code == 400
    assert "withdrawal_choices" in response.json()


@pytest.mark.parametrize("choices", [{"keep": True}, ""], ids=["object", "empty-string"])
def test_withdrawal_choices_that_are_not_a_list_are_a_400(api_as, study, lead, base, choices):
    response = _quiet(api_as(lead)).patch(
        f"{base}/data-protection/", {**COMPLETE, "withdrawal_choices": choices}, format="json"
    )
    assert response.status_code == 400
    assert "withdrawal_choices" in response.json()
    record = _data_protection(study)
    assert record is None or record.withdrawal_choices == []


def test_collecting_cannot_start_until_the_basis_is_complete(api_as, study, lead, base):
    client = api_as(lead)
    refused = client.patch(base + "/", {"status": "collecting"}, format="json")
    assert refused.status_code == 400
    assert "data controller" in refused.json()["status"][0]
    study.refresh_from_db()
    assert study.status == "setup"

    partial = {key: value for key, value in COMPLETE.items() if key != "retention_audio_months"}
    assert client.patch(f"{base}/data-protection/", partial, format="json").status_code == 200
    still = client.patch(base + "/", {"status": "collecting"}, format="json")
    assert still.status_code == 400
    assert "keep audio for (months)" in still.json()["status"][0]
    study.refresh_from_db()
    assert study.status == "setup"

    assert (
        client.patch(
            f"{base}/data-protection/", {"retention_audio_months": 12}, format="json"
        ).status_code
        == 200
    )
    started = client.patch(base + "/", {"status": "collecting"}, format="json")
    assert started.status_code == 200
    assert started.json()["status"] == "collecting"
    study.refresh_from_db()
    assert study.status == "collecting"


# --- Consent documents ---------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_other_roles_cannot_see_or_make_consent_documents(api_as, personas, study, form, base, who):
    client = api_as(personas[who])
    if who != "researcher":  # researchers read the published ones (see below)
        assert client.get(f"{base}/consent-documents/").status_code == 403
        assert client.get(f"{base}/consent-documents/{form.pk}/").status_code == 403
    assert (
        client.post(
            f"{base}/consent-documents/", {"kind": "consent_form"}, format="json"
        ).status_code
        == 403
    )
    assert (
        client.post(f"{base}/consent-documents/{form.pk}/publish/", {}, format="json").status_code
        == 403
    )
    assert list(ConsentDocument.objects.filter(study=study)) == [form]


def test_a_consent_admin_starts_a_draft_and_gets_the_same_one_again(
    api_as, study, consent_admin, base
):
    client = api_as(consent_admin)
    first = client.post(f"{base}/consent-documents/", {"kind": "consent_form"}, format="json")
    assert first.status_code == 201
    body = first.json()
    assert (body["kind"], body["version"], body["status"], body["title"], body["clauses"]) == (
        "consent_form",
        1,
        "draft",
        "Consent form",
        [],
    )
    again = client.post(f"{base}/consent-documents/", {"kind": "consent_form"}, format="json")
    assert again.status_code == 201
    assert again.json()["id"] == body["id"]
    document = ConsentDocument.objects.get(study=study)
    assert (document.pk, document.status, document.version) == (body["id"], "draft", 1)


def test_an_unknown_document_kind_is_a_400(api_as, study, lead, base):
    response = api_as(lead).post(f"{base}/consent-documents/", {"kind": "poster"}, format="json")
    assert response.status_code == 400
    assert "kind" in response.json()
    assert not ConsentDocument.objects.filter(study=study).exists()


def test_a_draft_title_and_body_are_edited(api_as, study, lead, base):
    draft = services.document_draft(actor=lead, study=study, kind="information_sheet")
    client = api_as(lead)
    response = client.patch(
        f"{base}/consent-documents/{draft.pk}/",
        {"title": " About the study ", "body": "We are asking workers about risk."},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["body"]) == (
        "About the study",
        "We are asking workers about risk.",
    )
    only_body = client.patch(
        f"{base}/consent-documents/{draft.pk}/", {"body": "Second draft."}, format="json"
    )
    assert only_body.status_code == 200
    draft.refresh_from_db()
    assert (draft.title, draft.body) == ("About the study", "Second draft.")


def test_a_blank_title_is_a_400(api_as, study, lead, base):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    response = api_as(lead).patch(
        f"{base}/consent-documents/{draft.pk}/", {"title": "   "}, format="json"
    )
    assert response.status_code == 400
    assert "title" in response.json()
    draft.refresh_from_db()
    assert draft.title == "Consent form"


def test_a_published_document_cannot_be_edited(api_as, study, lead, form, base):
    response = api_as(lead).patch(
        f"{base}/consent-documents/{form.pk}/", {"title": "Changed", "body": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "cannot change" in response.json()["non_field_errors"][0]
    form.refresh_from_db()
    assert (form.title, form.body, form.status) == ("Consent form", "", "published")


def test_a_document_edit_that_is_not_an_object_is_a_400(api_as, study, lead, base):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    response = _quiet(api_as(lead)).patch(
        f"{base}/consent-documents/{draft.pk}/", ["title", "x"], format="json"
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.title == "Consent form"


def test_clauses_are_added_to_a_draft_in_order(api_as, study, consent_admin, base):
    draft = services.document_draft(actor=consent_admin, study=study, kind="consent_form")
    client = api_as(consent_admin)
    url = f"{base}/consent-documents/{draft.pk}/clauses/"
    first = client.post(
        url, {"text": "I agree to take part.", "governs": "participation"}, format="json"
    )
    second = client.post(
        url,
        {"text": "I agree to be recorded.", "governs": "recording", "required": False},
        format="json",
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == {
        "id": first.json()["id"],
        "position": 0,
        "text": "I agree to take part.",
        "required": True,
        "governs": "participation",
    }
    assert (second.json()["position"], second.json()["required"]) == (1, False)
    assert list(
        ConsentClause.objects.filter(document=draft).values_list("governs", "required", "position")
    ) == [("participation", True, 0), ("recording", False, 1)]
    listed = client.get(f"{base}/consent-documents/{draft.pk}/").json()["clauses"]
    assert [clause["governs"] for clause in listed] == ["participation", "recording"]


@pytest.mark.parametrize(
    "data,field",
    [
        ({"text": "I agree.", "governs": "everything"}, "governs"),
        ({"text": "I agree."}, "governs"),
        ({"text": "   ", "governs": "recording"}, "text"),
    ],
    ids=["bad-governs", "no-governs", "blank-text"],
)
def test_a_bad_clause_is_a_400(api_as, study, lead, base, data, field):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    response = api_as(lead).post(
        f"{base}/consent-documents/{draft.pk}/clauses/", data, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not ConsentClause.objects.filter(document=draft).exists()


def test_a_clause_cannot_be_added_to_a_published_form(api_as, lead, form, base):
    response = api_as(lead).post(
        f"{base}/consent-documents/{form.pk}/clauses/",
        {"text": "I agree to archiving.", "governs": "archiving"},
        format="json",
    )
    assert response.status_code == 400
    assert "cannot change" in response.json()["non_field_errors"][0]
    assert ConsentClause.objects.filter(document=form).count() == 3


def test_an_information_sheet_has_no_clauses(api_as, study, lead, base):
    sheet = services.document_draft(actor=lead, study=study, kind="information_sheet")
    response = api_as(lead).post(
        f"{base}/consent-documents/{sheet.pk}/clauses/",
        {"text": "I agree.", "governs": "participation"},
        format="json",
    )
    assert response.status_code == 400
    assert not ConsentClause.objects.filter(document=sheet).exists()


def test_a_consent_admin_publishes_a_form(api_as, study, consent_admin, base):
    draft = services.document_draft(actor=consent_admin, study=study, kind="consent_form")
    services.clause_add(
        actor=consent_admin, document=draft, text="I agree to take part.", governs="participation"
    )
    response = api_as(consent_admin).post(
        f"{base}/consent-documents/{draft.pk}/publish/",
        {"requires_reconsent": False},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["version"], body["requires_reconsent"]) == (
        "published",
        1,
        False,
    )
    assert body["published_at"]
    draft.refresh_from_db()
    assert (draft.status, draft.published_by) == ("published", consent_admin)
    event = AuditEvent.objects.get(action="document.published")
    assert (event.actor, event.detail) == (
        consent_admin,
        {"document": "Consent form", "version": 1},
    )


@pytest.mark.parametrize(
    "clauses",
    [
        [],
        [("recording", True)],
        [("participation", False), ("recording", True)],
    ],
    ids=["no-clauses", "no-participation", "optional-participation"],
)
def test_a_form_without_a_required_participation_clause_is_not_published(
    api_as, study, lead, base, clauses
):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    for governs, required in clauses:
        services.clause_add(
            actor=lead, document=draft, text=f"About {governs}.", governs=governs,
            required=required,
        )  # fmt: skip
    response = api_as(lead).post(
        f"{base}/consent-documents/{draft.pk}/publish/", {"requires_reconsent": False},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "taking part" in response.json()["non_field_errors"][0]
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("draft", None)
    assert not AuditEvent.objects.filter(action="document.published").exists()


def test_an_empty_information_sheet_is_not_published(api_as, study, lead, base):
    sheet = services.document_draft(actor=lead, study=study, kind="information_sheet")
    response = api_as(lead).post(f"{base}/consent-documents/{sheet.pk}/publish/", {}, format="json")
    assert response.status_code == 400
    assert "body" in response.json()
    sheet.refresh_from_db()
    assert sheet.status == "draft"


def test_a_published_form_cannot_be_published_again(api_as, lead, form, base):
    response = api_as(lead).post(f"{base}/consent-documents/{form.pk}/publish/", {}, format="json")
    assert response.status_code == 400
    assert AuditEvent.objects.filter(action="document.published").count() == 1


def test_a_first_version_never_requires_reconsent(api_as, study, lead, base):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.clause_add(actor=lead, document=draft, text="I agree.", governs="participation")
    response = api_as(lead).post(
        f"{base}/consent-documents/{draft.pk}/publish/", {"requires_reconsent": True},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["requires_reconsent"] is False
    assert not AuditEvent.objects.filter(action="consent.reconsent_required").exists()


def test_a_new_draft_after_publishing_is_version_2_with_the_clauses_copied(
    api_as, study, lead, form, base
):
    client = api_as(lead)
    response = client.post(f"{base}/consent-documents/", {"kind": "consent_form"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["version"], body["status"], body["title"]) == (2, "draft", "Consent form")
    old = [(c.text, c.governs, c.required, c.position) for c in form.clauses.all()]
    assert [(c["text"], c["governs"], c["required"], c["position"]) for c in body["clauses"]] == old
    assert not {c["id"] for c in body["clauses"]} & {c.pk for c in form.clauses.all()}
    form.refresh_from_db()
    assert form.status == "published"

    published = client.post(
        f"{base}/consent-documents/{body['id']}/publish/", {"requires_reconsent": False},
        format="json",
    )  # fmt: skip
    assert published.status_code == 200
    form.refresh_from_db()
    assert form.status == "superseded"
    assert services.published_document(study, "consent_form").pk == body["id"]
    listing = client.get(f"{base}/consent-documents/")
    assert listing.status_code == 200
    assert sorted((row["version"], row["status"]) for row in listing.json()["results"]) == [
        (1, "superseded"),
        (2, "published"),
    ]


def test_a_document_of_another_study_is_not_found(api_as, study, lead, outsider, other_study, base):
    foreign = services.document_draft(actor=outsider, study=other_study, kind="consent_form")
    services.clause_add(actor=outsider, document=foreign, text="I agree.", governs="participation")
    client = api_as(lead)
    url = f"{base}/consent-documents/{foreign.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"title": "Mine now"}, format="json").status_code == 404
    assert (
        client.post(
            url + "clauses/", {"text": "Extra", "governs": "recording"}, format="json"
        ).status_code
        == 404
    )
    assert client.post(url + "publish/", {}, format="json").status_code == 404
    foreign.refresh_from_db()
    assert (foreign.title, foreign.status) == ("Consent form", "draft")
    assert foreign.clauses.count() == 1
    listing = client.get(f"{base}/consent-documents/")
    assert listing.json()["results"] == []


# --- Consent records -----------------------------------------------------------------


def test_a_lead_records_paper_consent_and_the_participant_is_consented(
    api_as, study, lead, worker, form, base
):
    response = api_as(lead).post(
        f"{base}/consent-records/",
        _payload(worker, form, answers=_answers(form, refuse={"quotation"}), witness="A. Nurse"),
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["pseudonym"], body["version"], body["method"], body["witness"]) == (
        "MHW1",
        1,
        "paper",
        "A. Nurse",
    )
    assert body["answers"] == _answers(form, refuse={"quotation"})
    record = ConsentRecord.objects.get(participant=worker)
    assert (record.pk, record.consent_form, record.recorded_by, record.signed_name) == (
        body["id"],
        form,
        lead,
        "Jo Participant",
    )
    assert {a.clause.governs: a.agreed for a in record.answers.select_related("clause")} == {
        "participation": True,
        "recording": True,
        "quotation": False,
    }
    worker.refresh_from_db()
    assert worker.status == "consented"
    assert list(
        RecruitmentEvent.objects.filter(participant=worker).values_list("status", flat=True)
    ) == ["identified", "consented"]
    event = AuditEvent.objects.get(action="consent.given")
    assert (event.actor, event.participant, event.detail) == (
        lead,
        worker,
        {"version": 1, "method": "paper", "refused": ["quotation"]},
    )


def test_a_researcher_records_verbal_consent_but_cannot_read_records(
    api_as, study, researcher, worker, form, base
):
    client = api_as(researcher)
    given_at = timezone.now() - timedelta(days=2)
    response = client.post(
        f"{base}/consent-records/",
        _payload(worker, form, method="verbal", given_at=given_at.isoformat()),
        format="json",
    )
    assert response.status_code == 201
    record = ConsentRecord.objects.get(participant=worker)
    assert (record.method, record.recorded_by, record.given_at) == ("verbal", researcher, given_at)
    worker.refresh_from_db()
    assert worker.status == "consented"
    assert client.get(f"{base}/consent-records/").status_code == 403
    assert client.get(f"{base}/consent-records/{record.pk}/").status_code == 403


@pytest.mark.parametrize("who", ["lead", "consent_admin"])
def test_leads_and_consent_admins_read_consent_records(
    api_as, personas, study, researcher, worker, form, base, who
):
    record = _consent(researcher, worker, form, refuse={"recording"})
    client = api_as(personas[who])
    listing = client.get(f"{base}/consent-records/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [record.pk]
    one = client.get(f"{base}/consent-records/{record.pk}/")
    assert one.status_code == 200
    assert one.json()["answers"] == _answers(form, refuse={"recording"})
    assert one.json()["snapshot_sha256"] == record.snapshot_sha256


@pytest.mark.parametrize("who", ["coder", "viewer"])
def test_coders_and_viewers_cannot_record_or_read_consent(
    api_as, personas, study, worker, form, base, who
):
    client = api_as(personas[who])
    response = client.post(f"{base}/consent-records/", _payload(worker, form), format="json")
    assert response.status_code == 403
    assert client.get(f"{base}/consent-records/").status_code == 403
    assert not ConsentRecord.objects.exists()
    worker.refresh_from_db()
    assert worker.status == "identified"


def _refused(response, worker, field=None):
    assert response.status_code == 400, response.content
    if field is not None:
        assert field in response.json()
    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="consent.given").exists()
    worker.refresh_from_db()
    assert worker.status == "identified"


def test_an_unanswered_clause_is_a_400_and_records_nothing(api_as, lead, worker, form, base):
    answers = _answers(form)
    answers.pop(str(form.clauses.get(governs="quotation").pk))
    response = api_as(lead).post(
        f"{base}/consent-records/", _payload(worker, form, answers=answers), format="json"
    )
    _refused(response, worker, "answers")


def test_a_refused_required_clause_is_a_400(api_as, lead, worker, form, base):
    response = api_as(lead).post(
        f"{base}/consent-records/",
        _payload(worker, form, answers=_answers(form, refuse={"participation"})),
        format="json",
    )
    _refused(response, worker, "answers")


def test_online_consent_cannot_be_recorded_by_a_member(api_as, lead, worker, form, base):
    response = api_as(lead).post(
        f"{base}/consent-records/", _payload(worker, form, method="online"), format="json"
    )
    _refused(response, worker, "method")


def test_a_participant_of_another_study_is_a_400(
    api_as, lead, outsider, other_study, worker, form, base
):
    foreign = _worker(other_study, outsider)
    response = api_as(lead).post(f"{base}/consent-records/", _payload(foreign, form), format="json")
    _refused(response, worker, "participant")
    foreign.refresh_from_db()
    assert foreign.status == "identified"


@pytest.mark.parametrize(
    "answers",
    [{"participation": True}, {"1.5": True}, {"": True}],
    ids=["word", "decimal", "empty"],
)
def test_answer_keys_that_are_not_clause_ids_are_a_400(api_as, lead, worker, form, base, answers):
    response = api_as(lead).post(
        f"{base}/consent-records/", _payload(worker, form, answers=answers), format="json"
    )
    _refused(response, worker, "answers")


@pytest.mark.parametrize("answers", [["yes"], "yes", None], ids=["list", "string", "null"])
def test_answers_that_are_not_an_object_are_a_400(api_as, lead, worker, form, base, answers):
    response = api_as(lead).post(
        f"{base}/consent-records/", _payload(worker, form, answers=answers), format="json"
    )
    _refused(response, worker, "answers")


def test_consent_dated_in_the_future_is_a_400(api_as, lead, worker, form, base):
    given_at = (timezone.now() + timedelta(days=1)).isoformat()
    response = api_as(lead).post(
        f"{base}/consent-records/", _payload(worker, form, given_at=given_at), format="json"
    )
    _refused(response, worker, "given_at")


def test_consent_dated_in_the_past_is_kept_with_its_date(api_as, lead, worker, form, base):
    given_at = timezone.now() - timedelta(minutes=5)
    response = api_as(lead).post(
        f"{base}/consent-records/",
        _payload(worker, form, given_at=given_at.isoformat()),
        format="json",
    )
    assert response.status_code == 201
    assert ConsentRecord.objects.get(participant=worker).given_at == given_at
    assert RecruitmentEvent.objects.get(participant=worker, status="consented").at == given_at


def test_a_back_dated_re_consent_to_a_new_version_counts_as_current(
    api_as, study, lead, researcher, worker, form, base
):
    """Paper forms may be signed before the version is published on the platform; the
    consent to the newest version is the current one, whatever its date."""
    _consent(researcher, worker, form)
    new = publish_consent_form(study, lead, reconsent=True)
    client = api_as(lead)
    before_publication = (new.published_at - timedelta(days=30)).isoformat()
    response = client.post(
        f"{base}/consent-records/",
        _payload(worker, new, given_at=before_publication),
        format="json",
    )
    assert response.status_code == 201
    rows = client.get(f"{base}/consent-status/").json()
    assert [(row["version"], row["needs_reconsent"]) for row in rows] == [(2, False)]


def test_a_blank_signed_name_is_a_400(api_as, lead, worker, form, base):
    response = api_as(lead).post(
        f"{base}/consent-records/", _payload(worker, form, signed_name="   "), format="json"
    )
    _refused(response, worker, "signed_name")


def test_consent_before_any_form_is_published_is_a_400(api_as, study, lead, worker, base):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    clause = services.clause_add(
        actor=lead, document=draft, text="I agree.", governs="participation"
    )
    response = api_as(lead).post(
        f"{base}/consent-records/",
        {
            "participant": worker.pk,
            "answers": {str(clause.pk): True},
            "signed_name": "Jo",
            "method": "paper",
        },
        format="json",
    )
    _refused(response, worker)
    assert "Publish a consent form" in response.json()["non_field_errors"][0]


def test_a_participant_who_declined_cannot_consent(api_as, lead, worker, form, base):
    services.participant_set_status(actor=lead, participant=worker, status="declined")
    response = api_as(lead).post(f"{base}/consent-records/", _payload(worker, form), format="json")
    assert response.status_code == 400
    assert not ConsentRecord.objects.exists()
    worker.refresh_from_db()
    assert worker.status == "declined"


def test_answers_to_an_old_version_do_not_count_for_the_new_one(
    api_as, study, lead, worker, form, base
):
    publish_consent_form(study, lead)
    response = api_as(lead).post(f"{base}/consent-records/", _payload(worker, form), format="json")
    _refused(response, worker, "answers")


# --- Consent status ------------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_other_roles_cannot_see_consent_status(api_as, personas, worker, base, who):
    response = api_as(personas[who]).get(f"{base}/consent-status/")
    assert response.status_code == 403
    assert "MHW1" not in response.content.decode()


def test_consent_status_has_a_row_per_participant(
    api_as, study, lead, consent_admin, researcher, form, base
):
    first, _second = _worker(study, lead), _worker(study, lead)
    _consent(researcher, first, form, refuse={"recording", "quotation"})
    response = api_as(consent_admin).get(f"{base}/consent-status/")
    assert response.status_code == 200
    rows = {row["participant"]: row for row in response.json()}
    assert set(rows) == {"MHW1", "MHW2"}
    consented = rows["MHW1"]
    assert (consented["version"], consented["method"], consented["recruitment_status"]) == (
        1,
        "paper",
        "consented",
    )
    assert consented["refused"] == ["quotation", "recording"]
    assert consented["needs_reconsent"] is False
    assert consented["given_at"]
    assert rows["MHW2"] == {
        "participant": "MHW2",
        "recruitment_status": "identified",
        "version": None,
        "method": None,
        "given_at": None,
        "refused": [],
        "needs_reconsent": False,
    }


def test_a_new_version_requiring_reconsent_flags_earlier_consenters(
    api_as, study, lead, researcher, form, base
):
    consenter, _never = _worker(study, lead), _worker(study, lead)
    _consent(researcher, consenter, form)
    client = api_as(lead)
    draft = client.post(f"{base}/consent-documents/", {"kind": "consent_form"}, format="json")
    published = client.post(
        f"{base}/consent-documents/{draft.json()['id']}/publish/",
        {"requires_reconsent": True},
        format="json",
    )
    assert published.status_code == 200
    assert published.json()["requires_reconsent"] is True
    rows = {row["participant"]: row for row in client.get(f"{base}/consent-status/").json()}
    assert (rows["MHW1"]["needs_reconsent"], rows["MHW1"]["version"]) == (True, 1)
    assert rows["MHW2"]["needs_reconsent"] is False
    flagged = AuditEvent.objects.get(action="consent.reconsent_required")
    assert flagged.detail == {"version": 2, "participants": 1}

    new = services.published_document(study, "consent_form")
    again = client.post(f"{base}/consent-records/", _payload(consenter, new), format="json")
    assert again.status_code == 201
    rows = {row["participant"]: row for row in client.get(f"{base}/consent-status/").json()}
    assert (rows["MHW1"]["needs_reconsent"], rows["MHW1"]["version"]) == (False, 2)


def test_a_new_version_without_reconsent_flags_nobody(api_as, study, lead, researcher, form, base):
    consenter = _worker(study, lead)
    _consent(researcher, consenter, form)
    publish_consent_form(study, lead, reconsent=False)
    rows = api_as(lead).get(f"{base}/consent-status/").json()
    assert [(row["participant"], row["needs_reconsent"]) for row in rows] == [("MHW1", False)]


def test_consent_status_shows_only_this_study(
    api_as, lead, outsider, other_study, worker, form, base
):
    _worker(other_study, outsider)
    rows = api_as(lead).get(f"{base}/consent-status/").json()
    assert [row["participant"] for row in rows] == ["MHW1"]


# --- Audit trail ---------------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_other_roles_cannot_read_the_audit_trail(api_as, personas, study, lead, base, who):
    services.data_protection_update(actor=lead, study=study, **COMPLETE)
    response = api_as(personas[who]).get(f"{base}/audit-events/")
    assert response.status_code == 403
    assert "data_protection" not in response.content.decode()


def test_the_audit_trail_is_newest_first_and_filters_by_action(
    api_as, study, lead, consent_admin, researcher, worker, base
):
    services.data_protection_update(actor=lead, study=study, **COMPLETE)
    form = publish_consent_form(study, consent_admin)
    _consent(researcher, worker, form)
    client = api_as(consent_admin)
    response = client.get(f"{base}/audit-events/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["action"] for row in rows] == [
        "consent.given",
        "document.published",
        "data_protection.changed",
    ]
    assert [(row["actor"], row["participant"]) for row in rows] == [
        ("researcher", "MHW1"),
        ("consent_admin", None),
        ("lead", None),
    ]
    filtered = client.get(f"{base}/audit-events/?action=document.published")
    assert filtered.status_code == 200
    assert [(row["action"], row["detail"]) for row in filtered.json()["results"]] == [
        ("document.published", {"document": "Consent form", "version": 1})
    ]


def test_the_audit_trail_shows_only_this_study(api_as, study, lead, outsider, other_study, base):
    services.data_protection_update(actor=outsider, study=other_study, **COMPLETE)
    response = api_as(lead).get(f"{base}/audit-events/")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_looking_at_contact_details_is_audited_without_the_details(
    api_as, study, lead, consent_admin, base
):
    person = _worker(study, lead, name="Jo Private", email="jo@example.org", phone="07700 900123")
    client = api_as(lead)
    contact = client.get(f"{base}/participants/{person.pk}/contact/")
    assert contact.status_code == 200
    assert contact.json()["name"] == "Jo Private"
    for who in (lead, consent_admin):
        response = api_as(who).get(f"{base}/audit-events/")
        assert response.status_code == 200
        rows = response.json()["results"]
        assert [(row["action"], row["actor"], row["participant"]) for row in rows] == [
            ("contact.viewed", "lead", person.pseudonym)
        ]
        text = response.content.decode()
        assert "Jo Private" not in text
        assert "jo@example.org" not in text
        assert "07700" not in text
    filtered = client.get(f"{base}/audit-events/?action=contact.viewed").content.decode()
    assert "Jo Private" not in filtered


# --- Query counts --------------------------------------------------------------------


def _consented_workers(study, lead, researcher, form, count):
    for index in range(count):
        person = _worker(study, lead)
        _consent(researcher, person, form, refuse={"quotation"} if index % 2 else ())


@pytest.mark.parametrize("count", [2, 12])
def test_consent_status_query_count_is_fixed(
    api_as, study, lead, researcher, form, base, django_assert_max_num_queries, count
):
    _consented_workers(study, lead, researcher, form, count)
    publish_consent_form(study, lead, reconsent=True)
    _worker(study, lead)  # one who never consented
    client = api_as(lead)
    with django_assert_max_num_queries(6):
        response = client.get(f"{base}/consent-status/")
    rows = response.json()
    assert len(rows) == count + 1
    assert sum(row["needs_reconsent"] for row in rows) == count


@pytest.mark.parametrize("count", [2, 12])
def test_audit_trail_query_count_is_fixed(
    api_as, study, lead, researcher, form, base, django_assert_max_num_queries, count
):
    _consented_workers(study, lead, researcher, form, count)
    for person in Participant.objects.filter(study=study):
        services.contact_read(actor=lead, participant=person)
    client = api_as(lead)
    with django_assert_max_num_queries(3):
        response = client.get(f"{base}/audit-events/")
    assert response.json()["count"] == 1 + 2 * count
    assert all(row["actor"] for row in response.json()["results"])


def test_consent_record_list_query_count_is_fixed(
    api_as, study, lead, researcher, form, base, django_assert_max_num_queries
):
    _consented_workers(study, lead, researcher, form, 8)
    client = api_as(lead)
    with django_assert_max_num_queries(4):
        response = client.get(f"{base}/consent-records/")
    assert response.json()["count"] == 8
    assert ConsentAnswer.objects.count() == 24
