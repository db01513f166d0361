"""REST API for consent: the data-protection basis, versioned documents, consent records
and status, and the audit trail. Leads and consent admins only, except recording an
in-person consent, which researchers may do too."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..access import Action, StudyPermission
from ..models import (
    AuditAction,
    AuditEvent,
    ClausePurpose,
    ConsentClause,
    ConsentDocument,
    ConsentMethod,
    ConsentRecord,
    DataProtection,
    DocumentKind,
    Participant,
    RecruitmentStatus,
    Withdrawal,
    WithdrawalChoice,
)
from .base import StudyScopedViewSet
from .filters import Filter, QueryFilters
from .recruitment import StudyRelatedField


class DataProtectionSerializer(serializers.ModelSerializer):
    missing = serializers.ListField(child=serializers.CharField(), read_only=True)
    withdrawal_choices = serializers.ListField(
        child=serializers.ChoiceField(
            choices=WithdrawalChoice.choices,
            error_messages={
                "invalid_choice": f"Choose from: {', '.join(WithdrawalChoice.values)}."
            },
        ),
        required=False,
        help_text="What a participant who withdraws may choose.",
    )

    class Meta:
        model = DataProtection
        exclude = ["id", "study"]


class DataProtectionView(APIView):
    """The study's data-protection basis; collecting cannot start until it is complete."""

    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = Action.VIEW_STUDY
    write_action = Action.MANAGE_CONSENT

    @extend_schema(responses=DataProtectionSerializer)
    def get(self, request, study_slug: str):
        record = services.data_protection_for(request.study_access.study)
        return Response(DataProtectionSerializer(record).data)

    @extend_schema(request=DataProtectionSerializer, responses=DataProtectionSerializer)
    def patch(self, request, study_slug: str):
        study = request.study_access.study
        serializer = DataProtectionSerializer(
            services.data_protection_for(study), data=request.data, partial=True
        )
        serializer.is_valid(raise_exception=True)
        record = services.data_protection_update(
            actor=request.user, study=study, **serializer.validated_data
        )
        return Response(DataProtectionSerializer(record).data)


class ClauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsentClause
        fields = ["id", "position", "text", "required", "governs"]
        read_only_fields = ["id", "position"]


class DocumentSerializer(serializers.ModelSerializer):
    clauses = ClauseSerializer(many=True, read_only=True)

    class Meta:
        model = ConsentDocument
        fields = [
            "id", "kind", "version", "status", "title", "body", "requires_reconsent",
            "published_at", "clauses",
        ]  # fmt: skip
        read_only_fields = fields


class DocumentTextSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(allow_blank=True, default="")


class DraftSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)


