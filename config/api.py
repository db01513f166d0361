"""Project-wide API glue."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

NOT_FOUND = "Not found."


class ErrorSerializer(serializers.Serializer):
    """The body of a refusal that is not about fields: 401, 403, 404, 405, 429."""

    detail = serializers.CharField()


def exception_handler(exc, context):
    """Turns a service's Django ValidationError into a 400 with its messages, and gives
    every 404 the same words.

    Services validate with Django's ValidationError so that pages and the API share the
    same rules; without this, DRF would let those errors become 500s. A 404's text varied
    with where it came from (a model's name, "No such study."); one text says no more
    than the status does, so an outsider learns nothing from it.
    """
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = exc.message_dict
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_404_NOT_FOUND:
        response.data = {"detail": NOT_FOUND}
    return response
