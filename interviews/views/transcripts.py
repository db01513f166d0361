"""Transcripts: the list, import with speaker mapping, the reading view with synced
playback, corrections, redaction and its log, versions and their differences,
exports, and the recordings the reading view plays."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from config.http import no_store
from studies import services as study_services
from studies.access import Action, study_access
from studies.forms import add_service_errors
from studies.models import Participant, RecruitmentStatus
from studies.views.common import posted

from .. import importers, services
from ..forms import (
    CorrectionForm,
    RecordingForm,
    RedactForm,
    SpeakerMapForm,
    TranscriptImportForm,
    VignetteStartsForm,
)
from ..models import (
    ImportStatus,
    InterviewSession,
    Recording,
    Redaction,
    RedactionLabel,
    SessionMode,
    SessionStatus,
    SessionVignette,
    Transcript,
    TranscriptImport,
    TranscriptVersion,
    VersionKind,
)
from ..reading import EXPORT_FORMATS, export_file, reading_turns, version_diff


def _transcript(access, pk: int) -> Transcript:
    return get_object_or_404(
        Transcript.objects.filter(study=access.study).select_related(
            "participant__role", "session", "study"
        ),
        pk=pk,
    )


def _recording_for(transcript: Transcript) -> Recording | None:
    if transcript.session_id is None:
        return None
    return Recording.objects.filter(session_id=transcript.session_id).first()


@require_http_methods(["GET"])
def transcripts(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    rows = (
        Transcript.objects.filter(study=access.study)
        .select_related("participant__role", "session")
        .defer("text")
        .annotate(
            turn_count=Count("turns"),
            has_recording=Exists(Recording.objects.filter(session_id=OuterRef("session_id"))),
        )
        .order_by("participant__role__position", "participant__pseudonym")
    )
    context = {"access": access, "study": access.study, "transcripts": rows}
    return render(request, "interviews/transcripts.html", context)


# --- Import --------------------------------------------------------------------------------


def _import_targets(study) -> list[tuple[str, str]]:
    """Interviews that have no transcript yet, and participants without any session."""
    sessions = (
        InterviewSession.objects.filter(
            study=study, transcript__isnull=True, mode=SessionMode.IN_PERSON
        )
        .exclude(status=SessionStatus.ABANDONED)
        .exclude(participant__status__in=(RecruitmentStatus.WITHDRAWN, RecruitmentStatus.DECLINED))
        .select_related("participant")
        .order_by("participant__pseudonym", "created_at")
    )
    targets = [
        (f"session:{s.pk}", f"{s.participant.pseudonym}: interview of {s.created_at:%d %b %Y}")
        for s in sessions
    ]
    loners = (
        Participant.objects.filter(study=study, sessions__isnull=True, transcripts__isnull=True)
        .exclude(status__in=(RecruitmentStatus.WITHDRAWN, RecruitmentStatus.DECLINED))
        .order_by("pseudonym")
    )
    targets += [(f"participant:{p.pk}", f"{p.pseudonym}: no session") for p in loners]
    return targets


def _target(study, value: str) -> tuple[Participant, InterviewSession | None]:
    kind, _, pk = value.partition(":")
    if kind == "session":
        session = get_object_or_404(
            InterviewSession.objects.filter(study=study).select_related("participant__study"),
            pk=pk,
        )
        return session.participant, session
    return get_object_or_404(Participant.objects.filter(study=study), pk=pk), None


@require_http_methods(["GET", "POST"])
def transcript_import(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    targets = _import_targets(access.study)
    initial = {"target": f"session:{request.GET['session']}"} if "session" in request.GET else {}
    refused = _refused_import(access.study, request.GET.get("refused", ""))
    if refused is not None:
        initial = {"target": _target_value(refused)}
    form = TranscriptImportForm(posted(request), request.FILES or None, targets=targets,
                                initial=initial)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        participant, session = _target(access.study, form.cleaned_data["target"])
        if upload.size > importers.MAX_TRANSCRIPT_BYTES:
            limit = importers.MAX_TRANSCRIPT_BYTES // (1024 * 1024)
            form.add_error("file", f"This file is over the {limit} MB limit for a transcript.")
        else:
            try:
                draft = services.transcript_import_start(
                    actor=request.user, participant=participant, session=session,
                    filename=upload.name, data=upload.read(),
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("transcript-import-map", slug=slug, pk=draft.pk)
    context = {"access": access, "study": access.study, "form": form}
    if refused is not None and request.method == "GET":
        context["refused"] = services.import_state(refused)[1]
    return render(request, "interviews/transcript_import.html", context)


def _refused_import(study, value: str) -> TranscriptImport | None:
    """The refused upload whose message the upload form shows again, if `value` names one."""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    upload = TranscriptImport.objects.filter(study=study, pk=value).first()
    if upload is None or services.import_state(upload)[0] != ImportStatus.REFUSED:
        return None
    return upload


def _target_value(upload: TranscriptImport) -> str:
    if upload.session_id is not None:
        return f"session:{upload.session_id}"
    return f"participant:{upload.participant_id}"


@require_http_methods(["GET", "POST"])
def transcript_import_map(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The speakers of a read upload to map; while the file is being read, a page that
    polls until it is (htmx every second, or a refresh without JavaScript); a refused
    file goes back to the upload form, which says why."""
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    draft = get_object_or_404(
        TranscriptImport.objects.filter(study=access.study).select_related(
            "participant__study", "session"
        ),
        pk=pk,
    )
    if request.method == "POST" and "discard" in request.POST:
        services.transcript_import_discard(actor=request.user, upload=draft)
        messages.info(request, "The upload was discarded; nothing was saved.")
        return redirect("transcripts", slug=slug)
    status, _error = services.import_state(draft)
    here = reverse("transcript-import-map", args=[slug, pk])
    if status == ImportStatus.REFUSED:
        target = reverse("transcript-import", args=[slug]) + f"?refused={pk}"
        return _go_to(request, target)
    if status == ImportStatus.PARSING:
        context = {"access": access, "study": access.study, "draft": draft, "here": here}
        if request.htmx:
            return render(request, "interviews/_import_progress.html", context)
        return render(request, "interviews/transcript_import_wait.html", context)
    if request.htmx:  # the poll's answer once the file is read: the whole page, anew
        return _go_to(request, here)
    participant = draft.participant
    speakers = draft.speakers
    form = SpeakerMapForm(
        posted(request), speakers=speakers,
        choices=[services.INTERVIEWER, participant.pseudonym],
        initial_map={found: services.speaker_guess(found, participant) for found in speakers},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            transcript = services.transcript_import_save(
                actor=request.user, upload=draft, mapping=form.mapping()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Transcript of {participant.pseudonym} saved as version 1.")
            return redirect("transcript-detail", slug=slug, pk=transcript.pk)
    counts = {found: 0 for found in speakers}
    for speaker, _text, _ms in draft.turns:
        counts[speaker] += 1
    context = {
        "access": access, "study": access.study, "draft": draft, "form": form,
        "rows": form.rows(counts), "preview": draft.turns[:12], "turn_total": len(draft.turns),
        "words": sum(len(text.split()) for _s, text, _ms in draft.turns),
    }  # fmt: skip
    return render(request, "interviews/transcript_map.html", context)


def _go_to(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect, or for htmx a whole-page one (a fragment swap would nest the page)."""
    if request.htmx:
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


# --- Reading, correcting, freezing ---------------------------------------------------------


@require_http_methods(["GET"])
def transcript_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    transcript = _transcript(access, pk)
    number = request.GET.get("version", "")
    number = _version_number(number, transcript.version)
    version = get_object_or_404(transcript.versions.all(), number=number)
    context = {
        "access": access, "study": access.study, "transcript": transcript, "version": version,
        "turns": reading_turns(transcript, version), "recording": _recording_for(transcript),
        "latest": number == transcript.version,
        "can_edit": access.can(Action.TRANSCRIBE) and number == transcript.version,
        "recording_form": RecordingForm() if access.can(Action.TRANSCRIBE) else None,
        # Each turn's correction link is this plus its position: one reverse, not 400.
        "turns_url": reverse("transcript-turn", args=[slug, pk, 0]).removesuffix("0/"),
        "vignettes_url": reverse("transcript-vignettes", args=[slug, pk]),
    }  # fmt: skip
    if context["can_edit"] and transcript.session_id and transcript.source != "online":
        # An interview's turns are given their vignettes here, beside each turn.
        context["vignette_choices"] = _vignette_choices(transcript)
    return render(request, "interviews/transcript_detail.html", context)


@require_http_methods(["GET", "POST"])
def transcript_turn(request: HttpRequest, slug: str, pk: int, position: int) -> HttpResponse:
    """Correct one turn: a form in place of the turn (htmx), or a page of its own."""
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    transcript = _transcript(access, pk)
    turns = services.transcript_turns(transcript)
    if position >= len(turns):
        raise Http404
    turn = turns[position]
    form = CorrectionForm(
        posted(request),
        initial={"text": turn.text, "speaker": turn.speaker, "version": transcript.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.transcript_correct(
                actor=request.user, transcript=transcript, position=position, text=data["text"],
                speaker=data["speaker"], base_version=data["version"], note=data["note"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved as version {saved.version}.")
            # The version in the address makes this a new page, not a jump within it.
            target = (
                reverse("transcript-detail", args=[slug, pk])
                + f"?version={saved.version}#turn-{position}"
            )
            if request.htmx:
                return HttpResponse(headers={"HX-Redirect": target})
            return redirect(target)
    context = {
        "access": access, "study": access.study, "transcript": transcript, "form": form,
        "position": position, "turn": turn,
        "speakers": sorted({t.speaker for t in turns} | {services.INTERVIEWER}),
    }  # fmt: skip
    if request.htmx:  # htmx swaps a 422 (see base.html), so the message shows in place
        return render(
            request, "interviews/_turn_form.html", context, status=422 if form.errors else 200
        )
    return render(
        request, "interviews/transcript_turn.html", context, status=400 if form.errors else 200
    )


@require_POST
def transcript_ready(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    transcript = _transcript(access, pk)
    try:
        services.transcript_mark_ready(actor=request.user, transcript=transcript)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Marked ready for coding: this version is frozen, and any correction "
            "from now on is a new version with its reason.",
        )  # fmt: skip
    return redirect("transcript-detail", slug=slug, pk=pk)


@require_http_methods(["GET", "POST"])
def transcript_vignettes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark, by line number, where the talk about each vignette begins; or, posted from
    the reading view's control beside a turn, that one vignette begins at that turn."""
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    transcript = _transcript(access, pk)
    if transcript.session_id is None:
        raise Http404
    if request.method == "POST" and "turn" in request.POST:
        return _mark_one_vignette(request, transcript)
    version = transcript.versions.get(number=transcript.version)
    turns = reading_turns(transcript, version)
    shown = _vignette_choices(transcript)
    turn_of_line = {line.number: turn.position for turn in turns for line in turn.lines}
    # Shown as marked now: where each vignette's turns begin, and where the turns
    # without one begin again after them (the closing questions).
    first_line, closing, seen = {}, None, False
    for turn in filter(lambda turn: turn.lines, turns):
        vignette = version.turns[turn.position][4]
        if vignette is not None and vignette not in first_line:
            first_line[vignette] = turn.lines[0].number
        elif vignette is None and seen and closing is None:
            closing = turn.lines[0].number
        seen = seen or vignette is not None
    initial = {f"vignette_{v}": first_line.get(v) for v, _title in shown} | {"closing": closing}
    form = VignetteStartsForm(
        posted(request), shown=shown, last_line=len(turn_of_line), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        starts, closing = form.lines()
        try:
            saved = services.transcript_mark_vignettes(
                actor=request.user, transcript=transcript,
                starts={vignette: turn_of_line[line] for vignette, line in starts.items()},
                closing=turn_of_line[closing] if closing else None,
                base_version=version.number,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Vignettes marked (version {saved.version}).")
            return redirect("transcript-detail", slug=slug, pk=pk)
    context = {"access": access, "study": access.study, "transcript": transcript, "form": form}
    return render(request, "interviews/transcript_vignettes.html", context)


def _mark_one_vignette(request: HttpRequest, transcript: Transcript) -> HttpResponse:
    turn, chosen, version = (request.POST.get(k, "") for k in ("turn", "vignette", "version"))
    back = reverse("transcript-detail", args=[transcript.study.slug, transcript.pk])
    if not (
        _number(turn, 7) and _number(version, 7) and (chosen == "closing" or _number(chosen, 19))
    ):
        messages.error(request, "Choose the vignette that begins at this turn.")
        return redirect(back)
    try:
        saved = services.transcript_mark_vignette_start(
            actor=request.user, transcript=transcript, position=int(turn),
            vignette=None if chosen == "closing" else int(chosen), base_version=int(version),
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{back}#turn-{turn}")
    messages.success(request, f"Vignette marked (version {saved.version}).")
    return redirect(f"{back}?version={saved.version}#turn-{turn}")


def _vignette_choices(transcript: Transcript) -> list[tuple[int, str]]:
    """(vignette id, "1. Title") of the vignettes the transcript's session showed."""
    return [
        (row.vignette_id, f"{row.position + 1}. {row.version.title}")
        for row in SessionVignette.objects.filter(session_id=transcript.session_id)
        .select_related("version")
        .order_by("position")
    ]


# --- Redaction -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def transcript_redact(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Find a term, tick the places to redact (all, by default), choose the label. The
    words are always posted, never put in the address: addresses end up in logs."""
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    transcript = _transcript(access, pk)
    version = transcript.versions.get(number=transcript.version)
    finding = request.method == "POST" and "find" in request.POST
    if finding:  # the label is chosen once the places are shown
        data = {"term": request.POST.get("term", ""), "label": RedactionLabel.NAME}
    else:
        data = posted(request)
    form = RedactForm(data, initial={"version": transcript.version, "label": RedactionLabel.NAME})
    found = []
    if data is not None and form.is_valid():
        found = services.occurrences(version.text, version.turns, form.cleaned_data["term"])
        if not found:
            form.add_error("term", "These words do not occur in this transcript's words.")
    if request.method == "POST" and not finding and form.is_valid():
        starts = [int(s) for s in request.POST.getlist("start") if _number(s, 10)]
        if not starts:
            form.add_error(None, "Tick at least one place to redact.")
        else:
            try:
                done = services.transcript_redact(
                    actor=request.user, transcript=transcript, term=form.cleaned_data["term"],
                    label=form.cleaned_data["label"], starts=starts,
                    replacement=form.cleaned_data["replacement"],
                    base_version=form.cleaned_data["version"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"Redacted {len(done)} × as {done[0].replacement} "
                    f"(version {transcript.version + 1}).",
                )  # fmt: skip
                return redirect("transcript-detail", slug=slug, pk=pk)
    context = {
        "access": access, "study": access.study, "transcript": transcript, "form": form,
        "found": found,
        "ticked": set(request.POST.getlist("start")) if data and not finding else None,
    }  # fmt: skip
    return render(request, "interviews/transcript_redact.html", context)


@require_http_methods(["GET"])
def redaction_log(request: HttpRequest, slug: str) -> HttpResponse:
    """What was taken out of the study's transcripts: for the lead and consent admins."""
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_REDACTIONS)
    rows = (
        Redaction.objects.filter(transcript__study=access.study)
        .select_related("transcript__participant", "created_by")
        .order_by("-created_at", "pk")
    )
    context = {"access": access, "study": access.study, "redactions": rows}
    return render(request, "interviews/redaction_log.html", context)


# --- Versions --------------------------------------------------------------------------------


def _version_number(value: str, default: int) -> int:
    return int(value) if _number(value, 7) else default


def _number(value: str, digits: int) -> bool:
    """Plain ASCII digits, fewer than `digits` of them ("²" is a digit to Python)."""
    return value.isascii() and value.isdigit() and len(value) < digits


@require_http_methods(["GET"])
def transcript_versions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    transcript = _transcript(access, pk)
    versions = list(
        transcript.versions.select_related("created_by").defer("text", "turns").order_by("-number")
    )
    newest = transcript.version
    b = _version_number(request.GET.get("b", ""), newest)
    a = _version_number(request.GET.get("a", ""), max(1, b - 1))
    changes = None
    if a != b:
        pair = {
            v.number: v
            for v in TranscriptVersion.objects.filter(transcript=transcript, number__in=[a, b])
        }
        if len(pair) != 2:
            raise Http404
        changes = version_diff(pair[a], pair[b])
    # A redaction rewrites the versions before it too, so comparing across one shows no
    # change where it took words out: its note (how many places, and the label put there,
    # never the words) says instead what it did.
    redactions = [
        v for v in versions if v.kind == VersionKind.REDACTED and min(a, b) < v.number <= max(a, b)
    ]
    context = {
        "access": access, "study": access.study, "transcript": transcript,
        "versions": versions, "a": a, "b": b, "changes": changes, "redactions": redactions[::-1],
    }  # fmt: skip
    return render(request, "interviews/transcript_versions.html", context)


# --- Exports ---------------------------------------------------------------------------------


@require_http_methods(["GET"])
@no_store
def transcript_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """The transcript's latest version as text or Word, by pseudonym; never the log."""
    access = study_access(user=request.user, slug=slug, action=Action.EXPORT)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    body, content_type, name = export_file(_transcript(access, pk), fmt)
    study_services.export_record(actor=request.user, study=access.study, export=name)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Recordings ------------------------------------------------------------------------------


@require_POST
def recording_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Upload (or replace) a session's recording; back to where the form was."""
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    session = get_object_or_404(
        InterviewSession.objects.filter(study=access.study).select_related("participant__study"),
        pk=pk,
    )
    form = RecordingForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.recording_upload(
                actor=request.user, session=session, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        messages.success(request, "Recording saved.")
    transcript = Transcript.objects.filter(session=session).only("pk").first()
    if request.POST.get("back") == "transcript" and transcript is not None:
        return redirect("transcript-detail", slug=slug, pk=transcript.pk)
    return redirect("session-detail", slug=slug, pk=pk)


@require_POST
def recording_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.TRANSCRIBE)
    recording = get_object_or_404(Recording.objects.filter(study=access.study), pk=pk)
    services.recording_delete(actor=request.user, recording=recording)
    messages.success(request, "Recording deleted.")
    return redirect("session-detail", slug=slug, pk=recording.session_id)


_RANGE = re.compile(r"bytes=(\d{0,15})-(\d{0,15})$")
_CHUNK = 64 * 1024
UNSATISFIABLE = (-1, -1)


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The [first, last] bytes a Range header asks for; None for the whole file (no
    header, or one that is not a valid single range, which HTTP says to ignore);
    UNSATISFIABLE when it starts past the end."""
    match = _RANGE.match(header)
    if not match or not (match[1] or match[2]):
        return None
    if not match[1]:  # the last n bytes
        return (max(0, size - int(match[2])), size - 1) if int(match[2]) else UNSATISFIABLE
    first = int(match[1])
    if match[2] and int(match[2]) < first:
        return None
    if first >= size:
        return UNSATISFIABLE
    return first, min(int(match[2]), size - 1) if match[2] else size - 1


def _chunks(stored, start: int, length: int):
    with stored.open("rb") as handle:
        handle.seek(start)
        while length > 0:
            block = handle.read(min(_CHUNK, length))
            if not block:
                break
            length -= len(block)
            yield block


@require_http_methods(["GET"])
@no_store
def recording_audio(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The audio, for the reading view's player: access checked like the transcript,
    never cached by shared caches, and with byte ranges so the player can seek."""
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    recording = get_object_or_404(Recording.objects.filter(study=access.study), pk=pk)
    size = recording.size
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted == UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if wanted is None:
        response = FileResponse(recording.file.open("rb"), content_type=recording.mime)
        response["Content-Length"] = str(size)
    else:
        first, last = wanted
        response = StreamingHttpResponse(
            _chunks(recording.file, first, last - first + 1), status=206,
            content_type=recording.mime,
        )  # fmt: skip
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    return response
