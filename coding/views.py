"""The coding page of one transcript: its turns on the reading view's numbered lines
with coded segments in the margin and the text, the codebook beside it, and the posts
that code, recode and remove (static/js/coding.js sends them without reloading; without
JavaScript the "code lines" box still works and the rest reads). The changes view is
what the page polls for other coders' work."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interviews.models import Transcript, TranscriptStatus
from interviews.reading import reading_turns
from studies.access import Action, StudyAccess, study_access
from studies.http import no_store

from . import offsets, selectors, services
from .layout import NodeLook, PageSegment, coding_lines, segment_list_html
from .models import CodedSegment, Node

_LINES = re.compile(r"\s*(\d{1,7})\s*(?:[-–—]|to)?\s*(\d{1,7})?\s*")


def _transcript(access: StudyAccess, pk: int) -> Transcript:
    return get_object_or_404(
        Transcript.objects.filter(study=access.study).select_related("participant__role"), pk=pk
    )


def _may_code(access: StudyAccess, transcript: Transcript) -> bool:
    return access.can(Action.CODE) and transcript.status == TranscriptStatus.READY


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _node_rows(study) -> list[dict]:
    return [
        {"id": n.pk, "name": n.name, "colour": n.colour, "kind": n.get_kind_display()}
        for n in selectors.node_list(study=study, counts=False)
    ]


def _page_segments(segments: QuerySet[CodedSegment]) -> list[PageSegment]:
    return [PageSegment(*row) for row in segments.values_list(*PageSegment.fields())]


def _segment_rows(text: str, segments: list[PageSegment]) -> list[dict]:
    """Segments as the page's script holds them: UTF-16 positions (what the browser
    counts in) beside code points, with their node and coder."""
    table = offsets.utf16_table(text, [p for s in segments for p in (s.start, s.end)])
    return [
        {
            "id": s.pk,
            "node": s.node_id,
            "coder": s.coder,
            "u0": table[s.start],
            "u1": table[s.end],
            "start": s.start,
            "end": s.end,
            "review": s.needs_review,
            "text": s.text[:80],
            "at": timezone.localtime(s.updated_at).strftime("%-d %b %Y %H:%M"),
        }  # fmt: skip
        for s in segments
    ]


@require_GET
@no_store
def code_transcript(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    transcript = _transcript(access, pk)
    version = transcript.versions.get(number=transcript.version)
    # The revision before the segments: a change made between the two reads is then
    # fetched again by the first poll rather than missed.
    revision = selectors.coding_revision(study_id=access.study.pk)
    independent = selectors.coding_independent(transcript=transcript)
    segments = _page_segments(
        selectors.segment_list(
            transcript=transcript, user=request.user, access=access, independent=independent
        )
    )
    nodes = _node_rows(access.study)
    looks = {n["id"]: NodeLook(n["name"], n["colour"]) for n in nodes}
    turns = reading_turns(transcript, version)
    starts = [line.start for turn in turns for line in turn.lines]
    # Each segment's address is this plus its id: one reverse, not thousands.
    segment_base = reverse("code-segment", args=[slug, pk, 0]).removesuffix("0/")
    utf16 = offsets.utf16_table(version.text, starts)
    context = {
        "access": access, "study": access.study, "transcript": transcript, "segments": segments,
        "coding_turns": coding_lines(version.text, turns, segments, utf16, looks),
        "segment_base": segment_base,
        "segment_items": segment_list_html(segments, segment_base, looks),
        "revision": revision, "can_code": _may_code(access, transcript),
        "ready": transcript.status == TranscriptStatus.READY,
        "nodes": nodes,
        "segment_rows": _segment_rows(version.text, segments),
        "last_line": len(starts),
        "independent": independent,
        "can_manage": access.can(Action.MANAGE_CODING),
        # From the segments already read: the header's "N need a look" costs no query.
        "review_count": sum(s.needs_review for s in segments),
    }  # fmt: skip
    return render(request, "coding/code_transcript.html", context)


@require_GET
@no_store
def code_changes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """What changed on this transcript since coding revision `since`: 204 when nothing
    in the study did (one indexed read of CodingState, nothing rendered), else the
    changed segments, the removed ids and the codebook."""
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    try:
        since = int(request.GET.get("since", ""))
    except ValueError:
        return JsonResponse({"error": "Give since as a whole number."}, status=400)
    revision = selectors.coding_revision(study_id=access.study.pk)
    if revision <= since:
        return HttpResponse(status=204)
    transcript = _transcript(access, pk)
    independent = selectors.coding_independent(transcript=transcript)
    segments = _page_segments(
        selectors.segment_list(
            transcript=transcript, user=request.user, access=access, since=since,
            independent=independent,
        )
    )  # fmt: skip
    return JsonResponse(
        {
            "revision": revision,
            # A new version (a correction) renumbers the lines: the page must reload.
            "version": transcript.version,
            # So does a switch to or from independent coding (others' segments go or come).
            "independent": independent,
            "segments": _segment_rows(transcript.text, segments),
            "removed": selectors.segment_removed_ids(transcript=transcript, since=since),
            "nodes": _node_rows(access.study),
        }
    )


def _answer(request: HttpRequest, access, transcript, error: ValidationError | None, done: str):
    """JSON for the page's script, or a message and the page again without it."""
    back = reverse("code-transcript", args=[access.study.slug, transcript.pk])
    if error is not None:
        text = " ".join(error.messages)
        if _wants_json(request):
            return JsonResponse({"error": text}, status=400)
        messages.error(request, text)
        return redirect(back)
    if _wants_json(request):
        return JsonResponse({"ok": done})
    messages.success(request, done)
    return redirect(back)


