"""REST API for the information form's questions."""

from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import selectors, services
from ..models import AttributeDefinition, Role
from .base import StudyScopedCRUDViewSet
from .recruitment import StudyRelatedField


class AttributeSerializer(serializers.ModelSerializer):
    role = StudyRelatedField(
        queryset=Role.objects.all(), allow_null=True, required=False,
        help_text="Asked of this role only; null means every role.",
    )  # fmt: skip
    choices = serializers.ListField(child=serializers.CharField(), required=False, default=list)

    class Meta:
        model = AttributeDefinition
        fields = [
            "id", "label", "help_text", "kind", "required", "role", "choices", "min_value",
            "max_value", "groups", "position",
        ]  # fmt: skip
        read_only_fields = ["id", "groups"]
        validators = []  # the service explains clashes in words


class GroupsSerializer(serializers.Serializer):
    groups = serializers.ListField(
        child=serializers.ListField(),
        help_text=(
            "For numbers: [[label, lowest, highest], ...] (null for an open end). "
            "For choices: [[label, [option, ...]], ...]."
        ),
    )


class AttributeViewSet(StudyScopedCRUDViewSet):
    """Questions of the information form. Leads and researchers change them."""

    serializer_class = AttributeSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return AttributeDefinition.objects.none()
        return selectors.attribute_list(access=self.access)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values.pop("position", None)
        attribute = services.attribute_create(actor=request.user, study=self.access.study, **values)
        return Response(AttributeSerializer(attribute).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        attribute = self.get_object()
        serializer = self.get_serializer(
            attribute, data=request.data, partial=kwargs.get("partial")
        )
        serializer.is_valid(raise_exception=True)
        values = {
            "label": attribute.label, "help_text": attribute.help_text, "kind": attribute.kind,
            "required": attribute.required, "role": attribute.role, "choices": attribute.choices,
            "min_value": attribute.min_value, "max_value": attribute.max_value,
            "position": attribute.position, **serializer.validated_data,
        }  # fmt: skip
        services.attribute_update(actor=request.user, attribute=attribute, **values)
        return Response(AttributeSerializer(attribute).data)

    def destroy(self, request, *args, **kwargs):
        services.attribute_delete(actor=request.user, attribute=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["put"], serializer_class=GroupsSerializer)
    def groups(self, request, *args, **kwargs):
        """Sets how sample tables group this question's answers."""
        attribute = self.get_object()
        serializer = GroupsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.attribute_set_groups(
                actor=request.user, attribute=attribute, groups=serializer.validated_data["groups"]
            )
        except (TypeError, ValueError):
            raise serializers.ValidationError(
                {"groups": ["Each group must be [label, lowest, highest] or [label, [options]]."]}
            ) from None
        return Response(AttributeSerializer(attribute).data)
