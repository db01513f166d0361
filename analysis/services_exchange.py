"""Exports and imports as jobs: each runs in a Celery task (inline in the embedded
default) with its progress shown, is noted in the audit trail, and ends done with a file
to download, or refused with a message that says what was wrong.

What each kind of job makes is written elsewhere, one function per kind (`BUILDERS`):
`build(job, progress) -> (filename, bytes)`, raising `Refused` with a message for the
researcher when the job cannot be done (nothing is kept then). An import is two jobs in
one row: `import_read` checks the file and writes a preview (`report`), and
`import_load`, once the researcher has confirmed, creates everything in one transaction.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from importlib import import_module

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from studies import access
from studies.access import Action, study_access
from studies.models import AuditAction, Study, User
from studies.services import audit_record, task_enqueue

from .models import ExchangeJob, JobKind, JobStatus
from .task_names import EXCHANGE_RUN

logger = logging.getLogger(__name__)

FILE_KEPT_FOR = timedelta(days=1)
# A job still running after this long lost its task (a worker stopped, or the hard time
# limit ended it): the page calls it failed and it may be started again.
RUNNING_STALE_AFTER = timedelta(minutes=15)
MAX_UPLOAD_BYTES = 200 * 1024 * 1024

Progress = Callable[[int, str], None]

# kind -> "module:function" of the builder, imported when a job of that kind runs.
BUILDERS = {
    JobKind.PROJECT: "analysis.refi.export:project_build",
    JobKind.CODEBOOK: "analysis.refi.export:codebook_build",
    JobKind.QUOTES: "analysis.writeup:quotes_build",
    JobKind.THEMES_DOCX: "analysis.writeup:themes_docx_build",
    JobKind.THEMES_XLSX: "analysis.writeup:themes_xlsx_build",
    JobKind.PACK: "analysis.writeup:pack_build",
}
IMPORT_READ = "analysis.refi.importer:import_read"
IMPORT_LOAD = "analysis.refi.importer:import_load"
IMPORT_CHOICES = "analysis.refi.importer:choices_clean"


class Refused(Exception):
    """A job that cannot be done, with the message the researcher reads."""


def _function(path: str) -> Callable:
    module, name = path.split(":")
    return getattr(import_module(module), name)


def _progress_key(job_id: int) -> str:
    return f"exchange-progress:{job_id}"


def job_progress(job: ExchangeJob) -> tuple[int, str]:
    """How far a running job has got. A task inside its transaction cannot show it in
    the job's row, so it is kept in the cache while the job runs."""
    if job.status != JobStatus.RUNNING:
        return job.progress, job.step
    return cache.get(_progress_key(job.pk)) or (job.progress, job.step)


def _progress_writer(job: ExchangeJob) -> Progress:
    def write(percent: int, step: str) -> None:
        cache.set(_progress_key(job.pk), (max(0, min(100, percent)), step[:120]), 3600)

    return write


def _files_delete(jobs, fields: tuple[str, ...] = ("output", "upload")) -> int:
    """Deletes the jobs' stored files once the transaction commits and empties their
    fields; the jobs stay. Returns how many files go."""
    count = 0
    for job in jobs.only("pk", *fields):
        for stored in (getattr(job, name) for name in fields):
            if stored:
                storage, name = stored.storage, stored.name
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
                count += 1
    jobs.update(**dict.fromkeys(fields, ""))
    return count


def _purge_old_files() -> None:
    _files_delete(ExchangeJob.objects.filter(created_at__lt=timezone.now() - FILE_KEPT_FOR))


def export_start(
    *, actor: User, study: Study, kind: str, options: dict | None = None
) -> ExchangeJob:
    """Queues an export of `study`. Research data: EXPORT (leads and researchers).
    `options` are the kind's own choices, checked by its builder when it runs."""
    access.require(actor, study, Action.EXPORT)
    if kind not in BUILDERS:
        raise ValidationError({"kind": f"Choose one of: {', '.join(sorted(BUILDERS))}."})
    with transaction.atomic():
        _purge_old_files()
        job = ExchangeJob.objects.create(
            study=study, kind=kind, options=options or {}, created_by=actor,
            step="Waiting for a worker",
        )  # fmt: skip
        task_enqueue(task=EXCHANGE_RUN, args=[job.pk])
    job.refresh_from_db()
    return job


def import_start(*, actor: User, study: Study | None, upload: UploadedFile) -> ExchangeJob:
    """Queues the reading of a REFI-QDA file (.qdpx or .qdc) to import into `study`, or
    into a new study when `study` is None. Into a study: the importer creates
    participants, transcripts and coding, so RECRUIT, TRANSCRIBE and CODE."""
    if study is not None:
        for action in (Action.RECRUIT, Action.TRANSCRIBE, Action.CODE):
            access.require(actor, study, action)
    elif not actor.is_authenticated:
        raise access.PermissionDenied("Log in to import a project.")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": f"This file is larger than {MAX_UPLOAD_BYTES // 2**20} MB, the most "
                     "we import at once."}
        )  # fmt: skip
    with transaction.atomic():
        _purge_old_files()
        job = ExchangeJob.objects.create(
            study=study, kind=JobKind.IMPORT, created_by=actor, step="Waiting for a worker",
            options={"stage": "read", "name": (upload.name or "")[-200:]},
        )  # fmt: skip
        job.upload.save("upload", upload, save=True)
        task_enqueue(task=EXCHANGE_RUN, args=[job.pk])
    job.refresh_from_db()
    return job