def _node_for(request: HttpRequest, study) -> Node:
    """The node chosen by id, or a new code named in `name` (typed, or the selected
    words for in vivo coding)."""
    chosen = request.POST.get("node", "").strip()
    if chosen:
        if not chosen.isdigit():
            raise ValidationError("Choose a code from the list.")
        node = Node.objects.filter(study=study, pk=int(chosen)).first()
        if node is None:
            raise ValidationError("That code is not in this study's codebook (any more).")
        return node
    name = request.POST.get("name", "")
    if not name.strip():
        raise ValidationError("Choose a code, or type a name for a new one.")
    return services.node_create(actor=request.user, study=study, name=name)


def _range_for(request: HttpRequest, transcript: Transcript) -> tuple[int, int]:
    """The code point range posted as the browser's UTF-16 positions, or as line
    numbers ("212-218", or one line)."""
    data, text = request.POST, transcript.text
    if data.get("utf16_start", "") != "" or data.get("utf16_end", "") != "":
        try:
            u0, u1 = int(data.get("utf16_start", "")), int(data.get("utf16_end", ""))
            return offsets.utf16_to_code_point(text, u0), offsets.utf16_to_code_point(text, u1)
        except ValueError as error:  # OffsetError is a ValueError
            message = str(error) if isinstance(error, offsets.OffsetError) else ""
            raise ValidationError(message or "Positions are whole numbers.") from None
    match = _LINES.fullmatch(data.get("lines", ""))
    if not match:
        raise ValidationError("Select some words, or give lines as e.g. 212-218.")
    # Only line numbers need the lines: the script's posts (the hot path) skip this.
    version = transcript.versions.get(number=transcript.version)
    lines = [line for turn in reading_turns(transcript, version) for line in turn.lines]
    first, last = int(match[1]), int(match[2] or match[1])
    if not 1 <= first <= last <= len(lines):
        raise ValidationError(
            f"Give lines from 1 to {len(lines)}, the first no later than the last."
        )
    return lines[first - 1].start, lines[last - 1].end


