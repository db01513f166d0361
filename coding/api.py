"""REST API for the codebook, coded segments, memos and the analytic trail.

Members who may read data (viewers too) read; leads, researchers and coders change.
Offsets are Unicode code points; a browser may send UTF-16 positions instead
(`utf16_start`/`utf16_end`), converted here, and every segment carries both."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from interviews.models import Transcript, VersionKind
from studies.access import Action
from studies.api.base import StudyScopedCRUDViewSet, StudyScopedViewSet
from studies.api.filters import MAX_ID, Filter, QueryFilters
from studies.api.recruitment import StudyRelatedField

from . import offsets, selectors, services
from .models import (
    NAME_MAX_CHARS,
    CarryOver,
    CodebookEvent,
    CodebookEventKind,
    CodedSegment,
    Memo,
    MemoKind,
    Node,
    NodeKind,
)

MAX_OFFSET = 10**9
MAX_VERSION = 2**31 - 1
_TEXT = {"required": False, "allow_blank": True, "max_length": services.TEXT_MAX_CHARS}


def _id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- Nodes -------------------------------------------------------------------------------

NODE_FIELDS = [
    "id", "parent", "kind", "name", "definition", "when_to_use", "when_not_to_use", "example",
    "colour", "position", "version", "segment_count", "created_by", "created_at",
]  # fmt: skip


class NodeSerializer(serializers.ModelSerializer):
    segment_count = serializers.IntegerField(
        read_only=True, default=0, help_text="Segments coded with this node itself."
    )
    created_by = serializers.CharField(
        source="created_by.get_username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Node
        fields = NODE_FIELDS


class NodeTreeSerializer(NodeSerializer):
    children = serializers.SerializerMethodField()

    class Meta(NodeSerializer.Meta):
        fields = [*NODE_FIELDS, "children"]

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/NodeTree"}})
    def get_children(self, node) -> list:
        return NodeTreeSerializer(self.context["children"].get(node.pk, []), many=True,
                                  context=self.context).data  # fmt: skip


class NodeCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_CHARS)
    kind = serializers.ChoiceField(choices=NodeKind.choices, default=NodeKind.CODE)
    parent = StudyRelatedField(
        queryset=Node.objects.all(), allow_null=True, required=False, default=None,
        help_text="Null: at the top of the codebook.",
    )  # fmt: skip
    colour = serializers.RegexField(
        r"^#[0-9a-fA-F]{6}$", required=False,
        help_text="#rrggbb; left out: the colour the codebook uses least.",
    )  # fmt: skip
    definition = serializers.CharField(**_TEXT, default="")
    when_to_use = serializers.CharField(**_TEXT, default="")
    when_not_to_use = serializers.CharField(**_TEXT, default="")
    example = serializers.CharField(**_TEXT, default="")
    why = serializers.CharField(**_TEXT, default="", help_text="For the analytic trail.")


class NodeUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text="The version you changed; stale is refused."
    )
    name = serializers.CharField(max_length=NAME_MAX_CHARS, required=False)
    kind = serializers.ChoiceField(choices=NodeKind.choices, required=False)
    colour = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)
    definition = serializers.CharField(**_TEXT)
    when_to_use = serializers.CharField(**_TEXT)
    when_not_to_use = serializers.CharField(**_TEXT)
    example = serializers.CharField(**_TEXT)
    why = serializers.CharField(**_TEXT, default="")


class NodeMoveSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    parent = StudyRelatedField(
        queryset=Node.objects.all(), allow_null=True, help_text="Null: the top of the codebook."
    )
    position = serializers.IntegerField(
        min_value=0, max_value=MAX_OFFSET, required=False, allow_null=True, default=None,
        help_text="Its place among its new siblings, from 0; the end when left out.",
    )  # fmt: skip
    why = serializers.CharField(**_TEXT, default="")


class NodeMergeSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    target = StudyRelatedField(queryset=Node.objects.all(), help_text="The node that stays.")
    why = serializers.CharField(max_length=services.TEXT_MAX_CHARS)


class NodeSplitSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    segments = serializers.ListField(child=_id_field(), allow_empty=False, max_length=100_000)
    name = serializers.CharField(max_length=NAME_MAX_CHARS, help_text="The new node's name.")
    why = serializers.CharField(**_TEXT, default="")


class NodeDeleteSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    segments = serializers.ChoiceField(
        choices=[services.SEGMENTS_TO_PARENT, services.SEGMENTS_DELETE],
        help_text="What happens to its segments: move to its parent, or delete.",
    )  # fmt: skip
    why = serializers.CharField(**_TEXT, default="")


class DeletionImpactSerializer(serializers.Serializer):
    segments = serializers.IntegerField()
    memos = serializers.IntegerField()
    children = serializers.IntegerField()


class DeletionOutcomeSerializer(serializers.Serializer):
    segments_moved = serializers.IntegerField()
    segments_collapsed = serializers.IntegerField()
    segments_deleted = serializers.IntegerField()
    memos = serializers.IntegerField()
    children = serializers.IntegerField()


def _form(serializer_class, request, context=None) -> dict:
    if not isinstance(request.data, dict):
        raise serializers.ValidationError({"non_field_errors": ["Send an object."]})
    form = serializer_class(data=request.data, context=context or {})
    form.is_valid(raise_exception=True)
    return form.validated_data


class NodeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, StudyScopedViewSet
):
    """The study's codebook: codes, categories, themes. Every change needs the
    `version` you read, and is kept in the analytic trail (`codebook-events`)."""

    serializer_class = NodeSerializer
    read_action = Action.VIEW_DATA
    write_action = Action.CODE
    pagination_class = None
    query_filters = QueryFilters(
        Filter("shape", choices=("flat", "tree"), description="flat (default) or tree.")
    )
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.is_schema_request():
            return Node.objects.none()
        return selectors.node_list(study=self.access.study)

    def _fresh(self, node: Node):
        return NodeSerializer(self.get_queryset().get(pk=node.pk)).data

    @extend_schema(
        responses=NodeTreeSerializer(many=True),
        description="The whole codebook, not paginated: a flat list in tree order, or with "
        "`shape=tree` the top-level nodes with their `children` nested.",
    )
    def list(self, request, *args, **kwargs):
        nodes = list(self.get_queryset())
        if self.filter_values.get("shape") != "tree":
            return ApiResponse(NodeSerializer(nodes, many=True).data)
        children: dict[int | None, list[Node]] = {}
        for node in nodes:
            children.setdefault(node.parent_id, []).append(node)
        context = {"children": children}
        return ApiResponse(NodeTreeSerializer(children.get(None, []), many=True,
                                              context=context).data)  # fmt: skip

    @extend_schema(request=NodeCreateSerializer, responses={201: NodeSerializer})
    def create(self, request, *args, **kwargs):
        data = _form(NodeCreateSerializer, request, self.get_serializer_context())
        node = services.node_create(actor=request.user, study=self.access.study, **data)
        return ApiResponse(self._fresh(node), status=status.HTTP_201_CREATED)

    @extend_schema(request=NodeUpdateSerializer, responses=NodeSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Renames, defines, recolours or changes the kind; give `version`."""
        node = self.get_object()
        data = _form(NodeUpdateSerializer, request)
        services.node_update(actor=request.user, node=node, **data)
        return ApiResponse(self._fresh(node))

    @extend_schema(
        parameters=[
            OpenApiParameter("version", int, required=True, description="The version you read."),
            OpenApiParameter(
                "segments", str, required=True, enum=[services.SEGMENTS_TO_PARENT,
                                                      services.SEGMENTS_DELETE],
                description="Its segments move to its parent, or are deleted.",
            ),
            OpenApiParameter("why", str, description="For the analytic trail."),
        ],
        responses={200: DeletionOutcomeSerializer},
    )  # fmt: skip
    def destroy(self, request, *args, **kwargs):
        """Deletes a node; its children move up to its parent. See `deletion` first."""
        node = self.get_object()
        form = NodeDeleteSerializer(data=request.query_params.dict())
        form.is_valid(raise_exception=True)
        outcome = services.node_delete(actor=request.user, node=node, **form.validated_data)
        return ApiResponse(DeletionOutcomeSerializer(outcome).data)

    @extend_schema(responses=DeletionImpactSerializer)
    @action(detail=True, methods=["get"])
    def deletion(self, request, *args, **kwargs):
        """What deleting this node touches: to show before asking."""
        return ApiResponse(selectors.node_deletion_impact(node=self.get_object()))

    @extend_schema(request=NodeMoveSerializer, responses=NodeSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Moves the node (and what is below it) under `parent` at `position`; under its
        own parent, a reorder. Not under itself or its own descendant."""
        node = self.get_object()
        data = _form(NodeMoveSerializer, request, self.get_serializer_context())
        services.node_move(actor=request.user, node=node, **data)
        return ApiResponse(self._fresh(node))

    @extend_schema(request=NodeMergeSerializer, responses=NodeSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        """Merges this node into `target` (segments, memos and children follow, exact
        duplicates collapse) and deletes it; answers the target."""
        node = self.get_object()
        data = _form(NodeMergeSerializer, request, self.get_serializer_context())
        target = services.node_merge(actor=request.user, source=node, **data)
        return ApiResponse(self._fresh(target))

    @extend_schema(request=NodeSplitSerializer, responses={201: NodeSerializer})
    @action(detail=True, methods=["post"])
    def split(self, request, *args, **kwargs):
        """Moves the chosen `segments` of this node to a new node beside it."""
        node = self.get_object()
        data = _form(NodeSplitSerializer, request)
        new = services.node_split(
            actor=request.user, node=node, version=data["version"],
            segment_ids=data["segments"], name=data["name"], why=data["why"],
        )  # fmt: skip
        return ApiResponse(self._fresh(new), status=status.HTTP_201_CREATED)


# --- Segments ----------------------------------------------------------------------------


class SegmentSerializer(serializers.ModelSerializer):
    coder = serializers.CharField(source="coder.get_username", read_only=True)
    utf16_start = serializers.SerializerMethodField()
    utf16_end = serializers.SerializerMethodField()

    class Meta:
        model = CodedSegment
        fields = [
            "id", "transcript", "node", "coder", "start", "end", "utf16_start", "utf16_end",
            "text", "needs_review", "version", "revision", "created_at", "updated_at",
        ]  # fmt: skip

    def _utf16(self, segment, position: int) -> int:
        table = self.context.get("utf16")
        if table is None:
            table = offsets.utf16_table(segment.transcript.text, [position])
        return table[position]

    def get_utf16_start(self, segment) -> int:
        return self._utf16(segment, segment.start)

    def get_utf16_end(self, segment) -> int:
        return self._utf16(segment, segment.end)


SEGMENT_ROW_FIELDS = (
    "id", "transcript_id", "node_id", "coder__username", "start", "end", "text",
    "needs_review", "version", "revision", "created_at", "updated_at",
)  # fmt: skip


def _iso_8601(value, zone) -> str:
    """A timestamp as DRF's DateTimeField writes it: in the current time zone (looked
    up once by the caller, not per value), ISO 8601, with "Z" for UTC."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def segment_rows(rows, utf16: dict[int, int]) -> list[dict]:
    """What `SegmentSerializer` gives for each segment, built from tuples of
    `SEGMENT_ROW_FIELDS`: a transcript's list is the API's hot read, and model instances
    and the serializer's per-field machinery took most of its time (bench-coding). A
    test holds the two to the same output."""
    zone = timezone.get_current_timezone()
    return [
        {
            "id": pk, "transcript": transcript, "node": node, "coder": coder,
            "start": start, "end": end, "utf16_start": utf16[start], "utf16_end": utf16[end],
            "text": text, "needs_review": review, "version": version, "revision": revision,
            "created_at": _iso_8601(created, zone), "updated_at": _iso_8601(updated, zone),
        }
        for (pk, transcript, node, coder, start, end, text, review, version, revision,
             created, updated) in rows
    ]  # fmt: skip


