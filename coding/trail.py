"""The analytic trail in words: each CodebookEvent as what happened and its before and
after, read from the event's own detail so it still reads once a node is gone."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import CodebookEvent, CodebookEventKind, NodeKind

# Where each kind of event keeps the nodes it was about, for "this node's history".
_NODE_KEYS = ("node", "source", "target", "new", "parent")
KIND_PLURALS = {
    NodeKind.CODE: "codes", NodeKind.CATEGORY: "categories",
    NodeKind.DESCRIPTIVE_THEME: "descriptive themes",
    NodeKind.EXPLANATORY_THEME: "explanatory themes", NodeKind.SUB_THEME: "sub-themes",
}  # fmt: skip
DEFINITION_LABELS = {
    "definition": "definition", "when_to_use": "when to use",
    "when_not_to_use": "when not to use", "example": "example",
}  # fmt: skip


@dataclass(frozen=True)
class Step:
    event: CodebookEvent
    what: str
    before: str
    after: str


def _kind(value: str | None) -> str:
    return NodeKind(value).label.lower() if value in NodeKind.values else (value or "")


def _named(summary: dict | None) -> str:
    if not summary:
        return "the top of the codebook"
    return f"“{summary.get('name', '?')}”"


def _where(name: str | None) -> str:
    return f"under “{name}”" if name else "at the top"


def _short(text: str, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _definitions(values: dict) -> str:
    return "; ".join(
        f"{DEFINITION_LABELS.get(field, field)}: {_short(value) or '(empty)'}"
        for field, value in values.items()
    )


def describe(event: CodebookEvent) -> Step:
    d = event.detail or {}
    node = _named(d.get("node"))
    kind = event.kind
    if kind == CodebookEventKind.CREATE:
        made = f"{_kind(d.get('node', {}).get('kind'))} {node}"
        where = _where((d.get("parent") or {}).get("name"))
        return Step(event, f"Created the {made} {where}", "", "")
    if kind == CodebookEventKind.RENAME:
        return Step(event, f"Renamed {_named({'name': d.get('before')})}", d.get("before", ""),
                    d.get("after", ""))  # fmt: skip
    if kind == CodebookEventKind.RETYPE:
        return Step(event, f"Changed the kind of {node}", _kind(d.get("before")),
                    _kind(d.get("after")))  # fmt: skip
    if kind == CodebookEventKind.RECOLOUR:
        return Step(event, f"Recoloured {node}", d.get("before", ""), d.get("after", ""))
    if kind == CodebookEventKind.DEFINE:
        return Step(event, f"Defined {node}", _definitions(d.get("before", {})),
                    _definitions(d.get("after", {})))  # fmt: skip
    if kind in (CodebookEventKind.MOVE, CodebookEventKind.REORDER):
        before, after = d.get("before", {}), d.get("after", {})
        if kind == CodebookEventKind.REORDER:
            return Step(event, f"Reordered {node} {_where(after.get('parent_name'))}",
                        f"place {before.get('position', 0) + 1}",
                        f"place {after.get('position', 0) + 1}")  # fmt: skip
        return Step(event, f"Moved {node}", _where(before.get("parent_name")),
                    _where(after.get("parent_name")))  # fmt: skip
    if kind == CodebookEventKind.MERGE:
        moved, collapsed = d.get("segments_moved", 0), d.get("segments_collapsed", 0)
        return Step(
            event, f"Merged {_named(d.get('source'))} into {_named(d.get('target'))}",
            f"{_named(d.get('source'))} and {_named(d.get('target'))}",
            f"{_named(d.get('target'))}: {moved} segments moved, {collapsed} exact copies "
            f"collapsed, {d.get('memos', 0)} memos and {d.get('children', 0)} children followed",
        )  # fmt: skip
    if kind == CodebookEventKind.SPLIT:
        count = len(d.get("segments", []))
        return Step(event, f"Split {_named(d.get('source'))}", _named(d.get("source")),
                    f"{count} segments moved to the new {_named(d.get('new'))}")  # fmt: skip
    if kind == CodebookEventKind.DELETE:
        if d.get("segments") == "delete":
            fate = f"{d.get('segments_deleted', 0)} segments deleted"
        else:
            fate = f"{d.get('segments_moved', 0)} segments moved to {_named(d.get('parent'))}"
        return Step(event, f"Deleted {node}", _where((d.get("parent") or {}).get("name")),
                    f"gone; {fate}; {d.get('children', 0)} children moved up")  # fmt: skip
    return Step(event, event.get_kind_display(), "", "")


def trail_events(*, study, node_id: int | None = None, kind: str = "") -> QuerySet[CodebookEvent]:
    """The study's codebook events in the order they happened; with `node_id`, only
    those about that node (including ones whose detail names it after it was merged
    or moved); with `kind`, only that kind of change."""
    events = CodebookEvent.objects.filter(study=study).select_related("actor")
    if kind:
        events = events.filter(kind=kind)
    if node_id is not None:
        about = Q(nodes__id=node_id)
        for key in _NODE_KEYS:
            about |= Q(**{f"detail__{key}__id": node_id})
        events = events.filter(pk__in=CodebookEvent.objects.filter(about).values("pk"))
    return events.order_by("at", "pk")
