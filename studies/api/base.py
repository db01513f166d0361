"""What every API view inside one study shares."""

from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from ..access import Action, StudyAccess, StudyPermission
from .filters import NO_FILTERS, FilteredAutoSchema, QueryFilters


class StudyScopedViewSet(viewsets.GenericViewSet):
    """A viewset under /studies/<study_slug>/: access is resolved once per request by
    StudyPermission, and querysets start from `self.access`. Its list takes the query
    parameters `query_filters` declares, checked before the list is read
    (`self.filter_values`) and described in the schema."""

    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = Action.VIEW_STUDY
    write_action = Action.EDIT_STUDY
    query_filters: QueryFilters = NO_FILTERS
    schema = FilteredAutoSchema()
    filter_values: dict[str, int | str] = {}  # replaced per request, never changed in place

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            self.filter_values = self.query_filters.read(request.query_params)

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
