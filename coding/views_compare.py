"""Constant comparison: a node's segments as quotes in their context (filtered and
grouped, workers beside service users, dyad by dyad) and a search of the study's
transcripts whose hits can be coded from the results. Reading needs VIEW_DATA; coding
a hit needs CODE and a transcript marked ready, both checked by coding.services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from interviews.models import Transcript, Vignette
from studies.access import Action, StudyAccess, study_access
from studies.models import User

from . import quotes, services
from .forms_compare import CodeHitForm, QuoteFilterForm, SearchForm
from .models import Node
from .views_codebook import node_choices, study_nodes

LAYOUTS = {"list": "All segments", "roles": "By role, side by side", "dyads": "Dyad by dyad"}


def _filter_choices(study) -> dict[str, list[tuple[int, str]]]:
    coders = User.objects.filter(coded_segments__transcript__study=study).distinct()
    return {
        "role": list(study.roles.order_by("position", "pk").values_list("pk", "label")),
        "site": list(study.sites.order_by("position", "pk").values_list("pk", "name")),
        "vignette": [
            (v.pk, str(v)) for v in Vignette.objects.filter(study=study).select_related("current")
        ],
        "coder": [(u.pk, str(u)) for u in coders.order_by("first_name", "username")],
    }


@require_GET
def node_segments(request: HttpRequest, slug: str, pk: int, layout: str = "list") -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    study = access.study
    node = get_object_or_404(Node.objects.filter(study=study), pk=pk)
    filters = QuoteFilterForm(request.GET, choices=_filter_choices(study))
    chosen = filters.cleaned_data if filters.is_valid() else {}
    segments = quotes.node_segments(
        user=request.user, access=access, node=node, descendants=bool(chosen.get("descendants")),
        **{name: chosen.get(name) for name in ("role", "site", "coder", "vignette")},
    )  # fmt: skip
    found = quotes.segment_quotes(list(segments), study)
    context = {
        "access": access, "study": study, "node": node, "filters": filters, "layout": layout,
        "layouts": LAYOUTS, "count": len(found), "query": request.GET.urlencode(),
        "filtering": any(chosen.get(name) for name in ("role", "site", "coder", "vignette")),
    }  # fmt: skip
    if layout == "roles":
        context["columns"] = quotes.quotes_by_role(found, study)
    elif layout == "dyads":
        context["dyads"] = quotes.quotes_by_dyad(found, study)
    else:
        context["groups"] = quotes.group_quotes(found, chosen.get("group") or "")
    return render(request, "coding/compare.html", context)


def _may_code(access: StudyAccess) -> bool:
    return access.can(Action.CODE)


@require_GET
def search(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    study = access.study
    form = SearchForm(request.GET)
    words = form.cleaned_data["q"].strip() if form.is_valid() else ""
    hits, more = quotes.transcript_search(study=study, words=words) if words else ([], False)
    nodes = node_choices(study_nodes(study)) if _may_code(access) and hits else []
    return render(request, "coding/search.html", {
        "access": access, "study": study, "form": form, "words": words, "hits": hits, "more": more,
        "nodes": nodes, "limit": quotes.SEARCH_HIT_LIMIT,
    })  # fmt: skip


@require_POST
def search_code(request: HttpRequest, slug: str) -> HttpResponse:
    """Codes one search hit with a chosen node, then back to the same results."""
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    access.require(Action.CODE)
    study = access.study
    form = CodeHitForm(request.POST, nodes=node_choices(study_nodes(study)))
    back = reverse("search", args=[study.slug])
    if not form.is_valid():
        messages.error(request, "That hit could not be coded: choose a code and try again.")
        return redirect(f"{back}?{urlencode({'q': request.POST.get('q', '')})}")
    data = form.cleaned_data
    back += "?" + urlencode({"q": data["q"]})
    transcript = get_object_or_404(Transcript.objects.filter(study=study), pk=data["transcript"])
    node = get_object_or_404(Node.objects.filter(study=study), pk=data["node"])
    try:
        services.segment_create(
            coder=request.user, transcript=transcript, node=node, start=data["start"],
            end=data["end"],
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
        messages.error(request, "Not coded: " + " ".join(reasons))
        return redirect(back)
    messages.success(request, f"Coded with {node.name}.")
    return redirect(back)
