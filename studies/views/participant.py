"""The pages a participant reaches through their personal link: no account, no team
navigation, and nothing revealed to someone holding a bad link."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import OnlineConsentForm, WithdrawalForm, add_service_errors
from ..http import client_ip_address
from ..models import ConsentMethod, DocumentKind, ParticipantLink
from ..ratelimit import bad_token_seen
from .common import consent_pdf_response, posted


class LinkTokenConverter:
    """A token in a participant's address: any path segment that is not all digits, so
    it never takes the address of a link's own pages (`p/<link id>/...`)."""

    regex = r"[^/]*[^0-9/][^/]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


LINK_COOKIE = "vl_link"
LINK_LOST_NOT_SAVED = _(
    "Not saved: this link no longer works. Copy what you typed somewhere safe, then "
    "contact the research team for a new link."
)
_COOKIE_SALT = "participant-link"


def _cookie_value(link: ParticipantLink) -> str:
    # The link's id and part of its token's hash, signed: a cookie names one link and
    # dies with it, since a new link (a new row, a new hash) is never the same.
    return signing.Signer(salt=_COOKIE_SALT).sign(f"{link.pk}:{link.token_hash[:32]}")


def resolve_token(request: HttpRequest, token: str) -> ParticipantLink | HttpResponse:
    """The live link, or the page to show instead. Repeated bad tokens from one address
    are slowed down, so links cannot be found by trying many; a valid token is looked
    up first (one indexed hash lookup) and always served, whoever shares the address."""
    link = services.link_resolve(token)
    if link is not None:
        return link
    if bad_token_seen(address=client_ip_address(request)):
        return render(request, "participant/too_many.html", {"participant_page": True}, status=429)
    return render(request, "participant/link_invalid.html", {"participant_page": True}, status=404)


def resolve_cookie(request: HttpRequest, link_id: int) -> ParticipantLink | None:
    """The live link whose pages are asked for, if this browser holds its cookie."""
    try:
        value = signing.Signer(salt=_COOKIE_SALT).unsign(request.COOKIES.get(LINK_COOKIE, ""))
    except signing.BadSignature:
        return None
    cookie_id, _colon, hash_part = value.partition(":")
    if cookie_id != str(link_id):
        return None
    link = services.link_resolve_id(link_id)
    if link is None or not constant_time_compare(link.token_hash[:32], hash_part):
        return None
    return link


def _secured(response: HttpResponse) -> HttpResponse:
    """Headers every participant page carries: never indexed, and no address of it in
    a Referer beyond the site's own origin (the pages' addresses hold no token, but
    nothing on them is anyone else's business). Not `no-referrer`: with it, browsers
    send `Origin: null` on posts, which the CSRF check rightly refuses."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "strict-origin"
    return response


@login_not_required
@never_cache
def enter(request: HttpRequest, token: str, rest: str = "") -> HttpResponse:
    """The address a participant was sent. The token is traded for a cookie that only
    this link's pages receive (HttpOnly, SameSite=Lax, Secure over HTTPS), and the
    browser moves on to an address without it, so no access log, history or Referer
    keeps the token. `rest` keeps a deeper address (`.../start/`) working."""
    link = resolve_token(request, token)
    if isinstance(link, HttpResponse):
        return _secured(link)
    home = reverse("participant-welcome", args=[link.pk])
    target = home + rest
    try:
        match = resolve(target)
    except Resolver404:
        target = home
    else:
        if not match.url_name.startswith("participant-") or match.kwargs.get("link_id") != link.pk:
            target = home
    response = redirect(target)
    response.set_cookie(
        LINK_COOKIE, _cookie_value(link), path=home, httponly=True, samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    return _secured(response)


def link_context(link: ParticipantLink, **extra) -> dict:
    participant = link.participant
    return {
        "participant_page": True,
        "link_id": link.pk,
        "study": participant.study,
        "participant": participant,
        **extra,
    }


def _link_lost(request: HttpRequest) -> HttpResponse:
    """What a page without a live link answers. Words typed into a page whose link has
    stopped working are never dropped without a word: an autosave says so under the
    field (the text stays in the field and the browser's draft), and a posted page
    shows them back to copy."""
    if request.htmx:
        context = {"error": LINK_LOST_NOT_SAVED, "saved": True}
        return render(request, "participate/_save_status.html", context)
    typed = [value for key, value in request.POST.items() if key[:1] == "q" and value.strip()]
    context = {"participant_page": True, "typed": typed}
    return render(request, "participant/link_invalid.html", context, status=404)


def participant_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages reached through a personal link: no login, never cached or indexed.
    The view is called with the live link named by the address and this browser's
    cookie; without both, the page that reveals nothing."""

    @wraps(view)
    def wrapper(request: HttpRequest, link_id: int, *args, **kwargs) -> HttpResponse:
        link = resolve_cookie(request, link_id)
        response = _link_lost(request) if link is None else view(request, link, *args, **kwargs)
        return _secured(response)

    return login_not_required(never_cache(wrapper))


@participant_view
def welcome(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    study = link.participant.study
    context = link_context(
        link,
        sheet=services.published_document(study, DocumentKind.INFORMATION_SHEET),
        status=services.consent_status(link.participant),
        data_protection=services.data_protection_for(study),
    )  # fmt: skip
    return render(request, "participant/welcome.html", context)


@participant_view
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    participant = link.participant
    document = services.published_document(participant.study, DocumentKind.CONSENT_FORM)
    # Participants consent knowing who holds their data and for how long.
    if document is None or services.data_protection_for(participant.study).missing():
        return render(request, "participant/consent_closed.html", link_context(link))
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
            return redirect("participant-consent-done", link_id=link.pk)
    context = link_context(link, document=document, form=form)
    return render(request, "participant/consent.html", context)


@participant_view
def consent_done(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    context = link_context(link, status=services.consent_status(link.participant))
    return render(request, "participant/consent_done.html", context)


@participant_view
def consent_copy(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
    """The participant's own copy of what they agreed to, as a PDF a phone opens."""
    record = services.consent_status(link.participant).record
    if record is None:
        return redirect("participant-welcome", link_id=link.pk)
    return consent_pdf_response(record, "my-consent.pdf")


@participant_view
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, link: ParticipantLink) -> HttpResponse:
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
            context = link_context(link, choice=form.cleaned_data["choice"])
            return render(request, "participant/withdrawn.html", context)
    context = link_context(
        link, form=form,
        cutoff=services.data_protection_for(participant.study).withdrawal_cutoff,
    )  # fmt: skip
    return render(request, "participant/withdraw.html", context)
