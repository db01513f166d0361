"""Reads for constant comparison: a node's segments as quotes in their context (the
words around them, the line on the coding page, the participant's role, site, dyad and
the vignette being discussed), and hits of a search across the study's transcripts.

Everything is read in a fixed number of queries whatever the number of segments or
transcripts: texts, turns, dyads and quotation consent are each fetched once for all
the transcripts involved, and the line numbers are worked out in Python the way the
reading view numbers them."""

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery

from interviews.models import SpeakerTurn, Transcript, TranscriptStatus
from interviews.reading import wrap
from interviews.services.transcripts import INTERVIEWER
from studies.access import StudyAccess
from studies.models import ClausePurpose, Dyad, Participant, Study, User
from studies.services import consent_statuses

from . import offsets
from .models import CodedSegment, Node
from .selectors import node_descendant_ids, segments_visible

CONTEXT_CHARS = 90  # on each side of a quote, cut back to whole words
SEARCH_HIT_LIMIT = 200
GROUPINGS = {
    "pseudonym": "Participant",
    "role": "Role",
    "site": "Site",
    "dyad": "Dyad",
    "vignette": "Vignette",
}


@dataclass
class Place:
    """Where a range sits in its transcript, and whose words they are."""

    participant: Participant
    transcript_id: int
    line: int
    vignette_id: int | None
    vignette: str
    dyad: str
    quotable: bool
    before: str
    after: str

    @property
    def role(self) -> str:
        return self.participant.role.label

    @property
    def site(self) -> str:
        return self.participant.site.name if self.participant.site_id else ""


@dataclass
class Quote:
    place: Place
    text: str
    segment: CodedSegment | None = None
    start: int = 0
    end: int = 0
    # The same range as a browser counts it (see coding.offsets), for clients that
    # select and highlight in UTF-16.
    utf16_start: int = 0
    utf16_end: int = 0

    @property
    def tagged(self) -> str:
        """The words as they are quoted in a paper, with the speaker's pseudonym."""
        return f"“{self.text.strip()}” ({self.place.participant.pseudonym})"


