"""The page a refused request gets (403), kept inside its study when there is one."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from ..access import study_access


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: PermissionDenied) -> HttpResponse:
    """Django's 403 handler, with the study's tabs when the refused page belongs to a
    study the user is a member of, so they can go on to the parts they may open.
    Someone outside the study never reaches this: they get a 404 first."""
    context: dict = {"exception": str(exception)}
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match is not None else None
    if slug:
        try:
            access = study_access(user=request.user, slug=slug)
        except Http404:
            access = None
        if access is not None:
            context.update(access=access, study=access.study)
    return render(request, "403.html", context, status=403)
