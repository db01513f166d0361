"""The passages behind a cell of a dyad comparison (a dyad's two accounts side by side,
or every dyad's for a node) and of a co-occurrence matrix (both nodes' segments where
they occur together). Reading needs ANALYSE, as the matrix itself; only segments the
reader may see are shown (coding.selectors.segments_visible)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from coding.quotes import DyadRow, Group, group_quotes, quotes_by_dyad, segment_quotes
from coding.selectors import segments_visible
from studies.access import Action, StudyAccess, study_access
from studies.models import Dyad

from . import cooccurrence, dyads, table
from .models import MatrixQuery, QueryKind, Scope
from .views import CELL_QUOTES_SHOWN


def _query(access: StudyAccess, pk: int, kind: str) -> MatrixQuery:
    return get_object_or_404(MatrixQuery.objects.filter(study=access.study, kind=kind), pk=pk)


def _row(query: MatrixQuery, key: str) -> table.Header:
    header = next((h for h in table.row_headers(query) if h.key == key), None)
    if header is None:
        raise Http404("No such node in this query.")
    return header


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def dyad_cell(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A node's segments from one dyad's worker beside their service user's (without
    `dyad`: from every dyad, dyad by dyad)."""
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    query = _query(access, pk, QueryKind.DYADS)
    row = _row(query, request.GET.get("node", ""))
    dyad = None
    if "dyad" in request.GET:
        found = Dyad.objects.filter(study=access.study).select_related("worker", "service_user")
        dyad = get_object_or_404(found, pk=_id(request.GET["dyad"]))
    visible = segments_visible(user=request.user, access=access)
    segments = dyads.cell_segments(query, visible, node=row.key, dyad=dyad)
    total = segments.count()
    shown = list(
        segments.select_related("node", "coder").order_by("start", "pk")[:CELL_QUOTES_SHOWN]
    )
    rows = quotes_by_dyad(segment_quotes(shown, access.study), access.study)
    if dyad is not None and not rows:  # neither said anything coded here: both sides empty
        worker, user = dyad.worker.pseudonym, dyad.service_user.pseudonym
        rows = [DyadRow(f"{worker} and {user}", Group(worker), Group(user))]
    context = {
        "access": access, "study": access.study, "query": query, "row": row, "dyad": dyad,
        "dyads": rows, "total": total, "shown": len(shown),
        "back": reverse("matrix", args=[slug, pk]),
    }  # fmt: skip
    return render(request, "analysis/dyad_cell.html", context)


@require_GET
def cooccurrence_cell(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Both nodes' segments in the places where they occur together (for the diagonal,
    the node's segments), by participant, or dyad by dyad for the dyad scope."""
    access = study_access(user=request.user, slug=slug, action=Action.ANALYSE)
    query = _query(access, pk, QueryKind.COOCCURRENCE)
    one, other = _row(query, request.GET.get("one", "")), _row(query, request.GET.get("other", ""))
    ids = cooccurrence.cell_segment_ids(query, one=one.key, other=other.key) or []
    visible = segments_visible(user=request.user, access=access)
    first = ids[:CELL_QUOTES_SHOWN]
    found = visible.filter(pk__in=first).select_related("node", "coder").in_bulk()
    quotes = segment_quotes([found[pk] for pk in first if pk in found], access.study)
    if query.scope == Scope.DYAD:
        groups = quotes_by_dyad(quotes, access.study)
    else:
        groups = group_quotes(quotes, "pseudonym")
    together, alone = cooccurrence.UNITS[query.scope]
    context = {
        "access": access, "study": access.study, "query": query, "one": one, "other": other,
        "groups": groups, "by_dyad": query.scope == Scope.DYAD, "total": len(ids),
        "shown": len(quotes), "unit": alone if one.key == other.key else together,
        "back": reverse("matrix", args=[slug, pk]),
    }  # fmt: skip
    return render(request, "analysis/cooccurrence_cell.html", context)
