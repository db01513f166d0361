"""The research team's pages: vignettes and questions, interview settings, sessions
(online links and in-person interviews), and the answers side by side."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from config.http import no_store
from studies import selectors as study_selectors
from studies import services as study_services
from studies.access import Action, study_access
from studies.forms import add_service_errors
from studies.models import Role
from studies.spreadsheet import csv_response
from studies.views.common import form_if_allowed, posted

from .. import selectors, services
from ..comparison import dyad_across, dyad_rows, response_csv_rows
from ..forms import (
    CheckInForm,
    InterviewSettingsForm,
    LinkForm,
    QuestionForm,
    RecordingForm,
    SessionCreateForm,
    VignetteForm,
)
from ..models import (
    InterviewSession,
    Recording,
    SessionMode,
    SessionPause,
    SessionStatus,
    Transcript,
    Vignette,
)
from ..plan import preview_pages, session_pages
from .common import answers_from_post, new_writer_id, save_status, seen_on_page, writer_from
from .participate import fields_for


def _context(access, **extra) -> dict:
    return {"access": access, "study": access.study, **extra}


def _vignette(access, pk: int) -> Vignette:
    return get_object_or_404(selectors.vignette_list(access=access), pk=pk)


# --- Vignettes and questions ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def vignettes(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    form = form_if_allowed(request, access, Action.EDIT_STUDY, VignetteForm)
    if request.method == "POST" and form.is_valid():
        try:
            vignette = services.vignette_create(
                actor=request.user, study=access.study, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Vignette “{vignette.current.title}” added.")
            return redirect("vignettes", slug=slug)
    questions = list(selectors.question_list(access=access))
    vignettes = list(selectors.vignette_list(access=access))
    context = _context(
        access, vignettes=vignettes, form=form,
        # Archived vignettes are listed last and take no place in the order.
        in_order=sum(not vignette.archived for vignette in vignettes),
        shared=[q for q in questions if q.stage == "vignette" and q.vignette_id is None],
        specific=[q for q in questions if q.vignette_id is not None],
        closing=[q for q in questions if q.stage == "closing"],
        roles=access.study.roles.all(), settings=services.interview_settings_for(access.study),
        can_edit=access.can(Action.EDIT_STUDY),
    )  # fmt: skip
    return render(request, "interviews/vignettes.html", context)


@require_http_methods(["GET", "POST"])
def vignette_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    vignette = _vignette(access, pk)
    form = form_if_allowed(
        request, access, Action.EDIT_STUDY, VignetteForm, initial=VignetteForm.initial_for(vignette)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vignette_update(actor=request.user, vignette=vignette, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Vignette saved.")
            return redirect("vignette-edit", slug=slug, pk=pk)
    context = _context(
        access, vignette=vignette, form=form, versions=vignette.versions.order_by("-number"),
        used=services.vignette_version_used(vignette.current),
    )  # fmt: skip
    return render(request, "interviews/vignette_edit.html", context)


@require_POST
def vignette_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    vignette = _vignette(access, pk)
    try:
        if action == "up" or action == "down":
            services.vignette_move(
                actor=request.user, vignette=vignette, offset=-1 if action == "up" else 1
            )
        elif action == "archive" or action == "restore":
            services.vignette_archive(
                actor=request.user, vignette=vignette, archived=action == "archive"
            )
            messages.success(
                request, "Vignette archived." if action == "archive" else "Vignette restored."
            )
        elif action == "delete":
            services.vignette_delete(actor=request.user, vignette=vignette)
            messages.success(request, "Vignette deleted.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("vignettes", slug=slug)


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    question = get_object_or_404(selectors.question_list(access=access), pk=pk) if pk else None
    initial = (
        QuestionForm.initial_for(question)
        if question
        else {"stage": request.GET.get("stage", "vignette")}
    )
    form = QuestionForm(posted(request), study=access.study, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if question:
                services.question_update(
                    actor=request.user, question=question, **form.service_arguments()
                )
            else:
                services.question_create(
                    actor=request.user, study=access.study, **form.service_arguments()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Question saved.")
            return redirect("vignettes", slug=slug)
    answered = question is not None and question.responses.exists()
    return render(
        request,
        "interviews/question_edit.html",
        _context(access, question=question, form=form, answered=answered),
    )


@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    question = get_object_or_404(selectors.question_list(access=access), pk=pk)
    try:
        services.question_delete(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Question deleted.")
    return redirect("vignettes", slug=slug)


@require_http_methods(["GET", "POST"])
def interview_settings(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    current = services.interview_settings_for(access.study)
    form = InterviewSettingsForm(posted(request), instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_settings_update(
                actor=request.user, study=access.study, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Interview settings saved.")
            return redirect("vignettes", slug=slug)
    return render(request, "interviews/settings.html", _context(access, form=form))


def preview(request: HttpRequest, slug: str, role_pk: int) -> HttpResponse:
    """Every page a new participant of the role would see, in the vignettes' own order."""
    access = study_access(user=request.user, slug=slug)
    role = get_object_or_404(Role, study=access.study, pk=role_pk)
    pages = preview_pages(access.study, role)
    shown = [(page, fields_for(page, {})) for page in pages]
    for page, fields in shown:
        for field in fields:  # one document holds every page: keep the ids apart
            field.name = f"page{page.number}-{field.name}"
    return render(
        request, "interviews/preview.html", _context(access, role=role, pages=pages, shown=shown)
    )


