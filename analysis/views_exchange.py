"""The exports and imports page: a study out to other tools (REFI-QDA project or
codebook) or into a paper (quotes report, thematic development table, analysis pack),
and REFI-QDA files in. Each is a job that runs in the background: its page shows the
progress (htmx polling), then the file to download, or for an import the preview to
confirm. Exports need EXPORT; imports into a study RECRUIT, TRANSCRIBE and CODE (the
service checks them); an import into a new study any logged-in user, who leads it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coding import themes
from coding.models import Node
from studies.access import Action, StudyAccess, study_access
from studies.forms import add_service_errors
from studies.http import no_store

from . import services_exchange as exchange
from .forms_exchange import ExportForm, ImportConfirmForm, ImportForm
from .models import ExchangeJob, JobKind, JobStatus, MatrixQuery, QueryKind

JOBS_LISTED = 30
IMPORT_ACTIONS = (Action.RECRUIT, Action.TRANSCRIBE, Action.CODE)


def _export_form(access: StudyAccess, data=None) -> ExportForm:
    nodes = list(Node.objects.filter(study=access.study).order_by("parent_id", "position", "pk"))
    rows = themes.table_rows(nodes=nodes, counts={})
    return ExportForm(
        data, nodes=[row.node for row in rows], depths={row.node.pk: row.depth for row in rows},
        roles=themes.study_roles(study=access.study),
        queries=MatrixQuery.objects.filter(study=access.study, kind=QueryKind.MATRIX),
    )  # fmt: skip


def _page(request, access, *, export_form=None, import_form=None, status=200) -> HttpResponse:
    may_import = all(access.can(action) for action in IMPORT_ACTIONS)
    context = {
        "access": access, "study": access.study,
        "export_form": export_form or _export_form(access),
        "import_form": (import_form or ImportForm()) if may_import else None,
        "jobs": ExchangeJob.objects.filter(study=access.study)
        .select_related("created_by")[:JOBS_LISTED],
        "kinds": JobKind,
    }  # fmt: skip
    return render(request, "analysis/exchange.html", context, status=status)


@require_GET
@no_store
def exchange_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, study_access(user=request.user, slug=slug, action=Action.EXPORT))


@require_POST
def export_start(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EXPORT)
    form = _export_form(access, request.POST)
    if form.is_valid():
        try:
            job = exchange.export_start(
                actor=request.user, study=access.study, kind=form.cleaned_data["kind"],
                options=form.options(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("exchange-job", job.pk)
    return _page(request, access, export_form=form, status=400)


@require_POST
def import_into_study(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = exchange.import_start(
                actor=request.user, study=access.study, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("exchange-job", job.pk)
    return _page(request, access, import_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def import_new_study(request: HttpRequest) -> HttpResponse:
    """A REFI-QDA project from another tool as a new study, led by whoever imports it."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = exchange.import_start(
                actor=request.user, study=None, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("exchange-job", job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "analysis/import_new.html", {"form": form}, status=status)


def _figures(counts: dict) -> list[tuple[str, int]]:
    """A report's counts as (label, number), "nodes_matched" read as "Nodes matched"."""
    return [(name.replace("_", " ").capitalize(), number) for name, number in counts.items()]


def _confirm_form(job: ExchangeJob, data=None) -> ImportConfirmForm:
    return ImportConfirmForm(data, report=job.report, new_study=job.study is None)


@require_GET
@no_store
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = exchange.job_for(user=request.user, pk=pk)
    return _job_page(request, job)


def _job_page(request, job: ExchangeJob, form=None, status=200) -> HttpResponse:
    percent, step = exchange.job_progress(job)
    access = study_access(user=request.user, slug=job.study.slug) if job.study else None
    context = {
        "job": job, "study": job.study, "access": access, "percent": percent, "step": step,
        "stale": exchange.job_is_stale(job), "kinds": JobKind, "statuses": JobStatus,
        "confirm_form": (form or _confirm_form(job)) if job.status == JobStatus.PREVIEW else None,
        "may_confirm": job.created_by_id == request.user.pk,
        "in_file": _figures(job.report.get("counts", {})),
        "created": _figures(job.report.get("created", {})),
    }  # fmt: skip
    if request.htmx and request.GET.get("part") == "status":
        return render(request, "analysis/_job_status.html", context)
    return render(request, "analysis/exchange_job.html", context, status=status)


@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = exchange.job_for(user=request.user, pk=pk)
    form = _confirm_form(job, request.POST)
    if form.is_valid():
        try:
            exchange.import_confirm(actor=request.user, job=job, choices=form.choices())
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, "Importing: this page shows when it is done.")
            return redirect("exchange-job", job.pk)
    return _job_page(request, job, form=form, status=400)


@require_GET
@no_store
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = exchange.job_for(user=request.user, pk=pk)
    if job.kind == JobKind.IMPORT or job.status != JobStatus.DONE or not job.output:
        raise Http404("This export has no file to download (any more).")
    return FileResponse(job.output.open("rb"), as_attachment=True, filename=job.filename)
