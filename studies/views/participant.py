"""The pages a participant reaches through their personal link: no account, no team
navigation, and nothing revealed to someone holding a bad link."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from config.middleware import client_ip_address

from .. import services
from ..forms import OnlineConsentForm, WithdrawalForm, add_service_errors
from ..models import ConsentMethod, DocumentKind, ParticipantLink
from ..ratelimit import bad_token_seen
from .common import posted


def resolve_link(request: HttpRequest, token: str) -> ParticipantLink | HttpResponse:
    """The live link, or the page to show instead. Repeated bad tokens from one address
    are slowed down, so links cannot be found by trying many; a valid token is looked
    up first (one indexed hash lookup) and always served, whoever shares the address."""
    link = services.link_resolve(token)
    if link is not None:
        return link
    if bad_token_seen(address=client_ip_address(request)):
        return render(request, "participant/too_many.html", {"participant_page": True}, status=429)
    return render(request, "participant/link_invalid.html", {"participant_page": True}, status=404)


def link_context(link: ParticipantLink, token: str, **extra) -> dict:
    participant = link.participant
    return {
        "participant_page": True,
        "token": token,
        "study": participant.study,
        "participant": participant,
        **extra,
    }


def participant_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages reached through a personal link: no login, never cached or indexed.
    The view is called with the live link after the request; a bad token gets the page
    that reveals nothing, or, for an htmx request from a page left open after its link
    was revoked, a reload that shows that page."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        link = resolve_link(request, token)
        if isinstance(link, HttpResponse):
            response = link
            if request.htmx:
                response = HttpResponse(status=200)
                response["HX-Refresh"] = "true"
        else:
            response = view(request, link, token, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return login_not_required(never_cache(wrapper))


@participant_view
def welcome(request: HttpRequest, link: ParticipantLink, token: str) -> HttpResponse:
    study = link.participant.study
    context = link_context(
        link, token,
        sheet=services.published_document(study, DocumentKind.INFORMATION_SHEET),
        status=services.consent_status(link.participant),
        data_protection=services.data_protection_for(study),
    )  # fmt: skip
    return render(request, "participant/welcome.html", context)


@participant_view
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, link: ParticipantLink, token: str) -> HttpResponse:
    participant = link.participant
    document = services.published_document(participant.study, DocumentKind.CONSENT_FORM)
    # Participants consent knowing who holds their data and for how long.
    if document is None or services.data_protection_for(participant.study).missing():
        return render(request, "participant/consent_closed.html", link_context(link, token))
    form = OnlineConsentForm(posted(request), clauses=list(document.clauses.all()))
    if form.is_bound and form.is_valid():
        try:
            services.consent_record(
                actor=None, participant=participant, answers=form.answers(),
                signed_name=form.cleaned_data["signed_name"], method=ConsentMethod.ONLINE,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("participant-consent-done", token=token)
    context = link_context(link, token, document=document, form=form)
    return render(request, "participant/consent.html", context)


@participant_view
def consent_done(request: HttpRequest, link: ParticipantLink, token: str) -> HttpResponse:
    context = link_context(link, token, status=services.consent_status(link.participant))
    return render(request, "participant/consent_done.html", context)


@participant_view
def consent_copy(request: HttpRequest, link: ParticipantLink, token: str) -> HttpResponse:
    """The participant's own copy of what they agreed to, exactly as stored."""
    record = services.consent_status(link.participant).record
    if record is None:
        return redirect("participant-welcome", token=token)
    response = HttpResponse(record.snapshot_html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-consent.html"'
    return response


@participant_view
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, link: ParticipantLink, token: str) -> HttpResponse:
    """The participant withdraws, choosing what happens to their data, after confirming.
    The link stops working the moment the withdrawal is recorded."""
    participant = link.participant
    form = WithdrawalForm(posted(request), choices=services.withdrawal_choices(participant))
    if form.is_bound and form.is_valid():
        try:
            services.withdrawal_record(
                actor=None, participant=participant, choice=form.cleaned_data["choice"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context = link_context(link, token, choice=form.cleaned_data["choice"])
            return render(request, "participant/withdrawn.html", context)
    context = link_context(
        link, token, form=form,
        cutoff=services.data_protection_for(participant.study).withdrawal_cutoff,
    )  # fmt: skip
    return render(request, "participant/withdraw.html", context)