def import_confirm(*, actor: User, job: ExchangeJob, choices: dict) -> ExchangeJob:
    """Queues the loading of a previewed import with the researcher's `choices` (which
    variable holds the role, how the codebook merges, the new study's title), checked by
    the importer when it runs. Only the researcher who uploaded the file confirms it."""
    if job.created_by_id != actor.pk:
        raise access.PermissionDenied("Only the researcher who uploaded this file can import it.")
    if job.study is not None:
        for action in (Action.RECRUIT, Action.TRANSCRIBE, Action.CODE):
            access.require(actor, job.study, action)
    if job.status != JobStatus.PREVIEW:
        raise ValidationError("This import is not waiting to be confirmed.")
    # Checked now, so a bad choice is a message on the form, not a refused job; the
    # choices are stored as given and checked again when the job runs.
    _function(IMPORT_CHOICES)(choices, report=job.report, study=job.study)
    with transaction.atomic():
        claimed = ExchangeJob.objects.filter(
            pk=job.pk, kind=JobKind.IMPORT, status=JobStatus.PREVIEW
        ).update(
            status=JobStatus.QUEUED, progress=0, step="Waiting for a worker",
            options={**job.options, "stage": "load", "choices": choices},
        )  # fmt: skip
        if not claimed:
            raise ValidationError("This import is not waiting to be confirmed.")
        task_enqueue(task=EXCHANGE_RUN, args=[job.pk])
    job.refresh_from_db()
    return job


def job_run(*, job_id: int) -> ExchangeJob | None:
    """Runs a queued job (the Celery task's body). A conditional UPDATE claims it, so
    two deliveries of one task run it once. Returns None when there was nothing to run."""
    now = timezone.now()
    claimed = ExchangeJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, progress=0, step="Starting"
    )
    if not claimed:
        return None
    job = ExchangeJob.objects.select_related("study", "created_by").get(pk=job_id)
    progress = _progress_writer(job)
    try:
        if job.kind != JobKind.IMPORT:
            _export_run(job, progress)
        elif job.options.get("stage") == "load":
            _import_load(job, progress)
        else:
            _import_read(job, progress)
    except Refused as refusal:
        _finish(job, JobStatus.REFUSED, error=str(refusal))
    except Exception as error:
        logger.exception("Exchange job %s failed", job_id)
        _finish(job, JobStatus.FAILED, error=f"Something went wrong ({error.__class__.__name__}).")
        raise
    finally:
        cache.delete(_progress_key(job_id))
    job.refresh_from_db()
    return job


def _finish(job: ExchangeJob, status: str, **fields) -> None:
    ExchangeJob.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), progress=100, step="", **fields
    )


def _export_run(job: ExchangeJob, progress: Progress) -> None:
    filename, body = _function(BUILDERS[job.kind])(job, progress)
    job.output.save("output", ContentFile(body), save=False)
    with transaction.atomic():
        ExchangeJob.objects.filter(pk=job.pk).update(output=job.output.name, filename=filename)
        _finish(job, JobStatus.DONE)
        audit_record(
            study=job.study, actor=job.created_by, action=AuditAction.EXPORT,
            detail={"export": f"{job.get_kind_display()}: {filename}", "job": job.pk},
        )  # fmt: skip


def _import_read(job: ExchangeJob, progress: Progress) -> None:
    report = _function(IMPORT_READ)(job, progress)
    _finish(job, JobStatus.PREVIEW, report=report)


def _import_load(job: ExchangeJob, progress: Progress) -> None:
    with transaction.atomic():
        study, report = _function(IMPORT_LOAD)(job, progress)
        ExchangeJob.objects.filter(pk=job.pk).update(study=study, report=report)
        _finish(job, JobStatus.DONE)
        audit_record(
            study=study, actor=job.created_by, action=AuditAction.IMPORT,
            detail={"job": job.pk, "created": report.get("created", {})},
        )  # fmt: skip
    # The file is read; what it held is now the study's, and the upload is not kept.
    if job.upload:
        job.upload.delete(save=False)
        ExchangeJob.objects.filter(pk=job.pk).update(upload="")


# What it takes to see a job of a study: an export is research data; an import's
# preview describes the file, which only those who may import read.
JOB_READ = {JobKind.IMPORT: Action.TRANSCRIBE}


def job_for(*, user: User, pk: int) -> ExchangeJob:
    """A job the user may see, or 404: a job of a study through the study's access
    rules, an import into a new study (no study yet) only by whoever uploaded it."""
    job = ExchangeJob.objects.select_related("study", "created_by").filter(pk=pk).first()
    if job is None or not user.is_authenticated:
        raise Http404("No such export or import.")
    if job.study is None:
        if job.created_by_id != user.pk:
            raise Http404("No such export or import.")
        return job
    study_access(user=user, slug=job.study.slug, action=JOB_READ.get(job.kind, Action.EXPORT))
    return job


def job_is_stale(job: ExchangeJob) -> bool:
    """A job whose task has gone (see RUNNING_STALE_AFTER)."""
    return (
        job.status == JobStatus.RUNNING
        and job.started_at is not None
        and job.started_at < timezone.now() - RUNNING_STALE_AFTER
    )


def copies_erase(study: Study) -> int:
    """A withdrawal with removal reaches the exports already made: every stored export
    file of the study is deleted (it may quote the participant); the jobs stay, saying
    why their file is gone. Returns how many files went."""
    made = ExchangeJob.objects.filter(study=study).exclude(kind=JobKind.IMPORT).exclude(output="")
    made.update(report={"erased": "Deleted after a participant withdrew: make it again."})
    return _files_delete(made, ("output",))
