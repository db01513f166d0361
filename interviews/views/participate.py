"""The participant's way through the vignettes, reached through their personal link:
consent and the information form if still needed, one page per vignette, the closing
questions, and thanks. Every answer is saved as it is typed (htmx) and by the page's
plain form post, so nothing is lost with or without JavaScript."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from studies import services as study_services
from studies.forms import NominationForm, add_service_errors, information_form_class
from studies.models import AttributeDefinition, Dyad, ParticipantLink, Role
from studies.selectors import participant_answers
from studies.views.participant import link_context, participant_view

from .. import selectors, services
from ..models import ANSWER_MAX_CHARS, InterviewSession, Question
from ..plan import Page, session_pages
from .common import (
    answer_field_name,
    answers_from_post,
    new_writer_id,
    save_status,
    seen_from,
    seen_on_page,
    writer_from,
)


@dataclass
class AnswerField:
    """One question on a page as the template draws it: the text to show, what the page
    holds of the stored answer (`token`), and, after a save, a refusal or the newer text
    another tab or device saved meanwhile (`conflict`)."""

    question: Question
    name: str
    value: str
    token: str
    error: str = ""
    conflict: str | None = None

    @property
    def scale(self) -> range:
        return range(self.question.scale_min, self.question.scale_max + 1)


def _information_questions(link: ParticipantLink) -> list[AttributeDefinition]:
    participant = link.participant
    return [
        attribute
        for attribute in AttributeDefinition.objects.filter(study_id=participant.study_id)
        if attribute.asked_of(participant.role)
    ]


_OFFERED = "nomination-offered"


def _may_nominate(participant) -> bool:
    """Workers may name the service user they support here, if the study allows it and
    they have not named one yet."""
    return (
        participant.role.recruitment == Role.Recruitment.FIRST
        and services.interview_settings_for(participant.study).online_nomination
        and not Dyad.objects.filter(worker=participant).exists()
    )


def _information_missing(link: ParticipantLink) -> bool:
    required = [a.pk for a in _information_questions(link) if a.required]
    return bool(required) and not set(required) <= set(
        participant_answers(participant=link.participant)
    )


def _session_and_pages(link: ParticipantLink) -> tuple[InterviewSession | None, list[Page]]:
    session = selectors.online_session_for(link.participant)
    if session is None:
        return None, []
    session.participant = link.participant  # already loaded with its study and role
    session.study = link.participant.study
    return session, session_pages(session)


@participant_view
def start(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    """Sends the participant to the next thing to do, so the link always resumes."""
    if not study_services.consent_status(link.participant, with_record=False).valid:
        return redirect("participant-online-consent", link_id=link.pk)
    session, pages = _session_and_pages(link)
    offered = request.session.get(_OFFERED, []).count(link.participant.pk)
    if _information_missing(link) or (_may_nominate(link.participant) and not offered):
        return redirect("participant-about", link_id=link.pk)
    if session is None:
        return render(request, "participate/nothing_yet.html", link_context(link))
    if not session.is_open:
        return redirect("participant-thanks", link_id=link.pk)
    number = services.resume_page(session, pages)
    if number > len(pages) or (session.pages_done >= len(pages)):
        return redirect("participant-finish", link_id=link.pk)
    return redirect("participant-page", link_id=link.pk, number=number)


@participant_view
@require_http_methods(["GET", "POST"])
def about(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    """The information form for the participant's role, filled in by themselves."""
    participant = link.participant
    if not study_services.consent_status(participant, with_record=False).valid:
        return redirect("participant-online-consent", link_id=link.pk)
    questions = _information_questions(link)
    answered = participant_answers(participant=participant)
    initial = {f"attribute_{pk}": value for pk, value in answered.items()}
    data = request.POST if request.method == "POST" else None
    form = information_form_class(questions)(data, initial=initial)
    nominee = NominationForm(data, prefix="nominee") if _may_nominate(participant) else None
    if request.method == "POST" and form.is_valid() and (nominee is None or nominee.is_valid()):
        submitted = {q.pk: form.cleaned_data[f"attribute_{q.pk}"] for q in questions}
        contact = nominee.cleaned_data if nominee else {}
        try:
            with transaction.atomic():
                study_services.attribute_values_save(
                    actor=None, participant=participant, answers=submitted
                )
                if any(contact.get(name) for name in ("name", "email", "phone")):
                    study_services.participant_nominate(
                        actor=None, worker=participant, name=contact["name"],
                        email=contact["email"], phone=contact["phone"], note=contact["note"],
                    )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("participant-start", link_id=link.pk)
    if nominee is not None:  # offered once: the flow does not insist after that
        request.session[_OFFERED] = [*request.session.get(_OFFERED, []), participant.pk]
    context = link_context(link, form=form, nominee=nominee)
    return render(request, "participate/about.html", context)


def fields_for(
    page: Page, stored: dict, posted: dict | None = None, saved: services.Saved | None = None
) -> list[AnswerField]:
    """The page's questions with the stored answers (`services.session_answer_rows`),
    or, after a post, what was typed, with what became of it."""
    vignette_id = page.vignette.pk if page.vignette else None
    fields = []
    for question in page.questions:
        text, revision = stored.get((question.pk, vignette_id), ("", 0))
        field = AnswerField(
            question, answer_field_name(question), text, services.answer_token(text, revision)
        )
        unsaved = saved is None or question.pk in saved.errors or question.pk in saved.conflicts
        if posted is not None and question.pk in posted and unsaved:
            # What was typed and not stored: refused, or kept beside a newer version.
            # Anything else shows what is stored, which may be newer than the post.
            field.value = posted[question.pk]
        if saved is not None:
            field.error = saved.errors.get(question.pk, "")
            field.conflict = saved.conflicts.get(question.pk)
            field.token = saved.tokens.get(question.pk, field.token)
        fields.append(field)
    return fields


