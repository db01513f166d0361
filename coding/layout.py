"""How coded segments sit on the reading view's numbered lines: a lane in the margin for
each segment (overlapping ones side by side) and each line cut into pieces at segment
edges, so the coding page shows them without JavaScript. static/js/coding.js lays out
the same way when segments change live."""

import datetime
from dataclasses import dataclass
from html import escape  # the standard library's: Django's lazy wrapper costs 10x here
from typing import NamedTuple

from django.utils.safestring import SafeString, mark_safe

from interviews.reading import Line, ReadingTurn


class PageSegment(NamedTuple):
    """What the coding page needs of a segment, read as a tuple: a model instance (and
    its coder's and node's) for each of thousands of segments cost more than the rest
    of the page (bench-coding)."""

    pk: int
    start: int
    end: int
    node_id: int
    coder: str
    text: str
    needs_review: bool
    updated_at: datetime.datetime

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        """The `values_list` that reads one, in this order."""
        return ("pk", "start", "end", "node_id", "coder__username", "text", "needs_review",
                "updated_at")  # fmt: skip


class NodeLook(NamedTuple):
    name: str
    colour: str


UNKNOWN_NODE = NodeLook("(deleted code)", "#777777")


@dataclass(frozen=True)
class Piece:
    text: str
    segments: str  # the ids of the segments covering it, space-separated ("" for none)


@dataclass(frozen=True)
class Bar:
    segment: PageSegment
    lane: int
    node: NodeLook


# Lanes beyond this share the last one's place in the margin (static/css/coding.css).
LAST_LANE = 6


@dataclass
class CodingLine:
    line: Line
    utf16_start: int
    pieces: list[Piece]
    bars: list[Bar]

    @property
    def html(self) -> SafeString:
        """The line's list item with its margin bars and text, built here rather than in
        a template loop: a long transcript has thousands of lines and pieces, and this is
        many times faster."""
        number = self.line.number
        out = [
            f'<li id="line-{number}" data-line="{number}" data-u="{self.utf16_start}">'
            '<span class="bars" aria-hidden="true">'
        ]  # fmt: skip
        for bar in self.bars:
            node = bar.node
            lane = bar.lane if bar.lane <= LAST_LANE else "more"
            out.append(
                f'<span class="bar lane-{lane}" data-segment="{bar.segment.pk}" '
                f'data-colour="{escape(node.colour)}" title="{escape(node.name)}"></span>'
            )
        out.append('</span><span class="line-text">')
        for piece in self.pieces:
            if piece.segments:
                out.append(f'<mark class="coded" data-segments="{piece.segments}">')
                out.append(f"{escape(piece.text)}</mark>")
            else:
                out.append(escape(piece.text))
        out.append("</span></li>")
        return mark_safe("".join(out))  # noqa: S308 - escaped values and numbers only


def lanes(segments: list[PageSegment]) -> dict[int, int]:
    """Each segment's lane: the lowest one free where it starts, so segments that overlap
    never share a lane and the margin stays as narrow as the deepest overlap."""
    ends: list[int] = []  # where each lane is free again
    placed = {}
    for segment in sorted(segments, key=lambda s: (s.start, s.end, s.pk)):
        lane = next((i for i, end in enumerate(ends) if end <= segment.start), len(ends))
        if lane == len(ends):
            ends.append(segment.end)
        else:
            ends[lane] = segment.end
        placed[segment.pk] = lane
    return placed


def _pieces(text: str, line: Line, covering: list[tuple[int, int, str]]) -> list[Piece]:
    """`covering` holds (start, end, id as text) of the segments on this line."""
    cuts = {line.start, line.end}
    for start, end, _id in covering:
        cuts.update((max(line.start, start), min(line.end, end)))
    ordered = sorted(cuts)
    pieces = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        ids = " ".join(pk for start, end, pk in covering if start < b and end > a)
        pieces.append(Piece(text[a:b], ids))
    return pieces


def coding_lines(
    text: str, turns: list[ReadingTurn], segments: list[PageSegment], utf16: dict[int, int],
    nodes: dict[int, NodeLook],
) -> list[tuple[ReadingTurn, SafeString]]:  # fmt: skip
    """Each turn with its numbered lines as list items, each with its pieces and margin
    bars (see `CodingLine`). `utf16` maps code points (each line's start at least) to
    UTF-16 positions, which the browser counts in; `nodes` gives each node's name and
    colour. One sweep over lines and segments, both in text order."""
    placed = lanes(segments)
    ordered = sorted(segments, key=lambda s: (s.start, s.end, s.pk))
    active: list[PageSegment] = []
    upcoming = 0
    result = []
    for turn in turns:
        rows = []
        for line in turn.lines:
            while upcoming < len(ordered) and ordered[upcoming].start < line.end:
                active.append(ordered[upcoming])
                upcoming += 1
            active = [s for s in active if s.end > line.start]
            covering = [s for s in active if s.start < line.end]
            rows.append(
                CodingLine(
                    line=line,
                    utf16_start=utf16[line.start],
                    pieces=_pieces(text, line, [(s.start, s.end, str(s.pk)) for s in covering]),
                    bars=[
                        Bar(s, placed[s.pk], nodes.get(s.node_id, UNKNOWN_NODE)) for s in covering
                    ],
                ).html
            )
        result.append((turn, mark_safe("".join(rows))))  # noqa: S308 - built escaped
    return result


def segment_list_html(
    segments: list[PageSegment], address: str, nodes: dict[int, NodeLook]
) -> SafeString:
    """The side panel's list of segments (`address` + id opens one), built here for
    the same reason as a line's html: thousands of rows."""
    rows = []
    for segment in segments:
        words = segment.text if len(segment.text) <= 60 else segment.text[:59] + "…"
        name = nodes.get(segment.node_id, UNKNOWN_NODE).name
        rows.append(
            f'<li data-segment="{segment.pk}"><a href="{escape(address)}{segment.pk}/">'
            f"{escape(name)}</a> "
            f'<span class="muted">{escape(segment.coder)}</span> '
            f"<q>{escape(words)}</q></li>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - escaped values and numbers only
