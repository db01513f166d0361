"""Recruitment pages: participants, nominations, statuses and the recruitment board."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from config.http import no_store

from .. import selectors, services
from ..access import Action, study_access
from ..charts import recruitment_chart_svg
from ..forms import (
    ContactFields,
    LinkIssueForm,
    NominationForm,
    ParticipantAddForm,
    StatusForm,
    add_service_errors,
)
from ..models import RecruitmentStatus
from ..selectors import TAKING_PART
from ..spreadsheet import csv_response
from .common import moment_on, posted


def participants(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    filters = {key: request.GET.get(key, "") for key in ("role", "site", "status")}
    context = {
        "access": access,
        "study": access.study,
        "participants": selectors.participant_list(access=access, **filters),
        "filters": filters,
        "roles": selectors.role_list(access=access),
        "sites": selectors.site_list(access=access),
        "statuses": RecruitmentStatus.choices,
    }
    return render(request, "studies/participants.html", context)


@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.RECRUIT)
    form = ParticipantAddForm(posted(request), study=access.study)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_add(
                actor=request.user, study=access.study, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{participant.pseudonym} added.")
            return redirect("participant-detail", slug=slug, pk=participant.pk)
    context = {"access": access, "study": access.study, "form": form}
    return render(request, "studies/participant_add.html", context)


def participant_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    participant = selectors.participant_get(access=access, pk=pk)
    live_link = (
        participant.links.filter(revoked_at=None, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    context = {
        "access": access,
        "study": access.study,
        "participant": participant,
        "partner": selectors.participant_partner(participant),
        "events": selectors.recruitment_events(participant=participant),
        "status_form": StatusForm(initial={"status": participant.status}),
        "answers": (
            selectors.participant_answer_list(access=access, participant=participant)
            if access.can(Action.VIEW_DATA)
            else None
        ),
        "live_link": live_link,
        "link_form": LinkIssueForm(live=live_link is not None),
        # Through the reverse relations, so studies imports nothing from interviews.
        "sessions": (
            participant.sessions.order_by("-created_at") if access.can(Action.VIEW_DATA) else None
        ),
        "transcripts": (
            participant.transcripts.defer("text").order_by("pk")
            if access.can(Action.VIEW_DATA)
            else None
        ),
        "can_nominate": (
            participant.role.recruitment == "first"
            and not hasattr(participant, "dyad_as_worker")
            and participant.status not in ("declined", "withdrawn")
        ),
    }
    return render(request, "studies/participant_detail.html", context)


@require_POST
def participant_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.RECRUIT)
    participant = selectors.participant_get(access=access, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        at = moment_on(form.cleaned_data["on"])
        try:
            services.participant_set_status(
                actor=request.user,
                participant=participant,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                at=at,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            participant.refresh_from_db()
            messages.success(
                request,
                f"{participant.pseudonym} is now {participant.get_status_display().lower()}.",
            )
            if participant.status in TAKING_PART and not services.consent_status(participant).valid:
                # The status tracks recruitment; only a consent record opens the consent gate.
                messages.warning(
                    request,
                    f"There is no current consent record for {participant.pseudonym}: record "
                    "their consent on their consent page before collecting anything from them.",
                )
    else:
        messages.error(request, "Choose a status and a valid date.")
    return redirect("participant-detail", slug=slug, pk=pk)


@require_http_methods(["GET", "POST"])
def participant_nominate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.RECRUIT)
    worker = selectors.participant_get(access=access, pk=pk)
    form = NominationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            dyad = services.participant_nominate(
                actor=request.user, worker=worker, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{worker.pseudonym} nominated {dyad.service_user.pseudonym}: they form a dyad.",
            )
            return redirect("participant-detail", slug=slug, pk=dyad.service_user.pk)
    context = {"access": access, "study": access.study, "worker": worker, "form": form}
    return render(request, "studies/participant_nominate.html", context)


@require_http_methods(["GET", "POST"])
@no_store
def participant_contact(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_CONTACTS)
    participant = selectors.participant_get(access=access, pk=pk)
    contact = (
        None
        if request.method == "POST"
        else services.contact_read(actor=request.user, participant=participant)
    )
    initial = {}
    if contact is not None:
        initial = {"name": contact.name, "email": contact.email, "phone": contact.phone}
    form = ContactFields(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Contact details saved.")
            return redirect("participant-detail", slug=slug, pk=pk)
    context = {"access": access, "study": access.study, "participant": participant, "form": form}
    return render(request, "studies/participant_contact.html", context)


def recruitment_board(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    summary = selectors.recruitment_summary(access=access)
    chart = {
        "series": summary.series,
        "target": summary.target,
        "title": "Complete dyads over time",
    }
    # SVG text shrinks with the picture, so a phone gets a chart drawn for its width, with
    # fewer dates, rather than the wide one scaled down to unreadable or clipped.
    charts = {
        "wide": recruitment_chart_svg(**chart),
        "narrow": recruitment_chart_svg(**chart, width=360),
    }
    rows = [
        (label, [summary.counts[value][role.code] for role in summary.roles])
        for value, label in summary.statuses
    ]
    context = {
        "access": access,
        "study": access.study,
        "summary": summary,
        "status_rows": rows,
        "charts": charts,
    }
    return render(request, "studies/recruitment_board.html", context)


@no_store
def recruitment_log_csv(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EXPORT)
    services.export_record(actor=request.user, study=access.study, export="recruitment log")
    rows = [["pseudonym", "role", "site", "status", "date and time", "recorded by", "note"]]
    for event in selectors.recruitment_log(access=access):
        participant = event.participant
        rows.append([
            participant.pseudonym,
            participant.role.code,
            participant.site.name if participant.site else "",
            event.get_status_display(),
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
            event.by.get_username() if event.by else "",
            event.note,
        ])  # fmt: skip
    return csv_response(rows, f"{access.study.slug}-recruitment-log.csv")


@require_POST
def participant_link(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Makes (or replaces) the participant's personal link and shows it once; or, with
    `revoke`, stops it at once."""
    access = study_access(user=request.user, slug=slug, action=Action.RECRUIT)
    participant = selectors.participant_get(access=access, pk=pk)
    if "revoke" in request.POST:
        count = services.link_revoke(actor=request.user, participant=participant)
        messages.success(
            request, "The personal link stopped working." if count else "No live link."
        )
        return redirect("participant-detail", slug=slug, pk=pk)
    form = LinkIssueForm(request.POST, live=True)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        link, token = services.link_issue(
            actor=request.user, participant=participant,
            days=form.cleaned_data["days"] or services.LINK_DAYS,
            email=form.cleaned_data["email_link"], replace=form.cleaned_data["replace"],
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("participant-detail", args=[slug, pk]) + "#link-heading")
    if form.cleaned_data["email_link"]:
        messages.success(request, f"The link was emailed to {participant.pseudonym}.")
    # Shown in answer to the post, never after a redirect, so the token is kept nowhere;
    # the page's script then moves the address to the participant's page.
    context = {
        "access": access, "study": access.study, "participant": participant, "link": link,
        "url": request.build_absolute_uri(reverse("participant-enter", args=[token])),
    }  # fmt: skip
    response = render(request, "studies/participant_link.html", context)
    response["Cache-Control"] = "no-store"
    return response
