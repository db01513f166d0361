import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from studies import services
from studies.erasure import ERASED, KEPT, delete_with_files, participant_data_models
from studies.models import (
    AttributeValue,
    AuditEvent,
    ConsentRecord,
    Dyad,
    ParticipantContact,
    RecruitmentEvent,
    Withdrawal,
)
from tests.factories import enter_link


def test_every_model_that_refers_to_a_participant_is_erased_or_kept_on_purpose():
    """Fails when a new model holding participant data is added without deciding what a
    withdrawal with removal does to it: put it in studies.erasure.ERASED or KEPT."""
    found = set(participant_data_models())
    unclassified = found - set(ERASED) - set(KEPT)
    assert unclassified == set()
    assert set(ERASED) <= found  # no stale names


def test_the_graph_walk_finds_models_that_refer_through_another_model():
    labels = participant_data_models()
    paths = {path for entries in labels.values() for _, path in entries}
    assert "participant" in paths and "worker" in paths and "service_user" in paths


@pytest.fixture
def consented(study, lead, worker):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.clause_add(actor=lead, document=draft, text="I take part.", governs="participation")
    form = services.document_publish(actor=lead, document=draft)
    services.contact_update(actor=lead, participant=worker, name="Jo Private")
    answers = {clause.pk: True for clause in form.clauses.all()}
    services.consent_record(
        actor=lead, participant=worker, answers=answers, signed_name="Jo", method="paper"
    )
    age = services.attribute_create(actor=lead, study=study, label="Age", kind="number")
    services.attribute_values_save(actor=lead, participant=worker, answers={age.pk: 40})
    services.link_issue(actor=lead, participant=worker)
    return worker


def test_withdrawing_and_keeping_the_data_stops_the_link_and_the_gate(consent_admin, consented):
    withdrawal = services.withdrawal_record(
        actor=consent_admin, participant=consented, choice="keep"
    )
    consented.refresh_from_db()
    assert consented.status == "withdrawn"
    assert withdrawal.erased_at is None
    assert not consented.links.filter(revoked_at=None).exists()
    assert AttributeValue.objects.filter(participant=consented).exists()
    with pytest.raises(services.ConsentRequired):
        services.require_consent(consented)


def test_removing_everything_erases_the_data_and_keeps_the_records(
    study, lead, consent_admin, consented
):
    mhw_dyad = services.participant_nominate(actor=lead, worker=consented)
    partner = mhw_dyad.service_user
    services.contact_update(actor=lead, participant=partner, name="Sam Partner")
    withdrawal = services.withdrawal_record(
        actor=consent_admin, participant=consented, choice="remove_all",
        dyad_note="SU1 stays in the study on their own.",
    )  # fmt: skip
    assert not ParticipantContact.objects.filter(participant=consented).exists()
    assert not AttributeValue.objects.filter(participant=consented).exists()
    assert not consented.links.exists()
    assert ConsentRecord.objects.filter(participant=consented).exists()
    assert RecruitmentEvent.objects.filter(participant=consented).exists()
    assert Dyad.objects.filter(worker=consented).exists()
    assert ParticipantContact.objects.get(participant=partner).name == "Sam Partner"
    assert withdrawal.erased == {
        "studies.AttributeValue": 1, "studies.ParticipantContact": 1,
        "studies.ParticipantLink": 1,
    }  # fmt: skip
    actions = list(AuditEvent.objects.values_list("action", flat=True)[:2])
    assert actions == ["data.erased", "withdrawal.recorded"]
    mhw = study.roles.get(code="MHW")
    assert (
        services.participant_add(actor=lead, study=study, role=mhw, site=None).pseudonym == "MHW2"
    )


def test_a_choice_outside_the_studys_policy_is_refused(study, consent_admin, consented):
    services.data_protection_update(actor=consent_admin, study=study, withdrawal_choices=["keep"])
    with pytest.raises(ValidationError) as error:
        services.withdrawal_record(actor=consent_admin, participant=consented, choice="remove_all")
    assert "choice" in error.value.message_dict
    consented.refresh_from_db()
    assert consented.status == "consented"


