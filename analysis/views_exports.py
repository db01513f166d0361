"""A matrix's table downloaded as CSV or XLSX, or drawn as a heat map (PNG, SVG), in
the measure and the turn the reader chose on the page. Downloads are research data:
EXPORT (leads and researchers), and each one is noted in the audit trail.

Only a current result is served. Asking for a download asks for the result as the
page does: if the study changed since it was counted, a build is queued (once, however
many ask) and the answer is 409 with a note to wait for the page to show the new table,
rather than a file of counts the study no longer has. In the embedded default the build
runs inline, so there the file comes at once."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from studies import services as study_services
from studies.access import Action, study_access
from studies.http import no_store

from . import exports, services, table
from .models import MatrixQuery, QueryKind
from .views import result_is_current


@require_GET
@no_store
def matrix_download(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EXPORT)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("A matrix downloads as csv, xlsx, png or svg.")
    # Dyad comparisons and co-occurrence matrices have tables of their own, not these.
    queries = MatrixQuery.objects.filter(study=access.study, kind=QueryKind.MATRIX)
    query = get_object_or_404(queries.select_related("attribute", "study"), pk=pk)
    result = services.matrix_request(actor=request.user, query=query)
    if not result_is_current(result):
        page = request.build_absolute_uri(reverse("matrix", args=[slug, pk]))
        note = (
            f"“{query.name}” is being counted again, as the study changed since it was last "
            f"counted. Open the matrix at {page} and download it once the table shows.\n"
        )
        return HttpResponse(note, status=409, content_type="text/plain; charset=utf-8")
    shown = table.build(
        query, result.counts, measure=request.GET.get("measure") or query.measure,
        transpose=request.GET.get("transpose") == "1",
    )  # fmt: skip
    if fmt == "csv":
        body = exports.table_csv(shown)
    elif fmt == "xlsx":
        about = exports.about(query, result, shown)
        body = exports.table_xlsx(shown, title=query.name, about=about)
    else:
        body = exports.table_chart(shown, title=query.name, fmt=fmt)
    turned = "-swapped" if shown.transposed else ""
    name = f"{slugify(query.name) or 'matrix'}-{shown.measure.replace('_', '-')}{turned}.{fmt}"
    study_services.export_record(
        actor=request.user, study=access.study, export=f"matrix {query.pk}: {name}"
    )
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
