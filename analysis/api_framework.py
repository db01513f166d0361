"""REST API for framework matrices and saturation.

Members who may analyse (viewers too) read frameworks, summaries and saturation; those
who code save frameworks and write summaries. A summary is saved with the version it
was written on (0 for an empty cell): a stale one is refused with 409 and the current
summary, never written over."""

from django.urls import re_path
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response as ApiResponse
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from coding.models import Node
from studies.access import Action, StudyPermission
from studies.api.base import StudyScopedCRUDViewSet
from studies.api.recruitment import StudyRelatedField
from studies.api_urls import STUDY
from studies.models import Dyad, Participant

from . import saturation, services_framework
from .api import RowSerializer
from .models import NAME_MAX_CHARS, SUMMARY_MAX_CHARS, CaseType, Framework, FrameworkSummary
from .services import WRITE

MAX_VERSION = 2_147_483_647


class FrameworkSerializer(serializers.ModelSerializer):
    themes = RowSerializer(many=True, help_text="Codebook nodes in column order.")
    created_by = serializers.CharField(
        source="created_by.get_username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Framework
        fields = ["id", "name", "cases", "themes", "created_by", "created_at", "updated_at"]


class FrameworkWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_CHARS)
    cases = serializers.ChoiceField(choices=CaseType.choices, default=CaseType.PARTICIPANTS)
    themes = RowSerializer(many=True)


class FrameworkUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_CHARS, required=False)
    themes = RowSerializer(many=True, required=False)


class SummarySerializer(serializers.ModelSerializer):
    edited_by = serializers.CharField(
        source="edited_by.get_username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = FrameworkSummary
        fields = ["id", "node", "participant", "dyad", "text", "version", "edited_by",
                  "edited_at"]  # fmt: skip


class SummaryVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True)
    edited_by = serializers.CharField(allow_null=True)
    edited_at = serializers.DateTimeField()


class SummaryHistorySerializer(SummarySerializer):
    versions = serializers.SerializerMethodField()

    class Meta(SummarySerializer.Meta):
        fields = [*SummarySerializer.Meta.fields, "versions"]

    @extend_schema_field(SummaryVersionSerializer(many=True, help_text="Every text, newest first."))
    def get_versions(self, summary) -> list:
        return SummaryVersionSerializer(
            [
                {
                    "version": v.version,
                    "text": v.text,
                    "edited_at": v.edited_at,
                    "edited_by": v.edited_by.get_username() if v.edited_by else None,
                }
                for v in summary.versions.all()
            ],  # fmt: skip
            many=True,
        ).data


class SummaryWriteSerializer(serializers.Serializer):
    node = StudyRelatedField(queryset=Node.objects.all(), help_text="The theme (column).")
    participant = StudyRelatedField(
        queryset=Participant.objects.all(), required=False, allow_null=True, default=None,
        help_text="The row, in a framework of participants.",
    )  # fmt: skip
    dyad = StudyRelatedField(
        queryset=Dyad.objects.all(), required=False, allow_null=True, default=None,
        help_text="The row, in a framework of dyads.",
    )  # fmt: skip
    text = serializers.CharField(
        max_length=SUMMARY_MAX_CHARS, allow_blank=True, trim_whitespace=False
    )
    version = serializers.IntegerField(
        min_value=0, max_value=MAX_VERSION,
        help_text="The version you wrote on (0: the cell was empty). A stale one is refused (409).",
    )  # fmt: skip


class ConflictSerializer(serializers.Serializer):
    version = serializers.ListField(child=serializers.CharField(), help_text="What happened.")
    current = SummarySerializer(allow_null=True, help_text="The summary as it is now.")


