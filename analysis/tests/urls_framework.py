"""The project's URLs with the framework and saturation pages and API added, for their
tests until analysis/urls.py and analysis/api_urls.py include them."""

from django.urls import include, path

from config.urls import handler403  # noqa: F401 (the study's tabs on a refusal)
from config.urls import urlpatterns as project

urlpatterns = [
    path("", include("analysis.urls_framework")),
    path("api/v1/", include(("analysis.api_framework", "framework-api"))),
    *project,
]
