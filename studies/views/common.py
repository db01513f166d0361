"""Small helpers the study pages share."""

from datetime import date, datetime, time

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ..access import Action, StudyAccess
from ..consent_pdf import consent_pdf
from ..models import ConsentRecord


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


def consent_pdf_response(record: ConsentRecord, filename: str) -> HttpResponse:
    """A consent record as a PDF download, kept by no cache on the way."""
    response = HttpResponse(consent_pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
