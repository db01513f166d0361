"""The demo's second study: a pilot of three interviews coded in QualCoder, imported as a
team would import it. Its REFI-QDA project is kept as the files QualCoder writes
(demo_data/pilot: project.qde and sources/*.txt, lower-case GUIDs, internal:// paths,
text with a byte-order mark); `demo_pilot` zips them in memory and imports them through
the real job path (`services_exchange.import_start`, the preview, `import_confirm`)
into a new study led by demo-lead. Called from analysis.demo's `demo_extend`."""

import io
import time
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from studies import services as study_services
from studies.models import Membership, Study, User

from . import services_exchange
from .models import ExchangeJob, JobStatus

PILOT = Path(__file__).resolve().parent / "demo_data" / "pilot"
PILOT_TITLE = "Pilot interviews (imported from QualCoder)"
PILOT_FILE = "pilot-interviews.qdpx"
PILOT_LEAD = "demo-lead"
PILOT_CODER = "demo-coder"
CONSENT_DATE = "2025-10-10"  # the pilot's participants consented before their interviews
# How long to wait for a worker that claimed a job first (with Redis configured).
WORKER_WAIT_SECONDS = 60


def pilot_archive() -> bytes:
    """The pilot's files as a .qdpx: project.qde at the top, the texts under sources/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(PILOT.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(PILOT).as_posix())
    return buffer.getvalue()


def _ran(job: ExchangeJob) -> ExchangeJob:
    """The job once it has run: here, unless a worker claimed it first (when Redis is
    configured the task also goes to a worker; the job runs once either way)."""
    services_exchange.job_run(job_id=job.pk)
    job.refresh_from_db()
    deadline = time.monotonic() + WORKER_WAIT_SECONDS
    while job.status in (JobStatus.QUEUED, JobStatus.RUNNING) and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    return job


def _settled(job: ExchangeJob, wanted: str, what: str) -> ExchangeJob:
    job = _ran(job)
    if job.status != wanted:
        raise RuntimeError(f"The demo pilot's {what} ended {job.status}: {job.error}")
    return job


def demo_pilot() -> Study | None:
    """Imports the pilot as a new study; does nothing if it is there already."""
    existing = Study.objects.filter(title=PILOT_TITLE).first()
    if existing is not None:
        return None
    lead = User.objects.get(username=PILOT_LEAD)
    upload = SimpleUploadedFile(PILOT_FILE, pilot_archive(), content_type="application/zip")
    job = services_exchange.import_start(actor=lead, study=None, upload=upload)
    job = _settled(job, JobStatus.PREVIEW, "preview")
    choices = {
        **job.report["choices"],
        "title": PILOT_TITLE,
        "consent_confirmed": True,
        "consent_date": CONSENT_DATE,
        "role_variable": _role_variable(job.report),
    }
    job = services_exchange.import_confirm(actor=lead, job=job, choices=choices)
    job = _settled(job, JobStatus.DONE, "import")
    study = job.study
    coder = User.objects.filter(username=PILOT_CODER).first()
    if coder is not None and not study.memberships.filter(user=coder).exists():
        study_services.membership_add(
            actor=lead, study=study, email=coder.email, role=Membership.Role.CODER
        )
    return study


def _role_variable(report: dict) -> str:
    """The GUID of the file's variable named Role."""
    return next(item["guid"] for item in report["variables"] if item["name"] == "Role")
