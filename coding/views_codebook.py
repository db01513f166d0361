"""The codebook pages: the tree with its counts, and each change to a node (define,
move, reorder, merge, split, delete), every one through coding.services. Reading
needs VIEW_DATA (viewers read the codebook); changing needs CODE."""

from collections import Counter
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from studies.access import Action, StudyAccess, study_access
from studies.forms import add_service_errors
from studies.views.common import form_if_allowed, posted

from . import selectors, services, themes
from .forms_codebook import (
    TOP,
    NodeCreateForm,
    NodeDeleteForm,
    NodeEditForm,
    NodeMergeForm,
    NodeMoveForm,
    NodeReorderForm,
    NodeSplitForm,
    TrailFilterForm,
)
from .models import Node
from .trail import KIND_PLURALS, describe, trail_events


def study_nodes(study) -> list[Node]:
    """The study's whole codebook in one query, in tree order."""
    return list(Node.objects.filter(study=study).order_by("parent_id", "position", "pk"))


def node_choices(nodes: list[Node], *, leave_out: int | None = None) -> list[tuple[str, str]]:
    """Every node as a choice, indented by its depth, in reading order."""
    rows = themes.table_rows(nodes=nodes, counts={})
    return [
        (
            str(row.node.pk),
            "\u2003" * row.depth + f"{row.node.name} ({row.node.get_kind_display()})",
        )
        for row in rows
        if row.node.pk != leave_out
    ]


def _node(access: StudyAccess, pk: int) -> Node:
    return get_object_or_404(Node.objects.filter(study=access.study), pk=pk)


def _chosen_node(study, value: str) -> Node | None:
    """A node chosen in a form (None for the top); one of another study is a 404."""
    if value in ("", TOP):
        return None
    return get_object_or_404(Node.objects.filter(study=study), pk=value)


def _to_node(slug: str, node: Node | None) -> HttpResponse:
    anchor = f"#node-{node.pk}" if node is not None else ""
    return redirect(reverse("codebook", args=[slug]) + anchor)


