"""Request and response helpers that every app's views share: the client's address
behind the proxies, and the header that keeps an answer out of every cache. They live
here, on the ground floor, so that apps never import the project package (config)."""

import functools
from collections.abc import Callable

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def client_ip_address(request) -> str | None:
    """The client's address, for login throttling and the bad-token count.

    Behind PROXY_COUNT trusted proxies, the client is the entry that many places from the
    right of X-Forwarded-For (each proxy appends the address it saw). Without proxies the
    header is ignored: a client could write anything there to dodge the lockout.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.PROXY_COUNT:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote
    return forwarded[-settings.PROXY_COUNT]


def no_store(view: Callable) -> Callable:
    """Marks a view whose answer must never be kept by a browser or any cache between:
    contact details, consent scans and every export or download. A shared computer's
    back button or disk cache would otherwise hand them to the next person.

    Unlike Django's `never_cache`, it does not insist on a plain HttpRequest, so the same
    decorator serves page views and DRF viewset actions (which get DRF's Request).
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper
