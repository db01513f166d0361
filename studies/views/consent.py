"""Consent administration: documents, consent records, the data-protection basis and
the audit trail."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..access import Action, study_access
from ..audit_text import audit_lines
from ..forms import (
    ClauseForm,
    DataProtectionForm,
    DocumentForm,
    InPersonConsentForm,
    PublishForm,
    WithdrawalForm,
    add_service_errors,
)
from ..http import no_store
from ..models import AuditAction, ConsentRecord, DocumentKind
from ..spreadsheet import csv_response
from .common import consent_pdf_response, moment_on, posted

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
        "lines": audit_lines(page.object_list),
        "action": action,
        "actions": AuditAction.choices,
    }
    return render(request, "studies/audit_trail.html", context)


CONSENT_STATES = (
    ("", "Everyone"),
    ("none", "No consent yet"),
    ("reconsent", "Re-consent needed"),
    ("refused", "Refused a clause"),
    ("withdrawn", "Withdrawn"),
)


def consent_overview(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CONSENT)
    state = request.GET.get("state", "")
    documents = list(selectors.consent_documents(access=access))
    context = {
        "access": access,
        "study": access.study,
        "rows": selectors.consent_overview(access=access, state=state),
        "state": state,
        "states": CONSENT_STATES,
        "sheets": [d for d in documents if d.kind == DocumentKind.INFORMATION_SHEET],
        "forms": [d for d in documents if d.kind == DocumentKind.CONSENT_FORM],
    }
    return render(request, "studies/consent_overview.html", context)


@no_store
def consent_csv(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CONSENT)
    services.export_record(
        actor=request.user, study=access.study, export="consent status",
        action=Action.MANAGE_CONSENT,
    )  # fmt: skip
    rows = [["pseudonym", "role", "recruitment status", "consent form version", "method",
             "given", "refused clauses", "re-consent needed"]]  # fmt: skip
    for row in selectors.consent_overview(access=access):
        record = row.record
        rows.append([
            row.participant.pseudonym, row.participant.role.code,
            row.participant.get_status_display(),
            record.consent_form.version if record else "",
            record.get_method_display() if record else "",
            timezone.localtime(record.given_at).strftime("%Y-%m-%d") if record else "",
            "; ".join(row.refused), "yes" if row.needs_reconsent else "",
        ])  # fmt: skip
    return csv_response(rows, f"{access.study.slug}-consent.csv")


@require_POST
def document_start(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CONSENT)
    try:
        document = services.document_draft(actor=request.user, study=access.study, kind=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("consent-overview", slug=slug)
    return redirect("consent-document", slug=slug, pk=document.pk)


@require_http_methods(["GET", "POST"])
def consent_document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CONSENT)
    document = selectors.consent_document_get(access=access, pk=pk)
    data = posted(request)
    step = data.get("step") if data is not None else None
    text_form = DocumentForm(
        data if step == "text" else None,
        initial={"title": document.title, "body": document.body},
    )
    clause_form = ClauseForm(data if step == "clause" else None)
    publish_form = PublishForm(data if step == "publish" else None)
    try:
        if step == "text" and text_form.is_valid():
            services.document_update(
                actor=request.user, document=document, **text_form.cleaned_data
            )
            messages.success(request, "Draft saved.")
            return redirect("consent-document", slug=slug, pk=pk)
        if step == "clause" and clause_form.is_valid():
            services.clause_add(actor=request.user, document=document, **clause_form.cleaned_data)
            messages.success(request, "Clause added.")
            return redirect("consent-document", slug=slug, pk=pk)
        if step == "remove-clause":
            clause_id = data.get("clause", "")
            clause = get_object_or_404(document.clauses, pk=clause_id if clause_id.isdigit() else 0)
            services.clause_remove(actor=request.user, clause=clause)
            return redirect("consent-document", slug=slug, pk=pk)
        if step == "publish" and publish_form.is_valid():
            services.document_publish(
                actor=request.user, document=document, **publish_form.cleaned_data
            )
            messages.success(request, f"{document} published.")
            return redirect("consent-overview", slug=slug)
    except ValidationError as error:
        form = {"text": text_form, "clause": clause_form}.get(step, publish_form)
        add_service_errors(form, error)
    context = {
        "access": access,
        "study": access.study,
        "document": document,
        "text_form": text_form,
        "clause_form": clause_form,
        "publish_form": publish_form,
    }
    return render(request, "studies/consent_document.html", context)


@require_http_methods(["GET", "POST"])
def participant_consent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.RECORD_CONSENT)
    participant = selectors.participant_get(access=access, pk=pk)
    form_document = services.published_document(access.study, DocumentKind.CONSENT_FORM)
    clauses = list(form_document.clauses.all()) if form_document else []
    form = InPersonConsentForm(
        posted(request), request.FILES or None, clauses=clauses,
        initial={"given_on": timezone.localdate()},
    )  # fmt: skip
    if form_document is not None and form.is_bound and form.is_valid():
        given_at = moment_on(form.cleaned_data["given_on"])
        try:
            services.consent_record(
                actor=request.user, participant=participant, answers=form.answers(),
                signed_name=form.cleaned_data["signed_name"], method=form.cleaned_data["method"],
                given_at=given_at, witness=form.cleaned_data["witness"],
                scan=form.cleaned_data["scan"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Consent of {participant.pseudonym} recorded.")
            return redirect("participant-detail", slug=slug, pk=pk)
    context = {
        "access": access,
        "study": access.study,
        "participant": participant,
        "document": form_document,
        "form": form,
        "status": services.consent_status(participant),
        "records": (
            participant.consent_records.select_related("consent_form", "recorded_by")
            if access.can(Action.MANAGE_CONSENT)
            else None
        ),
    }
    return render(request, "studies/participant_consent.html", context)


@no_store
def consent_scan(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The scanned consent form. Media files are never served directly: scans identify
    people, so each download passes the access check."""
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CONSENT)
    record = get_object_or_404(
        ConsentRecord.objects.filter(participant__study=access.study).exclude(scan=""), pk=pk
    )
    handle, extension, content_type = services.scan_open(record)
    name = f"consent-{record.participant.pseudonym}-{record.pk}{extension}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    # Scans stored before their type was checked may carry any extension: the type
    # above comes from their bytes, and browsers must not guess another one.
    response["X-Content-Type-Options"] = "nosniff"
    return response


