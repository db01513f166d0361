from rest_framework.routers import SimpleRouter

from studies.api_urls import STUDY

from .api import MatrixQueryViewSet

router = SimpleRouter()
router.register(STUDY + "matrix-queries", MatrixQueryViewSet, basename="matrix-query")

urlpatterns = router.urls
