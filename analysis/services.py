"""State changes of analysis: matrix queries saved, and their results asked for and
built (the build runs as a Celery task; see analysis/tasks.py)."""

import datetime
import logging
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coding.models import Node
from interviews.models import SessionMode
from studies import access
from studies.access import Action
from studies.models import AttributeDefinition, AttributeValue, Membership, Role, Site, Study, User
from studies.services import task_enqueue
from studies.text import check_characters

from . import kinds, matrix
from .models import (
    NAME_MAX_CHARS,
    Columns,
    MatrixQuery,
    MatrixResult,
    Measure,
    QueryKind,
    ResultStatus,
    Scope,
)
from .task_names import MATRIX_BUILD

logger = logging.getLogger(__name__)

MAX_ROWS = 300
# Saving a query (and later a framework summary) is analysts' work: those who code.
# Opening matrices and asking for their results is ANALYSE, which viewers have too.
WRITE = Action.CODE
# A build still "counting" this long after it was asked for was lost (a worker killed
# half-way): the next request asks again. Above the task's time limit.
BUILD_STALE_AFTER = datetime.timedelta(minutes=6)
FILTER_KEYS = {"sites", "roles", "modes", "coders", "coded_from", "coded_to"}


# --- Matrix queries ----------------------------------------------------------------------


def clean_name(study: Study, name: str, existing, *, noun: str) -> str:
    """A saved analysis's name (a matrix query's, a framework's): one line of at most
    NAME_MAX_CHARS, unique in the study among `existing`'s kind whatever the case."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": f"Give the {noun} a name."})
    if len(name) > NAME_MAX_CHARS:
        raise ValidationError({"name": f"A name is at most {NAME_MAX_CHARS} characters."})
    check_characters(lines={"name": name})
    taken = type(existing).objects.filter(study=study, name__iexact=name)
    if existing.pk is not None:
        taken = taken.exclude(pk=existing.pk)
    if taken.exists():
        raise ValidationError({"name": f"The study already has a {noun} of this name."})
    return name


def _clean_name(study: Study, name: str, query: MatrixQuery | None) -> str:
    return clean_name(study, name, query or MatrixQuery(), noun="matrix query")


def _clean_rows(study: Study, rows) -> list[dict]:
    """[{"node": id, "below": bool}] of the study's nodes, each once, in order."""
    if not isinstance(rows, list) or not rows:
        raise ValidationError({"rows": "Choose at least one node for the rows."})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"rows": f"A matrix has at most {MAX_ROWS} rows."})
    cleaned = []
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("node"), int):
            raise ValidationError({"rows": 'Each row is {"node": id, "below": true or false}.'})
        cleaned.append({"node": row["node"], "below": bool(row.get("below", False))})
    ids = [row["node"] for row in cleaned]
    if len(set(ids)) != len(ids):
        raise ValidationError({"rows": "Each node may be a row once."})
    found = set(Node.objects.filter(study=study, pk__in=ids).values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {"rows": f"Not nodes of this study's codebook: {', '.join(map(str, missing))}."}
        )
    return cleaned


def _clean_bands(attribute: AttributeDefinition | None, bands) -> list[dict]:
    """Number bands [min, max), in order, touching: no overlap and no gap. Open ends are
    allowed at the first (no min) and the last (no max) band only."""
    if not bands:
        return []
    if attribute is None or attribute.kind != "number":
        raise ValidationError({"bands": "Bands are for a number question only."})
    if not isinstance(bands, list):
        raise ValidationError({"bands": 'Bands are [{"label", "min", "max"}, ...].'})
    cleaned = []
    for index, band in enumerate(bands):
        if not isinstance(band, dict):
            raise ValidationError({"bands": 'Bands are [{"label", "min", "max"}, ...].'})
        label = " ".join(str(band.get("label") or "").split())
        if not label or len(label) > 60:
            raise ValidationError({"bands": f"Band {index + 1} needs a label of 1–60 characters."})
        check_characters(lines={"bands": label})
        low, high = band.get("min"), band.get("max")
        for value in (low, high):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise ValidationError({"bands": f"Band “{label}”: min and max are numbers."})
        if low is None and index > 0 or high is None and index < len(bands) - 1:
            raise ValidationError(
                {"bands": "Only the first band may have no minimum and the last no maximum."}
            )
        if low is not None and high is not None and low >= high:
            raise ValidationError(
                {"bands": f"Band “{label}”: the minimum must be below the maximum."}
            )
        if cleaned and cleaned[-1]["max"] != low:
            previous = cleaned[-1]
            word = "overlaps" if low < previous["max"] else "leaves a gap after"
            raise ValidationError(
                {"bands": f"Band “{label}” {word} “{previous['label']}”: each band starts "
                          "where the one before ends."}
            )  # fmt: skip
        cleaned.append({"label": label, "min": low, "max": high})
    if len({band["label"] for band in cleaned}) != len(cleaned):
        raise ValidationError({"bands": "Give each band its own label."})
    return cleaned


