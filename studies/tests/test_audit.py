import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from studies import services
from studies.models import AuditEvent
from tests.factories import DATA_PROTECTION
from tests.fixtures import need_service


@pytest.fixture
def worker(study, lead):
    mhw = study.roles.get(code="MHW")
    return services.participant_add(
        actor=lead, study=study, role=mhw, site=None, name="Jo Private", phone="0700 900123"
    )


COMPLETE = DATA_PROTECTION


def test_looking_at_contact_details_is_audited_without_the_details(
    client, study, consent_admin, worker
):
    client.force_login(consent_admin)
    page = client.get(reverse("participant-contact", args=[study.slug, worker.pk]))
    assert "Jo Private" in page.content.decode()
    event = AuditEvent.objects.get(action="contact.viewed")
    assert (event.actor, event.participant, event.study) == (consent_admin, worker, study)
    assert "Jo Private" not in str(event.detail) and "0700" not in str(event.detail)


def test_contact_details_read_by_api_are_audited_too(api_as, study, lead, worker):
    api_as(lead).get(f"/api/v1/studies/{study.slug}/participants/{worker.pk}/contact/")
    assert AuditEvent.objects.filter(action="contact.viewed", actor=lead).count() == 1


def test_a_refused_look_at_contact_details_leaves_no_entry(client, study, coder, worker):
    client.force_login(coder)
    assert (
        client.get(reverse("participant-contact", args=[study.slug, worker.pk])).status_code == 403
    )
    assert not AuditEvent.objects.filter(action="contact.viewed").exists()


def test_downloads_of_research_data_are_audited(client, study, lead):
    client.force_login(lead)
    client.get(reverse("recruitment-log", args=[study.slug]))
    client.get(reverse("study-sample-download", args=[study.slug, "xlsx"]))
    exports = list(
        AuditEvent.objects.filter(action="data.exported").values_list("detail", flat=True)
    )
    assert sorted(detail["export"] for detail in exports) == [
        "recruitment log", "sample characteristics (xlsx)",
    ]  # fmt: skip


def test_collecting_cannot_start_until_the_data_protection_basis_is_complete(study, lead):
    with pytest.raises(ValidationError) as error:
        services.study_update(actor=lead, study=study, status="collecting")
    assert "data controller" in error.value.message_dict["status"][0]
    services.data_protection_update(actor=lead, study=study, **COMPLETE)
    services.study_update(actor=lead, study=study, status="collecting")
    study.refresh_from_db()
    assert study.status == "collecting"


def test_removing_unanalysed_data_needs_a_stated_cutoff(study, lead):
    with pytest.raises(ValidationError) as error:
        services.data_protection_update(
            actor=lead, study=study, withdrawal_choices=["remove_unanalysed"]
        )
    assert "withdrawal_cutoff" in error.value.message_dict
    services.data_protection_update(
        actor=lead, study=study, withdrawal_choices=["remove_unanalysed"],
        withdrawal_cutoff="until coding of your interview begins",
    )  # fmt: skip


def test_changes_to_the_data_protection_basis_are_audited_by_field(study, consent_admin):
    services.data_protection_update(actor=consent_admin, study=study, **COMPLETE)
    event = AuditEvent.objects.get(action="data_protection.changed")
    assert event.detail["fields"] == sorted(COMPLETE)


def test_a_researcher_cannot_change_the_data_protection_basis(client, study, researcher):
    client.force_login(researcher)
    response = client.post(
        reverse("data-protection", args=[study.slug]), {"data_controller": "Someone"}
    )
    assert response.status_code == 403


def test_the_data_protection_page_saves_the_form(client, study, lead):
    client.force_login(lead)
    data = {**COMPLETE, "withdrawal_cutoff": ""}
    response = client.post(reverse("data-protection", args=[study.slug]), data)
    assert response.status_code == 302
    assert services.data_protection_for(study).missing() == []


def test_the_audit_trail_page_lists_entries_newest_first_and_filters(client, study, lead, worker):
    services.contact_read(actor=lead, participant=worker)
    services.export_record(actor=lead, study=study, export="recruitment log")
    client.force_login(lead)
    page = client.get(reverse("audit-trail", args=[study.slug]))
    actions = [event.action for event in page.context["page"]]
    assert actions == ["data.exported", "contact.viewed"]
    filtered = client.get(reverse("audit-trail", args=[study.slug]), {"action": "contact.viewed"})
    assert [event.action for event in filtered.context["page"]] == ["contact.viewed"]


@pytest.mark.services
def test_postgresql_refuses_to_change_or_delete_audit_entries(postgres, study, lead, worker):
    services.contact_read(actor=lead, participant=worker)
    event = AuditEvent.objects.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="data.exported")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "contact.viewed"


@pytest.mark.services
def test_postgresql_refuses_to_truncate_the_audit_trail(postgres, study, lead, worker):
    services.contact_read(actor=lead, participant=worker)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            # The test's open transaction holds deferred foreign-key checks of the rows
            # just written, which PostgreSQL would name instead of reaching the trigger.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE studies_auditevent")
    assert AuditEvent.objects.filter(action="contact.viewed").count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_test_harness_alone_can_still_flush_the_audit_trail(study, lead, worker):
    """Transactional and live-server tests are flushed with TRUNCATE between tests; the
    harness switches the trigger off for that flush only, and it refuses again after."""
    need_service(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")
    services.contact_read(actor=lead, participant=worker)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE studies_auditevent")
