"""REST API for matrix queries and their results.

Members who may analyse (viewers too) read queries and ask for results; those who
code save queries. A result is asked for like the page asks: a current one comes back
at once (200); otherwise a build is queued (once, however many ask) and the answer is
202 with the status, to ask again."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from coding.quotes import segment_quotes
from coding.selectors import segments_visible
from studies.access import Action
from studies.api.base import StudyScopedCRUDViewSet
from studies.api.filters import MAX_ID
from studies.api.recruitment import StudyRelatedField
from studies.models import AttributeDefinition, Dyad

from . import cooccurrence, dyads, matrix, services, table
from .models import NAME_MAX_CHARS, Columns, MatrixQuery, Measure, QueryKind, Scope

CELL_SEGMENTS_LISTED = 500


def _id(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0  # no such row


class RowSerializer(serializers.Serializer):
    node = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    below = serializers.BooleanField(default=False, help_text="With everything below the node.")


class BandSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=60)
    min = serializers.FloatField(allow_null=True, required=False, default=None)
    max = serializers.FloatField(allow_null=True, required=False, default=None)


class FiltersSerializer(serializers.Serializer):
    sites = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
                                  required=False)  # fmt: skip
    roles = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
                                  required=False)  # fmt: skip
    modes = serializers.ListField(child=serializers.ChoiceField(["online", "in_person"]),
                                  required=False)  # fmt: skip
    coders = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
                                   required=False)  # fmt: skip
    coded_from = serializers.DateField(required=False)
    coded_to = serializers.DateField(required=False)


class MatrixQuerySerializer(serializers.ModelSerializer):
    rows = RowSerializer(many=True)
    bands = BandSerializer(many=True, required=False)
    filters = FiltersSerializer(required=False)
    status = serializers.SerializerMethodField(help_text="Of its stored result, if any.")
    created_by = serializers.CharField(
        source="created_by.get_username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = MatrixQuery
        fields = [
            "id", "name", "kind", "rows", "columns", "attribute", "bands", "measure", "scope",
            "filters", "status", "created_by", "created_at", "updated_at",
        ]  # fmt: skip

    def get_status(self, query) -> str | None:
        result = getattr(query, "result", None)
        return result.status if result is not None else None


class MatrixQueryWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_CHARS)
    kind = serializers.ChoiceField(choices=QueryKind.choices, default=QueryKind.MATRIX)
    rows = RowSerializer(many=True)
    columns = serializers.ChoiceField(choices=Columns.choices, default=Columns.ROLE)
    attribute = StudyRelatedField(
        queryset=AttributeDefinition.objects.all(), allow_null=True, required=False,
        default=None, help_text="The question whose answers are the columns.",
    )  # fmt: skip
    bands = BandSerializer(many=True, required=False, default=list)
    measure = serializers.ChoiceField(choices=Measure.choices, default=Measure.SEGMENTS)
    scope = serializers.ChoiceField(choices=Scope.choices, default=Scope.OVERLAP)
    filters = FiltersSerializer(required=False, default=dict)


class MatrixQueryUpdateSerializer(MatrixQueryWriteSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


def _service_fields(data: dict) -> dict:
    fields = dict(data)
    if "rows" in fields:
        fields["rows"] = [dict(row) for row in fields["rows"]]
    if "bands" in fields:
        fields["bands"] = [dict(band) for band in fields["bands"]]
    if "filters" in fields:
        fields["filters"] = {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in fields["filters"].items()
        }
    return fields


class HeaderSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The key in `counts`.")
    label = serializers.CharField()


class MatrixResultSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="queued, building, done or failed.")
    current = serializers.BooleanField(
        help_text="The counts are of the study as it is now (else a build is on its way)."
    )
    counted_at = serializers.DateTimeField(allow_null=True)
    build_ms = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True)
    rows = HeaderSerializer(many=True, help_text="The rows' keys and labels.")
    columns = HeaderSerializer(many=True, help_text="The columns' keys and labels (matrices).")
    counts = serializers.DictField(
        help_text="A matrix: cells[row][column], row_totals[row], column_totals[column] and "
        "total, each [segments, participants, words]; cases[column]: participants who could "
        "have been coded there. A dyad comparison or co-occurrence: their own counts (see "
        "analysis/dyads.py and cooccurrence.py). Empty until the first build."
    )


class CellSegmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    transcript = serializers.IntegerField()
    node = serializers.IntegerField()
    coder = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    pseudonym = serializers.CharField()
    role = serializers.CharField()
    vignette = serializers.CharField(allow_blank=True)
    line = serializers.IntegerField()
    quote = serializers.CharField(allow_null=True, help_text="Null: not to be quoted.")


class CellSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Segments behind the cell that you may see.")
    truncated = serializers.BooleanField()
    segments = CellSegmentSerializer(many=True)


class MatrixQueryViewSet(StudyScopedCRUDViewSet):
    """Saved matrix queries: nodes in rows (each with or without everything below it)
    against a kind of column, a dyad comparison, or co-occurrence."""

    serializer_class = MatrixQuerySerializer
    read_action = Action.ANALYSE
    write_action = services.WRITE
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.is_schema_request():
            return MatrixQuery.objects.none()
        return (
            MatrixQuery.objects.filter(study=self.access.study)
            .select_related("result", "created_by", "attribute")
            .order_by("name", "pk")
        )

    def _form(self, serializer_class) -> dict:
        if not isinstance(self.request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Send an object."]})
        form = serializer_class(data=self.request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        return _service_fields(form.validated_data)

    @extend_schema(request=MatrixQueryWriteSerializer, responses={201: MatrixQuerySerializer})
    def create(self, request, *args, **kwargs):
        query = services.matrix_query_create(
            actor=request.user, study=self.access.study, **self._form(MatrixQueryWriteSerializer)
        )
        return ApiResponse(MatrixQuerySerializer(query).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MatrixQueryUpdateSerializer, responses=MatrixQuerySerializer)
    def partial_update(self, request, *args, **kwargs):
        query = services.matrix_query_update(
            actor=request.user, query=self.get_object(), **self._form(MatrixQueryUpdateSerializer)
        )
        return ApiResponse(MatrixQuerySerializer(query).data)

    def destroy(self, request, *args, **kwargs):
        services.matrix_query_delete(actor=request.user, query=self.get_object())
        return ApiResponse(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: MatrixResultSerializer, 202: MatrixResultSerializer})
    @action(detail=True, methods=["get"])
    def result(self, request, *args, **kwargs):
        """The counts: 200 when current, 202 while a build is queued or counting (ask
        again), with the previous counts if there are any."""
        query = self.get_object()
        result = services.matrix_request(actor=request.user, query=query)
        current = result.status == "done" and result.fingerprint == result.wanted
        counts = result.counts or {}
        keys = set(counts.get("column_totals", {}))
        columns = table.column_headers(query, keys) if query.kind == QueryKind.MATRIX else []
        answer = {
            "status": result.status, "current": current, "counted_at": result.built_at,
            "build_ms": result.build_ms, "error": result.error,
            "rows": [{"key": h.key, "label": h.label} for h in table.row_headers(query)],
            "columns": [{"key": h.key, "label": h.label} for h in columns],
            "counts": counts,
        }  # fmt: skip
        code = (
            status.HTTP_200_OK if current or result.status == "failed" else status.HTTP_202_ACCEPTED
        )
        return ApiResponse(MatrixResultSerializer(answer).data, status=code)

    def _cell_segments(self, query: MatrixQuery):
        """The reader's visible segments behind the cell the parameters name, by kind:
        a matrix's node and column, a dyad comparison's node and dyad, co-occurrence's
        two nodes."""
        params = self.request.query_params
        visible = segments_visible(user=self.request.user, access=self.access)
        rows = {str(row["node"]) for row in query.rows}
        node = params.get("node", "")
        if node not in rows:
            raise serializers.ValidationError({"node": ["Not a row of this query."]})
        if query.kind == QueryKind.COOCCURRENCE:
            other = params.get("other", node)
            if other not in rows:
                raise serializers.ValidationError({"other": ["Not a row of this query."]})
            ids = cooccurrence.cell_segment_ids(query, one=node, other=other) or []
            return visible.filter(pk__in=ids)
        if query.kind == QueryKind.DYADS:
            dyad = None
            if params.get("dyad"):
                dyad = Dyad.objects.filter(study=self.access.study, pk=_id(params["dyad"])).first()
                if dyad is None:
                    raise serializers.ValidationError({"dyad": ["No such dyad in this study."]})
            return dyads.cell_segments(query, visible, node=node, dyad=dyad)
        column = params.get("column")
        if column is not None and len(column) > 200:
            raise serializers.ValidationError({"column": ["Not a column of this query."]})
        return matrix.cell_segments(query, visible, node=node, column=column)

    @extend_schema(
        parameters=[
            OpenApiParameter("node", int, required=True, description="The row's node."),
            OpenApiParameter(
                "column", str, description="A matrix: the column's key; none: the whole row."
            ),
            OpenApiParameter("dyad", int, description="A dyad comparison: the dyad."),
            OpenApiParameter("other", int, description="Co-occurrence: the other node."),
        ],
        responses=CellSerializer,
    )
    @action(detail=True, methods=["get"])
    def cell(self, request, *args, **kwargs):
        """The coded segments behind one cell (or a whole row), those you may see, with
        pseudonym, role, vignette and line; at most 500."""
        query = self.get_object()
        segments = self._cell_segments(query)
        count = segments.count()
        shown = list(
            segments.select_related("node", "coder").order_by(
                "transcript__participant__pseudonym", "start", "pk"
            )[:CELL_SEGMENTS_LISTED]
        )
        rows = [
            {
                "id": q.segment.pk, "transcript": q.segment.transcript_id,
                "node": q.segment.node_id, "coder": q.segment.coder.get_username(),
                "start": q.start, "end": q.end, "text": q.text,
                "pseudonym": q.place.participant.pseudonym, "role": q.place.role,
                "vignette": q.place.vignette, "line": q.place.line,
                "quote": q.tagged if q.place.quotable else None,
            }
            for q in segment_quotes(shown, self.access.study)
        ]  # fmt: skip
        return ApiResponse(
            CellSerializer({"count": count, "truncated": count > len(shown), "segments": rows}).data
        )