def _clean_columns(study: Study, columns: str, attribute: AttributeDefinition | None):
    if columns not in Columns.values:
        raise ValidationError({"columns": "Choose one of: " + ", ".join(Columns.values) + "."})
    if columns != Columns.ATTRIBUTE:
        return None
    if attribute is None:
        raise ValidationError({"attribute": "Choose the information-form question for columns."})
    if attribute.study_id != study.pk:
        raise ValidationError({"attribute": "That question is not on this study's form."})
    if attribute.kind in ("text", "date"):
        raise ValidationError(
            {"attribute": "Choose a choice or number question: free text and dates do not "
                          "make columns."}
        )  # fmt: skip
    if not AttributeValue.objects.filter(attribute=attribute).exists():
        raise ValidationError(
            {"attribute": f"No participant has answered “{attribute.label}” yet."}
        )
    return attribute


def _ids_of(model, study: Study, values, key: str, **extra) -> list[int]:
    if not isinstance(values, list) or not all(isinstance(v, int) for v in values):
        raise ValidationError({"filters": f"{key} is a list of ids."})
    found = set(
        model.objects.filter(study=study, pk__in=values, **extra).values_list("pk", flat=True)
    )
    if len(found) != len(set(values)):
        raise ValidationError({"filters": f"Some {key} are not this study's."})
    return sorted(found)


def _clean_filters(study: Study, filters) -> dict:
    if not filters:
        return {}
    if not isinstance(filters, dict) or set(filters) - FILTER_KEYS:
        raise ValidationError({"filters": "Filters are: " + ", ".join(sorted(FILTER_KEYS)) + "."})
    cleaned: dict = {}
    if filters.get("sites"):
        cleaned["sites"] = _ids_of(Site, study, filters["sites"], "sites")
    if filters.get("roles"):
        cleaned["roles"] = _ids_of(Role, study, filters["roles"], "roles")
    if filters.get("modes"):
        modes = filters["modes"]
        if not isinstance(modes, list) or not set(modes) <= set(SessionMode.values):
            raise ValidationError({"filters": "modes are: " + ", ".join(SessionMode.values) + "."})
        cleaned["modes"] = sorted(set(modes))
    if filters.get("coders"):
        coders = filters["coders"]
        if not isinstance(coders, list) or not all(isinstance(c, int) for c in coders):
            raise ValidationError({"filters": "coders is a list of user ids."})
        members = set(
            Membership.objects.filter(study=study, user_id__in=coders).values_list(
                "user_id", flat=True
            )
        )
        if members != set(coders):
            raise ValidationError({"filters": "Some coders are not members of this study."})
        cleaned["coders"] = sorted(members)
    for key in ("coded_from", "coded_to"):
        if filters.get(key):
            try:
                cleaned[key] = datetime.date.fromisoformat(str(filters[key])).isoformat()
            except ValueError:
                raise ValidationError({"filters": f"{key} is a date, YYYY-MM-DD."}) from None
    if cleaned.get("coded_from", "") > cleaned.get("coded_to", "9999"):
        raise ValidationError({"filters": "The first coding date is after the last."})
    return cleaned


def _choice(fields: dict, key: str, choices, default: str) -> str:
    value = fields.get(key) or default
    if value not in choices.values:
        raise ValidationError({key: "Choose one of: " + ", ".join(choices.values) + "."})
    return value


def _clean(study: Study, query: MatrixQuery | None, fields: dict) -> dict:
    kind = _choice(fields, "kind", QueryKind, QueryKind.MATRIX)
    scope = _choice(fields, "scope", Scope, Scope.OVERLAP)
    measure = _choice(fields, "measure", Measure, Measure.SEGMENTS)
    if kind != QueryKind.MATRIX:  # their columns are the dyads' accounts or the rows
        fields = {**fields, "columns": Columns.ROLE, "attribute": None, "bands": []}
    attribute = _clean_columns(study, fields["columns"], fields.get("attribute"))
    name = _clean_name(study, fields["name"], query)
    rows = _clean_rows(study, fields["rows"])
    if kind == QueryKind.COOCCURRENCE and len(rows) < 2:
        raise ValidationError({"rows": "A co-occurrence matrix needs at least two nodes."})
    return {
        "kind": kind,
        "scope": scope,
        "name": name,
        "rows": rows,
        "columns": fields["columns"],
        "attribute": attribute,
        "bands": _clean_bands(attribute, fields.get("bands")),
        "measure": measure,
        "filters": _clean_filters(study, fields.get("filters")),
    }


