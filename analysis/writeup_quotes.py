"""The quotes report: for the chosen themes (and the nodes below them), each one's
definition and its quotes tagged with the speaker's pseudonym, as a Word document ready
to paste from. Options and what is quoted: see analysis.writeup."""

from dataclasses import dataclass, field

from docx.document import Document as DocumentType

from coding import themes
from coding.models import CodedSegment, Node, NodeKind
from coding.quotes import Quote, segment_quotes
from coding.selectors import node_list
from studies.models import Role, Study

from .services_exchange import Progress, Refused
from .writeup_docx import document_bytes, document_start, safe

MAX_HEADING_LEVEL = 9  # Word's deepest heading style

ROLE_ORDER = (
    "transcript__participant__role__position", "transcript__participant__role_id",
    "transcript__participant__number", "transcript__participant_id",
    "transcript__created_at", "transcript_id", "start", "end", "pk",
)  # fmt: skip
TRANSCRIPT_ORDER = ("transcript__created_at", "transcript_id", "start", "end", "pk")


@dataclass(frozen=True)
class QuoteChoices:
    node_ids: list[int]
    below: bool = True
    role_ids: list[int] = field(default_factory=list)
    order: str = "role"


@dataclass
class Section:
    """One heading of the report: a node, how deep its heading sits, the quotes that
    may be used and how many were left out."""

    node: Node
    level: int
    quotes: list[Quote] = field(default_factory=list)
    excluded: int = 0


def _sections(study: Study, choices: QuoteChoices) -> list[Section]:
    """The chosen nodes in the codebook's reading order, each followed (when `below`)
    by the nodes under it, nested. A chosen node already under another chosen one
    is not repeated."""
    rows = themes.table_rows(nodes=list(node_list(study=study, counts=False)), counts={})
    chosen = set(choices.node_ids)
    found = {row.node.pk for row in rows} & chosen
    if found != chosen:
        raise Refused("Some of the themes chosen are not in this study's codebook.")
    sections: list[Section] = []
    top_depth = None  # the depth of the chosen node whose subtree is being walked
    for row in rows:
        if top_depth is not None and row.depth > top_depth:
            sections.append(Section(row.node, min(MAX_HEADING_LEVEL, 1 + row.depth - top_depth)))
            continue
        top_depth = None
        if row.node.pk in chosen:
            sections.append(Section(row.node, 1))
            top_depth = row.depth if choices.below else None
    return sections


def _check_roles(study: Study, role_ids: list[int]) -> list[Role]:
    roles = list(Role.objects.filter(study=study, pk__in=role_ids).order_by("position", "pk"))
    if len(roles) != len(role_ids):
        raise Refused("Some of the roles chosen are not roles of this study.")
    return roles


def _fill(study: Study, sections: list[Section], choices: QuoteChoices) -> None:
    """Reads every section's segments at once and shares them out as quotes."""
    segments = CodedSegment.objects.filter(
        transcript__study=study, node_id__in=[section.node.pk for section in sections]
    ).select_related("node", "coder")
    if choices.role_ids:
        segments = segments.filter(transcript__participant__role_id__in=choices.role_ids)
    order = ROLE_ORDER if choices.order == "role" else TRANSCRIPT_ORDER
    by_node = {section.node.pk: section for section in sections}
    seen: set[tuple[int, int, int, int]] = set()
    for quote in segment_quotes(list(segments.order_by(*order)), study):
        place = (quote.segment.node_id, quote.place.transcript_id, quote.start, quote.end)
        if place in seen:
            continue  # the same passage coded here by another coder
        seen.add(place)
        section = by_node[quote.segment.node_id]
        if quote.place.quotable:
            section.quotes.append(quote)
        else:
            section.excluded += 1


def _left_out(count: int) -> str:
    if count == 1:
        return "1 quote left out: the participant did not agree to be quoted."
    return f"{count} quotes left out: the participants did not agree to be quoted."


def _about(document: DocumentType, choices: QuoteChoices, roles: list[Role], excluded: int):
    order = (
        "by role, in the study's order of roles, then by participant"
        if choices.order == "role"
        else "by transcript, in the order the transcripts were made"
    )
    who = ", ".join(safe(f"{role.label} ({role.code})") for role in roles) or "every role"
    document.add_paragraph(f"Quotes of {who}, ordered {order}, each tagged with its pseudonym.")
    total = "No quote was left out." if not excluded else _left_out(excluded)
    document.add_paragraph(
        "Only participants who agreed to be quoted appear; those who withdrew never do. " + total
    )


def _section(document: DocumentType, section: Section) -> None:
    node = section.node
    document.add_heading(safe(node.name), level=section.level)
    described = False
    for label, text in (
        ("Definition", node.definition),
        ("When to use", node.when_to_use),
        ("When not to use", node.when_not_to_use),
    ):
        if text.strip():
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(safe(text.strip()))
            described = True
    if not described:
        document.add_paragraph(f"{NodeKind(node.kind).label}: no definition written yet.")
    for quote in section.quotes:
        document.add_paragraph(safe(quote.tagged), style="Quote")
    if not section.quotes:
        kind = NodeKind(node.kind).label.lower()
        document.add_paragraph(f"No quotes coded with this {kind} itself.").runs[0].italic = True
    if section.excluded:
        document.add_paragraph(_left_out(section.excluded)).runs[0].italic = True


def quotes_docx(study: Study, choices: QuoteChoices, progress: Progress) -> bytes:
    progress(5, "Reading the codebook")
    sections = _sections(study, choices)
    roles = _check_roles(study, choices.role_ids)
    progress(20, "Gathering the quotes")
    _fill(study, sections, choices)
    progress(70, "Writing the report")
    document = document_start(study, "Quotes by theme")
    _about(document, choices, roles, sum(section.excluded for section in sections))
    for section in sections:
        _section(document, section)
    return document_bytes(document)