class SegmentListSerializer(serializers.Serializer):
    revision = serializers.IntegerField(help_text="The study's coding revision: ask `since` it.")
    transcript_version = serializers.IntegerField()
    independent = serializers.BooleanField(
        help_text="Independent coding: a coder gets only their own segments; a lead all."
    )
    segments = SegmentSerializer(many=True)
    removed = serializers.ListField(
        child=serializers.IntegerField(), help_text="Segments deleted since `since` (ids)."
    )


class RangeSerializer(serializers.Serializer):
    start = serializers.IntegerField(min_value=0, max_value=MAX_OFFSET, required=False)
    end = serializers.IntegerField(min_value=0, max_value=MAX_OFFSET, required=False)
    utf16_start = serializers.IntegerField(
        min_value=0, max_value=MAX_OFFSET, required=False,
        help_text="Instead of start/end: the browser's UTF-16 positions.",
    )  # fmt: skip
    utf16_end = serializers.IntegerField(min_value=0, max_value=MAX_OFFSET, required=False)

    def validate(self, data):
        code_points = "start" in data or "end" in data
        utf16 = "utf16_start" in data or "utf16_end" in data
        if code_points and utf16:
            raise serializers.ValidationError("Give start/end or utf16_start/utf16_end, not both.")
        for first, second in (("start", "end"), ("utf16_start", "utf16_end")):
            if (first in data) != (second in data):
                raise serializers.ValidationError(f"Give both {first} and {second}.")
        return data


