from django.urls import path
from rest_framework.routers import SimpleRouter

from studies.api_urls import STUDY

from .api import MatrixQueryViewSet
from .api_exchange import ExchangeJobViewSet, NewStudyImportView, StudyExchangeJobViewSet
from .api_framework import urlpatterns as framework_urls

router = SimpleRouter()
router.register(STUDY + "matrix-queries", MatrixQueryViewSet, basename="matrix-query")
router.register(STUDY + "exchange-jobs", StudyExchangeJobViewSet, basename="study-exchange-job")
router.register("exchange-jobs", ExchangeJobViewSet, basename="exchange-job")

urlpatterns = [
    *router.urls,
    *framework_urls,
    path("imports/", NewStudyImportView.as_view(), name="import-new-study"),
]
