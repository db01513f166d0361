from rest_framework.routers import SimpleRouter

from studies.api_urls import STUDY

from .api import MatrixQueryViewSet
from .api_framework import urlpatterns as framework_urls

router = SimpleRouter()
router.register(STUDY + "matrix-queries", MatrixQueryViewSet, basename="matrix-query")

urlpatterns = [*router.urls, *framework_urls]
