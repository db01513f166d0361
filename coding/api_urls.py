from django.urls import re_path
from rest_framework.routers import SimpleRouter

from studies.api_urls import STUDY

from .api import (
    CarryOverViewSet,
    CodebookEventViewSet,
    MemoViewSet,
    NodeViewSet,
    SegmentReviewViewSet,
    SegmentViewSet,
)
from .api_compare import (
    NodeSegmentsByDyadView,
    NodeSegmentsByRoleView,
    NodeSegmentsView,
    SearchView,
)

router = SimpleRouter()
router.register(STUDY + "nodes", NodeViewSet, basename="node")
router.register(STUDY + "segments", SegmentViewSet, basename="segment")
router.register(STUDY + "memos", MemoViewSet, basename="memo")
router.register(STUDY + "codebook-events", CodebookEventViewSet, basename="codebook-event")
router.register(STUDY + "segment-reviews", SegmentReviewViewSet, basename="segment-review")
router.register(STUDY + "carry-overs", CarryOverViewSet, basename="carry-over")

NODE = STUDY + r"nodes/(?P<node_id>[^/.]+)/"

urlpatterns = [
    *router.urls,
    re_path(f"^{NODE}segments/$", NodeSegmentsView.as_view(), name="node-quotes"),
    re_path(f"^{NODE}segments/roles/$", NodeSegmentsByRoleView.as_view(), name="node-quotes-roles"),
    re_path(f"^{NODE}segments/dyads/$", NodeSegmentsByDyadView.as_view(), name="node-quotes-dyads"),
    re_path(f"^{STUDY}search/$", SearchView.as_view(), name="transcript-search"),
]
