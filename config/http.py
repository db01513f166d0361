"""Response headers the apps share."""

import functools
from collections.abc import Callable

from django.utils.cache import add_never_cache_headers


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
