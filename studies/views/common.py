"""Small helpers the study pages share."""

from datetime import date, datetime, time

from django import forms
from django.http import HttpRequest
from django.utils import timezone

from ..access import Action, StudyAccess


def posted(request: HttpRequest):
    """The POST data to bind a form to, or None on GET. An empty POST still binds, so
    submitting a form whose fields are all optional is not silently ignored."""
    return request.POST if request.method == "POST" else None


def form_if_allowed(
    request: HttpRequest, access: StudyAccess, action: Action, form_class, **kwargs
) -> forms.Form | None:
    """For pages that list things and offer an 'add' form to some roles: the form when
    the user may use it, None when not; a POST from someone who may not is refused."""
    if access.can(action):
        return form_class(posted(request), **kwargs)
    if request.method == "POST":
        access.require(action)
    return None


def moment_on(day: date | None) -> datetime | None:
    """A form's date as a moment: None (meaning now) for today or no date, otherwise
    midday of that day, so the day stays the same in any nearby time zone."""
    if day is None or day == timezone.localdate():
        return None
    return timezone.make_aware(datetime.combine(day, time(12)))
