"""What each kind of query does, in one place: how it is counted (in the Celery
task) and how its result is shown. A kind's page part is the template
`analysis/_result_<kind>.html`, given what `display` returns."""

from dataclasses import dataclass, field

from . import cooccurrence, dyads, matrix, table
from .models import MatrixQuery, MatrixResult, QueryKind


@dataclass
class Display:
    template: str
    context: dict = field(default_factory=dict)

    def __getattr__(self, name):
        # The template reads the kind's context as attributes of `display` (and the
        # matrix's as `table`, below).
        try:
            return self.context[name]
        except KeyError:
            raise AttributeError(name) from None


def count(query: MatrixQuery) -> dict:
    """The counts of a query of any kind."""
    if query.kind == QueryKind.DYADS:
        return dyads.count(query)
    if query.kind == QueryKind.COOCCURRENCE:
        return cooccurrence.count(query)
    return matrix.count(query)


def display(query: MatrixQuery, result: MatrixResult, *, measure: str, transpose: bool):
    """What the page shows of a current result."""
    if query.kind == QueryKind.MATRIX:
        built = table.build(query, result.counts, measure=measure, transpose=transpose)
        return Display("analysis/_result_matrix.html", {"table": built})
    if query.kind == QueryKind.DYADS:
        return Display("analysis/_result_dyads.html", dyads.display(query, result.counts))
    if query.kind == QueryKind.COOCCURRENCE:
        shown = cooccurrence.display(query, result.counts)
        return Display("analysis/_result_cooccurrence.html", shown)
    raise ValueError(f"No display for {query.kind} queries yet.")
