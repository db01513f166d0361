"""Every change to a study's coding: the codebook tree, coded segments and memos.

Each service is one transaction, asks `studies.access` first (Action.CODE: leads,
researchers and coders), and moves the study's coding revision on. Every change to the
codebook also writes a CodebookEvent, the analytic trail. A node changed by someone
else since the caller read it (its `version`) is refused, never overwritten.

Coding does not pass the consent gate: it collects nothing from a participant, it
analyses a transcript the gate let in. A withdrawal that removes data removes the
transcript, and its segments and memos with it (studies.erasure).
"""

import re
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from interviews.models import Transcript, TranscriptStatus, TranscriptVersion, VersionKind
from interviews.services.transcripts import words_redacted
from interviews.version_hooks import VersionWritten
from studies import access
from studies.access import Action
from studies.models import AuditAction, Study, User
from studies.services.audit import audit_record
from studies.text import check_characters

from . import offsets, selectors
from .models import (
    NAME_MAX_CHARS,
    CarryOver,
    CodebookEvent,
    CodebookEventKind,
    CodedSegment,
    CodingAction,
    CodingActionKind,
    CodingState,
    Memo,
    MemoKind,
    Node,
    NodeKind,
    RemovedSegment,
    TranscriptCoding,
)

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFINITION_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")
TEXT_MAX_CHARS = 20_000
SEGMENTS_TO_PARENT, SEGMENTS_DELETE = "to_parent", "delete"


# --- Shared steps ------------------------------------------------------------------------


def _lock_study(study_id: int) -> CodingState:
    """Locks the study's coding state row until the transaction ends: coding changes
    in one study are written one at a time, so a check made under it (a free name, a
    segment not coded yet) still holds when the row is written."""
    state, _created = CodingState.objects.select_for_update().get_or_create(study_id=study_id)
    return state


def _next_revision(study_id: int) -> int:
    """Moves the study's coding revision on and returns it. The row stays locked until
    the transaction ends, so revisions commit in the order they were given: a client
    that has seen revision N never misses a change numbered N or below."""
    state = _lock_study(study_id)
    state.revision += 1
    state.save(update_fields=["revision"])
    return state.revision


def _event(
    *, study_id: int, kind: str, actor: User | None, why: str = "", nodes: Iterable[Node] = (),
    detail: dict | None = None,
) -> CodebookEvent:  # fmt: skip
    event = CodebookEvent.objects.create(
        study_id=study_id, kind=kind, actor=actor, why=why.strip(), detail=detail or {}
    )
    kept = [node for node in nodes if node.pk is not None]
    if kept:
        event.nodes.add(*kept)
    return event


def _audit(actor: User, node: Node, action: str, detail: dict) -> None:
    """Merges, splits and deletions reach the study's audit trail too, besides the
    analytic trail: they move or remove many segments of participants' words at once.
    Ids, kinds and counts only, never names: a node's name may be a participant's own
    words (in vivo coding), and the audit trail never holds personal values."""
    audit_record(study=node.study, actor=actor, action=action, detail=detail)


def _summary(node: Node) -> dict:
    """A node as the trail remembers it, readable after the node is gone."""
    return {"id": node.pk, "name": node.name, "kind": node.kind}


def _locked_node(actor: User, node: Node, version: int | None) -> Node:
    """The node, locked, after the access check and, when given, the version check."""
    access.require(actor, node.study, Action.CODE)
    locked = Node.objects.select_for_update().filter(pk=node.pk).first()
    if locked is None:
        raise ValidationError("This node was deleted by someone else.")
    if version is not None and version != locked.version:
        raise ValidationError(
            {
                "version": (
                    f"{_last_changed_by(locked)} changed “{locked.name}” (now version "
                    f"{locked.version}) after you opened version {version}. Reload it to see "
                    "their change, then make yours again."
                )
            }
        )
    return locked


# The trail's kinds of event that move a node's own version on.
_VERSIONED_CHANGES = (
    CodebookEventKind.RENAME, CodebookEventKind.DEFINE, CodebookEventKind.RETYPE,
    CodebookEventKind.RECOLOUR, CodebookEventKind.MOVE, CodebookEventKind.REORDER,
)  # fmt: skip