@transaction.atomic
def matrix_query_create(
    *, actor: User, study: Study, name: str, rows: list, kind: str = QueryKind.MATRIX,
    columns: str = Columns.ROLE, attribute: AttributeDefinition | None = None,
    bands: list | None = None, measure: str = Measure.SEGMENTS, scope: str = Scope.OVERLAP,
    filters: dict | None = None,
) -> MatrixQuery:  # fmt: skip
    """Saves a matrix query; nothing is counted until someone asks for its result."""
    access.require(actor, study, WRITE)
    cleaned = _clean(study, None, {
        "name": name, "rows": rows, "kind": kind, "columns": columns, "attribute": attribute,
        "bands": bands, "measure": measure, "scope": scope, "filters": filters,
    })  # fmt: skip
    return MatrixQuery.objects.create(study=study, created_by=actor, **cleaned)


@transaction.atomic
def matrix_query_update(*, actor: User, query: MatrixQuery, **fields) -> MatrixQuery:
    """Changes any of the query's fields (the others stay). The stored result no longer
    matches its definition, so the next request rebuilds it."""
    access.require(actor, query.study, WRITE)
    current = {
        "name": query.name, "rows": query.rows, "kind": query.kind, "columns": query.columns,
        "attribute": query.attribute, "bands": query.bands, "measure": query.measure,
        "scope": query.scope, "filters": query.filters,
    }  # fmt: skip
    unknown = set(fields) - set(current)
    if unknown:
        raise ValidationError({key: "Not a field of a matrix query." for key in unknown})
    current.update(fields)
    if current["columns"] != Columns.ATTRIBUTE:
        current["attribute"], current["bands"] = None, []
    for key, value in _clean(query.study, query, current).items():
        setattr(query, key, value)
    query.updated_at = timezone.now()
    query.save()
    return query


@transaction.atomic
def matrix_query_delete(*, actor: User, query: MatrixQuery) -> None:
    access.require(actor, query.study, WRITE)
    query.delete()


# --- Results -----------------------------------------------------------------------------


def matrix_request(*, actor: User, query: MatrixQuery) -> MatrixResult:
    """The query's result: the stored one while it is current (the study has not
    changed since it was counted, nor the query), else a build is queued, once however
    many ask at the same moment, and the result is returned as it stands (queued or
    counting, with the older counts still there to tell apart by `fingerprint`)."""
    access.require(actor, query.study, Action.ANALYSE)
    wanted = matrix.fingerprint(query, matrix.study_state(query.study_id))
    result, _created = MatrixResult.objects.get_or_create(query=query)
    if result.status == ResultStatus.DONE and result.fingerprint == wanted:
        return result
    now = timezone.now()
    building = Q(wanted=wanted, status__in=[ResultStatus.QUEUED, ResultStatus.BUILDING],
                 requested_at__gt=now - BUILD_STALE_AFTER)  # fmt: skip
    with transaction.atomic():
        # A conditional UPDATE claims the build: of two requests at once, the second
        # finds it claimed (its WHERE is checked again after the first commits).
        claimed = (
            MatrixResult.objects.filter(pk=result.pk)
            .exclude(building)
            .update(wanted=wanted, status=ResultStatus.QUEUED, requested_at=now, error="")
        )
        if claimed:
            task_enqueue(task=MATRIX_BUILD, args=[result.pk])
    result.refresh_from_db()
    return result


def matrix_build(*, result_id: int) -> MatrixResult | None:
    """Counts a queued result (the Celery task's body). The study's state is read
    before counting, so a change made meanwhile leaves the result marked older than
    the study and it is rebuilt on the next request. Counts, status and fingerprint are
    written in one UPDATE: a build that dies half-way leaves the previous result as it
    was. Returns None when there was nothing to claim (built already, or by another)."""
    now = timezone.now()
    claimed = MatrixResult.objects.filter(pk=result_id, status=ResultStatus.QUEUED).update(
        status=ResultStatus.BUILDING, started_at=now
    )
    if not claimed:
        return None
    result = MatrixResult.objects.select_related("query", "query__attribute").get(pk=result_id)
    query = result.query
    began = time.perf_counter()
    try:
        stamp = matrix.fingerprint(query, matrix.study_state(query.study_id))
        counts = kinds.count(query)
    except Exception as error:
        logger.exception("Matrix query %s could not be counted", query.pk)
        MatrixResult.objects.filter(pk=result_id, status=ResultStatus.BUILDING).update(
            status=ResultStatus.FAILED, error=f"The counting failed: {error.__class__.__name__}."
        )
        raise
    MatrixResult.objects.filter(pk=result_id, status=ResultStatus.BUILDING).update(
        status=ResultStatus.DONE, fingerprint=stamp, counts=counts, built_at=timezone.now(),
        build_ms=int((time.perf_counter() - began) * 1000),
    )  # fmt: skip
    result.refresh_from_db()
    return result