class FrameworkViewSet(StudyScopedCRUDViewSet):
    """Framework matrices: participants or dyads in rows, chosen themes in columns, and
    a summary the team writes in each cell."""

    serializer_class = FrameworkSerializer
    read_action = Action.ANALYSE
    write_action = WRITE
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.is_schema_request():
            return Framework.objects.none()
        return (
            Framework.objects.filter(study=self.access.study)
            .select_related("created_by")
            .order_by("name", "pk")
        )

    def _form(self, serializer_class) -> dict:
        if not isinstance(self.request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Send an object."]})
        form = serializer_class(data=self.request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        if "themes" in data:
            data["themes"] = [dict(theme) for theme in data["themes"]]
        return data

    @extend_schema(request=FrameworkWriteSerializer, responses={201: FrameworkSerializer})
    def create(self, request, *args, **kwargs):
        framework = services_framework.framework_create(
            actor=request.user, study=self.access.study, **self._form(FrameworkWriteSerializer)
        )
        return ApiResponse(FrameworkSerializer(framework).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FrameworkUpdateSerializer, responses=FrameworkSerializer)
    def partial_update(self, request, *args, **kwargs):
        framework = services_framework.framework_update(
            actor=request.user, framework=self.get_object(), **self._form(FrameworkUpdateSerializer)
        )
        return ApiResponse(FrameworkSerializer(framework).data)

    def destroy(self, request, *args, **kwargs):
        services_framework.framework_delete(actor=request.user, framework=self.get_object())
        return ApiResponse(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], responses=SummaryHistorySerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=SummaryWriteSerializer,
        responses={
            200: SummarySerializer,
            409: OpenApiResponse(ConflictSerializer, description="Changed since your version."),
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def summaries(self, request, *args, **kwargs):
        """GET: the framework's summaries, each with every version saved (a framework
        has a summary per cell at most). POST: save one cell's summary as its next
        version."""
        framework = self.get_object()
        if request.method == "POST":
            return self._save_summary(request, framework)
        summaries = (
            FrameworkSummary.objects.filter(framework=framework)
            .select_related("edited_by")
            .prefetch_related("versions__edited_by")
            .order_by("participant_id", "node_id")
        )
        return ApiResponse(SummaryHistorySerializer(summaries, many=True).data)

    def _save_summary(self, request, framework: Framework):
        data = self._form(SummaryWriteSerializer)
        try:
            summary = services_framework.summary_save(
                actor=request.user, framework=framework, **data
            )
        except services_framework.SummaryConflict as error:
            body = {
                "version": error.message_dict["version"],
                "current": error.current,
            }
            return ApiResponse(ConflictSerializer(body).data, status=status.HTTP_409_CONFLICT)
        return ApiResponse(SummarySerializer(summary).data)


class SaturationStepSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    transcript = serializers.IntegerField(source="transcript_id")
    pseudonym = serializers.CharField()
    first_coded = serializers.DateTimeField()
    segments = serializers.IntegerField()
    codes = serializers.IntegerField(help_text="Distinct codes used in the transcript.")
    new_codes = serializers.IntegerField(help_text="Codes whose first segment is in it.")
    cumulative = serializers.IntegerField(help_text="Codes found so far.")


class SaturationSerializer(serializers.Serializer):
    transcripts = SaturationStepSerializer(many=True)
    left_out = serializers.IntegerField(
        help_text="Transcripts being coded independently, left out until revealed."
    )


class SaturationView(APIView):
    """New codes per transcript, in the order transcripts were first coded, with the
    running total."""

    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = write_action = Action.ANALYSE

    @extend_schema(responses=SaturationSerializer)
    def get(self, request, study_slug: str):
        study = request.study_access.study
        body = {
            "transcripts": saturation.saturation_steps(study),
            "left_out": saturation.independent_count(study),
        }
        return ApiResponse(SaturationSerializer(body).data)


# Included by analysis/api_urls.py into the project's one API namespace.
router = SimpleRouter()
router.register(STUDY + "frameworks", FrameworkViewSet, basename="framework")
urlpatterns = [
    *router.urls,
    re_path(f"^{STUDY}saturation/$", SaturationView.as_view(), name="saturation"),
]
