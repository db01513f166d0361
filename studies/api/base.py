"""What every API view inside one study shares."""

from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from ..access import Action, StudyAccess, StudyPermission


class StudyScopedViewSet(viewsets.GenericViewSet):
    """A viewset under /studies/<study_slug>/: access is resolved once per request by
    StudyPermission, and querysets start from `self.access`."""

    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = Action.VIEW_STUDY
    write_action = Action.EDIT_STUDY

    @property
    def access(self) -> StudyAccess:
        return self.request.study_access

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self.request, "study_access"):
            context["study"] = self.access.study
        return context

    def is_schema_request(self) -> bool:
        return getattr(self, "swagger_fake_view", False)


class StudyScopedCRUDViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    StudyScopedViewSet,
):
    """List, read, create, change and delete inside one study; the subclass's create,
    update and destroy call services."""
