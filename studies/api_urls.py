from django.urls import re_path
from rest_framework.routers import DefaultRouter

from .api.accounts import TokenView
from .api.consent import (
    AuditEventViewSet,
    ConsentRecordViewSet,
    ConsentStatusView,
    DataProtectionView,
    DocumentViewSet,
    WithdrawalViewSet,
)
from .api.information_form import AttributeViewSet
from .api.recruitment import DyadViewSet, ParticipantViewSet, RoleViewSet, SiteViewSet
from .api.summaries import RecruitmentView, SampleCharacteristicsView
from .api.teams import MembershipViewSet, StudyViewSet

STUDY = r"studies/(?P<study_slug>[-a-zA-Z0-9_]+)/"

router = DefaultRouter()
router.register("studies", StudyViewSet, basename="study")
router.register(STUDY + "memberships", MembershipViewSet, basename="membership")
router.register(STUDY + "sites", SiteViewSet, basename="site")
router.register(STUDY + "roles", RoleViewSet, basename="role")
router.register(STUDY + "participants", ParticipantViewSet, basename="participant")
router.register(STUDY + "dyads", DyadViewSet, basename="dyad")
router.register(STUDY + "attributes", AttributeViewSet, basename="attribute")
router.register(STUDY + "consent-documents", DocumentViewSet, basename="consent-document")
router.register(STUDY + "consent-records", ConsentRecordViewSet, basename="consent-record")
router.register(STUDY + "audit-events", AuditEventViewSet, basename="audit-event")
router.register(STUDY + "withdrawals", WithdrawalViewSet, basename="withdrawal")

urlpatterns = [
    *router.urls,
    re_path(r"^auth/token/$", TokenView.as_view(), name="auth-token"),
    re_path(f"^{STUDY}recruitment/$", RecruitmentView.as_view(), name="recruitment-summary"),
    re_path(
        f"^{STUDY}sample-characteristics/$",
        SampleCharacteristicsView.as_view(),
        name="sample-characteristics",
    ),
    re_path(f"^{STUDY}data-protection/$", DataProtectionView.as_view(), name="data-protection"),
    re_path(f"^{STUDY}consent-status/$", ConsentStatusView.as_view(), name="consent-status"),
]
