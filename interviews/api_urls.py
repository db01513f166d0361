from django.urls import re_path
from rest_framework.routers import SimpleRouter

from studies.api_urls import STUDY

from .api import (
    InterviewSettingsView,
    QuestionViewSet,
    ResponseViewSet,
    SessionViewSet,
    TranscriptViewSet,
    VignetteViewSet,
)

router = SimpleRouter()
router.register(STUDY + "vignettes", VignetteViewSet, basename="vignette")
router.register(STUDY + "questions", QuestionViewSet, basename="question")
router.register(STUDY + "sessions", SessionViewSet, basename="session")
router.register(STUDY + "responses", ResponseViewSet, basename="response")
router.register(STUDY + "transcripts", TranscriptViewSet, basename="transcript")

urlpatterns = [
    *router.urls,
    re_path(
        f"^{STUDY}interview-settings/$", InterviewSettingsView.as_view(), name="interview-settings"
    ),
]
