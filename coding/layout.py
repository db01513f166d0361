"""How coded segments sit on the reading view's numbered lines: a lane in the margin for
each segment (overlapping ones side by side) and each line cut into pieces at segment
edges, so the coding page shows them without JavaScript. static/js/coding.js lays out
the same way when segments change live."""

from dataclasses import dataclass

from interviews.reading import Line, ReadingTurn

from .models import CodedSegment


@dataclass(frozen=True)
class Piece:
    text: str
    segments: str  # the ids of the segments covering it, space-separated ("" for none)


@dataclass(frozen=True)
class Bar:
    segment: CodedSegment
    lane: int


@dataclass
class CodingLine:
    line: Line
    utf16_start: int
    pieces: list[Piece]
    bars: list[Bar]


def lanes(segments: list[CodedSegment]) -> dict[int, int]:
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


def _pieces(text: str, line: Line, covering: list[CodedSegment]) -> list[Piece]:
    cuts = {line.start, line.end}
    for segment in covering:
        cuts.update((max(line.start, segment.start), min(line.end, segment.end)))
    ordered = sorted(cuts)
    pieces = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        ids = " ".join(str(s.pk) for s in covering if s.start < b and s.end > a)
        pieces.append(Piece(text[a:b], ids))
    return pieces


def coding_lines(
    text: str, turns: list[ReadingTurn], segments: list[CodedSegment], utf16: dict[int, int]
) -> list[tuple[ReadingTurn, list[CodingLine]]]:
    """Each turn with its numbered lines, each with its pieces and margin bars. `utf16`
    maps code points (each line's start at least) to UTF-16 positions, which the
    browser counts in. One sweep over lines and segments, both in text order."""
    placed = lanes(segments)
    ordered = sorted(segments, key=lambda s: (s.start, s.end, s.pk))
    active: list[CodedSegment] = []
    upcoming = 0
    result = []
    for turn in turns:
        rows = []
        result.append((turn, rows))
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
                    pieces=_pieces(text, line, covering),
                    bars=[Bar(s, placed[s.pk]) for s in covering],
                )
            )
    return result