# --- Sessions ---------------------------------------------------------------------------


def _with_new_link(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    """The session page showing a new link once. Rendered in answer to the post rather
    than after a redirect, so the token is never kept anywhere on the server."""
    response = _session_page(request, slug, pk, new_link=request.build_absolute_uri(
        reverse("participant-enter", kwargs={"token": token})
    ))  # fmt: skip
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    form = form_if_allowed(request, access, Action.RECRUIT, SessionCreateForm, study=access.study)
    if request.method == "POST" and form.is_valid():
        participant, mode = form.cleaned_data["participant"], form.cleaned_data["mode"]
        try:
            email_link = mode == SessionMode.ONLINE and form.cleaned_data["email_link"]
            session, token = services.session_create(
                actor=request.user, participant=participant, mode=mode, email_link=email_link,
                replace_link=form.cleaned_data["replace_link"],
            )  # fmt: skip
            if email_link:
                messages.success(request, f"The link was emailed to {participant.pseudonym}.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if token:
                return _with_new_link(request, slug, session.pk, token)
            return redirect("session-detail", slug=slug, pk=session.pk)
    status = request.GET.get("status", "")
    listed = list(
        selectors.session_list(
            access=access, status=status if status in SessionStatus.values else ""
        )
    )
    totals = selectors.questions_asked(study=access.study, sessions=listed)
    rows = [(s, totals.get(s.pk, 0)) for s in listed]
    context = _context(access, rows=rows, form=form, statuses=SessionStatus.choices, status=status)
    return render(request, "interviews/sessions.html", context)


def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _session_page(request, slug, pk)


def _session_page(
    request: HttpRequest, slug: str, pk: int, new_link: str = "",
    check_in: tuple[int, CheckInForm] | None = None,
) -> HttpResponse:  # fmt: skip
    """The session page; `check_in` is a refused check-in form, shown with its errors."""
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    try:
        session = selectors.session_get(access=access, pk=pk)
    except InterviewSession.DoesNotExist as missing:
        raise Http404 from missing
    pauses = list(session.pauses.select_related("contacted_by", "recorded_by"))
    if access.can(Action.RECRUIT):
        for pause in pauses:
            if check_in and check_in[0] == pause.pk:
                pause.form = check_in[1]
            else:
                initial = {"contacted_by": request.user.pk, "contacted_at": timezone.localtime()}
                pause.form = CheckInForm(initial=initial, study=access.study, prefix=f"p{pause.pk}")
    pages = session_pages(session)
    answers = services.session_answer_rows(session)
    shown = [(page, fields_for(page, answers)) for page in pages]
    context = _context(
        access, session=session, shown=shown, new_link=new_link, pauses=pauses,
        transcript=Transcript.objects.filter(session=session).defer("text").first(),
        recording=Recording.objects.filter(session=session).first(),
        recording_form=RecordingForm()
        if access.can(Action.TRANSCRIBE) and session.status != SessionStatus.ABANDONED
        else None,
    )  # fmt: skip
    status = 400 if check_in else 200
    return render(request, "interviews/session_detail.html", context, status=status)


@require_POST
def pause_check_in(request: HttpRequest, slug: str, pk: int, pause_pk: int) -> HttpResponse:
    """Records the team's check-in after the participant stopped."""
    access = study_access(user=request.user, slug=slug, action=Action.RECRUIT)
    pause = get_object_or_404(
        SessionPause.objects.select_related("session__study", "session__participant"),
        pk=pause_pk, session_id=pk, session__study=access.study,
    )  # fmt: skip
    form = CheckInForm(request.POST, study=access.study, prefix=f"p{pause.pk}")
    if form.is_valid():
        try:
            services.pause_check_in_record(actor=request.user, pause=pause, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Check-in recorded.")
            return redirect(reverse("session-detail", args=[slug, pk]) + "#stops")
    return _session_page(request, slug, pk, check_in=(pause.pk, form))


@require_POST
def session_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.RECRUIT)
    session = get_object_or_404(
        InterviewSession.objects.filter(study=access.study).select_related("participant__study"),
        pk=pk,
    )
    participant = session.participant
    try:
        if action == "link":
            form = LinkForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    " ".join(e for errors in form.errors.values() for e in errors)
                )
            token = services.session_link_issue(
                actor=request.user, session=session, days=form.cleaned_data["days"],
                email=form.cleaned_data["email_link"], replace=form.cleaned_data["replace_link"],
            )  # fmt: skip
            if form.cleaned_data["email_link"]:
                messages.success(request, "A new link was emailed; earlier links no longer work.")
            return _with_new_link(request, slug, pk, token)
        elif action == "revoke":
            study_services.link_revoke(actor=request.user, participant=participant)
            messages.success(request, "Every link of this participant stopped working.")
        elif action == "abandon":
            services.session_abandon(actor=request.user, session=session)
            messages.success(
                request, "Session abandoned. Its vignette order is free for the next participant."
            )
        elif action == "start":
            services.session_start(actor=request.user, session=session)
            return redirect("session-conduct", slug=slug, pk=pk, number=1)
        elif action == "end":
            services.session_complete(actor=request.user, session=session)
            messages.success(request, "Interview ended; its start and end times are noted.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("session-detail", slug=slug, pk=pk)


@require_http_methods(["GET", "POST"])
def session_conduct(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    """The researcher's page during an in-person interview: the vignette to read or hand
    over, and a notes box per question, saved as they type."""
    access = study_access(user=request.user, slug=slug, action=Action.RECRUIT)
    session = get_object_or_404(
        selectors.session_list(access=access), pk=pk, mode=SessionMode.IN_PERSON
    )
    pages = session_pages(session)
    if not 1 <= number <= len(pages):
        return redirect("session-detail", slug=slug, pk=pk)
    page = pages[number - 1]
    saved = None
    if request.method == "POST":
        posted_answers = answers_from_post(page, request.POST)
        try:
            saved = services.answers_save(
                session=session, page=page, answers=posted_answers, actor=request.user,
                seen=seen_on_page(page, request.POST), writer=writer_from(request.POST),
            )  # fmt: skip
        except ValidationError as error:
            if request.htmx:
                return save_status(request, error=" ".join(error.messages))
            messages.error(request, " ".join(error.messages))
            return redirect("session-detail", slug=slug, pk=pk)
        if request.htmx:
            return save_status(request, saved=saved)
        if not saved.errors and not saved.conflicts:
            target = request.POST.get("go")
            if target == "end":
                return redirect("session-detail", slug=slug, pk=pk)
            step = -1 if target == "back" else 1
            return redirect(
                "session-conduct", slug=slug, pk=pk, number=max(1, min(len(pages), number + step))
            )
    stored = services.session_answer_rows(session)
    posted = answers_from_post(page, request.POST) if saved else None
    fields = fields_for(page, stored, posted, saved)
    context = _context(
        access, session=session, pages=pages, page=page, fields=fields, now=timezone.now(),
        writer_id=new_writer_id(), has_conflicts=bool(saved and saved.conflicts),
    )  # fmt: skip
    status = 200 if saved is None else 409 if saved.conflicts else 400 if saved.errors else 200
    return render(request, "interviews/conduct.html", context, status=status)


# --- Answers side by side ---------------------------------------------------------------


def responses(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    vignettes = list(selectors.vignette_list(access=access))
    chosen = next(
        (v for v in vignettes if str(v.pk) == request.GET.get("vignette")),
        vignettes[0] if vignettes else None,
    )
    table = dyad_rows(study=access.study, vignette=chosen) if chosen else None
    context = _context(access, vignettes=vignettes, chosen=chosen, table=table)
    return render(request, "interviews/responses.html", context)


def dyad_answers(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One dyad's accounts of every vignette, the worker's beside the service user's."""
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    dyads = study_selectors.dyad_list(access=access).select_related(
        "worker__withdrawal", "service_user__withdrawal"
    )
    dyad = get_object_or_404(dyads, pk=pk)
    vignettes = list(selectors.vignette_list(access=access))
    table = dyad_across(study=access.study, dyad=dyad, vignettes=vignettes)
    return render(request, "interviews/dyad_answers.html", _context(access, table=table))


@no_store
def responses_csv(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EXPORT)
    study_services.export_record(actor=request.user, study=access.study, export="responses.csv")
    rows = response_csv_rows(selectors.responses_for_study(access=access))
    return csv_response(rows, f"{slug}-responses.csv")