@require_http_methods(["GET", "POST"])
def codebook(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    nodes = study_nodes(access.study)
    form = form_if_allowed(
        request, access, Action.CODE, NodeCreateForm, parents=node_choices(nodes),
        initial={"colour": selectors.least_used_colour(node.colour for node in nodes)},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            node = services.node_create(
                actor=request.user, study=access.study, name=data["name"], kind=data["kind"],
                parent=_chosen_node(access.study, data["parent"]), colour=data["colour"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added “{node.name}”.")
            return _to_node(slug, node)
    counts = themes.node_rollup(study=access.study)
    for node in nodes:
        node.counts = counts.get(node.pk, themes.Counts())
    context = {
        "access": access, "study": access.study, "tree": selectors.node_tree(nodes),
        "form": form, "can_code": access.can(Action.CODE), "node_count": len(nodes),
    }  # fmt: skip
    return render(request, "coding/codebook.html", context, status=400 if form and form.errors
                  else 200)  # fmt: skip


def _conflict(form, node: Node, error: ValidationError) -> bool:
    """Shows a service's refusal on the form. On a version conflict the form keeps what
    the person typed but now names the current version, so saving again (after reading
    the other change shown beside it) is a choice they make knowingly."""
    add_service_errors(form, error)
    if "version" not in getattr(error, "error_dict", {}):
        return False
    node.refresh_from_db()
    data = form.data.copy()
    data["version"] = str(node.version)
    form.data = data
    return True


def _node_page(
    request: HttpRequest, access: StudyAccess, node: Node, form, template: str,
    act: Callable[[dict], HttpResponse], **extra,
) -> HttpResponse:  # fmt: skip
    """A page that changes one node: on a valid post `act` calls the service and says
    where to go next; a refusal shows on the form (a version conflict answers 409)."""
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            return act(form.cleaned_data)
        except ValidationError as error:
            conflict = _conflict(form, node, error)
    context = {
        "access": access, "study": access.study, "node": node, "form": form,
        "conflict": conflict, **extra,
    }  # fmt: skip
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    node = _node(access, pk)
    initial = {field: getattr(node, field) for field in NodeEditForm.base_fields if field != "why"}

    def act(data: dict) -> HttpResponse:
        services.node_update(
            actor=request.user, node=node, version=data["version"], name=data["name"],
            kind=data["kind"], colour=data["colour"], definition=data["definition"],
            when_to_use=data["when_to_use"], when_not_to_use=data["when_not_to_use"],
            example=data["example"], why=data["why"],
        )  # fmt: skip
        messages.success(request, f"Saved “{data['name']}”.")
        return _to_node(slug, node)

    form = NodeEditForm(posted(request), initial=initial)
    return _node_page(request, access, node, form, "coding/codebook_edit.html", act)


@require_http_methods(["GET", "POST"])
def node_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    node = _node(access, pk)

    def act(data: dict) -> HttpResponse:
        parent = _chosen_node(access.study, data["parent"])
        services.node_move(
            actor=request.user, node=node, version=data["version"], parent=parent,
            why=data["why"],
        )  # fmt: skip
        where = f"under “{parent.name}”" if parent else "to the top of the codebook"
        messages.success(request, f"Moved “{node.name}” {where}.")
        return _to_node(slug, node)

    form = NodeMoveForm(
        posted(request), parents=node_choices(study_nodes(access.study), leave_out=node.pk),
        initial={"version": node.version, "parent": node.parent_id or TOP},
    )  # fmt: skip
    return _node_page(request, access, node, form, "coding/codebook_move.html", act)


@require_POST
def node_reorder(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Up or down one place among its siblings (the tree's buttons)."""
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    node = _node(access, pk)
    form = NodeReorderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That move was not understood: reload the codebook and try again.")
        return _to_node(slug, node)
    step = -1 if form.cleaned_data["direction"] == "up" else 1
    try:
        services.node_reorder(
            actor=request.user, node=node, version=form.cleaned_data["version"],
            position=max(0, node.position + step),
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_node(slug, node)


@require_http_methods(["GET", "POST"])
def node_merge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    node = _node(access, pk)

    def act(data: dict) -> HttpResponse:
        target = _chosen_node(access.study, data["target"])
        services.node_merge(
            actor=request.user, source=node, target=target, version=data["version"],
            why=data["why"],
        )  # fmt: skip
        messages.success(request, f"Merged “{node.name}” into “{target.name}”.")
        return _to_node(slug, target)

    form = NodeMergeForm(
        posted(request), targets=node_choices(study_nodes(access.study), leave_out=node.pk),
        initial={"version": node.version},
    )  # fmt: skip
    return _node_page(request, access, node, form, "coding/codebook_merge.html", act,
                      impact=selectors.node_deletion_impact(node=node))  # fmt: skip


def _segment_choices(
    request: HttpRequest, access: StudyAccess, node: Node
) -> list[tuple[str, str]]:
    visible = selectors.segments_visible(user=request.user, access=access)
    segments = (
        visible.filter(node=node)
        .select_related("transcript__participant", "coder")
        .order_by("transcript__participant__pseudonym", "start")
    )
    return [
        (str(s.pk), f"{s.transcript.participant.pseudonym} ({s.coder}): “{s.text}”")
        for s in segments
    ]


@require_http_methods(["GET", "POST"])
def node_split(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    node = _node(access, pk)

    def act(data: dict) -> HttpResponse:
        new = services.node_split(
            actor=request.user, node=node, version=data["version"],
            segment_ids=[int(pk) for pk in data["segments"]], name=data["name"],
            why=data["why"],
        )  # fmt: skip
        count = len(data["segments"])
        messages.success(
            request, f"Moved {count} segment{'s'[: count != 1]} to the new “{new.name}”."
        )
        return _to_node(slug, new)

    form = NodeSplitForm(
        posted(request),
        segments=_segment_choices(request, access, node),
        initial={"version": node.version},
    )
    return _node_page(request, access, node, form, "coding/codebook_split.html", act)


@require_http_methods(["GET", "POST"])
def node_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    node = _node(access, pk)
    parent = node.parent

    def act(data: dict) -> HttpResponse:
        outcome = services.node_delete(
            actor=request.user, node=node, version=data["version"], segments=data["segments"],
            why=data["why"],
        )  # fmt: skip
        messages.success(
            request, f"Deleted “{node.name}”: {outcome['segments_moved']} segments moved "
            f"to its parent, {outcome['segments_deleted']} deleted.",
        )  # fmt: skip
        return _to_node(slug, parent)

    form = NodeDeleteForm(posted(request), initial={"version": node.version})
    return _node_page(request, access, node, form, "coding/codebook_delete.html", act,
                      impact=selectors.node_deletion_impact(node=node))  # fmt: skip


@require_http_methods(["GET"])
def trail(request: HttpRequest, slug: str) -> HttpResponse:
    """The analytic trail: every codebook change in order, or one node's history."""
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    nodes = study_nodes(access.study)
    form = TrailFilterForm(request.GET or None, nodes=node_choices(nodes))
    node_id, kind = None, ""
    if form.is_bound and form.is_valid():
        node_id = int(form.cleaned_data["node"]) if form.cleaned_data["node"] else None
        kind = form.cleaned_data["kind"]
    events = trail_events(study=access.study, node_id=node_id, kind=kind)
    kinds = Counter(node.kind for node in nodes)
    context = {
        "access": access, "study": access.study, "form": form,
        "steps": [describe(event) for event in events], "filtered": bool(node_id or kind),
        "now": [f"{kinds.get(value, 0)} {plural}" for value, plural in KIND_PLURALS.items()],
        "chosen": next((n for n in nodes if n.pk == node_id), None),
    }  # fmt: skip
    return render(request, "coding/trail.html", context, status=400 if form.errors else 200)