@require_POST
def code_segment_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    transcript = _transcript(access, pk)
    error, done = None, ""
    try:
        start, end = _range_for(request, transcript)
        if transcript.status != TranscriptStatus.READY:
            raise ValidationError("This transcript is not ready for coding yet.")
        # One transaction: a new code whose segment is refused (spaces only, say)
        # must not stay behind in the codebook.
        with transaction.atomic():
            node = _node_for(request, access.study)
            services.segment_create(
                coder=request.user, transcript=transcript, node=node, start=start, end=end
            )
        done = f"Coded with “{node.name}”."
    except ValidationError as problem:
        error = problem
    return _answer(request, access, transcript, error, done)


def _segment(request: HttpRequest, access: StudyAccess, transcript: Transcript, segment_pk: int):
    """The segment, if this member may see it (another coder's is hidden under
    independent coding: a 404, as if it did not exist)."""
    visible = selectors.segment_list(transcript=transcript, user=request.user, access=access)
    return get_object_or_404(visible.select_related("node", "coder"), pk=segment_pk)


@require_http_methods(["GET", "POST"])
def code_segment(request: HttpRequest, slug: str, pk: int, segment_pk: int) -> HttpResponse:
    """A segment opened: its code, coder, time and memos; posted, recoded, removed or
    given a memo."""
    action = Action.CODE if request.method == "POST" else Action.VIEW_DATA
    access = study_access(user=request.user, slug=slug, action=action)
    transcript = _transcript(access, pk)
    segment = _segment(request, access, transcript, segment_pk)
    if request.method == "GET":
        context = {
            "access": access, "study": access.study, "transcript": transcript,
            "segment": segment, "memos": segment.memos.select_related("author"),
            "can_code": _may_code(access, transcript), "nodes": _node_rows(access.study),
            "others": selectors.segment_list(
                transcript=transcript, user=request.user, access=access
            )
            .filter(start__lt=segment.end, end__gt=segment.start)
            .exclude(pk=segment.pk)
            .select_related("node"),
        }  # fmt: skip
        template = "coding/code_segment_panel.html" if _wants_fragment(request) else None
        return render(request, template or "coding/code_segment.html", context)
    error, done = None, ""
    try:
        if request.POST.get("action") == "remove":
            services.segment_delete(actor=request.user, segment=segment)
            done = f"Removed “{segment.node.name}” from these words."
        elif request.POST.get("action") == "memo":
            memo = services.memo_create(
                author=request.user, study=access.study, segment=segment,
                title=request.POST.get("title", ""), text=request.POST.get("text", ""),
            )  # fmt: skip
            done = f"Memo “{memo.title}” written."
        else:
            with transaction.atomic():  # as when coding: no new code left behind
                node = _node_for(request, access.study)
                services.segment_update(actor=request.user, segment=segment, node=node)
            done = f"Recoded as “{node.name}”."
    except ValidationError as problem:
        error = problem
    return _answer(request, access, transcript, error, done)


def _wants_fragment(request: HttpRequest) -> bool:
    return request.headers.get("X-Fragment") == "1"


@require_POST
def code_undo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Undoes the member's own latest coding change on this transcript."""
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    transcript = _transcript(access, pk)
    error, done = None, ""
    try:
        done = services.segment_undo(coder=request.user, transcript=transcript)
    except ValidationError as problem:
        error = problem
    return _answer(request, access, transcript, error, done)


@require_POST
def code_mode(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A lead switches the transcript to independent coding, or reveals it."""
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CODING)
    transcript = _transcript(access, pk)
    choice = request.POST.get("independent", "")
    error, done = None, ""
    if choice not in ("0", "1"):
        error = ValidationError("Choose independent coding (1) or coding together (0).")
    else:
        independent = choice == "1"
        services.transcript_coding_set(
            actor=request.user, transcript=transcript, independent=independent
        )
        done = (
            "Independent coding: each coder now sees only their own segments."
            if independent
            else "Revealed: everyone sees every coder's segments."
        )
    return _answer(request, access, transcript, error, done)
