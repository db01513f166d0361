"""Framework matrix and saturation pages.

Framework: the study's frameworks (and the form that saves one), the grid of cases by
themes with each cell's summary, a cell's page where its summary is written beside the
segments behind it (saved by htmx in place, or by a plain post), and the table as CSV
and XLSX. Reading needs ANALYSE (viewers too); writing needs CODE (services.WRITE);
downloads need EXPORT.

Saturation: new codes per transcript in the order transcripts were first coded, as a
table and a chart drawn on the server."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coding import themes as codebook
from coding.models import Node
from coding.quotes import segment_quotes
from studies import services as study_services
from studies.access import Action, StudyAccess, study_access
from studies.forms import add_service_errors
from studies.http import no_store
from studies.spreadsheet import csv_response

from . import framework as reads
from . import saturation, services_framework
from .forms_framework import FrameworkForm, SummaryForm
from .models import Framework, FrameworkSummary
from .services import WRITE

CELL_QUOTES_SHOWN = 200


def _framework(access: StudyAccess, pk: int) -> Framework:
    return get_object_or_404(Framework.objects.filter(study=access.study), pk=pk)


def _framework_form(request: HttpRequest, access: StudyAccess, **kwargs) -> FrameworkForm:
    nodes = list(Node.objects.filter(study=access.study).order_by("parent_id", "position", "pk"))
    data = request.POST if request.method == "POST" else None
    return FrameworkForm(data, rows=codebook.table_rows(nodes=nodes, counts={}), **kwargs)


@require_http_methods(["GET", "POST"])
def framework_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    form = _framework_form(request, access) if access.can(WRITE) else None
    if request.method == "POST":
        access.require(WRITE)
        if form.is_valid():
            try:
                framework = services_framework.framework_create(
                    actor=request.user, study=access.study, **form.service_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Saved “{framework.name}”.")
                return redirect("framework", slug, framework.pk)
    frameworks = (
        Framework.objects.filter(study=access.study)
        .select_related("created_by")
        .order_by("name", "pk")
    )
    context = {"access": access, "study": access.study, "frameworks": frameworks, "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "analysis/framework_list.html", context, status=status)


@require_GET
def framework_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    framework = _framework(access, pk)
    grid = reads.framework_grid(framework=framework, user=request.user, access=access)
    context = {
        "access": access, "study": access.study, "framework": framework, "grid": grid,
        "may_write": access.can(WRITE), "may_export": access.can(Action.EXPORT),
    }  # fmt: skip
    return render(request, "analysis/framework.html", context)


@require_http_methods(["GET", "POST"])
def framework_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=WRITE)
    framework = _framework(access, pk)
    initial = {
        "name": framework.name, "cases": framework.cases,
        "themes": [str(theme["node"]) for theme in framework.themes],
        "below": all(theme.get("below") for theme in framework.themes),
    }  # fmt: skip
    form = _framework_form(request, access, initial=initial)
    form.fields["cases"].disabled = True
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            services_framework.framework_update(
                actor=request.user, framework=framework, name=arguments["name"],
                themes=arguments["themes"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved “{framework.name}”.")
            return redirect("framework", slug, framework.pk)
    context = {"access": access, "study": access.study, "framework": framework, "form": form}
    status = 400 if form.errors else 200
    return render(request, "analysis/framework_edit.html", context, status=status)


@require_POST
def framework_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=WRITE)
    framework = _framework(access, pk)
    services_framework.framework_delete(actor=request.user, framework=framework)
    messages.success(request, f"Deleted “{framework.name}” and its summaries.")
    return redirect("frameworks", slug)


def _cell(framework: Framework, case_key: int, node_pk: int):
    case = reads.find_case(framework, case_key)
    theme = reads.find_theme(framework, node_pk)
    if case is None or theme is None:
        raise Http404("No such cell in this framework.")
    summary = (
        FrameworkSummary.objects.filter(
            framework=framework, node=theme.node, participant_id=case.key
        )
        .select_related("edited_by")
        .first()
    )
    return case, theme, summary


@require_http_methods(["GET", "POST"])
def framework_cell(request: HttpRequest, slug: str, pk: int, case: int, node: int) -> HttpResponse:
    """One cell: its summary (a form for those who write) beside the coded segments
    behind it, and the summary's earlier versions. A save names the version the page
    was opened on; a stale one is refused (409, or 422 in place for htmx) with the
    other person's text shown and the typed text kept, now on the current version."""
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    framework = _framework(access, pk)
    found, theme, summary = _cell(framework, case, node)
    may_write = access.can(WRITE)
    status, conflict, saved = 200, None, False
    form = None
    if request.method == "POST":
        access.require(WRITE)
        form = SummaryForm(request.POST)
        if form.is_valid():
            person = found.people[0] if found.dyad is None else None
            try:
                summary = services_framework.summary_save(
                    actor=request.user, framework=framework, node=theme.node,
                    participant=person, dyad=found.dyad, text=form.cleaned_data["text"],
                    version=form.cleaned_data["version"],
                )  # fmt: skip
            except services_framework.SummaryConflict as error:
                conflict = error.current
                add_service_errors(form, error)
                form.data = form.data.copy()
                form.data["version"] = str(conflict.version if conflict else 0)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                saved = True
                if not request.htmx:
                    messages.success(request, f"Saved the summary (version {summary.version}).")
                    return redirect(reverse("framework", args=[slug, pk]) + f"#case-{found.key}")
        else:
            status = 400
    if form is None or saved:
        initial = {
            "text": summary.text if summary else "",
            "version": summary.version if summary else 0,
        }
        form = SummaryForm(initial=initial) if may_write else None
    context = {
        "access": access, "study": access.study, "framework": framework, "case": found,
        "theme": theme, "summary": summary, "form": form, "conflict": conflict,
        "saved": saved, "may_write": may_write,
    }  # fmt: skip
    if request.htmx and request.method == "POST":
        # htmx swaps a 422 (see base.html), so a refusal shows in place.
        return render(
            request, "analysis/_framework_summary.html", context,
            status=200 if status == 200 else 422,
        )  # fmt: skip
    segments = reads.cell_segments(case=found, theme=theme, user=request.user, access=access)
    shown = list(segments[:CELL_QUOTES_SHOWN])
    versions = list(summary.versions.select_related("edited_by")) if summary else []
    context.update(
        quotes=segment_quotes(shown, access.study), total=segments.count(), shown=len(shown),
        versions=versions,
    )  # fmt: skip
    return render(request, "analysis/framework_cell.html", context, status=status)


