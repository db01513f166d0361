"""The information form: its questions, participants' answers, and the sample
characteristics tables built from them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..access import Action, study_access
from ..forms import AttributeForm, GroupsForm, add_service_errors, information_form_class
from ..http import no_store
from ..sample import FEW_ANSWERS_SUGGESTION, sample_tables, tables_csv_rows, tables_xlsx
from ..spreadsheet import csv_response
from .common import form_if_allowed, posted


@require_http_methods(["GET", "POST"])
def attributes(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    form = form_if_allowed(request, access, Action.EDIT_STUDY, AttributeForm, study=access.study)
    if request.method == "POST" and form.is_valid():
        try:
            attribute = services.attribute_create(
                actor=request.user, study=access.study, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Question “{attribute.label}” added to the form.")
            return redirect("study-attributes", slug=slug)
    context = {
        "access": access,
        "study": access.study,
        "attributes": selectors.attribute_list(access=access),
        "form": form,
    }
    return render(request, "studies/attributes.html", context)


@require_http_methods(["GET", "POST"])
def attribute_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    attribute = selectors.attribute_get(access=access, pk=pk)
    data = posted(request)
    form = AttributeForm(
        data if data is not None and "save-question" in data else None,
        study=access.study,
        initial=AttributeForm.initial_for(attribute),
    )
    groups_form = GroupsForm(
        data if data is not None and "save-groups" in data else None,
        attribute=attribute,
        initial={"groups": GroupsForm.text_for(attribute)},
    )
    if form.is_bound and form.is_valid():
        try:
            services.attribute_update(
                actor=request.user, attribute=attribute, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Question saved.")
            return redirect("study-attributes", slug=slug)
    if groups_form.is_bound and groups_form.is_valid():
        try:
            services.attribute_set_groups(
                actor=request.user, attribute=attribute, groups=groups_form.cleaned_data["groups"]
            )
        except ValidationError as error:
            add_service_errors(groups_form, error)
        else:
            messages.success(request, "Groups for the sample tables saved.")
            return redirect("study-sample", slug=slug)
    context = {
        "access": access,
        "study": access.study,
        "attribute": attribute,
        "form": form,
        "groups_form": groups_form,
        "groupable": attribute.kind in ("number", "single", "multiple"),
        "answer_count": attribute.values.count(),
    }
    return render(request, "studies/attribute_form.html", context)


@require_POST
def attribute_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    attribute = selectors.attribute_get(access=access, pk=pk)
    services.attribute_delete(actor=request.user, attribute=attribute)
    messages.success(request, f"Question “{attribute.label}” and its answers were removed.")
    return redirect("study-attributes", slug=slug)


@require_POST
def attribute_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    attribute = selectors.attribute_get(access=access, pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.attribute_move(actor=request.user, attribute=attribute, offset=offset)
    return redirect("study-attributes", slug=slug)


@require_http_methods(["GET", "POST"])
def participant_information(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.RECRUIT)
    participant = selectors.participant_get(access=access, pk=pk)
    questions = selectors.attribute_list_for_role(access=access, role=participant.role)
    form_class = information_form_class(questions)
    answers = selectors.participant_answers(participant=participant)
    initial = {f"attribute_{pk}": value for pk, value in answers.items()}
    form = form_class(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        submitted = {
            question.pk: form.cleaned_data[f"attribute_{question.pk}"] for question in questions
        }
        try:
            services.attribute_values_save(
                actor=request.user, participant=participant, answers=submitted
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Information form of {participant.pseudonym} saved.")
            return redirect("participant-detail", slug=slug, pk=pk)
    context = {
        "access": access,
        "study": access.study,
        "participant": participant,
        "form": form,
        "has_questions": bool(questions),
        "consented": services.consent_status(participant).valid,
    }
    return render(request, "studies/participant_information.html", context)


def sample(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    context = {
        "access": access,
        "study": access.study,
        "tables": sample_tables(study=access.study),
        "few_answers": FEW_ANSWERS_SUGGESTION,
    }
    return render(request, "studies/sample.html", context)


@no_store
def sample_download(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EXPORT)
    if format not in ("csv", "xlsx"):
        raise Http404("The tables download as csv or xlsx.")
    services.export_record(
        actor=request.user, study=access.study, export=f"sample characteristics ({format})"
    )
    tables = sample_tables(study=access.study)
    filename = f"{access.study.slug}-sample-characteristics"
    if format == "xlsx":
        response = HttpResponse(
            tables_xlsx(tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    return csv_response(tables_csv_rows(tables), f"{filename}.csv")
