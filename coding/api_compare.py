"""REST API for constant comparison and search: a node's segments as quotes in their
context (filtered, grouped, workers beside service users, dyad by dyad) and a search of
the study's transcripts. The reading is coding.quotes, shared with the pages.

Members who may read data (viewers too) read; independent coding's blind holds
(`selectors.segments_visible`). Offsets are code points, with the UTF-16 range beside
them as in the segments API; coding a hit is a POST to `segments/` with its range.

A node's lists are bounded rather than paginated: grouping and the side-by-side views
need the whole selection at once, and a page of them would split groups and columns. At
most QUOTE_LIMIT segments come back, with the count of all that match, so a client knows
to narrow by role, site, dyad, vignette or coder."""

from collections.abc import Callable

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from studies.access import Action, StudyPermission
from studies.api.filters import MAX_ID, Filter, QueryFilters
from studies.models import Study
from studies.text import check_characters

from . import quotes
from .forms_compare import SearchForm
from .models import Node

QUOTE_LIMIT = 1000
SEARCH_MAX_CHARS = SearchForm.base_fields["q"].max_length
# The page's name for grouping by participant is "pseudonym"; the API takes both.
GROUP_CHOICES = ("participant", *quotes.GROUPINGS)
YES = ("1", "true")

_NODE_FILTERS = (
    Filter("descendants", choices=("1", "0", "true", "false"),
           description="1: with the segments of every node below it."),
    Filter("role", int, description="Only participants of this role."),
    Filter("site", int, description="Only participants of this site."),
    Filter("dyad", int, description="Only the two members of this dyad."),
    Filter("vignette", int, description="Only segments starting in a turn about this vignette."),
    Filter("coder", int, description="Only this user's segments."),
)  # fmt: skip
SEGMENT_FILTERS = QueryFilters(
    *_NODE_FILTERS,
    Filter("group", choices=GROUP_CHOICES,
           description="Answer `groups` (one per role, site, ...) instead of `segments`."),
)  # fmt: skip
SIDE_BY_SIDE_FILTERS = QueryFilters(*_NODE_FILTERS)
SEARCH_FILTERS = QueryFilters(
    Filter("q", description=f"The words (at most {SEARCH_MAX_CHARS} characters). PostgreSQL: "
           "full-text, any form of each word; elsewhere every word as written."),
)  # fmt: skip
NODE_ID = OpenApiParameter("node_id", int, OpenApiParameter.PATH, description="The node's id.")


# --- Serializers (they read coding.quotes' Quote objects) ----------------------------------


class QuoteSerializer(serializers.Serializer):
    """A range of a transcript in its context, and whose words they are."""

    transcript = serializers.IntegerField(source="place.transcript_id")
    start = serializers.IntegerField(help_text="Code points.")
    end = serializers.IntegerField(help_text="Code points, exclusive.")
    utf16_start = serializers.IntegerField(help_text="The same position in UTF-16 code units.")
    utf16_end = serializers.IntegerField()
    text = serializers.CharField()
    before = serializers.CharField(source="place.before", help_text="Context, whole words.")
    after = serializers.CharField(source="place.after")
    line = serializers.IntegerField(source="place.line", help_text="As on the coding page.")
    participant = serializers.IntegerField(source="place.participant.pk")
    pseudonym = serializers.CharField(source="place.participant.pseudonym")
    role = serializers.CharField(source="place.role")
    site = serializers.CharField(source="place.site", help_text="Empty: no site.")
    dyad = serializers.CharField(source="place.dyad", help_text="Empty: not in a dyad.")
    vignette = serializers.CharField(
        source="place.vignette", help_text="Of the turn the range starts in; empty: none."
    )
    vignette_id = serializers.IntegerField(source="place.vignette_id", allow_null=True)
    quotable = serializers.BooleanField(
        source="place.quotable",
        help_text="The participant's consent covers quotation now (not refused, withdrawn, "
        "or waiting to be asked again). Otherwise the team may read but not quote.",
    )
    quote = serializers.SerializerMethodField(
        help_text="The words tagged with the pseudonym, as quoted in a paper: "
        "“…” (MHW3). Null when the participant may not be quoted."
    )

    def get_quote(self, quote: quotes.Quote) -> str | None:
        return quote.tagged if quote.place.quotable else None


class SegmentQuoteSerializer(QuoteSerializer):
    id = serializers.IntegerField(source="segment.pk")
    node = serializers.IntegerField(source="segment.node_id")
    node_name = serializers.CharField(source="segment.node.name")
    coder = serializers.CharField(source="segment.coder.get_username")


class GroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    segments = SegmentQuoteSerializer(source="quotes", many=True)


class NodeQuotesSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    count = serializers.IntegerField(help_text="Every segment matching, returned or not.")
    truncated = serializers.BooleanField(
        help_text=f"More matched than the {QUOTE_LIMIT} returned: narrow the filters."
    )


class NodeSegmentsSerializer(NodeQuotesSerializer):
    segments = SegmentQuoteSerializer(
        many=True, required=False, help_text="Without `group`: in participant and text order."
    )
    groups = GroupSerializer(
        many=True, required=False, help_text="With `group`: headings in order of first appearance."
    )


class RoleColumnsSerializer(NodeQuotesSerializer):
    columns = GroupSerializer(
        many=True, help_text="One per role of the study in the roles' order, empty ones kept."
    )


class DyadRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    worker = GroupSerializer(help_text="`label`: the worker's pseudonym.")
    service_user = GroupSerializer(help_text="`label`: the service user's pseudonym.")


class DyadRowsSerializer(NodeQuotesSerializer):
    dyads = DyadRowSerializer(
        many=True, help_text="Dyads where either member said something coded here."
    )