def _page_context(link, session, pages, page, fields, **extra) -> dict:
    return link_context(
        link, session=session, page=page, pages=pages, fields=fields,
        answer_limit=ANSWER_MAX_CHARS,
        writer_id=new_writer_id(), **extra,
    )  # fmt: skip


@participant_view
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, link: ParticipantLink, number: int) -> HttpResponse:
    """One vignette and its questions (or the closing questions). The form posts every
    answer on the page with the button pressed: back, next, or I need to stop."""
    session, pages = _session_and_pages(link)
    if session is None:
        return redirect("participant-start", link_id=link.pk)
    if not session.is_open:
        return redirect("participant-thanks", link_id=link.pk)
    if not 1 <= number <= len(pages) or number > session.pages_done + 1:
        return redirect("participant-start", link_id=link.pk)
    current = pages[number - 1]
    if request.method == "GET":
        if not study_services.consent_status(link.participant, with_record=False).valid:
            return redirect("participant-start", link_id=link.pk)
        fields = fields_for(current, services.session_answer_rows(session))
        context = _page_context(link, session, pages, current, fields)
        return render(request, "participate/page.html", context)

    posted = answers_from_post(current, request.POST)
    action = request.POST.get("action", "next")
    try:
        saved = services.answers_save(
            session=session, page=current, answers=posted,
            seen=seen_on_page(current, request.POST), writer=writer_from(request.POST),
            advance=action == "next",
        )  # fmt: skip
    except study_services.ConsentRequired:  # saving checks consent: ask for it again
        return redirect("participant-start", link_id=link.pk)
    except ValidationError as error:  # the session ended meanwhile
        message = " ".join(error.messages)
        return render(request, "participate/problem.html", link_context(link, message=message))
    if action == "stop":  # what conflicts stays in the tab's draft (answers.js)
        services.session_pause(session=session, page=current)
        return redirect("participant-paused", link_id=link.pk)
    if saved.conflicts or (saved.errors and action != "back"):
        fields = fields_for(current, services.session_answer_rows(session), posted, saved)
        context = _page_context(
            link, session, pages, current, fields,
            has_errors=bool(saved.errors), has_conflicts=bool(saved.conflicts),
        )  # fmt: skip
        return render(
            request, "participate/page.html", context, status=409 if saved.conflicts else 400
        )
    if action == "back":
        if number == 1:
            return redirect("participant-welcome", link_id=link.pk)
        return redirect("participant-page", link_id=link.pk, number=number - 1)
    if number == len(pages):
        return redirect("participant-finish", link_id=link.pk)
    return redirect("participant-page", link_id=link.pk, number=number + 1)


@participant_view
@require_POST
def autosave(request: HttpRequest, link: ParticipantLink, number: int) -> HttpResponse:
    """Saves the one answer that changed, as the participant types (htmx, or the page's
    save on leaving). Answers the status line under the field: saved, why not, or the
    newer text another tab or device saved meanwhile."""
    try:
        saved = services.answer_autosave(
            participant=link.participant, number=number,
            read=lambda page: answers_from_post(page, request.POST),
            seen=lambda question_id: seen_from(request.POST, question_id),
            writer=writer_from(request.POST),
        )  # fmt: skip
    except study_services.ConsentRequired:
        return save_status(
            request, error=_(
                "Not saved: your consent is needed first. Copy your answer somewhere safe, "
                "then reload this page."
            )
        )  # fmt: skip
    except ValidationError as error:
        if error.code in ("not_on_page", "one_at_a_time"):
            return HttpResponse(" ".join(error.messages), status=400)
        return save_status(request, error=" ".join(error.messages))  # the session has ended
    return save_status(request, saved=saved)


@participant_view
@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    """The last step: the participant sends their answers, after a chance to look back."""
    session, pages = _session_and_pages(link)
    if session is None:
        return redirect("participant-start", link_id=link.pk)
    if not session.is_open:
        return redirect("participant-thanks", link_id=link.pk)
    error = ""
    if request.method == "POST":
        try:
            services.session_complete(session=session)
        except ValidationError as problem:
            session.refresh_from_db()
            if not session.is_open:  # a double click: the first one finished it
                return redirect("participant-thanks", link_id=link.pk)
            error = " ".join(problem.messages)
        else:
            return redirect("participant-thanks", link_id=link.pk)
    stored = services.session_answer_rows(session)
    review = [(page, fields_for(page, stored)) for page in pages]
    context = link_context(link, session=session, pages=pages, review=review, error=error)
    return render(request, "participate/finish.html", context, status=400 if error else 200)


@participant_view
def thanks(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    session = selectors.online_session_for(link.participant)
    if session is None or session.is_open:
        return redirect("participant-start", link_id=link.pk)
    return render(request, "participate/thanks.html", link_context(link, session=session))


@participant_view
def paused(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    """After "I need to stop": support contacts, and the way back when they are ready."""
    context = link_context(link)
    return render(request, "participate/paused.html", context)
