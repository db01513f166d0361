"""The matrix pages: the study's saved queries, the form that saves one, the matrix
itself (built in the background while the page polls), and the segments behind a
cell. Reading needs ANALYSE (viewers too); saving a query needs CODE (services.WRITE).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coding import themes
from coding.models import Node
from coding.quotes import segment_quotes
from coding.selectors import segments_visible
from studies.access import Action, StudyAccess, study_access
from studies.forms import add_service_errors
from studies.http import no_store

from . import kinds, matrix, services, table
from .forms import MatrixQueryForm
from .models import MatrixQuery, MatrixResult, Measure, ResultStatus

CELL_QUOTES_SHOWN = 200


def _query(access: StudyAccess, pk: int) -> MatrixQuery:
    return get_object_or_404(
        MatrixQuery.objects.filter(study=access.study).select_related("attribute"), pk=pk
    )


def _form(request: HttpRequest, access: StudyAccess, **kwargs) -> MatrixQueryForm:
    nodes = list(Node.objects.filter(study=access.study).order_by("parent_id", "position", "pk"))
    rows = themes.table_rows(nodes=nodes, counts={})
    data = request.POST if request.method == "POST" else None
    return MatrixQueryForm(
        data, study=access.study, nodes=[row.node for row in rows],
        depths={row.node.pk: row.depth for row in rows}, **kwargs,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def matrix_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    may_write = access.can(services.WRITE)
    form = _form(request, access) if may_write else None
    if request.method == "POST":
        access.require(services.WRITE)
        if form.is_valid():
            try:
                query = services.matrix_query_create(
                    actor=request.user, study=access.study, **form.service_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Saved “{query.name}”. It is being counted.")
                return redirect("matrix", slug, query.pk)
    queries = (
        MatrixQuery.objects.filter(study=access.study)
        .select_related("result", "created_by")
        .order_by("name", "pk")
    )
    context = {"access": access, "study": access.study, "queries": queries, "form": form}
    return render(request, "analysis/matrix_list.html", context)


@require_http_methods(["GET", "POST"])
def matrix_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=services.WRITE)
    query = _query(access, pk)
    form = _form(request, access, initial=MatrixQueryForm.initial_from(query))
    if request.method == "POST" and form.is_valid():
        try:
            services.matrix_query_update(
                actor=request.user, query=query, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved “{query.name}”.")
            return redirect("matrix", slug, query.pk)
    context = {"access": access, "study": access.study, "query": query, "form": form}
    return render(request, "analysis/matrix_edit.html", context)


@require_POST
def matrix_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=services.WRITE)
    query = _query(access, pk)
    services.matrix_query_delete(actor=request.user, query=query)
    messages.success(request, f"Deleted “{query.name}”.")
    return redirect("matrices", slug)


def _measure(request: HttpRequest, query: MatrixQuery) -> str:
    measure = request.GET.get("measure", query.measure)
    return measure if measure in Measure.values else query.measure


@require_GET
@no_store
def matrix_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The matrix: asked for on every visit (a current result is served as it is; a
    stale one is queued), then shown, or a progress note that polls until it is."""
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    query = _query(access, pk)
    result = services.matrix_request(actor=request.user, query=query)
    measure = _measure(request, query)
    transpose = request.GET.get("transpose") == "1"
    ready = result_is_current(result)
    context = {
        "access": access, "study": access.study, "query": query, "result": result,
        "ready": ready, "measure": measure, "transpose": transpose,
        "measures": Measure.choices, "may_write": access.can(services.WRITE),
        "may_export": access.can(Action.EXPORT),
        "display": kinds.display(query, result, measure=measure, transpose=transpose)
        if ready else None,
        "here": request.get_full_path(),
    }  # fmt: skip
    if request.htmx and request.GET.get("part") == "result":
        return render(request, "analysis/_matrix_result.html", context)
    return render(request, "analysis/matrix.html", context)


@require_GET
def matrix_cell(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The coded segments behind one cell (or a whole row, without `column`), as quotes
    with pseudonym, role and vignette, each linking to its place in the transcript.
    Only segments the reader may see (independent coding stays blind)."""
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    query = _query(access, pk)
    node = request.GET.get("node", "")
    column = request.GET.get("column")
    if not any(str(row["node"]) == node for row in query.rows):
        raise Http404("No such row in this matrix.")
    visible = segments_visible(user=request.user, access=access)
    segments = matrix.cell_segments(query, visible, node=node, column=column)
    total = segments.count()
    shown = list(
        segments.select_related("node", "coder").order_by(
            "transcript__participant__pseudonym", "start", "pk"
        )[:CELL_QUOTES_SHOWN]
    )
    headers = table.row_headers(query)
    row = next((h for h in headers if h.key == node), None)
    column_label = None
    if column is not None:
        keys = {column}
        column_label = next(
            (h.label for h in table.column_headers(query, keys) if h.key == column), column
        )
    context = {
        "access": access, "study": access.study, "query": query, "row": row,
        "column_label": column_label, "quotes": segment_quotes(shown, access.study),
        "total": total, "shown": len(shown), "may_code": access.can(Action.CODE),
        "back": reverse("matrix", args=[slug, pk]),
    }  # fmt: skip
    return render(request, "analysis/matrix_cell.html", context)


def result_is_current(result: MatrixResult) -> bool:
    return result.status == ResultStatus.DONE and result.fingerprint == result.wanted