class PublishSerializer(serializers.Serializer):
    requires_reconsent = serializers.BooleanField(default=False)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudyScopedViewSet):
    """Versions of the information sheet and consent form. Published ones are frozen.
    Those who only record consent in person (researchers) read the published versions:
    recording one needs the current form's clause ids."""

    serializer_class = DocumentSerializer
    read_action = Action.RECORD_CONSENT
    write_action = Action.MANAGE_CONSENT

    def get_queryset(self):
        if self.is_schema_request():
            return ConsentDocument.objects.none()
        return selectors.consent_documents_for_recording(access=self.access)

    @extend_schema(request=DraftSerializer, responses={201: DocumentSerializer})
    def create(self, request, *args, **kwargs):
        """The kind's draft: started, as a copy of the published version, if none exists."""
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_draft(
            actor=request.user, study=self.access.study, kind=serializer.validated_data["kind"]
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DocumentTextSerializer, responses=DocumentSerializer)
    def partial_update(self, request, *args, **kwargs):
        document = self.get_object()
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Send an object."]})
        serializer = DocumentTextSerializer(
            data={"title": document.title, "body": document.body, **request.data}
        )
        serializer.is_valid(raise_exception=True)
        services.document_update(actor=request.user, document=document, **serializer.validated_data)
        return Response(DocumentSerializer(document).data)

    @extend_schema(request=ClauseSerializer, responses={201: ClauseSerializer})
    @action(detail=True, methods=["post"])
    def clauses(self, request, *args, **kwargs):
        serializer = ClauseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        clause = services.clause_add(
            actor=request.user, document=self.get_object(), **serializer.validated_data
        )
        return Response(ClauseSerializer(clause).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PublishSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_publish(
            actor=request.user, document=self.get_object(), **serializer.validated_data
        )
        return Response(DocumentSerializer(document).data)


class ConsentRecordSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="participant.pseudonym", read_only=True)
    version = serializers.IntegerField(source="consent_form.version", read_only=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = ConsentRecord
        fields = [
            "id", "pseudonym", "version", "method", "signed_name", "witness", "given_at",
            "recorded_at", "snapshot_sha256", "answers",
        ]  # fmt: skip
        read_only_fields = fields

    def get_answers(self, record) -> dict[str, bool]:
        return {str(answer.clause_id): answer.agreed for answer in record.answers.all()}


class InPersonConsentSerializer(serializers.Serializer):
    participant = StudyRelatedField(queryset=Participant.objects.all())
    answers = serializers.DictField(
        child=serializers.BooleanField(), help_text="Clause id to yes (true) or no (false)."
    )
    signed_name = serializers.CharField(max_length=200)
    method = serializers.ChoiceField(
        choices=[
            (m.value, m.label)
            for m in ConsentMethod
            if m not in (ConsentMethod.ONLINE, ConsentMethod.IMPORTED)
        ]
    )
    given_at = serializers.DateTimeField(required=False, default=None)
    witness = serializers.CharField(max_length=200, allow_blank=True, default="")

    def validate_answers(self, answers):
        try:
            return {int(key): value for key, value in answers.items()}
        except ValueError:
            raise serializers.ValidationError("Keys must be clause ids.") from None


class ConsentRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudyScopedViewSet):
    """Consent records. Creating one records a paper or verbal consent taken in person."""

    serializer_class = ConsentRecordSerializer
    read_action = Action.MANAGE_CONSENT
    write_action = Action.RECORD_CONSENT

    def get_queryset(self):
        if self.is_schema_request():
            return ConsentRecord.objects.none()
        return (
            ConsentRecord.objects.filter(participant__study=self.access.study)
            .select_related("participant", "consent_form")
            .prefetch_related("answers")
            .order_by("-given_at", "-pk")
        )

    @extend_schema(request=InPersonConsentSerializer, responses={201: ConsentRecordSerializer})
    def create(self, request, *args, **kwargs):
        serializer = InPersonConsentSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        record = services.consent_record(actor=request.user, **serializer.validated_data)
        return Response(ConsentRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class ConsentStatusSerializer(serializers.Serializer):
    participant = serializers.CharField(help_text="Pseudonym.")
    recruitment_status = serializers.ChoiceField(choices=RecruitmentStatus.choices)
    version = serializers.IntegerField(allow_null=True, help_text="Consent form version.")
    method = serializers.ChoiceField(choices=ConsentMethod.choices, allow_null=True)
    given_at = serializers.DateTimeField(allow_null=True)
    refused = serializers.ListField(
        child=serializers.ChoiceField(choices=ClausePurpose.choices),
        help_text="What the refused clauses govern, as `governs` when they were made.",
    )
    needs_reconsent = serializers.BooleanField()


class ConsentStatusView(APIView):
    """Every participant's consent: latest version and method, refused purposes,
    whether re-consent is needed. A list, one row per participant, not paginated."""

    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = write_action = Action.MANAGE_CONSENT

    @extend_schema(responses={200: ConsentStatusSerializer(many=True)})
    def get(self, request, study_slug: str):
        rows = selectors.consent_overview(access=request.study_access)
        return Response([
            {
                "participant": row.participant.pseudonym,
                "recruitment_status": row.participant.status,
                "version": row.record.consent_form.version if row.record else None,
                "method": row.record.method if row.record else None,
                "given_at": timezone.localtime(row.record.given_at) if row.record else None,
                # The values a client used to make the clauses; the selector's labels
                # are for pages. Answers and clauses are already prefetched.
                "refused": sorted(
                    answer.clause.governs for answer in row.record.answers.all()
                    if not answer.agreed
                ) if row.record else [],
                "needs_reconsent": row.needs_reconsent,
            }
            for row in rows
        ])  # fmt: skip


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor.get_username", default=None, read_only=True, allow_null=True,
        help_text="Username; null when the participant acted through their link.",
    )  # fmt: skip
    participant = serializers.CharField(
        source="participant.pseudonym", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "action", "actor", "participant", "detail"]
        read_only_fields = fields


class AuditEventViewSet(mixins.ListModelMixin, StudyScopedViewSet):
    """The append-only audit trail, newest first."""

    serializer_class = AuditEventSerializer
    read_action = write_action = Action.MANAGE_CONSENT
    query_filters = QueryFilters(Filter("action", choices=tuple(AuditAction.values)))

    def get_queryset(self):
        if self.is_schema_request():
            return AuditEvent.objects.none()
        return selectors.audit_events(
            access=self.access, action=self.filter_values.get("action", "")
        )


class WithdrawalSerializer(serializers.ModelSerializer):
    participant = StudyRelatedField(queryset=Participant.objects.all())

    class Meta:
        model = Withdrawal
        fields = ["id", "participant", "choice", "via", "at", "erased_at", "erased", "dyad_note"]
        read_only_fields = ["id", "via", "at", "erased_at", "erased"]
        validators = []


class WithdrawalViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, StudyScopedViewSet):
    """Withdrawals. Creating one withdraws the participant now and, with a removal
    choice, erases their data (consent and withdrawal records and the audit trail stay)."""

    serializer_class = WithdrawalSerializer
    read_action = write_action = Action.MANAGE_CONSENT

    def get_queryset(self):
        if self.is_schema_request():
            return Withdrawal.objects.none()
        return Withdrawal.objects.filter(participant__study=self.access.study).order_by("-at")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        withdrawal = services.withdrawal_record(actor=request.user, **serializer.validated_data)
        return Response(WithdrawalSerializer(withdrawal).data, status=status.HTTP_201_CREATED)
