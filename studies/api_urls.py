from rest_framework.routers import DefaultRouter

from .api import MembershipViewSet, StudyViewSet

router = DefaultRouter()
router.register("studies", StudyViewSet, basename="study")
router.register(
    r"studies/(?P<study_slug>[-a-zA-Z0-9_]+)/memberships", MembershipViewSet, basename="membership"
)

urlpatterns = router.urls
