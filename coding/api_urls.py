from rest_framework.routers import SimpleRouter

from studies.api_urls import STUDY

from .api import CodebookEventViewSet, MemoViewSet, NodeViewSet, SegmentViewSet

router = SimpleRouter()
router.register(STUDY + "nodes", NodeViewSet, basename="node")
router.register(STUDY + "segments", SegmentViewSet, basename="segment")
router.register(STUDY + "memos", MemoViewSet, basename="memo")
router.register(STUDY + "codebook-events", CodebookEventViewSet, basename="codebook-event")

urlpatterns = router.urls