@dataclass
class Group:
    label: str
    quotes: list[Quote] = field(default_factory=list)


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """The words just before and after `[start, end)`, without half words at the far
    ends and without running into the next paragraph."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    before = before.rsplit("\n", 1)[-1]
    after = after.split("\n", 1)[0]
    if start - CONTEXT_CHARS > 0 and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, after


class _Transcripts:
    """The texts, line starts, turns (with their vignettes), dyads and quotation consent
    of a set of transcripts, read once."""

    def __init__(self, transcript_ids: set[int], study: Study) -> None:
        rows = Transcript.objects.filter(pk__in=transcript_ids).select_related(
            "participant__role", "participant__site"
        )
        self.transcripts = {t.pk: t for t in rows}
        turns = defaultdict(list)
        for turn in (
            SpeakerTurn.objects.filter(transcript_id__in=transcript_ids)
            .select_related("vignette__current")
            .order_by("transcript_id", "position")
        ):
            turns[turn.transcript_id].append(turn)
        self.turns = turns
        self.line_starts = {
            pk: [a for turn in turns[pk] for a, _b in wrap(t.text, turn.start, turn.end)]
            for pk, t in self.transcripts.items()
        }
        participant_ids = {t.participant_id for t in self.transcripts.values()}
        self.dyads = _dyad_labels(study, participant_ids)
        self.quotable = _quotable(participant_ids)

    def place(self, transcript_id: int, start: int, end: int) -> Place:
        transcript = self.transcripts[transcript_id]
        starts = self.line_starts[transcript_id]
        # A segment's vignette is the vignette of the turn it starts in.
        turn = next((t for t in reversed(self.turns[transcript_id]) if t.start <= start), None)
        vignette = turn.vignette if turn is not None and turn.vignette_id else None
        before, after = _context(transcript.text, start, end)
        participant = transcript.participant
        return Place(
            participant=participant, transcript_id=transcript_id,
            line=max(1, bisect_right(starts, start)),
            vignette_id=vignette.pk if vignette else None,
            vignette=str(vignette) if vignette else "",
            dyad=self.dyads.get(participant.pk, ""),
            quotable=participant.pk in self.quotable, before=before, after=after,
        )  # fmt: skip

    def count_utf16(self, quotes: list[Quote]) -> None:
        """Fills in each quote's UTF-16 range, converting each transcript's positions in
        one pass over its text."""
        positions = defaultdict(list)
        for quote in quotes:
            positions[quote.place.transcript_id] += [quote.start, quote.end]
        tables = {
            pk: offsets.utf16_table(self.transcripts[pk].text, wanted)
            for pk, wanted in positions.items()
        }
        for quote in quotes:
            table = tables[quote.place.transcript_id]
            quote.utf16_start, quote.utf16_end = table[quote.start], table[quote.end]


def _dyad_labels(study: Study, participant_ids: set[int]) -> dict[int, str]:
    labels = {}
    for worker, user, worker_id, user_id in Dyad.objects.filter(study=study).values_list(
        "worker__pseudonym", "service_user__pseudonym", "worker_id", "service_user_id"
    ):
        label = f"{worker} and {user}"
        if worker_id in participant_ids or user_id in participant_ids:
            labels[worker_id] = labels[user_id] = label
    return labels


def _quotable(participant_ids: set[int]) -> set[int]:
    """Participants whose words may be quoted: the rule of
    studies.services.require_consent(purpose=QUOTATION), for many at once (a valid
    consent, not withdrawn, not waiting to be asked again after a new form version, and
    every quotation clause agreed). Anyone else's words may be read by the team but not
    quoted."""
    statuses = consent_statuses(participant_ids)
    return {pk for pk, status in statuses.items() if status.allows(ClausePurpose.QUOTATION)}


def _starting_turn_vignette() -> Subquery:
    """The vignette of the turn a segment starts in (the turn starting last at or before
    it), as `_Transcripts.place` finds it, so that filtering by vignette is done by the
    database and a bounded list stays bounded."""
    turns = SpeakerTurn.objects.filter(
        transcript_id=OuterRef("transcript_id"), start__lte=OuterRef("start")
    ).order_by("-start", "-position")
    return Subquery(turns.values("vignette_id")[:1])


def node_segments(
    *,
    user: User,
    access: StudyAccess,
    node: Node,
    descendants: bool = False,
    role: int | None = None,
    site: int | None = None,
    coder: int | None = None,
    vignette: int | None = None,
    dyad: int | None = None,
) -> QuerySet[CodedSegment]:
    """The node's segments (and its descendants' when asked) that this member may see
    (not other coders' on a transcript coded independently), in participant and text
    order, narrowed by role, site, coder, vignette and dyad (both its members). An id
    of another study matches nothing."""
    node_ids = {node.pk} | (node_descendant_ids(node=node) if descendants else set())
    segments = (
        segments_visible(user=user, access=access)
        .filter(node_id__in=node_ids)
        .select_related("node", "coder")
        .order_by("transcript__participant__pseudonym", "start", "end", "pk")
    )
    if role:
        segments = segments.filter(transcript__participant__role_id=role)
    if site:
        segments = segments.filter(transcript__participant__site_id=site)
    if coder:
        segments = segments.filter(coder_id=coder)
    if dyad:
        segments = segments.filter(
            Q(transcript__participant__dyad_as_worker__pk=dyad)
            | Q(transcript__participant__dyad_as_service_user__pk=dyad)
        )
    if vignette:
        segments = segments.annotate(starting_vignette=_starting_turn_vignette()).filter(
            starting_vignette=vignette
        )
    return segments


def segment_quotes(segments: list[CodedSegment], study: Study) -> list[Quote]:
    """Segments (of `node_segments`, all or the first few) as quotes in their context,
    in the order given."""
    if not segments:
        return []
    texts = _Transcripts({s.transcript_id for s in segments}, study)
    quotes = [
        Quote(
            place=texts.place(s.transcript_id, s.start, s.end),
            text=s.text,
            segment=s,
            start=s.start,
            end=s.end,
        )  # fmt: skip
        for s in segments
    ]
    texts.count_utf16(quotes)
    return quotes


def group_quotes(quotes: list[Quote], by: str) -> list[Group]:
    """Quotes under a heading per pseudonym, role, site, dyad or vignette, headings in
    the order they first appear (none when `by` is not one of those)."""
    if by not in GROUPINGS:
        return [Group("", quotes)] if quotes else []
    groups: dict[str, Group] = {}
    for quote in quotes:
        place = quote.place
        label = {
            "pseudonym": place.participant.pseudonym,
            "role": place.role,
            "site": place.site or "No site",
            "dyad": place.dyad or "Not in a dyad",
            "vignette": place.vignette or "Before any vignette",
        }[by]
        groups.setdefault(label, Group(label)).quotes.append(quote)
    return list(groups.values())


def quotes_by_role(quotes: list[Quote], study: Study) -> list[Group]:
    """One column per role of the study (workers beside service users), in the roles'
    order, empty columns kept so that a silence shows too."""
    columns = {role.label: Group(role.label) for role in study.roles.order_by("position", "pk")}
    for quote in quotes:
        columns.setdefault(quote.place.role, Group(quote.place.role)).quotes.append(quote)
    return list(columns.values())


@dataclass
class DyadRow:
    label: str
    worker: Group
    service_user: Group

    @property
    def sides(self) -> tuple[Group, Group]:
        return self.worker, self.service_user


def quotes_by_dyad(quotes: list[Quote], study: Study) -> list[DyadRow]:
    """Each dyad's worker's quotes beside their own service user's, for dyads where
    either said something coded here."""
    mine: dict[int, list[Quote]] = defaultdict(list)
    for quote in quotes:
        mine[quote.place.participant.pk].append(quote)
    rows = []
    for dyad in Dyad.objects.filter(study=study).select_related("worker", "service_user"):
        worker, user = dyad.worker, dyad.service_user
        if mine.get(worker.pk) or mine.get(user.pk):
            rows.append(
                DyadRow(
                    f"{worker.pseudonym} and {user.pseudonym}",
                    Group(worker.pseudonym, mine.get(worker.pk, [])),
                    Group(user.pseudonym, mine.get(user.pk, [])),
                )
            )
    return rows


# --- Search ------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s|$)|\n")


def _sentence(text: str, start: int, end: int, turn: SpeakerTurn) -> tuple[int, int]:
    """The sentence holding `[start, end)`, within its turn: what a coder codes from a
    search hit."""
    left = turn.start
    for match in _SENTENCE_END.finditer(text, max(turn.start, start - 600), start):
        left = match.end()
    while left < start and text[left].isspace():
        left += 1
    found = _SENTENCE_END.search(text, end, turn.end)
    right = turn.end if found is None else found.start() if found.group() == "\n" else found.end()
    return left, max(right, end)


def search_terms(words: str) -> list[str]:
    """The words a search looks for: two letters or more, the first ten."""
    return [w for w in re.findall(r"\w+", words.lower()) if len(w) > 1][:10]


def _stem(term: str) -> str:
    """Enough of a word to find the forms full-text search matched ("trusting",
    "trusted" for "trust"), without a stemmer of our own."""
    for ending in ("ing", "ed", "es", "s"):
        if term.endswith(ending) and len(term) - len(ending) >= 4:
            return term[: -len(ending)]
    return term


def _matching_transcripts(study: Study, words: str) -> QuerySet[Transcript]:
    """PostgreSQL's full-text search on the latest texts (stems, stop words); elsewhere
    every word as a plain substring."""
    transcripts = Transcript.objects.filter(study=study).only("pk")
    if connection.vendor == "postgresql":
        vector = SearchVector("text", config="english")
        query = SearchQuery(words, config="english", search_type="websearch")
        return transcripts.annotate(found=vector).filter(found=query)
    for term in search_terms(words):
        transcripts = transcripts.filter(text__icontains=term)
    return transcripts


@dataclass
class Hit:
    quote: Quote
    codable: bool


def transcript_search(*, study: Study, words: str) -> tuple[list[Hit], bool]:
    """Sentences of the study's transcripts holding any of the words, in context, the
    first SEARCH_HIT_LIMIT of them; and whether there were more."""
    terms = search_terms(words)
    if not terms:
        return [], False
    ids = set(_matching_transcripts(study, words).values_list("pk", flat=True))
    if not ids:
        return [], False
    texts = _Transcripts(ids, study)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(_stem(t)) for t in terms) + r")\w*", re.IGNORECASE
    )
    hits: list[Hit] = []
    more = False
    ordered = sorted(texts.transcripts.values(), key=lambda t: (t.participant.pseudonym, t.pk))
    for transcript in ordered:
        if more:
            break
        spoken = [t for t in texts.turns[transcript.pk] if t.speaker != INTERVIEWER]
        last = -1
        for match in pattern.finditer(transcript.text):
            turn = next((t for t in spoken if t.start <= match.start() < t.end), None)
            if turn is None:
                continue  # the interviewer's words and the speaker labels are not data
            start, end = _sentence(transcript.text, match.start(), min(match.end(), turn.end), turn)
            if start <= last:
                continue  # one hit per sentence
            last = end
            if len(hits) == SEARCH_HIT_LIMIT:
                more = True
                break
            quote = Quote(
                place=texts.place(transcript.pk, start, end),
                text=transcript.text[start:end], start=start, end=end,
            )  # fmt: skip
            hits.append(Hit(quote, transcript.status == TranscriptStatus.READY))
    texts.count_utf16([hit.quote for hit in hits])
    return hits, more
