"""Read-only figures of a study: the recruitment board and the sample tables."""

from dataclasses import asdict

from drf_spectacular.plumbing import build_array_type, build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from ..access import Action, StudyPermission
from ..sample import sample_tables


class RecruitmentView(APIView):
    """Recruitment progress: counts by status and role, by site against the targets,
    and complete dyads over time."""

    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = write_action = Action.VIEW_STUDY

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, study_slug: str):
        summary = selectors.recruitment_summary(access=request.study_access)
        return Response({
            "target_dyads": summary.target,
            "complete_dyads": summary.complete_dyads,
            "by_status": summary.counts,
            "by_site": [
                {
                    "site": row.site.pk if row.site else None,
                    "name": row.site.name if row.site else None,
                    "target_dyads": row.target,
                    "complete_dyads": row.complete_dyads,
                    "taking_part_by_role": row.by_role,
                }
                for row in summary.sites
            ],
            "dyads": [
                {"worker": dyad.worker.pseudonym, "service_user": dyad.service_user.pseudonym}
                for dyad in summary.dyads
            ],
            "complete_dyads_over_time": [
                {"date": day.isoformat(), "complete_dyads": count} for day, count in summary.series
            ],
        })  # fmt: skip


class SampleCharacteristicsView(APIView):
    """The sample characteristics tables, one per role, with disclosure flags."""

    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = write_action = Action.VIEW_DATA

    @extend_schema(
        responses={200: build_array_type(build_basic_type(OpenApiTypes.OBJECT))},
        description="A list with one table per role (not paginated).",
    )
    def get(self, request, study_slug: str):
        tables = sample_tables(study=request.study_access.study)
        return Response([asdict(table) for table in tables])
