"""REST API for setup and recruitment: sites, roles, participants, dyads, statuses and
contact details (the last only for leads and consent admins)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import selectors, services
from ..access import Action
from ..http import no_store
from ..models import (
    Dyad,
    Participant,
    ParticipantContact,
    RecruitmentEvent,
    RecruitmentStatus,
    Role,
    Site,
)
from .base import StudyScopedCRUDViewSet, StudyScopedViewSet
from .filters import Filter, QueryFilters


class StudyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference to an object of the same study; ids from other studies are invalid."""

    def get_queryset(self):
        study = self.context.get("study")
        model = self.queryset.model
        return model.objects.filter(study=study) if study else model.objects.none()


# --- Sites and roles -----------------------------------------------------------------


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "borough", "target_dyads", "position"]
        read_only_fields = ["id", "position"]


class SiteViewSet(StudyScopedCRUDViewSet):
    """Where participants are recruited. Leads and researchers change them."""

    serializer_class = SiteSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return Site.objects.none()
        return selectors.site_list(access=self.access)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        site = services.site_add(
            actor=request.user, study=self.access.study, **serializer.validated_data
        )
        return Response(SiteSerializer(site).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        site = self.get_object()
        serializer = self.get_serializer(site, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        values = {
            "name": site.name, "borough": site.borough, "target_dyads": site.target_dyads,
            **serializer.validated_data,
        }  # fmt: skip
        services.site_update(actor=request.user, site=site, **values)
        return Response(SiteSerializer(site).data)

    def destroy(self, request, *args, **kwargs):
        services.site_remove(actor=request.user, site=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Role
        fields = ["id", "code", "label", "recruitment", "position", "support_text"]
        read_only_fields = ["id", "recruitment", "position"]


class RoleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, StudyScopedViewSet
):
    """Kinds of participant. Code and label change only before anyone is recruited."""

    serializer_class = RoleSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return Role.objects.none()
        return selectors.role_list(access=self.access)

    def update(self, request, *args, **kwargs):
        role = self.get_object()
        serializer = self.get_serializer(role, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        values = {"code": role.code, "label": role.label, **serializer.validated_data}
        services.role_update(actor=request.user, role=role, **values)
        return Response(RoleSerializer(role).data)


# --- Participants ----------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    role = serializers.SlugRelatedField(slug_field="code", read_only=True)
    site = serializers.PrimaryKeyRelatedField(read_only=True)
    dyad_partner = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = ["id", "pseudonym", "role", "site", "status", "dyad_partner", "created_at"]
        read_only_fields = fields

    def get_dyad_partner(self, participant) -> str | None:
        partner = selectors.participant_partner(participant)
        return partner.pseudonym if partner else None


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ParticipantContact
        fields = ["name", "email", "phone"]


class ParticipantCreateSerializer(serializers.Serializer):
    role = StudyRelatedField(queryset=Role.objects.all())
    site = StudyRelatedField(
        queryset=Site.objects.all(), allow_null=True, required=False, default=None
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class NominationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RecruitmentStatus.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RecruitmentEventSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="participant.pseudonym", read_only=True)
    by = serializers.CharField(
        source="by.get_username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = RecruitmentEvent
        fields = ["id", "pseudonym", "status", "note", "at", "by"]
        read_only_fields = fields


class DyadSerializer(serializers.ModelSerializer):
    worker = StudyRelatedField(queryset=Participant.objects.all())
    service_user = StudyRelatedField(queryset=Participant.objects.all())
    worker_pseudonym = serializers.CharField(source="worker.pseudonym", read_only=True)
    service_user_pseudonym = serializers.CharField(source="service_user.pseudonym", read_only=True)

    class Meta:
        model = Dyad
        fields = [
            "id", "worker", "worker_pseudonym", "service_user", "service_user_pseudonym",
            "nominated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "nominated_at"]
        validators = []  # the service explains clashes in words


@extend_schema_view(
    create=extend_schema(
        request=ParticipantCreateSerializer, responses={201: ParticipantSerializer}
    ),
)
class ParticipantViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, StudyScopedViewSet
):
    """Participants by pseudonym. Adding one (a worker) or changing their recruitment
    needs the recruit permission; contact details need the contact permission."""

    serializer_class = ParticipantSerializer
    write_action = Action.RECRUIT
    query_filters = QueryFilters(
        Filter("role", description="Role code, e.g. MHW"),
        Filter("site", int, description="Site id"),
        Filter("status", choices=tuple(RecruitmentStatus.values)),
    )

    def get_queryset(self):
        if self.is_schema_request():
            return Participant.objects.none()
        values = self.filter_values
        return selectors.participant_list(
            access=self.access,
            role=values.get("role", ""),
            site=str(values.get("site", "")),
            status=values.get("status", ""),
        )

    def create(self, request, *args, **kwargs):
        serializer = ParticipantCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        participant = services.participant_add(
            actor=request.user, study=self.access.study, **serializer.validated_data
        )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatusChangeSerializer, responses={201: RecruitmentEventSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, *args, **kwargs):
        """Records a recruitment step (optionally dated earlier)."""
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = services.participant_set_status(
            actor=request.user, participant=self.get_object(), **serializer.validated_data
        )
        return Response(RecruitmentEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NominationSerializer, responses={201: DyadSerializer})
    @action(detail=True, methods=["post"])
    def nominate(self, request, *args, **kwargs):
        """Records that this worker nominated a service user: creates them and the dyad."""
        serializer = NominationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dyad = services.participant_nominate(
            actor=request.user, worker=self.get_object(), **serializer.validated_data
        )
        return Response(DyadSerializer(dyad).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RecruitmentEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, *args, **kwargs):
        events = selectors.recruitment_events(participant=self.get_object())
        return Response(RecruitmentEventSerializer(events, many=True).data)

    @extend_schema(methods=["GET"], responses=ContactSerializer)
    @extend_schema(methods=["PUT"], request=ContactSerializer, responses=ContactSerializer)
    @action(detail=True, methods=["get", "put"])
    @no_store
    def contact(self, request, *args, **kwargs):
        """Who the participant is. Leads and consent admins only."""
        self.access.require(Action.VIEW_CONTACTS)
        participant = self.get_object()
        if request.method == "PUT":
            serializer = ContactSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            contact = services.contact_update(
                actor=request.user, participant=participant, **serializer.validated_data
            )
        else:
            contact = services.contact_read(actor=request.user, participant=participant)
        return Response(ContactSerializer(contact or ParticipantContact()).data)

    @extend_schema(
        methods=["GET"],
        responses={200: OpenApiTypes.OBJECT},
        description="Answers to the information form, keyed by attribute id.",
    )
    @extend_schema(
        methods=["PUT"],
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT},
        description=(
            "Saves answers keyed by attribute id: a string, a number, a list of options or "
            "a YYYY-MM-DD date as the question's kind says; null or an empty value clears "
            "an answer. All or nothing: any wrong answer gives a 400 naming its field."
        ),
    )
    @action(detail=True, methods=["get", "put"])
    def information(self, request, *args, **kwargs):
        participant = self.get_object()
        if request.method == "PUT":
            if not isinstance(request.data, dict):
                raise serializers.ValidationError({"non_field_errors": ["Send an object."]})
            try:
                answers = {int(key): value for key, value in request.data.items()}
            except ValueError:
                raise serializers.ValidationError(
                    {"non_field_errors": ["Keys must be attribute ids."]}
                ) from None
            services.attribute_values_save(
                actor=request.user, participant=participant, answers=answers
            )
        else:
            self.access.require(Action.VIEW_DATA)
        return Response(
            {
                str(key): value
                for key, value in selectors.participant_answers(participant=participant).items()
            }
        )

    def get_permissions(self):
        # Contact details have their own rule (checked in the action), not the write rule.
        if self.action == "contact":
            self.write_action = Action.VIEW_CONTACTS
        return super().get_permissions()


class DyadViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, StudyScopedViewSet
):
    """Worker–service-user pairs. Creating one pairs two recruited participants; a
    nomination (participants/{id}/nominate/) creates the service user and dyad at once."""

    serializer_class = DyadSerializer
    write_action = Action.RECRUIT

    def get_queryset(self):
        if self.is_schema_request():
            return Dyad.objects.none()
        return selectors.dyad_list(access=self.access)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dyad = services.dyad_create(actor=request.user, **serializer.validated_data)
        return Response(DyadSerializer(dyad).data, status=status.HTTP_201_CREATED)
