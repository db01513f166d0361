"""REST API for exports and imports, each a job run in the background.

- `POST /api/studies/<slug>/exchange-jobs/` starts an export (`kind`, `options`; EXPORT);
  `GET` lists the study's jobs. A job reads as its status and progress; once done, its
  `download` link gives the file (EXPORT).
- `POST /api/studies/<slug>/exchange-jobs/import/` (multipart, `file`) reads a REFI-QDA
  file to import into the study (RECRUIT, TRANSCRIBE and CODE); `POST /api/imports/`
  reads one to become a new study. The job then waits in `preview` with its `report`;
  `POST /api/exchange-jobs/<id>/confirm/` with the choices imports it.
- `GET /api/exchange-jobs/<id>/` reads any job the user may see (`download` too).
"""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response as ApiResponse
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from studies.access import Action
from studies.api.base import StudyScopedViewSet

from . import services_exchange as exchange
from .forms_exchange import EXPORT_KINDS
from .models import ExchangeJob, JobKind, JobStatus


class JobSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(help_text="Percent of the current step.")
    step = serializers.SerializerMethodField(help_text="What the job is doing now.")
    study = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    created_by = serializers.CharField(source="created_by.get_username", read_only=True)
    download = serializers.SerializerMethodField(help_text="The file, once done (exports).")

    class Meta:
        model = ExchangeJob
        fields = [
            "id", "study", "kind", "status", "progress", "step", "options", "report", "error",
            "filename", "download", "created_by", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_progress(self, job) -> int:
        return exchange.job_progress(job)[0]

    def get_step(self, job) -> str:
        return exchange.job_progress(job)[1]

    def get_download(self, job) -> str | None:
        if job.kind == JobKind.IMPORT or job.status != JobStatus.DONE or not job.output:
            return None
        return reverse("api:exchange-job-file", args=[job.pk], request=self.context.get("request"))


class ExportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EXPORT_KINDS)
    options = serializers.DictField(
        required=False, default=dict,
        help_text="qdpx: {audio}; quotes: {nodes, below, roles, order}; pack: {query}.",
    )  # fmt: skip


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A REFI-QDA project (.qdpx) or codebook (.qdc).")


class ChoicesSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    role_variable = serializers.CharField(max_length=200, required=False, allow_blank=True)
    merge = serializers.ChoiceField(choices=["guid", "name"], required=False, default="guid")
    consent_confirmed = serializers.BooleanField(required=False, default=False)
    consent_date = serializers.DateField(required=False)
    quotation_agreed = serializers.BooleanField(required=False, default=False)


def _service_errors(error: ValidationError) -> ApiValidationError:
    return ApiValidationError(
        error.message_dict if hasattr(error, "error_dict") else error.messages
    )


def _created(job: ExchangeJob, request) -> ApiResponse:
    body = JobSerializer(job, context={"request": request}).data
    return ApiResponse(body, status=status.HTTP_202_ACCEPTED)


class StudyExchangeJobViewSet(StudyScopedViewSet):
    """A study's exports and imports."""

    read_action = Action.EXPORT
    write_action = Action.EXPORT
    serializer_class = JobSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return ExchangeJob.objects.none()
        return ExchangeJob.objects.filter(study=self.access.study).select_related(
            "study", "created_by"
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=ExportSerializer, responses={202: JobSerializer})
    def create(self, request, *args, **kwargs):
        given = ExportSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            job = exchange.export_start(
                actor=request.user, study=self.access.study, **given.validated_data
            )
        except ValidationError as error:
            raise _service_errors(error) from error
        return _created(job, request)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses={202: JobSerializer}
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request, *args, **kwargs):
        given = UploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            job = exchange.import_start(
                actor=request.user, study=self.access.study, upload=given.validated_data["file"]
            )
        except ValidationError as error:
            raise _service_errors(error) from error
        return _created(job, request)


class NewStudyImportView(APIView):
    """A REFI-QDA project read to become a new study, led by whoever imports it."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses={202: JobSerializer}
    )
    def post(self, request):
        given = UploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            job = exchange.import_start(
                actor=request.user, study=None, upload=given.validated_data["file"]
            )
        except ValidationError as error:
            raise _service_errors(error) from error
        return _created(job, request)


class ExchangeJobViewSet(GenericViewSet):
    """One job by id, whichever study it belongs to (access through `job_for`)."""

    permission_classes = [IsAuthenticated]
    serializer_class = JobSerializer
    queryset = ExchangeJob.objects.none()

    def get_object(self) -> ExchangeJob:
        return exchange.job_for(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return ApiResponse(self.get_serializer(self.get_object()).data)

    @extend_schema(request=ChoicesSerializer, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        job = self.get_object()
        given = ChoicesSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        choices = dict(given.validated_data)
        if "consent_date" in choices:
            choices["consent_date"] = choices["consent_date"].isoformat()
        try:
            job = exchange.import_confirm(actor=request.user, job=job, choices=choices)
        except ValidationError as error:
            raise _service_errors(error) from error
        return _created(job, request)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="download", url_name="file")
    def download(self, request, pk=None):
        job = self.get_object()
        if job.kind == JobKind.IMPORT or job.status != JobStatus.DONE or not job.output:
            raise Http404("This export has no file to download (any more).")
        return FileResponse(job.output.open("rb"), as_attachment=True, filename=job.filename)
