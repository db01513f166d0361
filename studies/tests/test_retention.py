from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from config.celery import app as celery_app
from studies import services
from studies.models import AuditEvent, ConsentRecord, Study
from studies.services.retention import add_months, retention_apply
from studies.tasks import apply_retention
from tests.factories import DATA_PROTECTION

POLICY = DATA_PROTECTION


@pytest.fixture
def record(study, lead, worker):
    services.data_protection_update(actor=lead, study=study, **POLICY)
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.clause_add(actor=lead, document=draft, text="I take part.", governs="participation")
    form = services.document_publish(actor=lead, document=draft)
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.7 test")
    return services.consent_record(
        actor=lead, participant=worker, answers={c.pk: True for c in form.clauses.all()},
        signed_name="Jo", method="paper", scan=scan,
    )  # fmt: skip


def _close(study, lead):
    services.study_update(actor=lead, study=study, status="closed")
    study.refresh_from_db()
    return study.closed_at


def test_months_are_added_on_the_calendar():
    start = timezone.now().replace(year=2026, month=1, day=31)
    assert add_months(start, 1).date().isoformat() == "2026-02-28"
    assert add_months(start, 240).date().isoformat() == "2046-01-31"


def test_nothing_is_deleted_while_the_study_is_open(study, record):
    assert retention_apply(now=timezone.now() + timedelta(days=365 * 30)) == {}
    assert ConsentRecord.objects.exists()


def test_consent_records_go_when_their_period_ends_after_closing(
    study, lead, record, django_capture_on_commit_callbacks
):
    closed_at = _close(study, lead)
    storage, name = record.scan.storage, record.scan.name
    assert retention_apply(now=add_months(closed_at, 239)) == {}
    assert ConsentRecord.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_apply(now=add_months(closed_at, 240) + timedelta(seconds=1))
    assert report == {study.slug: {"consent": 1}}
    assert not ConsentRecord.objects.exists()
    assert not storage.exists(name)
    event = AuditEvent.objects.get(action="data.retention")
    assert event.detail == {"kind": "consent", "rows": 1, "months": 240}
    assert event.actor is None


def test_running_retention_again_changes_nothing(study, lead, record):
    closed_at = _close(study, lead)
    later = add_months(closed_at, 241)
    retention_apply(now=later)
    assert retention_apply(now=later) == {}
    assert AuditEvent.objects.filter(action="data.retention").count() == 1


def test_reopening_a_study_stops_the_retention_clock(study, lead, record):
    _close(study, lead)
    services.study_update(actor=lead, study=study, status="analysing")
    study.refresh_from_db()
    assert study.closed_at is None
    assert retention_apply(now=timezone.now() + timedelta(days=365 * 30)) == {}


def test_retention_is_scheduled_daily_on_celery_beat():
    schedule = celery_app.conf.beat_schedule
    daily = [
        entry["schedule"] for entry in schedule.values() if entry["task"] == apply_retention.name
    ]
    assert daily == [24 * 60 * 60]
    assert apply_retention.name in celery_app.tasks


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_retention_job_runs_in_a_real_worker(postgres, celery_worker, lead):
    study = services.study_create(creator=lead, title="Old study")
    services.data_protection_update(actor=lead, study=study, **POLICY)
    mhw = study.roles.get(code="MHW")
    person = services.participant_add(actor=lead, study=study, role=mhw, site=None)
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.clause_add(actor=lead, document=draft, text="I take part.", governs="participation")
    form = services.document_publish(actor=lead, document=draft)
    services.consent_record(
        actor=lead, participant=person, answers={c.pk: True for c in form.clauses.all()},
        signed_name="Jo", method="paper",
    )  # fmt: skip
    # Closed long ago, as if the clock had moved on 21 years.
    Study.objects.filter(pk=study.pk).update(
        status="closed", closed_at=timezone.now() - timedelta(days=365 * 21)
    )
    result = apply_retention.delay().get(timeout=60)
    assert result == {study.slug: {"consent": 1}}
    assert not ConsentRecord.objects.filter(participant=person).exists()
