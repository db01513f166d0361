"""REST API for studies and their teams. Reads are scoped by studies.access; writes go
through studies.services, exactly as the pages do."""

from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .. import selectors, services
from ..access import Action, StudyPermission, studies_visible_to
from ..models import Membership, Study, User


class StudySerializer(serializers.ModelSerializer):
    my_role = serializers.CharField(read_only=True, help_text="Your role in this study.")

    class Meta:
        model = Study
        fields = [
            "slug",
            "title",
            "description",
            "ethics_reference",
            "status",
            "created_at",
            "my_role",
        ]
        read_only_fields = ["slug", "created_at", "my_role"]


class StudyCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Study
        fields = ["title", "description", "ethics_reference"]


class UserSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)
    # Someone invited by email gets that address as username, which may hold characters
    # the username pattern of the sign-up form does not allow: no pattern is promised.
    username = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email"]


class MembershipSerializer(serializers.ModelSerializer):
    user = UserSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "added_at"]
        read_only_fields = ["id", "user", "added_at"]


class MembershipCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


@extend_schema_view(
    create=extend_schema(request=StudyCreateSerializer, responses={201: StudySerializer}),
)
class StudyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Studies you are a member of. Anyone signed in may create one and becomes its lead;
    leads and researchers may edit it."""

    serializer_class = StudySerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Study.objects.none()
        user = self.request.user
        my_role = Membership.objects.filter(study=OuterRef("pk"), user=user).values("role")[:1]
        return studies_visible_to(user).annotate(my_role=Subquery(my_role)).order_by("title")

    def create(self, request, *args, **kwargs):
        serializer = StudyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        study = services.study_create(creator=request.user, **serializer.validated_data)
        study = self.get_queryset().get(pk=study.pk)
        return Response(StudySerializer(study).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        study = self.get_object()
        serializer = self.get_serializer(study, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.study_update(actor=request.user, study=study, **serializer.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    create=extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer}),
    update=extend_schema(request=MembershipRoleSerializer, responses={200: MembershipSerializer}),
    partial_update=extend_schema(
        request=MembershipRoleSerializer, responses={200: MembershipSerializer}
    ),
)
class MembershipViewSet(viewsets.ModelViewSet):
    """The team of one study. Every member may read it; only leads change it."""

    serializer_class = MembershipSerializer
    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = Action.VIEW_STUDY
    write_action = Action.MANAGE_MEMBERS
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return selectors.membership_list(access=self.request.study_access)

    def create(self, request, *args, **kwargs):
        serializer = MembershipCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_add(
            actor=request.user, study=request.study_access.study, **serializer.validated_data
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        serializer = MembershipRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_change_role(
            actor=request.user, membership=self.get_object(), role=serializer.validated_data["role"]
        )
        return Response(MembershipSerializer(membership).data)

    def destroy(self, request, *args, **kwargs):
        services.membership_remove(actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
