from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from analysis import api_urls as analysis_api
from coding import api_urls as coding_api
from interviews import api_urls as interviews_api
from studies import api_urls as studies_api

from . import views

admin.site.site_header = "Vignette Lab administration"
admin.site.site_title = "Vignette Lab admin"

urlpatterns = [
    path("", include("studies.urls")),
    path("", include("interviews.urls")),
    path("", include("coding.urls")),
    path("", include("analysis.urls")),
    path("", include("analysis.urls_framework")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # One API namespace; each app brings its own routes.
    path(
        "api/v1/",
        include(
            (
                [
                    *studies_api.urlpatterns,
                    *interviews_api.urlpatterns,
                    *coding_api.urlpatterns,
                    *analysis_api.urlpatterns,
                ],
                "api",
            )
        ),
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", views.api_docs, name="api-docs"),
    path("healthz", views.healthz, name="healthz"),
]

# A refusal inside a study keeps the study's tabs (studies/views/refusals.py).
handler403 = "studies.views.refusals.permission_denied"
