from django.urls import re_path
from rest_framework.routers import SimpleRouter

from studies.api_urls import STUDY

from .api import (
    InterviewSettingsView,
    QuestionViewSet,
    RecordingViewSet,
    RedactionViewSet,
    ResponseViewSet,
    SessionViewSet,
    TranscriptImportViewSet,
    TranscriptViewSet,
    VignetteViewSet,
)

router = SimpleRouter()
router.register(STUDY + "vignettes", VignetteViewSet, basename="vignette")
router.register(STUDY + "questions", QuestionViewSet, basename="question")
router.register(STUDY + "sessions", SessionViewSet, basename="session")
router.register(STUDY + "responses", ResponseViewSet, basename="response")
router.register(STUDY + "transcripts", TranscriptViewSet, basename="transcript")
router.register(STUDY + "transcript-imports", TranscriptImportViewSet, basename="transcript-import")
router.register(STUDY + "recordings", RecordingViewSet, basename="recording")
router.register(STUDY + "redactions", RedactionViewSet, basename="redaction")

urlpatterns = [
    *router.urls,
    re_path(
        f"^{STUDY}interview-settings/$", InterviewSettingsView.as_view(), name="interview-settings"
    ),
]