class SegmentCreateSerializer(RangeSerializer):
    transcript = StudyRelatedField(queryset=Transcript.objects.all())
    node = StudyRelatedField(queryset=Node.objects.all())

    def validate(self, data):
        data = super().validate(data)
        if "start" not in data and "utf16_start" not in data:
            raise serializers.ValidationError("Give start and end (or utf16_start and utf16_end).")
        return data


class SegmentUpdateSerializer(RangeSerializer):
    node = StudyRelatedField(queryset=Node.objects.all(), required=False)


class SegmentUndoSerializer(serializers.Serializer):
    transcript = StudyRelatedField(queryset=Transcript.objects.all())


class UndoneSerializer(serializers.Serializer):
    undone = serializers.CharField(help_text="What was undone, in words.")


class CodingModeSerializer(serializers.Serializer):
    transcript = StudyRelatedField(queryset=Transcript.objects.all())
    independent = serializers.BooleanField(
        help_text="True: each coder sees only their own segments; false: reveal them all."
    )


def _code_points(text: str, data: dict) -> dict:
    """start/end in code points, from whichever pair was sent (or nothing)."""
    if "utf16_start" not in data:
        return {key: data[key] for key in ("start", "end") if key in data}
    try:
        return {
            "start": offsets.utf16_to_code_point(text, data["utf16_start"]),
            "end": offsets.utf16_to_code_point(text, data["utf16_end"]),
        }
    except offsets.OffsetError as error:
        raise serializers.ValidationError({"utf16_start": [str(error)]}) from None