@no_store
def consent_snapshot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The exact page a participant agreed to, as stored with its hash; or, with
    `?as=pdf`, the same record as the PDF the participant can download."""
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CONSENT)
    record = get_object_or_404(ConsentRecord.objects.filter(participant__study=access.study), pk=pk)
    if request.GET.get("as") == "pdf":
        return consent_pdf_response(
            record, f"consent-{record.participant.pseudonym}-{record.pk}.pdf"
        )
    response = HttpResponse(record.snapshot_html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="consent-{record.participant.pseudonym}-{record.pk}.html"'
    )
    return response


@require_http_methods(["GET", "POST"])
def participant_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A consent admin records a withdrawal, after a confirmation."""
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_CONSENT)
    participant = selectors.participant_get(access=access, pk=pk)
    form = WithdrawalForm(
        posted(request), choices=services.withdrawal_choices(participant), team=True
    )
    if form.is_bound and form.is_valid():
        try:
            withdrawal = services.withdrawal_record(
                actor=request.user, participant=participant,
                choice=form.cleaned_data["choice"], dyad_note=form.cleaned_data["dyad_note"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            removed = sum(withdrawal.erased.values())
            messages.success(
                request,
                f"{participant.pseudonym} has withdrawn."
                + (f" {removed} item(s) of their data were erased." if removed else ""),
            )
            return redirect("participant-detail", slug=slug, pk=pk)
    context = {
        "access": access,
        "study": access.study,
        "participant": participant,
        "partner": selectors.participant_partner(participant),
        "form": form,
        "cutoff": services.data_protection_for(access.study).withdrawal_cutoff,
    }
    return render(request, "studies/participant_withdraw.html", context)