def _filename(name: str, suffix: str) -> str:
    return f"{slugify(name) or 'framework'}.{suffix}"


@require_GET
@no_store
def framework_download(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """The table with every summary and who last edited it when, as CSV or XLSX."""
    access = study_access(user=request.user, slug=slug, action=Action.EXPORT)
    framework = _framework(access, pk)
    grid = reads.framework_grid(framework=framework, user=request.user, access=access)
    # The summaries are the team's words about each participant: noted like every export.
    study_services.export_record(
        actor=request.user, study=access.study,
        export=f"framework {framework.pk}: {_filename(framework.name, fmt)}",
    )  # fmt: skip
    if fmt == "csv":
        return csv_response(reads.export_rows(grid), _filename(framework.name, "csv"))
    response = HttpResponse(
        reads.export_xlsx(grid),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(framework.name, "xlsx")}"'
    return response


# --- Saturation -------------------------------------------------------------------------


@require_GET
def saturation_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    steps = saturation.saturation_steps(access.study)
    context = {
        "access": access, "study": access.study, "steps": steps,
        "total": steps[-1].cumulative if steps else 0,
        "left_out": saturation.independent_count(access.study),
        "may_export": access.can(Action.EXPORT),
    }  # fmt: skip
    return render(request, "analysis/saturation.html", context)


@require_GET
@no_store
def saturation_chart(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The chart the page shows (and, with ?download=1, as a file to keep)."""
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    steps = saturation.saturation_steps(access.study)
    title = f"New codes per transcript: {access.study.title}"
    response = HttpResponse(
        saturation.chart(steps, title=title, fmt=fmt), content_type=saturation.CHART_FORMATS[fmt]
    )
    if request.GET.get("download"):
        name = f"{slugify(access.study.title) or 'study'}-saturation.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@no_store
def saturation_download(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EXPORT)
    steps = saturation.saturation_steps(access.study)
    name = f"{slugify(access.study.title) or 'study'}-saturation.csv"
    study_services.export_record(actor=request.user, study=access.study, export=name)
    return csv_response(saturation.csv_rows(steps), name)