class HitSerializer(QuoteSerializer):
    codable = serializers.SerializerMethodField(
        help_text="The transcript is ready for coding: POST this range to `segments/`."
    )

    def get_codable(self, quote: quotes.Quote) -> bool:
        return quote.place.transcript_id in self.context["ready"]


class SearchSerializer(serializers.Serializer):
    hits = HitSerializer(many=True)
    more = serializers.BooleanField(help_text="There were more hits than `limit`.")
    limit = serializers.IntegerField()


# --- Views -------------------------------------------------------------------------------


class _NodeQuotesView(APIView):
    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = write_action = Action.VIEW_DATA
    filters = SIDE_BY_SIDE_FILTERS

    def _node(self, raw: str) -> Node:
        """The study's node named in the path; any other id is refused alike, so that
        nothing is learnt about other studies' nodes."""
        pk = int(raw) if raw.isascii() and raw.isdigit() and int(raw) <= MAX_ID else 0
        node = Node.objects.filter(study=self.request.study_access.study, pk=pk).first()
        if node is None:
            raise serializers.ValidationError({"node_id": ["No such node in this study."]})
        return node

    def _read(self, node_id: str) -> tuple[dict, list[quotes.Quote], dict]:
        """The filters given, the node's first QUOTE_LIMIT quotes and the figures every
        answer carries."""
        values = self.filters.read(self.request.query_params)
        access = self.request.study_access
        node = self._node(node_id)
        segments = quotes.node_segments(
            user=self.request.user, access=access, node=node,
            descendants=values.get("descendants") in YES,
            **{name: values.get(name) for name in ("role", "site", "dyad", "vignette", "coder")},
        )  # fmt: skip
        count = segments.count()
        found = quotes.segment_quotes(list(segments[:QUOTE_LIMIT]), access.study)
        figures = {"node": node.pk, "count": count, "truncated": count > len(found)}
        return values, found, figures


class NodeSegmentsView(_NodeQuotesView):
    """A node's segments in context, for constant comparison."""

    filters = SEGMENT_FILTERS

    @extend_schema(
        parameters=[NODE_ID, *SEGMENT_FILTERS.parameters()],
        responses=NodeSegmentsSerializer,
        description=f"The node's segments (with its descendants' on request) in context, "
        f"with who said them; at most {QUOTE_LIMIT}. With `group`, under headings.",
    )
    def get(self, request, study_slug: str, node_id: str):
        values, found, figures = self._read(node_id)
        group = values.get("group")
        if not group:
            return Response({**figures, "segments": SegmentQuoteSerializer(found, many=True).data})
        heading = "pseudonym" if group == "participant" else str(group)
        groups = quotes.group_quotes(found, heading)
        return Response({**figures, "groups": GroupSerializer(groups, many=True).data})


class _SideBySideView(_NodeQuotesView):
    """A node's segments laid out by `arrange` (coding.quotes) under `key`."""

    key: str
    arrange: Callable[[list[quotes.Quote], Study], list]
    row_serializer: type[serializers.Serializer]

    def get(self, request, study_slug: str, node_id: str):
        _values, found, figures = self._read(node_id)
        rows = self.arrange(found, request.study_access.study)
        return Response({**figures, self.key: self.row_serializer(rows, many=True).data})


def _side_by_side(answer: type[serializers.Serializer], description: str):
    return extend_schema_view(
        get=extend_schema(
            parameters=[NODE_ID, *SIDE_BY_SIDE_FILTERS.parameters()],
            responses=answer,
            description=f"{description} At most {QUOTE_LIMIT} segments.",
        )
    )


@_side_by_side(RoleColumnsSerializer, "The node's segments in one column per role: "
               "workers' beside service users'.")  # fmt: skip
class NodeSegmentsByRoleView(_SideBySideView):
    key = "columns"
    arrange = staticmethod(quotes.quotes_by_role)
    row_serializer = GroupSerializer


@_side_by_side(DyadRowsSerializer, "Each dyad's worker's segments of the node beside their "
               "own service user's.")  # fmt: skip
class NodeSegmentsByDyadView(_SideBySideView):
    key = "dyads"
    arrange = staticmethod(quotes.quotes_by_dyad)
    row_serializer = DyadRowSerializer


class SearchView(APIView):
    """Searches the study's transcripts: the participants' sentences holding the words
    (not the interviewer's), in context."""

    permission_classes = [IsAuthenticated, StudyPermission]
    read_action = write_action = Action.VIEW_DATA

    @extend_schema(
        parameters=SEARCH_FILTERS.parameters(),
        responses=SearchSerializer,
        description=f"At most {quotes.SEARCH_HIT_LIMIT} hits, one per sentence, in "
        "participant order. Code a hit by POSTing its transcript, start and end (or "
        "utf16_start and utf16_end) with a node to `segments/`.",
    )
    def get(self, request, study_slug: str):
        words = str(SEARCH_FILTERS.read(request.query_params).get("q", "")).strip()
        if not words:
            raise serializers.ValidationError({"q": ["Give the words to search for."]})
        if len(words) > SEARCH_MAX_CHARS:
            raise serializers.ValidationError(
                {"q": [f"Give at most {SEARCH_MAX_CHARS} characters."]}
            )
        check_characters(lines={"q": words})
        if not quotes.search_terms(words):
            raise serializers.ValidationError(
                {"q": ["Give at least one word of two letters or more."]}
            )
        hits, more = quotes.transcript_search(study=request.study_access.study, words=words)
        ready = {hit.quote.place.transcript_id for hit in hits if hit.codable}
        return Response({
            "hits": HitSerializer([h.quote for h in hits], many=True,
                                  context={"ready": ready}).data,
            "more": more,
            "limit": quotes.SEARCH_HIT_LIMIT,
        })  # fmt: skip
