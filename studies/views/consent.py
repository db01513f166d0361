"""Consent administration pages: the data-protection basis and the audit trail."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..access import Action, study_access
from ..forms import DataProtectionForm, add_service_errors
from ..models import AuditAction
from .common import posted

AUDIT_PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def data_protection(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    record = services.data_protection_for(access.study)
    can_edit = access.can(Action.MANAGE_CONSENT)
    if request.method == "POST":
        access.require(Action.MANAGE_CONSENT)
    form = DataProtectionForm(posted(request), instance=record) if can_edit else None
    if form is not None and form.is_bound and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        record.refresh_from_db()  # the form wrote its values onto the instance
        try:
            services.data_protection_update(actor=request.user, study=access.study, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Data protection basis saved.")
            return redirect("data-protection", slug=slug)
    context = {
        "access": access,
        "study": access.study,
        "record": record,
        "missing": record.missing(),
        "form": form,
    }
    return render(request, "studies/data_protection.html", context)


def audit_trail(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CONSENT)
    action = request.GET.get("action", "")
    events = selectors.audit_events(access=access, action=action)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "access": access,
        "study": access.study,
        "page": page,
        "action": action,
        "actions": AuditAction.choices,
    }
    return render(request, "studies/audit_trail.html", context)
