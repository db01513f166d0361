"""Exports and imports as jobs: the machinery every kind shares (run once, progress,
refusal, audit, files kept for a day and deleted on withdrawal), the page, the API and
who may see what. The builders of each kind have tests of their own; here a stand-in
builder says exactly what a job should store."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from analysis import services_exchange as exchange
from analysis.models import ExchangeJob, JobKind, JobStatus
from studies import audit_text
from studies import services as study_services
from studies.models import AuditAction, AuditEvent, Study

BODY = b"a file made from the study\n"


def made_file(job, progress):
    progress(50, "Half way")
    return f"{job.study.slug}-table.xlsx", BODY


def refusing(job, progress):
    raise exchange.Refused("There is nothing to put in this file.")


def crashing(job, progress):
    raise RuntimeError("a bug")


@pytest.fixture
def builder(monkeypatch):
    """Sets the builder of THEMES_XLSX jobs to one of the stand-ins above, by name."""

    def use(name: str):
        path = f"{__name__}:{name}"
        monkeypatch.setitem(exchange.BUILDERS, JobKind.THEMES_XLSX, path)

    use("made_file")
    return use


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    def run(actor, study, kind=JobKind.THEMES_XLSX, options=None):
        with django_capture_on_commit_callbacks(execute=True):
            job = exchange.export_start(actor=actor, study=study, kind=kind, options=options)
        job.refresh_from_db()
        return job

    return run


def test_an_export_runs_once_stores_its_file_and_is_audited(builder, start, study, lead):
    job = start(lead, study)
    assert job.status == JobStatus.DONE
    assert job.filename == f"{study.slug}-table.xlsx"
    assert job.output.read() == BODY
    event = AuditEvent.objects.get(study=study, action=AuditAction.EXPORT)
    assert event.actor == lead and event.detail["job"] == job.pk
    assert exchange.job_run(job_id=job.pk) is None  # a second delivery finds nothing to do
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_a_refused_export_keeps_no_file_and_says_why(builder, start, study, lead):
    builder("refusing")
    job = start(lead, study)
    assert job.status == JobStatus.REFUSED
    assert job.error == "There is nothing to put in this file."
    assert not job.output
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_crashing_export_is_marked_failed_without_details(builder, study, lead):
    builder("crashing")
    job = ExchangeJob.objects.create(study=study, kind=JobKind.THEMES_XLSX, created_by=lead)
    with pytest.raises(RuntimeError):
        exchange.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Something went wrong (RuntimeError)."


def test_progress_is_read_from_the_cache_while_the_job_runs(study, lead):
    job = ExchangeJob.objects.create(
        study=study, kind=JobKind.THEMES_XLSX, created_by=lead, status=JobStatus.RUNNING
    )
    exchange._progress_writer(job)(140, "Writing the table")
    assert exchange.job_progress(job) == (100, "Writing the table")
    job.status = JobStatus.DONE
    assert exchange.job_progress(job) == (job.progress, job.step)


def test_an_unknown_kind_is_refused_and_nothing_is_queued(study, lead):
    with pytest.raises(ValidationError) as refused:
        exchange.export_start(actor=lead, study=study, kind=JobKind.IMPORT)
    assert "kind" in refused.value.message_dict
    assert not ExchangeJob.objects.exists()


@pytest.mark.parametrize("who", ["coder", "viewer", "consent_admin"])
def test_only_those_who_may_export_start_one(builder, personas, study, who):
    with pytest.raises(PermissionDenied):
        exchange.export_start(actor=personas[who], study=study, kind=JobKind.THEMES_XLSX)
    assert not ExchangeJob.objects.exists()


def test_a_withdrawal_with_removal_deletes_the_files_made(
    builder, start, study, lead, worker, django_capture_on_commit_callbacks
):
    job = start(lead, study)
    stored, storage = job.output.name, job.output.storage
    study_services.withdrawal_record(actor=lead, participant=worker, choice="keep")
    job.refresh_from_db()
    assert job.output.name == stored  # keeping the data keeps the exports of it
    other = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        study_services.withdrawal_record(actor=lead, participant=other, choice="remove_all")
    job.refresh_from_db()
    assert not job.output
    assert "withdrew" in job.report["erased"]
    assert not storage.exists(stored)
    erasure = AuditEvent.objects.get(study=study, action=AuditAction.ERASURE, participant=other)
    assert erasure.detail["rows"]["export file"] == 1
    assert "1 export file" in audit_text.audit_lines([erasure])[0].details


def test_files_older_than_a_day_are_deleted_when_the_next_job_starts(builder, start, study, lead):
    old = start(lead, study)
    ExchangeJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    start(lead, study)
    old.refresh_from_db()
    assert not old.output and old.status == JobStatus.DONE


# --- Who sees a job ---------------------------------------------------------------------


def test_a_job_of_another_study_is_not_found(builder, start, study, lead, outsider):
    job = start(lead, study)
    with pytest.raises(Exception) as missing:
        exchange.job_for(user=outsider, pk=job.pk)
    assert missing.type.__name__ == "Http404"


def test_an_import_into_a_new_study_is_seen_only_by_its_uploader(study, lead, researcher):
    job = ExchangeJob.objects.create(kind=JobKind.IMPORT, created_by=researcher)
    assert exchange.job_for(user=researcher, pk=job.pk) == job
    with pytest.raises(Exception) as missing:
        exchange.job_for(user=lead, pk=job.pk)
    assert missing.type.__name__ == "Http404"


def test_only_the_uploader_confirms_an_import(study, lead, researcher):
    job = ExchangeJob.objects.create(
        study=study, kind=JobKind.IMPORT, created_by=researcher, status=JobStatus.PREVIEW
    )
    with pytest.raises(PermissionDenied):
        exchange.import_confirm(actor=lead, job=job, choices={})
    job.refresh_from_db()
    assert job.status == JobStatus.PREVIEW


def test_an_import_not_waiting_for_confirmation_is_not_started_again(study, lead):
    job = ExchangeJob.objects.create(
        study=study, kind=JobKind.IMPORT, created_by=lead, status=JobStatus.DONE
    )
    with pytest.raises(ValidationError):
        exchange.import_confirm(actor=lead, job=job, choices={})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_a_coder_may_not_import_into_the_study(study, coder):
    upload = SimpleUploadedFile("project.qdpx", b"PK")
    with pytest.raises(PermissionDenied):
        exchange.import_start(actor=coder, study=study, upload=upload)
    assert not ExchangeJob.objects.exists()


# --- The page -------------------------------------------------------------------------


def test_the_page_offers_every_export_and_the_import(client, study, lead):
    client.force_login(lead)
    page = client.get(reverse("exchange", args=[study.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    for kind in ("qdpx", "qdc", "quotes", "themes_docx", "themes_xlsx", "pack"):
        assert f'value="{kind}"' in html
    assert reverse("exchange-import", args=[study.slug]) in html


@pytest.mark.parametrize(("who", "code"), [("coder", 403), ("outsider", 404)])
def test_the_page_is_closed_to_those_who_may_not_export(client, personas, study, who, code):
    client.force_login(personas[who])
    assert client.get(reverse("exchange", args=[study.slug])).status_code == code


def test_a_quotes_report_without_themes_is_a_field_error(client, study, lead):
    client.force_login(lead)
    page = client.post(reverse("exchange-export", args=[study.slug]), {"kind": "quotes"})
    assert page.status_code == 400
    assert "Choose at least one theme." in page.content.decode()
    assert not ExchangeJob.objects.exists()


def test_an_export_started_on_the_page_is_downloaded_from_its_own(
    builder, client, study, lead, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("exchange-export", args=[study.slug]), {"kind": JobKind.THEMES_XLSX}
        )
    job = ExchangeJob.objects.get()
    assert started.url == reverse("exchange-job", args=[job.pk])
    page = client.get(started.url)
    assert reverse("exchange-job-download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("exchange-job-download", args=[job.pk]))
    assert b"".join(download.streaming_content) == BODY
    assert job.filename in download["Content-Disposition"]


def test_a_running_job_page_polls_with_its_progress(client, study, lead):
    job = ExchangeJob.objects.create(
        study=study, kind=JobKind.THEMES_XLSX, created_by=lead, status=JobStatus.RUNNING,
        started_at=timezone.now(),
    )  # fmt: skip
    exchange._progress_writer(job)(40, "Writing the table")
    client.force_login(lead)
    part = client.get(
        reverse("exchange-job", args=[job.pk]) + "?part=status", HTTP_HX_REQUEST="true"
    )
    html = part.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="40"' in html
    assert "Writing the table" in html


# --- The API --------------------------------------------------------------------------


def test_the_api_starts_an_export_and_gives_its_file(
    builder, api_as, study, lead, django_capture_on_commit_callbacks
):
    api = api_as(lead)
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(
            f"/api/v1/studies/{study.slug}/exchange-jobs/", {"kind": "themes_xlsx"}, format="json"
        )
    assert started.status_code == 202
    job = api.get(f"/api/v1/exchange-jobs/{started.data['id']}/").data
    assert job["status"] == "done" and job["filename"].endswith(".xlsx")
    download = api.get(job["download"])
    assert b"".join(download.streaming_content) == BODY
    listed = api.get(f"/api/v1/studies/{study.slug}/exchange-jobs/").data
    assert [row["id"] for row in listed["results"]] == [job["id"]]


def test_the_api_answers_a_bad_kind_with_400(api_as, study, lead):
    answer = api_as(lead).post(
        f"/api/v1/studies/{study.slug}/exchange-jobs/", {"kind": "pdf"}, format="json"
    )
    assert answer.status_code == 400 and "kind" in answer.data
    assert not ExchangeJob.objects.exists()


def test_the_api_hides_another_study_s_job(builder, start, api_as, study, lead, outsider):
    job = start(lead, study)
    assert api_as(outsider).get(f"/api/v1/exchange-jobs/{job.pk}/").status_code == 404
    assert api_as(outsider).get(f"/api/v1/exchange-jobs/{job.pk}/download/").status_code == 404


def test_an_import_reads_in_the_audit_trail_as_what_it_created(study, lead):
    event = study_services.audit_record(
        study=study, actor=lead, action=AuditAction.IMPORT,
        detail={"job": 1, "created": {"participants": 3, "transcripts": 2}},
    )  # fmt: skip
    line = audit_text.audit_lines([event])[0]
    assert line.details == "Created 3 participants and 2 transcripts."


# --- Imports through the API ----------------------------------------------------------


def test_the_api_imports_a_project_as_a_new_study_after_its_preview(
    api_as, researcher, django_capture_on_commit_callbacks
):
    from analysis.tests import refi_files

    api = api_as(researcher)
    data, _expected = refi_files.nvivo()
    upload = SimpleUploadedFile("nvivo.qdpx", data, content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post("/api/v1/imports/", {"file": upload}, format="multipart")
    assert started.status_code == 202
    job = api.get(f"/api/v1/exchange-jobs/{started.data['id']}/").data
    assert job["status"] == "preview" and job["study"] is None
    assert job["report"]["counts"]["sources"] >= 1
    refused = api.post(f"/api/v1/exchange-jobs/{job['id']}/confirm/", {}, format="json")
    assert refused.status_code == 400 and "consent_confirmed" in refused.data
    choices = {
        "title": "Pilot from NVivo", "consent_confirmed": True, "consent_date": "2026-11-02",
        "role_variable": job["report"]["role_variable"] or "",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = api.post(f"/api/v1/exchange-jobs/{job['id']}/confirm/", choices, format="json")
    assert confirmed.status_code == 202
    done = api.get(f"/api/v1/exchange-jobs/{job['id']}/").data
    assert done["status"] == "done", done["error"]
    assert done["report"]["created"]["transcripts"] == job["report"]["counts"]["sources"]
    study = Study.objects.get(slug=done["study"])
    assert study.title == "Pilot from NVivo"
    assert study.memberships.get(user=researcher).role == "lead"


def test_the_api_refuses_a_file_that_is_not_a_project_and_creates_nothing(
    api_as, researcher, django_capture_on_commit_callbacks
):
    api = api_as(researcher)
    upload = SimpleUploadedFile("notes.qdpx", b"just some text", content_type="text/plain")
    studies_before = Study.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post("/api/v1/imports/", {"file": upload}, format="multipart")
    job = api.get(f"/api/v1/exchange-jobs/{started.data['id']}/").data
    assert job["status"] == "refused" and job["error"]
    assert Study.objects.count() == studies_before


def test_the_api_needs_a_file_to_import(api_as, researcher):
    answer = api_as(researcher).post("/api/v1/imports/", {}, format="multipart")
    assert answer.status_code == 400 and "file" in answer.data
    assert not ExchangeJob.objects.exists()
