"""An export made by a real Celery worker over Redis, reading the same PostgreSQL
database and writing the file where the web process serves it from."""

import io
import time
import zipfile

import pytest
from django.urls import reverse

from analysis import services_exchange as exchange
from analysis.models import ExchangeJob, JobStatus
from studies.models import AuditAction, AuditEvent

pytestmark = pytest.mark.services


def test_a_real_worker_makes_the_project_export_the_page_asked_for(
    postgres, transactional_db, celery_worker, client, study, lead, known
):
    job = exchange.export_start(actor=lead, study=study, kind="qdpx")
    deadline = time.monotonic() + 60
    while job.status not in (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED):
        assert time.monotonic() < deadline, f"still {job.status} after 60 s"
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    client.force_login(lead)
    download = client.get(reverse("exchange-job-download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "project.qde" in archive.namelist()
    assert sum(name.startswith("sources/") for name in archive.namelist()) == 3
    assert AuditEvent.objects.filter(study=study, action=AuditAction.EXPORT).count() == 1
    assert ExchangeJob.objects.get(pk=job.pk).finished_at is not None
