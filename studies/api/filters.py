"""Query parameters of list endpoints, declared once per view: the same declaration
checks a request's parameters and describes them in the schema.

A bad value or an unknown parameter is a 400 naming it, so a misspelt or mistyped filter
never silently returns the whole list as if it had matched."""

from dataclasses import dataclass

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

# Largest id a row can have (a signed 64-bit key). A larger number matches nothing; it
# is read as 0, which no row has, rather than overflowing the database's integer.
MAX_ID = 2**63 - 1
# Parameters every list takes besides its filters: the page, and DRF's format override.
ALWAYS_ALLOWED = frozenset({"page", "format"})


@dataclass(frozen=True)
class Filter:
    """One query parameter: an id (`kind=int`) or text, optionally one of `choices`."""

    name: str
    kind: type = str
    choices: tuple[str, ...] = ()
    description: str = ""

    def parse(self, raw: str) -> int | str:
        if self.kind is int:
            if not (raw.isascii() and raw.isdigit()):
                raise ValidationError({self.name: ["Give an id: a whole number."]})
            value = int(raw)
            return value if value <= MAX_ID else 0
        if self.choices and raw not in self.choices:
            listed = ", ".join(self.choices)
            raise ValidationError({self.name: [f"Give one of: {listed}."]})
        return raw

    def parameter(self) -> OpenApiParameter:
        return OpenApiParameter(
            self.name,
            int if self.kind is int else str,
            enum=list(self.choices) or None,
            description=self.description,
        )


class QueryFilters:
    def __init__(self, *filters: Filter):
        self.filters = {f.name: f for f in filters}

    def read(self, query_params) -> dict[str, int | str]:
        """The filters given, parsed; a ValidationError (400) for an unknown parameter
        or a bad value."""
        unknown = sorted(set(query_params) - set(self.filters) - ALWAYS_ALLOWED)
        if unknown:
            known = ", ".join(self.filters) or "none"
            raise ValidationError(
                {name: [f"Not a filter of this list (filters: {known})."] for name in unknown}
            )
        return {
            name: self.filters[name].parse(query_params[name])
            for name in self.filters
            if name in query_params
        }

    def parameters(self) -> list[OpenApiParameter]:
        return [f.parameter() for f in self.filters.values()]


NO_FILTERS = QueryFilters()


class FilteredAutoSchema(AutoSchema):
    """Describes a list action's query parameters from its view's `query_filters`."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        filters = getattr(self.view, "query_filters", None)
        if filters is not None and getattr(self.view, "action", None) == "list":
            parameters = [*filters.parameters(), *parameters]
        return parameters