def test_a_participant_withdraws_only_once(consent_admin, consented):
    services.withdrawal_record(actor=consent_admin, participant=consented, choice="keep")
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.withdrawal_record(actor=consent_admin, participant=consented, choice="remove_all")
    assert Withdrawal.objects.count() == 1


def test_a_researcher_cannot_record_a_withdrawal(researcher, consented):
    with pytest.raises(PermissionDenied):
        services.withdrawal_record(actor=researcher, participant=consented, choice="keep")


def test_a_participant_withdraws_through_their_link_after_confirming(client, lead, consented):
    _, token = services.link_issue(actor=lead, participant=consented, replace=True)
    link_id = enter_link(client, token)
    url = reverse("participant-withdraw-self", args=[link_id])
    unconfirmed = client.post(url, {"choice": "remove_all"})
    assert "Tick the box to confirm." in unconfirmed.content.decode()
    consented.refresh_from_db()
    assert consented.status == "consented"
    done = client.post(url, {"choice": "remove_all", "confirm": "on"})
    assert "You have withdrawn" in done.content.decode()
    assert Withdrawal.objects.get().via == "link"
    assert not ParticipantContact.objects.filter(participant=consented).exists()
    assert client.get(reverse("participant-welcome", args=[link_id])).status_code == 404
    assert client.get(reverse("participant-enter", args=[token])).status_code == 404


def test_a_consent_admin_records_a_withdrawal_by_page(client, study, consent_admin, consented):
    client.force_login(consent_admin)
    url = reverse("participant-withdraw", args=[study.slug, consented.pk])
    response = client.post(url, {"choice": "keep", "confirm": "on", "dyad_note": ""})
    assert response.status_code == 302
    assert Withdrawal.objects.get().recorded_by == consent_admin


def test_a_withdrawal_by_api_erases_and_reports_what_went(api_as, study, consent_admin, consented):
    response = api_as(consent_admin).post(
        f"/api/v1/studies/{study.slug}/withdrawals/",
        {"participant": consented.pk, "choice": "remove_all", "dyad_note": ""},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["erased"]["studies.ParticipantContact"] == 1
    assert not ParticipantContact.objects.filter(participant=consented).exists()


@pytest.mark.parametrize("person", ["researcher", "coder", "viewer"])
def test_only_leads_and_consent_admins_withdraw_by_api(api_as, personas, study, consented, person):
    response = api_as(personas[person]).post(
        f"/api/v1/studies/{study.slug}/withdrawals/",
        {"participant": consented.pk, "choice": "keep"},
        format="json",
    )
    assert response.status_code == 403
    consented.refresh_from_db()
    assert consented.status == "consented"


def test_a_bad_withdrawal_choice_by_api_is_a_400(api_as, study, lead, consented):
    response = api_as(lead).post(
        f"/api/v1/studies/{study.slug}/withdrawals/",
        {"participant": consented.pk, "choice": "vanish"},
        format="json",
    )
    assert response.status_code == 400
    assert not Withdrawal.objects.exists()


def test_erasing_rows_removes_their_stored_files_after_commit(
    lead, consented, django_capture_on_commit_callbacks
):
    """The helper erasure and retention share; recordings will rely on it."""
    record = ConsentRecord.objects.get(participant=consented)
    record.scan.save("scan.pdf", SimpleUploadedFile("scan.pdf", b"%PDF-1.7"), save=True)
    storage, name = record.scan.storage, record.scan.name
    with django_capture_on_commit_callbacks(execute=True):
        removed = delete_with_files(ConsentRecord.objects.filter(pk=record.pk))
    assert removed == {"studies.ConsentRecord": 1, "studies.ConsentAnswer": 1}
    assert not storage.exists(name)


def test_contact_details_cannot_be_recreated_after_a_removal(client, study, lead, consented):
    services.withdrawal_record(actor=lead, participant=consented, choice="remove_all")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.contact_update(actor=lead, participant=consented, name="Back again")
    client.force_login(lead)
    url = reverse("participant-contact", args=[study.slug, consented.pk])
    page = client.get(url).content.decode()
    assert "removed at their request" in page and "<form" not in page.split("<main")[1]
    client.post(url, {"name": "Back again", "email": "", "phone": ""})
    assert not ParticipantContact.objects.filter(participant=consented).exists()
