"""Study setup pages: sites, participant roles and sampling targets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..access import Action, study_access
from ..forms import RoleForm, SiteForm, add_service_errors
from ..models import Participant
from .common import form_if_allowed, posted


@require_http_methods(["GET", "POST"])
def sites(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug)
    form = form_if_allowed(request, access, Action.EDIT_STUDY, SiteForm)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_add(actor=request.user, study=access.study, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Site “{site.name}” added.")
            return redirect("study-sites", slug=slug)
    context = {
        "access": access,
        "study": access.study,
        "sites": selectors.site_list(access=access),
        "roles": selectors.role_list(access=access),
        "roles_locked": Participant.objects.filter(study=access.study).exists(),
        "form": form,
    }
    return render(request, "studies/sites.html", context)


@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    site = get_object_or_404(selectors.site_list(access=access), pk=pk)
    form = SiteForm(posted(request), initial={
        "name": site.name, "borough": site.borough, "target_dyads": site.target_dyads,
    })  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.site_update(actor=request.user, site=site, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Site saved.")
            return redirect("study-sites", slug=slug)
    context = {"access": access, "study": access.study, "site": site, "form": form}
    return render(request, "studies/site_form.html", context)


@require_POST
def site_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    site = get_object_or_404(selectors.site_list(access=access), pk=pk)
    try:
        services.site_remove(actor=request.user, site=site)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("site-edit", slug=slug, pk=pk)
    messages.success(request, f"Site “{site.name}” removed.")
    return redirect("study-sites", slug=slug)


@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.EDIT_STUDY)
    role = get_object_or_404(selectors.role_list(access=access), pk=pk)
    form = RoleForm(
        posted(request),
        initial={"code": role.code, "label": role.label, "support_text": role.support_text},
    )
    if Participant.objects.filter(study=access.study).exists():  # pseudonyms use the code
        form.fields["code"].disabled = form.fields["label"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.role_update(actor=request.user, role=role, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Role saved.")
            return redirect("study-sites", slug=slug)
    context = {"access": access, "study": access.study, "role": role, "form": form}
    return render(request, "studies/role_form.html", context)
