"""Pages for studies and teams. Thin: access, form, service, redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..access import Action, study_access
from ..forms import (
    MemberAddForm,
    MemberRoleForm,
    StudyCreateForm,
    StudyEditForm,
    add_service_errors,
)
from ..overview import overview_sections
from .common import form_if_allowed, posted


def home(request: HttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of_user(user=request.user)
    return render(request, "studies/home.html", {"memberships": memberships})


@require_http_methods(["GET", "POST"])
def study_create(request: HttpRequest) -> HttpResponse:
    form = StudyCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            study = services.study_create(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Study “{study.title}” created. You are its lead.")
            return redirect("study-dashboard", slug=study.slug)
    return render(request, "studies/study_form.html", {"form": form, "creating": True})


def study_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    recruitment = selectors.recruitment_summary(access=access)
    context = {
        "access": access,
        "study": access.study,
        "sites": [row.site for row in recruitment.sites if row.site is not None],
        "roles": recruitment.roles,
        "memberships": selectors.membership_list(access=access),
        "sections": overview_sections(access=access, summary=recruitment),
    }
    return render(request, "studies/dashboard.html", context)


@require_http_methods(["GET", "POST"])
def study_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    study = access.study
    form = StudyEditForm(posted(request), instance=study)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        study.refresh_from_db()  # the form wrote its values onto the instance
        try:
            services.study_update(actor=request.user, study=study, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Study details saved.")
            return redirect("study-dashboard", slug=study.slug)
    return render(
        request,
        "studies/study_form.html",
        {"form": form, "creating": False, "study": study, "access": access},
    )


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    form = form_if_allowed(request, access, Action.MANAGE_MEMBERS, MemberAddForm)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                actor=request.user, study=access.study, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{membership.user} added as {membership.get_role_display().lower()}."
            )
            return redirect("study-members", slug=slug)
    context = {
        "access": access,
        "study": access.study,
        "memberships": selectors.membership_list(access=access),
        "form": form,
        "roles": MemberRoleForm.base_fields["role"].choices,
    }
    return render(request, "studies/members.html", context)


@require_POST
def member_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_MEMBERS)
    membership = selectors.membership_get(access=access, pk=pk)
    form = MemberRoleForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.membership_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
            membership.refresh_from_db()
    else:
        error = "Choose one of the listed roles."
    if request.htmx:
        context = {
            "access": access,
            "study": access.study,
            "membership": membership,
            "roles": MemberRoleForm.base_fields["role"].choices,
            "row_error": error,
            "row_saved": error is None,
        }
        return render(request, "studies/_member_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{membership.user} is now {membership.get_role_display()}.")
    return redirect("study-members", slug=slug)


@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.MANAGE_MEMBERS)
    membership = selectors.membership_get(access=access, pk=pk)
    if request.method == "POST":
        try:
            services.membership_remove(actor=request.user, membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{membership.user} was removed from the study.")
            if membership.user_id == request.user.pk:
                return redirect("home")
        return redirect("study-members", slug=slug)
    context = {"access": access, "study": access.study, "membership": membership}
    return render(request, "studies/member_confirm_remove.html", context)


@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """The signed-in user's API token; POST creates or replaces it."""
    if request.method == "POST":
        services.api_token_rotate(user=request.user)
        messages.success(request, "A new API token was created. Any older token stopped working.")
        return redirect("api-token")
    token = getattr(request.user, "auth_token", None)
    return render(request, "account/api_token.html", {"token": token})