class SegmentViewSet(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, StudyScopedViewSet):
    """Coded segments: a node on a range of a transcript ready for coding."""

    serializer_class = SegmentSerializer
    read_action = Action.VIEW_DATA
    write_action = Action.CODE
    pagination_class = None
    query_filters = QueryFilters(
        Filter("transcript", int, description="Required: whose segments."),
        Filter("since", int, description="Only what changed after this coding revision."),
        Filter(
            "needs_review",
            choices=("1", "0"),
            description="1: only segments a new version flagged; 0: only the others. "
            "The whole study's flagged segments, with their words before: segment-reviews.",
        ),
    )
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.is_schema_request():
            return CodedSegment.objects.none()
        visible = selectors.segments_visible(user=self.request.user, access=self.access)
        return visible.select_related("coder", "transcript")

    def _answer(self, segment: CodedSegment, code=status.HTTP_200_OK):
        return ApiResponse(SegmentSerializer(segment).data, status=code)

    @extend_schema(responses=SegmentListSerializer)
    def list(self, request, *args, **kwargs):
        """A transcript's segments in text order (not paginated), the coding revision,
        and with `since` only what changed after it, with the ids removed."""
        if "transcript" not in self.filter_values:
            raise serializers.ValidationError({"transcript": ["Give the transcript's id."]})
        transcript = (
            Transcript.objects.filter(study=self.access.study, pk=self.filter_values["transcript"])
            .only("pk", "text", "version")
            .first()
        )
        if transcript is None:
            raise serializers.ValidationError({"transcript": ["No such transcript here."]})
        since = self.filter_values.get("since")
        revision = selectors.coding_revision(study_id=self.access.study.pk)
        independent = selectors.coding_independent(transcript=transcript)
        listed = selectors.segment_list(
            transcript=transcript, user=request.user, access=self.access, since=since,
            independent=independent,
        )  # fmt: skip
        if "needs_review" in self.filter_values:
            listed = listed.filter(needs_review=self.filter_values["needs_review"] == "1")
        segments = list(listed.values_list(*SEGMENT_ROW_FIELDS))
        table = offsets.utf16_table(transcript.text, [p for s in segments for p in s[4:6]])
        removed = [] if since is None else selectors.segment_removed_ids(
            transcript=transcript, since=since
        )  # fmt: skip
        return ApiResponse({
            "revision": revision,
            "transcript_version": transcript.version,
            "independent": independent,
            "segments": segment_rows(segments, table),
            "removed": removed,
        })  # fmt: skip

    @extend_schema(request=SegmentCreateSerializer, responses={201: SegmentSerializer})
    def create(self, request, *args, **kwargs):
        """Codes a range with a node: `start`/`end` in code points, or the browser's
        `utf16_start`/`utf16_end`."""
        data = _form(SegmentCreateSerializer, request, self.get_serializer_context())
        transcript = data["transcript"]
        segment = services.segment_create(
            coder=request.user, transcript=transcript, node=data["node"],
            **_code_points(transcript.text, data),
        )  # fmt: skip
        return self._answer(segment, status.HTTP_201_CREATED)

    @extend_schema(request=SegmentUpdateSerializer, responses=SegmentSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Changes the node or the range; clears the review flag."""
        segment = self.get_object()
        data = _form(SegmentUpdateSerializer, request, self.get_serializer_context())
        segment = services.segment_update(
            actor=request.user, segment=segment, node=data.get("node"),
            **_code_points(segment.transcript.text, data),
        )  # fmt: skip
        return self._answer(segment)

    def destroy(self, request, *args, **kwargs):
        services.segment_delete(actor=request.user, segment=self.get_object())
        return ApiResponse(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=SegmentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        """Confirms a segment a new version flagged: its coding stands on its words as
        they are now (the flag and the words before go; undo brings them back). Its
        coder or a lead only (403); 400 when it is not flagged (any more)."""
        segment = services.segment_review_confirm(actor=request.user, segment=self.get_object())
        return self._answer(segment)

    @extend_schema(request=SegmentUndoSerializer, responses=UndoneSerializer)
    @action(detail=False, methods=["post"])
    def undo(self, request, *args, **kwargs):
        """Undoes your own latest segment change (coded, recoded, removed) on the
        transcript not undone yet; refused (400) when the segment changed since."""
        data = _form(SegmentUndoSerializer, request, self.get_serializer_context())
        done = services.segment_undo(coder=request.user, transcript=data["transcript"])
        return ApiResponse({"undone": done})

    @extend_schema(request=CodingModeSerializer, responses=CodingModeSerializer)
    @action(detail=False, methods=["post"])
    def independent(self, request, *args, **kwargs):
        """Leads only: switch a transcript to independent coding, or reveal it (false)."""
        data = _form(CodingModeSerializer, request, self.get_serializer_context())
        services.transcript_coding_set(
            actor=request.user, transcript=data["transcript"], independent=data["independent"]
        )
        return ApiResponse({"transcript": data["transcript"].pk,
                            "independent": data["independent"]})  # fmt: skip


# --- Review after new versions -----------------------------------------------------------


class SegmentReviewSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="transcript.participant.pseudonym", read_only=True)
    node_name = serializers.CharField(source="node.name", read_only=True)
    coder = serializers.CharField(source="coder.get_username", read_only=True)
    review_before = serializers.CharField(
        read_only=True, help_text="The words it covered before the version that flagged it."
    )
    review_version = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The version that flagged it."
    )

    class Meta:
        model = CodedSegment
        fields = [
            "id", "transcript", "pseudonym", "node", "node_name", "coder", "start", "end",
            "text", "review_before", "review_version", "version", "revision", "updated_at",
        ]  # fmt: skip


class _ReviewListViewSet(mixins.ListModelMixin, StudyScopedViewSet):
    """A list for the review after new versions: read by whoever reads data, of the
    whole study or of one transcript."""

    read_action = Action.VIEW_DATA
    write_action = Action.CODE
    query_filters = QueryFilters(Filter("transcript", int, description="Only this transcript's."))


class SegmentReviewViewSet(_ReviewListViewSet):
    """The study's segments a new transcript version flagged (their words changed, so
    they moved to the best match), that you may see, with their words before and now.
    Confirm one with `segments/{id}/confirm/`, change or remove it as any segment."""

    serializer_class = SegmentReviewSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return CodedSegment.objects.none()
        flagged = selectors.review_segments(
            user=self.request.user, access=self.access,
            transcript_id=self.filter_values.get("transcript"),
        )  # fmt: skip
        return flagged.select_related("transcript__participant").defer("transcript__text")


class CarryOverSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="transcript.participant.pseudonym", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    kind = serializers.ChoiceField(
        choices=VersionKind.choices, source="version.kind", read_only=True,
        help_text="What made the version.",
    )  # fmt: skip
    by = serializers.CharField(
        source="version.created_by.get_username", read_only=True, default=None, allow_null=True
    )
    note = serializers.CharField(source="version.note", read_only=True)
    carried = serializers.IntegerField(read_only=True)

    class Meta:
        model = CarryOver
        fields = [
            "id", "transcript", "pseudonym", "version", "kind", "by", "note", "at", "carried",
            "kept", "shifted", "flagged",
        ]  # fmt: skip


class CarryOverViewSet(_ReviewListViewSet):
    """What each new version of a coded transcript did to its segments, newest first:
    `kept` (same words, same offsets), `shifted` (same words, new offsets) and `flagged`
    (words changed: moved to the best match and flagged for review)."""

    serializer_class = CarryOverSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return CarryOver.objects.none()
        return selectors.carry_overs(
            study=self.access.study, transcript_id=self.filter_values.get("transcript")
        )


# --- Memos and the trail -----------------------------------------------------------------


class MemoSerializer(serializers.ModelSerializer):
    node = StudyRelatedField(queryset=Node.objects.all(), allow_null=True, required=False)
    transcript = StudyRelatedField(
        queryset=Transcript.objects.all(), allow_null=True, required=False
    )
    segment = serializers.PrimaryKeyRelatedField(
        queryset=CodedSegment.objects.none(), allow_null=True, required=False
    )
    author = serializers.CharField(
        source="author.get_username", read_only=True, default=None, allow_null=True
    )
    title = serializers.CharField(max_length=NAME_MAX_CHARS)
    text = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.TEXT_MAX_CHARS * 5
    )

    class Meta:
        model = Memo
        fields = [
            "id", "kind", "title", "text", "node", "transcript", "segment", "author",
            "revision", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "author", "revision", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        study = self.context.get("study")
        if study is not None:
            fields["segment"].queryset = CodedSegment.objects.filter(transcript__study=study)
        return fields


class MemoUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MemoKind.choices, required=False)
    title = serializers.CharField(max_length=NAME_MAX_CHARS, required=False)
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=services.TEXT_MAX_CHARS * 5
    )


class MemoViewSet(StudyScopedCRUDViewSet):
    """Memos on the study, a node, a transcript or a segment. Only a memo's author
    changes or deletes it."""

    serializer_class = MemoSerializer
    read_action = Action.VIEW_DATA
    write_action = Action.CODE
    query_filters = QueryFilters(
        Filter("kind", choices=tuple(MemoKind.values)),
        Filter("node", int),
        Filter("transcript", int),
        Filter("segment", int),
        Filter("q", description="Words in the title or text."),
    )
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.is_schema_request():
            return Memo.objects.none()
        memos = selectors.memo_list(study=self.access.study)
        if self.action != "list":
            return memos
        values = dict(self.filter_values)
        words = values.pop("q", None)
        memos = memos.filter(**{f"{name}_id" if name != "kind" else name: value
                                for name, value in values.items()})  # fmt: skip
        if words:
            memos = selectors.memo_search(memos=memos, words=str(words))
        return memos

    def create(self, request, *args, **kwargs):
        data = _form(MemoSerializer, request, self.get_serializer_context())
        memo = services.memo_create(author=request.user, study=self.access.study, **data)
        return ApiResponse(MemoSerializer(memo).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemoUpdateSerializer, responses=MemoSerializer)
    def partial_update(self, request, *args, **kwargs):
        memo = self.get_object()
        data = _form(MemoUpdateSerializer, request)
        memo = services.memo_update(actor=request.user, memo=memo, **data)
        return ApiResponse(MemoSerializer(memo).data)

    def destroy(self, request, *args, **kwargs):
        services.memo_delete(actor=request.user, memo=self.get_object())
        return ApiResponse(status=status.HTTP_204_NO_CONTENT)


class CodebookEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor.get_username", read_only=True, default=None, allow_null=True
    )
    kind = serializers.ChoiceField(choices=CodebookEventKind.choices)
    nodes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    detail = serializers.DictField(help_text="Values before and after, and names.")

    class Meta:
        model = CodebookEvent
        fields = ["id", "kind", "actor", "at", "why", "nodes", "detail"]


class CodebookEventViewSet(mixins.ListModelMixin, StudyScopedViewSet):
    """The analytic trail: every codebook change in the order it happened."""

    serializer_class = CodebookEventSerializer
    read_action = Action.VIEW_DATA
    write_action = Action.CODE

    def get_queryset(self):
        if self.is_schema_request():
            return CodebookEvent.objects.none()
        return (
            CodebookEvent.objects.filter(study=self.access.study)
            .select_related("actor")
            .prefetch_related(Prefetch("nodes", queryset=Node.objects.only("pk")))
            .order_by("at", "pk")
        )
