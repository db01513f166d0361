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


ERROR_COMPONENT = {
    "type": "object",
    "description": "A refusal that is not about fields.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS_COMPONENT = {
    "type": "object",
    "description": (
        "What was wrong with the input: each field's messages (`non_field_errors` for the "
        "whole), or for a keyed field such as `answers`, an object of the same shape."
    ),
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
    },
}
_WRITES = {"post", "put", "patch"}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: adds the error answers every operation can
    give, so the schema lists all the status codes a client will meet.

    400 where input is read (a body, or query parameters, which are validated); 401 and
    403 wherever a token is needed; 404 wherever the path names something (a study, an
    object) or a page is asked for.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_COMPONENT)
    schemas.setdefault("FieldErrors", FIELD_ERRORS_COMPONENT)
    error = {"$ref": "#/components/schemas/Error"}
    field_errors = {"$ref": "#/components/schemas/FieldErrors"}

    def answer(description: str, schema: dict) -> dict:
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            parameters = operation.get("parameters", [])
            reads_input = method in _WRITES or any(p.get("in") == "query" for p in parameters)
            if reads_input:
                responses.setdefault("400", answer("The input was refused.", field_errors))
            if operation.get("security") != [{}] and operation.get("security", True):
                responses.setdefault("401", answer("No valid token or session.", error))
                responses.setdefault("403", answer("Your role does not allow this.", error))
            if "{" in path or any(p.get("name") == "page" for p in parameters):
                responses.setdefault("404", answer("No such study, object or page.", error))
    return result