def _last_changed_by(node: Node) -> str:
    """Who made the node's latest change, from the trail, so a conflict names the
    person to talk to rather than "someone"."""
    event = (
        CodebookEvent.objects.filter(
            study_id=node.study_id, kind__in=_VERSIONED_CHANGES, detail__node__id=node.pk
        )
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    return str(event.actor) if event is not None and event.actor is not None else "Someone"


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Give the node a name."})
    if len(name) > NAME_MAX_CHARS:
        raise ValidationError({"name": f"A name is at most {NAME_MAX_CHARS} characters."})
    check_characters(lines={"name": name})
    return name


def _check_name_free(study_id: int, parent_id: int | None, name: str, node: Node | None) -> None:
    siblings = Node.objects.filter(study_id=study_id, parent_id=parent_id, name__iexact=name)
    if node is not None and node.pk is not None:
        siblings = siblings.exclude(pk=node.pk)
    if siblings.exists():
        where = "at the top of the codebook" if parent_id is None else "under that parent"
        raise ValidationError({"name": f"There is a node called “{name}” {where} already."})


def _clean_colour(colour: str) -> str:
    if not _COLOUR.fullmatch(colour or ""):
        raise ValidationError({"colour": "Give a colour as #rrggbb, e.g. #4e79a7."})
    return colour.lower()


def _clean_kind(kind: str) -> str:
    if kind not in NodeKind.values:
        raise ValidationError({"kind": "Choose one of: " + ", ".join(NodeKind.values) + "."})
    return kind


def _clean_texts(fields: dict[str, str]) -> dict[str, str]:
    cleaned = {name: (value or "").strip() for name, value in fields.items()}
    for name, value in cleaned.items():
        if len(value) > TEXT_MAX_CHARS:
            raise ValidationError({name: f"At most {TEXT_MAX_CHARS} characters."})
    check_characters(texts=cleaned)
    return cleaned


def _check_parent(study_id: int, parent: Node | None) -> None:
    if parent is not None and parent.study_id != study_id:
        raise ValidationError({"parent": "That parent belongs to another study."})


def _place(node: Node, parent_id: int | None, position: int | None) -> None:
    """Puts `node` at `position` among its new siblings (the end when None) and numbers
    them again. Siblings' versions stay: only their order moved, not what they say."""
    siblings = list(
        Node.objects.filter(study_id=node.study_id, parent_id=parent_id)
        .exclude(pk=node.pk)
        .order_by("position", "pk")
    )
    at = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(at, node)
    for index, sibling in enumerate(siblings):
        if sibling is node:
            node.position = index
        elif sibling.position != index:
            Node.objects.filter(pk=sibling.pk).update(position=index)


def _adopt_children(node: Node, new_parent: Node | None) -> int:
    """Moves `node`'s children under `new_parent` (None: the top), after its own
    children; refuses when a name would appear twice there."""
    children = list(node.children.order_by("position", "pk"))
    if not children:
        return 0
    parent_id = new_parent.pk if new_parent else None
    taken = {
        name.casefold()
        for name in Node.objects.filter(study_id=node.study_id, parent_id=parent_id)
        .exclude(pk=node.pk)
        .values_list("name", flat=True)
    }
    clashes = sorted(child.name for child in children if child.name.casefold() in taken)
    if clashes:
        raise ValidationError(
            "Its children would join nodes of the same name: rename or move "
            + ", ".join(f"“{name}”" for name in clashes)
            + " first."
        )
    last = Node.objects.filter(study_id=node.study_id, parent_id=parent_id).aggregate(
        last=Max("position")
    )["last"]
    start = 0 if last is None else last + 1
    for offset, child in enumerate(children):
        Node.objects.filter(pk=child.pk).update(parent_id=parent_id, position=start + offset)
    return len(children)


def _move_segments(source: Node, target: Node, revision: int) -> tuple[int, int]:
    """Moves every segment of `source` to `target`; one that would be an exact copy of a
    segment the target has (same transcript, coder and range) is removed instead, with
    its memos kept on the copy. Returns (moved, collapsed)."""
    existing = {
        (s.transcript_id, s.coder_id, s.start, s.end): s.pk
        for s in target.segments.only("pk", "transcript_id", "coder_id", "start", "end")
    }
    duplicates: dict[int, int] = {}
    for segment in source.segments.only("pk", "transcript_id", "coder_id", "start", "end"):
        kept = existing.get((segment.transcript_id, segment.coder_id, segment.start, segment.end))
        if kept is not None:
            duplicates[segment.pk] = kept
    for removed, kept in duplicates.items():
        Memo.objects.filter(segment_id=removed).update(segment_id=kept, revision=revision)
    _segments_remove(CodedSegment.objects.filter(pk__in=duplicates), revision)
    moved = source.segments.update(node=target, revision=revision, updated_at=timezone.now())
    return moved, len(duplicates)


def _segments_remove(segments, revision: int) -> int:
    """Deletes segments, leaving a tombstone for each so "what changed since" sees it,
    and keeping memos about them on their transcript."""
    rows = list(segments.values_list("pk", "transcript_id"))
    if not rows:
        return 0
    ids = [pk for pk, _ in rows]
    Memo.objects.filter(segment_id__in=ids).update(segment=None, revision=revision)
    RemovedSegment.objects.bulk_create(
        RemovedSegment(segment_id=pk, transcript_id=transcript_id, revision=revision)
        for pk, transcript_id in rows
    )
    CodedSegment.objects.filter(pk__in=ids).delete()
    return len(ids)


# --- Nodes -------------------------------------------------------------------------------


@transaction.atomic
def node_create(
    *, actor: User, study: Study, name: str, kind: str = NodeKind.CODE,
    parent: Node | None = None, colour: str | None = None, definition: str = "",
    when_to_use: str = "", when_not_to_use: str = "", example: str = "", why: str = "",
) -> Node:  # fmt: skip
    """A new node at the end of its parent's children (or of the top level), in the
    colour given or else the one the codebook uses least."""
    access.require(actor, study, Action.CODE)
    _check_parent(study.pk, parent)
    name = _clean_name(name)
    texts = _clean_texts(
        {"definition": definition, "when_to_use": when_to_use,
         "when_not_to_use": when_not_to_use, "example": example}
    )  # fmt: skip
    node = Node(
        study=study, parent=parent, name=name, kind=_clean_kind(kind),
        colour=_clean_colour(colour or selectors.node_next_colour(study_id=study.pk)),
        created_by=actor, **texts,
    )  # fmt: skip
    _next_revision(study.pk)
    _check_name_free(study.pk, node.parent_id, name, None)
    _place(node, node.parent_id, None)
    node.save()
    _event(
        study_id=study.pk, kind=CodebookEventKind.CREATE, actor=actor, why=why, nodes=[node],
        detail={"node": _summary(node), "parent": _summary(parent) if parent else None},
    )  # fmt: skip
    return node


@transaction.atomic
def node_update(
    *, actor: User, node: Node, version: int, name: str | None = None, kind: str | None = None,
    colour: str | None = None, definition: str | None = None, when_to_use: str | None = None,
    when_not_to_use: str | None = None, example: str | None = None, why: str = "",
) -> Node:  # fmt: skip
    """Renames, redefines, recolours or changes the kind of a node (whatever is given),
    if nobody changed it since `version`; one trail event per kind of change."""
    node = _locked_node(actor, node, version)
    _lock_study(node.study_id)
    changes: list[tuple[str, dict]] = []
    if name is not None:
        name = _clean_name(name)
        if name != node.name:
            _check_name_free(node.study_id, node.parent_id, name, node)
            changes.append((CodebookEventKind.RENAME, {"before": node.name, "after": name}))
            node.name = name
    if kind is not None and _clean_kind(kind) != node.kind:
        changes.append((CodebookEventKind.RETYPE, {"before": node.kind, "after": kind}))
        node.kind = kind
    if colour is not None and _clean_colour(colour) != node.colour:
        changes.append(
            (CodebookEventKind.RECOLOUR, {"before": node.colour, "after": colour.lower()})
        )
        node.colour = colour.lower()
    given = {
        field: value
        for field, value in zip(
            DEFINITION_FIELDS, (definition, when_to_use, when_not_to_use, example), strict=True
        )
        if value is not None
    }
    defined = {
        field: value
        for field, value in _clean_texts(given).items()
        if value != getattr(node, field)
    }
    if defined:
        before = {field: getattr(node, field) for field in defined}
        changes.append((CodebookEventKind.DEFINE, {"before": before, "after": defined}))
        for field, value in defined.items():
            setattr(node, field, value)
    if not changes:
        return node
    node.version += 1
    node.save()
    _next_revision(node.study_id)
    for kind_of_change, detail in changes:
        _event(
            study_id=node.study_id, kind=kind_of_change, actor=actor, why=why, nodes=[node],
            detail={"node": _summary(node), **detail},
        )  # fmt: skip
    return node


@transaction.atomic
def node_move(
    *, actor: User, node: Node, version: int, parent: Node | None, position: int | None = None,
    why: str = "",
) -> Node:  # fmt: skip
    """Moves a node (with everything below it) under `parent` (None: the top), at
    `position` among its new siblings (the end when None). Under its own parent this
    is a reorder. A node cannot go under itself or anything below it."""
    node = _locked_node(actor, node, version)
    _lock_study(node.study_id)
    _check_parent(node.study_id, parent)
    parent_id = parent.pk if parent else None
    if parent_id is not None and (
        parent_id == node.pk or parent_id in selectors.node_descendant_ids(node=node)
    ):
        raise ValidationError({"parent": "A node cannot move under itself or its own descendant."})
    same_parent = parent_id == node.parent_id
    if not same_parent:
        _check_name_free(node.study_id, parent_id, node.name, node)
    before = {"parent": node.parent_id, "position": node.position}
    old_parent = node.parent
    _place(node, parent_id, position)
    if same_parent and node.position == before["position"]:
        return node
    node.parent_id = parent_id
    node.version += 1
    node.save(update_fields=["parent", "position", "version"])
    _next_revision(node.study_id)
    kind = CodebookEventKind.REORDER if same_parent else CodebookEventKind.MOVE
    _event(
        study_id=node.study_id, kind=kind, actor=actor, why=why,
        nodes=[n for n in (node, old_parent, parent) if n is not None],
        detail={
            "node": _summary(node),
            "before": {**before, "parent_name": old_parent.name if old_parent else None},
            "after": {"parent": parent_id, "position": node.position,
                      "parent_name": parent.name if parent else None},
        },
    )  # fmt: skip
    return node


def node_reorder(*, actor: User, node: Node, version: int, position: int, why: str = "") -> Node:
    """Moves a node to `position` among its siblings."""
    return node_move(
        actor=actor, node=node, version=version, parent=node.parent, position=position, why=why
    )


@transaction.atomic
def node_delete(
    *, actor: User, node: Node, version: int, segments: str, why: str = ""
) -> dict[str, int]:
    """Deletes a node. Its segments go to its parent (`segments="to_parent"`, exact
    duplicates collapsing) or are deleted (`"delete"`); its children move up to its
    parent; memos about it follow its segments (or become the study's). Returns what
    was moved and removed. `selectors.node_deletion_impact` gives the counts to show
    before asking."""
    node = _locked_node(actor, node, version)
    if segments not in (SEGMENTS_TO_PARENT, SEGMENTS_DELETE):
        raise ValidationError({"segments": "Choose to_parent or delete."})
    parent = node.parent
    held = node.segments.count()
    if segments == SEGMENTS_TO_PARENT and parent is None and held:
        raise ValidationError(
            {
                "segments": f"“{node.name}” is at the top of the codebook: there is no parent "
                "to take its segments. Delete them, or move the node under another first."
            }
        )
    revision = _next_revision(node.study_id)
    children = _adopt_children(node, parent)
    moved = collapsed = removed = 0
    if segments == SEGMENTS_TO_PARENT and parent is not None:
        moved, collapsed = _move_segments(node, parent, revision)
        memos = Memo.objects.filter(node=node).update(node=parent, revision=revision)
    else:
        removed = _segments_remove(node.segments.all(), revision)
        memos = Memo.objects.filter(node=node).update(node=None, revision=revision)
    outcome = {
        "segments_moved": moved, "segments_collapsed": collapsed, "segments_deleted": removed,
        "memos": memos, "children": children,
    }  # fmt: skip
    _event(
        study_id=node.study_id, kind=CodebookEventKind.DELETE, actor=actor, why=why,
        nodes=[parent] if parent else [],
        detail={"node": _summary(node), "parent": _summary(parent) if parent else None,
                "segments": segments, **outcome},
    )  # fmt: skip
    _audit(actor, node, AuditAction.CODEBOOK_DELETED, {
        "node": node.pk, "kind": node.kind, "parent": parent.pk if parent else None,
        "segments": segments, **outcome,
    })  # fmt: skip
    node.delete()
    return outcome


@transaction.atomic
def node_merge(*, actor: User, source: Node, target: Node, version: int, why: str) -> Node:
    """Merges `source` into `target`: its segments move there (exact duplicates
    collapse), its memos and children follow, and it is deleted. The trail keeps who
    merged what into what, and why."""
    source = _locked_node(actor, source, version)
    if target.study_id != source.study_id:
        raise ValidationError({"target": "That node belongs to another study."})
    if target.pk == source.pk:
        raise ValidationError({"target": "A node cannot be merged into itself."})
    if target.pk in selectors.node_descendant_ids(node=source):
        raise ValidationError(
            {"target": "A node cannot be merged into its own descendant: move that one out first."}
        )
    if not why.strip():
        raise ValidationError({"why": "Say why these are merged: the analytic trail keeps it."})
    target = Node.objects.select_for_update().get(pk=target.pk)
    revision = _next_revision(source.study_id)
    children = _adopt_children(source, target)
    moved, collapsed = _move_segments(source, target, revision)
    memos = Memo.objects.filter(node=source).update(node=target, revision=revision)
    _event(
        study_id=source.study_id, kind=CodebookEventKind.MERGE, actor=actor, why=why,
        nodes=[target],
        detail={"source": _summary(source), "target": _summary(target), "segments_moved": moved,
                "segments_collapsed": collapsed, "memos": memos, "children": children},
    )  # fmt: skip
    _audit(actor, source, AuditAction.CODEBOOK_MERGED, {
        "source": source.pk, "target": target.pk, "kind": source.kind, "segments_moved": moved,
        "segments_collapsed": collapsed, "memos": memos, "children": children,
    })  # fmt: skip
    source.delete()
    return target


@transaction.atomic
def node_split(
    *, actor: User, node: Node, version: int, segment_ids: list[int], name: str, why: str = ""
) -> Node:
    """Moves the chosen segments of `node` to a new node of the same kind beside it."""
    node = _locked_node(actor, node, version)
    chosen = set(segment_ids)
    if not chosen:
        raise ValidationError({"segments": "Choose the segments that go to the new node."})
    # Only segments the actor may see: under independent coding, other coders' stay
    # out of reach even by id.
    visible = selectors.segments_visible(
        user=actor, access=access.require(actor, node.study, Action.CODE)
    )
    found = set(visible.filter(node=node, pk__in=chosen).values_list("pk", flat=True))
    if found != chosen:
        raise ValidationError({"segments": "Some of these segments are not coded with this node."})
    name = _clean_name(name)
    revision = _next_revision(node.study_id)
    _check_name_free(node.study_id, node.parent_id, name, None)
    new = Node(
        study_id=node.study_id, parent_id=node.parent_id, name=name, kind=node.kind,
        colour=node.colour, created_by=actor,
    )  # fmt: skip
    _place(new, node.parent_id, node.position + 1)
    new.save()
    CodedSegment.objects.filter(pk__in=chosen).update(
        node=new, revision=revision, updated_at=timezone.now()
    )
    _event(
        study_id=node.study_id, kind=CodebookEventKind.SPLIT, actor=actor, why=why,
        nodes=[node, new],
        detail={"source": _summary(node), "new": _summary(new), "segments": sorted(chosen)},
    )  # fmt: skip
    _audit(actor, node, AuditAction.CODEBOOK_SPLIT, {
        "source": node.pk, "new": new.pk, "kind": node.kind, "segments_moved": len(chosen),
    })  # fmt: skip
    return new


# --- Segments ----------------------------------------------------------------------------


def _check_range(text: str, start: int, end: int) -> None:
    if start < 0 or end < 0:
        raise ValidationError({"start": "A position cannot be negative."})
    if start >= end:
        raise ValidationError({"end": "The end must come after the start: select some words."})
    if end > len(text):
        raise ValidationError(
            {"end": f"This range runs past the end of the transcript ({len(text)} characters)."}
        )
    if not text[start:end].strip():
        raise ValidationError({"start": "This range holds only spaces: select some words."})


def _check_codable(transcript: Transcript, node: Node) -> None:
    if node.study_id != transcript.study_id:
        raise ValidationError({"node": "That node belongs to another study."})
    if transcript.status != TranscriptStatus.READY:
        raise ValidationError(
            {"transcript": "This transcript is not ready for coding yet: it opens for coding "
                           "once a researcher marks it ready."}
        )  # fmt: skip


@transaction.atomic
def segment_create(
    *, coder: User, transcript: Transcript, node: Node, start: int, end: int
) -> CodedSegment:
    """Codes `[start, end)` (code points) of the transcript's current text with `node`."""
    access.require(coder, transcript.study, Action.CODE)
    _check_codable(transcript, node)
    _check_range(transcript.text, start, end)
    # The revision first: its lock makes the duplicate check hold until the insert.
    revision = _next_revision(transcript.study_id)
    duplicate = CodedSegment.objects.filter(
        transcript=transcript, node=node, coder=coder, start=start, end=end
    )
    if duplicate.exists():
        raise ValidationError({"node": "You have coded these words with this node already."})
    now = timezone.now()
    segment = CodedSegment.objects.create(
        transcript=transcript, version=transcript.version, node=node, coder=coder, start=start,
        end=end, text=transcript.text[start:end], revision=revision, created_at=now,
        updated_at=now,
    )  # fmt: skip
    _action_log(coder, segment, CodingActionKind.CREATE, {})
    return segment


@transaction.atomic
def segments_import(
    *, actor: User, transcript: Transcript, rows: list[tuple[Node, User, int, int, datetime]]
) -> list[CodedSegment]:
    """Stores many segments at once, as an import brings them: `(node, coder, start,
    end, coded at)` each, checked as `segment_create` checks one, in one INSERT and one
    revision. Duplicates of the same words, node and coder are the caller's to drop.
    Not undoable: the import as a whole is what happened."""
    access.require(actor, transcript.study, Action.CODE)
    for node, _coder, start, end, _at in rows:
        _check_codable(transcript, node)
        _check_range(transcript.text, start, end)
    revision = _next_revision(transcript.study_id)
    return CodedSegment.objects.bulk_create(
        CodedSegment(
            transcript=transcript,
            version=transcript.version,
            node=node,
            coder=coder,
            start=start,
            end=end,
            text=transcript.text[start:end],
            revision=revision,
            created_at=at,
            updated_at=at,
        )  # fmt: skip
        for node, coder, start, end, at in rows
    )


@transaction.atomic
def segment_update(
    *, actor: User, segment: CodedSegment, node: Node | None = None, start: int | None = None,
    end: int | None = None,
) -> CodedSegment:  # fmt: skip
    """Changes a segment's node or range. Any change (even none) clears the review
    flag: a person has looked at it where it is."""
    transcript = segment.transcript
    access.require(actor, transcript.study, Action.CODE)
    revision = _next_revision(transcript.study_id)
    segment = CodedSegment.objects.select_for_update().get(pk=segment.pk)
    node = node or segment.node
    _check_codable(transcript, node)
    start = segment.start if start is None else start
    end = segment.end if end is None else end
    _check_range(transcript.text, start, end)
    same = CodedSegment.objects.filter(
        transcript=transcript, node=node, coder=segment.coder_id, start=start, end=end
    ).exclude(pk=segment.pk)
    if same.exists():
        raise ValidationError({"node": "These words are coded with this node already."})
    before = _segment_state(segment)
    segment.node, segment.start, segment.end = node, start, end
    segment.text, segment.version = transcript.text[start:end], transcript.version
    segment.needs_review, segment.review_before, segment.review_version = False, "", None
    segment.revision = revision
    segment.updated_at = timezone.now()
    segment.save()
    _action_log(actor, segment, CodingActionKind.UPDATE, before)
    return segment


@transaction.atomic
def segment_review_confirm(*, actor: User, segment: CodedSegment) -> CodedSegment:
    """Confirms a segment a new version flagged: a person looked at its new words and
    its coding stands where it is. The flag and the words before go; undo brings them
    back. Its own coder confirms, or a lead (`Action.MANAGE_CODING`): whether a code
    still fits is the coder's judgement, and anyone else who disagrees recodes it."""
    transcript = segment.transcript
    allowed = access.require(actor, transcript.study, Action.CODE)
    if segment.coder_id != actor.pk and not allowed.can(Action.MANAGE_CODING):
        raise PermissionDenied(
            "Only the segment's coder or a lead confirms it; recode it if it needs changing."
        )
    revision = _next_revision(transcript.study_id)
    segment = CodedSegment.objects.select_for_update().filter(pk=segment.pk).first()
    if segment is None:
        raise ValidationError("This segment was removed since: there is nothing to confirm.")
    if not segment.needs_review:
        raise ValidationError("Someone confirmed or recoded this segment already.")
    before = _segment_state(segment)
    segment.needs_review, segment.review_before, segment.review_version = False, "", None
    segment.revision, segment.updated_at = revision, timezone.now()
    segment.save(
        update_fields=["needs_review", "review_before", "review_version", "revision", "updated_at"]
    )
    _action_log(actor, segment, CodingActionKind.UPDATE, before)
    return segment


@transaction.atomic
def segment_delete(*, actor: User, segment: CodedSegment) -> None:
    """Removes a segment; memos about it stay on its transcript."""
    access.require(actor, segment.transcript.study, Action.CODE)
    revision = _next_revision(segment.transcript.study_id)
    segment = CodedSegment.objects.filter(pk=segment.pk).first()
    if segment is None:
        return
    before = _segment_state(segment)
    _segments_remove(CodedSegment.objects.filter(pk=segment.pk), revision)
    segment.revision = revision
    _action_log(actor, segment, CodingActionKind.DELETE, before)


# --- Undo --------------------------------------------------------------------------------

_STATE = (
    "node_id", "coder_id", "start", "end", "text", "version", "needs_review", "review_before",
    "review_version",
)  # fmt: skip


def _segment_state(segment: CodedSegment) -> dict:
    """What undo needs to put a segment back as it was."""
    return {field: getattr(segment, field) for field in _STATE} | {
        "created_at": segment.created_at.isoformat(),
        "revision": segment.revision,
    }


def _action_log(actor: User, segment: CodedSegment, kind: str, before: dict) -> None:
    CodingAction.objects.create(
        transcript_id=segment.transcript_id, coder=actor, kind=kind, segment_id=segment.pk,
        revision=segment.revision, before=before,
    )  # fmt: skip


_CHANGED_SINCE = (
    "This segment changed since (someone recoded it, or a new version of the transcript "
    "moved it), so undoing would overwrite that. Change it by hand instead."
)


def _undo_create(action: CodingAction, revision: int) -> str:
    segment = CodedSegment.objects.filter(pk=action.segment_id).select_related("node").first()
    if segment is None:
        raise ValidationError("That segment was removed since: there is nothing to undo.")
    if segment.revision != action.revision:
        raise ValidationError(_CHANGED_SINCE)
    _segments_remove(CodedSegment.objects.filter(pk=segment.pk), revision)
    return f"Undone: coding with “{segment.node.name}” removed."


def _restorable(action: CodingAction, transcript: Transcript) -> Node:
    before = action.before
    if before["version"] != transcript.version:
        raise ValidationError(
            "The transcript has a new version since, so the words have moved: code them again."
        )
    node = Node.objects.filter(pk=before["node_id"], study_id=transcript.study_id).first()
    if node is None:
        raise ValidationError("Its code was deleted or merged since, so it cannot come back.")
    return node


def _undo_update(action: CodingAction, transcript: Transcript, revision: int) -> str:
    segment = CodedSegment.objects.select_for_update().filter(pk=action.segment_id).first()
    if segment is None:
        raise ValidationError("That segment was removed since: there is nothing to undo.")
    if segment.revision != action.revision:
        raise ValidationError(_CHANGED_SINCE)
    node, before = _restorable(action, transcript), action.before
    same = CodedSegment.objects.filter(
        transcript=transcript, node=node, coder_id=segment.coder_id, start=before["start"],
        end=before["end"],
    ).exclude(pk=segment.pk)  # fmt: skip
    if same.exists():
        raise ValidationError("These words are coded with that code again already.")
    confirmed = (segment.node_id, segment.start, segment.end) == (
        node.pk, before["start"], before["end"]
    ) and before["needs_review"] and not segment.needs_review  # fmt: skip
    segment.node, segment.start, segment.end = node, before["start"], before["end"]
    segment.text, segment.needs_review = before["text"], before["needs_review"]
    segment.review_before, segment.review_version = _review_state(before)
    segment.revision, segment.updated_at = revision, timezone.now()
    segment.save()
    _relink(action, segment)
    if confirmed:
        return "Undone: the segment needs a look again."
    return f"Undone: the segment is coded with “{node.name}” again."


def _review_state(before: dict) -> tuple[str, int | None]:
    """The review fields a logged state held (none in entries older than them)."""
    return before.get("review_before", ""), before.get("review_version")


def _undo_delete(action: CodingAction, transcript: Transcript, revision: int) -> str:
    node, before = _restorable(action, transcript), action.before
    duplicate = CodedSegment.objects.filter(
        transcript=transcript, node=node, coder_id=before["coder_id"], start=before["start"],
        end=before["end"],
    )  # fmt: skip
    if duplicate.exists():
        raise ValidationError("These words are coded with that code again already.")
    review_before, review_version = _review_state(before)
    segment = CodedSegment.objects.create(
        transcript=transcript, version=before["version"], node=node,
        coder_id=before["coder_id"], start=before["start"], end=before["end"],
        text=before["text"], needs_review=before["needs_review"], review_before=review_before,
        review_version=review_version, revision=revision, created_at=before["created_at"],
        updated_at=timezone.now(),
    )  # fmt: skip
    _relink(action, segment)
    return f"Undone: “{node.name}” is back on these words."


def _relink(action: CodingAction, segment: CodedSegment) -> None:
    """The coder's previous action on this segment now points at the segment as undo
    left it (a new id after a removal came back, a new revision), so it can be undone
    next; only if nobody changed the segment between the two actions."""
    previous = (
        CodingAction.objects.filter(
            transcript_id=action.transcript_id,
            coder_id=action.coder_id,
            undone=False,
            segment_id=action.segment_id,
            pk__lt=action.pk,
        )  # fmt: skip
        .order_by("-pk")
        .first()
    )
    if previous is not None and previous.revision == action.before.get("revision"):
        previous.segment_id, previous.revision = segment.pk, segment.revision
        previous.save(update_fields=["segment_id", "revision"])


@transaction.atomic
def segment_undo(*, coder: User, transcript: Transcript) -> str:
    """Undoes the coder's latest change on this transcript not undone yet (a segment
    coded, recoded or removed), newest first; returns what was undone, in words.

    Only one's own actions, and only while the segment is as that action left it:
    anything changed since (by another coder, a merge, a new version) is refused with
    a message and nothing changes, so undo never takes someone else's work away."""
    access.require(coder, transcript.study, Action.CODE)
    revision = _next_revision(transcript.study_id)
    action = selectors.segment_last_action(transcript=transcript, coder=coder)
    if action is None:
        raise ValidationError("Nothing to undo: you have not changed any coding here yet.")
    if action.kind == CodingActionKind.CREATE:
        done = _undo_create(action, revision)
    elif action.kind == CodingActionKind.UPDATE:
        done = _undo_update(action, transcript, revision)
    else:
        done = _undo_delete(action, transcript, revision)
    action.undone = True
    action.save(update_fields=["undone"])
    return done


# --- Independent coding ------------------------------------------------------------------


@transaction.atomic
def transcript_coding_set(*, actor: User, transcript: Transcript, independent: bool) -> bool:
    """Switches a transcript to independent coding (each coder sees only their own
    segments) or back, which reveals everyone's segments to everyone (leads alone:
    `Action.MANAGE_CODING`). Returns whether anything changed.

    The revision moves on, so open coding pages learn of the switch from their next
    poll (it names the mode) and offer a reload. The segments' own revisions stay:
    they did not change, and undo compares them."""
    access.require(actor, transcript.study, Action.MANAGE_CODING)
    _next_revision(transcript.study_id)
    current = TranscriptCoding.objects.select_for_update().filter(transcript=transcript).first()
    if (current is not None and current.independent) == independent:
        return False
    TranscriptCoding.objects.update_or_create(
        transcript=transcript,
        defaults={"independent": independent, "changed_by": actor, "changed_at": timezone.now()},
    )
    return True


def segments_carry(change: VersionWritten) -> int:
    """Carries every segment of a transcript to its new version (a listener the
    transcript services call inside their transaction): unchanged words keep their
    segments at the new offsets; a segment whose words changed moves to the best match
    and is flagged for review, keeping the words it covered before for the reviewer.
    None is dropped. A CarryOver records the counts for the review list. Returns how
    many were carried."""
    transcript = change.transcript
    segments = list(
        CodedSegment.objects.filter(transcript=transcript).only(
            "pk", "start", "end", "needs_review"
        )
    )
    if not segments:
        return 0
    places = offsets.carry_segments(
        change.old_text, change.new_text, [(s.start, s.end) for s in segments]
    )
    revision = _next_revision(transcript.study_id)
    now = timezone.now()
    counts = {"kept": 0, "shifted": 0, "flagged": 0}
    flagged = []
    for segment, place in zip(segments, places, strict=True):
        if place.changed:
            counts["flagged"] += 1
            if not segment.needs_review:
                flagged.append((segment, segment.start, segment.end))
        else:
            moved = (place.start, place.end) != (segment.start, segment.end)
            counts["shifted" if moved else "kept"] += 1
        segment.start, segment.end = place.start, place.end
        segment.text = change.new_text[place.start : place.end]
        segment.needs_review = segment.needs_review or place.changed
        segment.version, segment.revision, segment.updated_at = change.number, revision, now
    CodedSegment.objects.bulk_update(
        segments, ["start", "end", "text", "needs_review", "version", "revision", "updated_at"],
        batch_size=500,
    )  # fmt: skip
    if flagged:
        _review_mark(change, flagged)
    CarryOver.objects.create(
        transcript=transcript, at=now,
        version=TranscriptVersion.objects.get(transcript=transcript, number=change.number),
        **counts,
    )  # fmt: skip
    return len(segments)


def _review_mark(change: VersionWritten, flagged: list[tuple[CodedSegment, int, int]]) -> None:
    """Keeps, on each newly flagged segment, the words it covered in the old text. After
    a redaction those words would still hold what was redacted (a segment may even end
    inside a name), so there only the characters the new text kept are copied, and
    what the redaction took out reads as its replacement."""
    old = change.old_text
    redacted = change.kind == VersionKind.REDACTED
    blocks = offsets.OffsetMap(old, change.new_text).blocks if redacted else []
    marker = change.replacement or "[redacted]"
    for segment, start, end in flagged:
        words = _words_kept(old, blocks, start, end, marker) if redacted else old[start:end]
        segment.review_before, segment.review_version = words, change.number
    CodedSegment.objects.bulk_update(
        [segment for segment, _start, _end in flagged], ["review_before", "review_version"],
        batch_size=500,
    )  # fmt: skip


def _words_kept(
    old: str, blocks: list[tuple[int, int, int]], start: int, end: int, marker: str
) -> str:
    """`old[start:end]` with each run the new text did not keep (the offset map's
    `blocks` are the runs it kept, in order) written as `marker`."""
    out, at = [], start
    for old_start, _new_start, size in blocks:
        low, high = max(start, old_start), min(end, old_start + size)
        if low >= high:
            continue
        if low > at:
            out.append(marker)
        out.append(old[low:high])
        at = high
    if at < end:
        out.append(marker)
    return "".join(out)


def coding_redact(change: VersionWritten) -> int:
    """After a redaction (a listener like `segments_carry`), the redacted words leave
    the copies coding keeps outside the transcript: the study's memos (a coder may have
    written a name the team later redacts), this transcript's undo log and the words
    its flagged segments keep for review. Segments' own words were renewed by the
    carry. Returns how many memos changed."""
    if not change.redacted:
        return 0
    term, replacement = change.redacted, change.replacement
    transcript = change.transcript
    memos = []
    for memo in Memo.objects.filter(study_id=transcript.study_id).filter(
        Q(title__contains=term) | Q(text__contains=term)
    ):
        title = words_redacted(memo.title, term, replacement)
        text = words_redacted(memo.text, term, replacement)
        if (title, text) != (memo.title, memo.text):
            memo.title, memo.text = title, text
            memos.append(memo)
    if memos:
        revision = _next_revision(transcript.study_id)
        for memo in memos:
            memo.revision = revision
        Memo.objects.bulk_update(memos, ["title", "text", "revision"])
    actions = []
    for action in CodingAction.objects.filter(transcript=transcript):
        before = dict(action.before)
        for key in ("text", "review_before"):  # the words then, and before a review flag
            if before.get(key):
                before[key] = words_redacted(before[key], term, replacement)
        if before != action.before:
            action.before = before
            actions.append(action)
    CodingAction.objects.bulk_update(actions, ["before"])
    # Segments flagged by an earlier version keep that version's words for review.
    flagged = list(
        CodedSegment.objects.filter(
            transcript=transcript, needs_review=True, review_before__contains=term
        ).only("pk", "review_before")
    )
    for segment in flagged:
        segment.review_before = words_redacted(segment.review_before, term, replacement)
    CodedSegment.objects.bulk_update(flagged, ["review_before"])
    return len(memos)


# --- Memos -------------------------------------------------------------------------------


def _clean_memo(title: str, text: str, kind: str) -> tuple[str, str, str]:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the memo a title."})
    if len(title) > NAME_MAX_CHARS:
        raise ValidationError({"title": f"A title is at most {NAME_MAX_CHARS} characters."})
    if kind not in MemoKind.values:
        raise ValidationError({"kind": "Choose one of: " + ", ".join(MemoKind.values) + "."})
    text = (text or "").strip()
    if len(text) > TEXT_MAX_CHARS * 5:
        raise ValidationError({"text": f"A memo is at most {TEXT_MAX_CHARS * 5} characters."})
    check_characters(lines={"title": title}, texts={"text": text})
    return title, text, kind


def _own_memo(actor: User, memo: Memo) -> Memo:
    access.require(actor, memo.study, Action.CODE)
    if memo.author_id != actor.pk:
        raise PermissionDenied("Only a memo's author changes it; write a memo of your own.")
    return Memo.objects.select_for_update().get(pk=memo.pk)


@transaction.atomic
def memo_create(
    *, author: User, study: Study, title: str, text: str = "", kind: str = MemoKind.ANALYTIC,
    node: Node | None = None, transcript: Transcript | None = None,
    segment: CodedSegment | None = None,
) -> Memo:  # fmt: skip
    """A memo on the study, or about one node, transcript or segment (a memo about a
    segment is about its transcript too, so it stays there if the segment goes)."""
    access.require(author, study, Action.CODE)
    title, text, kind = _clean_memo(title, text, kind)
    if segment is not None:
        if transcript is not None and transcript.pk != segment.transcript_id:
            raise ValidationError({"segment": "That segment is in another transcript."})
        transcript = segment.transcript
    for field, about in (("node", node), ("transcript", transcript)):
        if about is not None and about.study_id != study.pk:
            raise ValidationError({field: "That belongs to another study."})
    now = timezone.now()
    return Memo.objects.create(
        study=study, node=node, transcript=transcript, segment=segment, kind=kind, title=title,
        text=text, author=author, revision=_next_revision(study.pk), created_at=now,
        updated_at=now,
    )  # fmt: skip


@transaction.atomic
def memo_update(
    *, actor: User, memo: Memo, title: str | None = None, text: str | None = None,
    kind: str | None = None,
) -> Memo:  # fmt: skip
    """Changes the author's own memo."""
    memo = _own_memo(actor, memo)
    memo.title, memo.text, memo.kind = _clean_memo(
        memo.title if title is None else title,
        memo.text if text is None else text,
        memo.kind if kind is None else kind,
    )
    memo.revision = _next_revision(memo.study_id)
    memo.updated_at = timezone.now()
    memo.save()
    return memo


@transaction.atomic
def memo_delete(*, actor: User, memo: Memo) -> None:
    memo = _own_memo(actor, memo)
    _next_revision(memo.study_id)
    memo.delete()
