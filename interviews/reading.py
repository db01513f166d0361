"""How a transcript is read: turns cut into numbered lines, where each vignette begins,
the differences between two versions, and the text and Word exports."""

import io
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from studies.text import xml_safe

from .models import SessionVignette, Transcript, TranscriptVersion, Vignette
from .services.transcripts import INTERVIEWER

# Lines are cut at this many characters, so line numbers stay the same on every screen
# and in every export: "line 212" means the same words to everyone in the team.
LINE_WIDTH = 80
_WORD = re.compile(r"\S+")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Line:
    number: int
    start: int
    end: int
    text: str


@dataclass
class ReadingTurn:
    position: int
    speaker: str
    kind: str  # "interviewer", "participant" or "other", for styling
    started_at_ms: int | None
    start: int
    end: int
    vignette: str = ""  # the heading when a vignette begins at this turn
    lines: list[Line] = field(default_factory=list)

    @property
    def timestamp(self) -> str:
        return timestamp(self.started_at_ms)


def timestamp(ms: int | None) -> str:
    if ms is None:
        return ""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def wrap(text: str, start: int, end: int, width: int = LINE_WIDTH) -> list[tuple[int, int]]:
    """[start, end) ranges of `text[start:end]` cut into lines of at most `width` code
    points at spaces (a longer word gets a line of its own), and at every newline."""
    ranges = []
    for paragraph in re.finditer(r"[^\n]+", text[start:end]):
        line_start = line_end = None
        for word in _WORD.finditer(paragraph[0]):
            a, b = start + paragraph.start() + word.start(), start + paragraph.start() + word.end()
            if line_start is None:
                line_start, line_end = a, b
            elif b - line_start <= width:
                line_end = b
            else:
                ranges.append((line_start, line_end))
                line_start, line_end = a, b
        if line_start is not None:
            ranges.append((line_start, line_end))
    return ranges


def _vignette_headings(transcript: Transcript, vignette_ids: set[int]) -> dict[int, str]:
    """ "Vignette n: title" for each vignette, numbered in the order the session showed
    them (or the study's order when the transcript has no session)."""
    if not vignette_ids:
        return {}
    titles = dict(Vignette.objects.filter(pk__in=vignette_ids).values_list("pk", "current__title"))
    order = {}
    if transcript.session_id:
        shown = SessionVignette.objects.filter(session_id=transcript.session_id)
        order = dict(shown.values_list("vignette_id", "position"))
        for row in shown.filter(vignette_id__in=vignette_ids).values(
            "vignette_id", "version__title"
        ):
            titles[row["vignette_id"]] = row["version__title"]
    if not order:
        positions = Vignette.objects.filter(pk__in=vignette_ids).values_list("pk", "position")
        order = {pk: rank for rank, (pk, _) in enumerate(sorted(positions, key=lambda p: p[1]))}
    return {pk: f"Vignette {order.get(pk, 0) + 1}: {titles.get(pk, '')}" for pk in vignette_ids}


def reading_turns(transcript: Transcript, version: TranscriptVersion) -> list[ReadingTurn]:
    """The version's turns, each with its numbered lines and, where a vignette begins,
    its heading."""
    pseudonym = transcript.participant.pseudonym
    text = version.text
    headings = _vignette_headings(transcript, {row[4] for row in version.turns if row[4]})
    turns, number, previous_vignette = [], 0, None
    for position, (speaker, start, end, ms, vignette) in enumerate(version.turns):
        kind = (
            "interviewer" if speaker == INTERVIEWER
            else "participant" if speaker == pseudonym else "other"
        )  # fmt: skip
        turn = ReadingTurn(position, speaker, kind, ms, start, end)
        if vignette and vignette != previous_vignette:
            turn.vignette = headings[vignette]
        previous_vignette = vignette or previous_vignette
        for a, b in wrap(text, start, end):
            number += 1
            turn.lines.append(Line(number, a, b, text[a:b]))
        turns.append(turn)
    return turns


# --- Differences between versions -----------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class TurnChange:
    speaker_before: str
    speaker_after: str
    pieces: tuple[Piece, ...]
    unchanged_before: int = 0  # turns left out before this one because they are the same


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _words_diff(before: str, after: str) -> tuple[Piece, ...]:
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    pieces = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return tuple(pieces)


def version_diff(old: TranscriptVersion, new: TranscriptVersion) -> list[TurnChange]:
    """The turns that differ between two versions, each with its words marked added or
    removed; unchanged turns are counted, not shown."""
    before = [(s, old.text[a:b]) for s, a, b, _, _ in old.turns]
    after = [(s, new.text[a:b]) for s, a, b, _, _ in new.turns]
    changes, skipped = [], 0
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            skipped += i2 - i1
            continue
        pairs = list(zip(before[i1:i2], after[j1:j2], strict=False))
        for (s1, t1), (s2, t2) in pairs:
            changes.append(TurnChange(s1, s2, _words_diff(t1, t2), skipped))
            skipped = 0
        for s1, t1 in before[i1 + len(pairs) : i2]:
            changes.append(TurnChange(s1, "", (Piece("removed", t1),), skipped))
            skipped = 0
        for s2, t2 in after[j1 + len(pairs) : j2]:
            changes.append(TurnChange("", s2, (Piece("added", t2),), skipped))
            skipped = 0
    return changes


# --- Exports -----------------------------------------------------------------------------------


def _export_turns(transcript: Transcript):
    version = transcript.versions.get(number=transcript.version)
    for speaker, start, end, ms, _vignette in version.turns:
        yield speaker, version.text[start:end], timestamp(ms)


def export_text(transcript: Transcript) -> str:
    """The transcript as plain text in the form the importer reads back."""
    paragraphs = [
        f"[{stamp}] {speaker}: {words}" if stamp else f"{speaker}: {words}"
        for speaker, words, stamp in _export_turns(transcript)
    ]
    return "\n\n".join(paragraphs) + "\n"


def export_docx(transcript: Transcript) -> bytes:
    """The transcript as a Word document: a heading, then one paragraph per turn with
    the speaker in bold (the form the importer reads back)."""
    from docx import Document  # only exports need python-docx loaded

    document = Document()
    participant = transcript.participant
    # Every string goes through xml_safe: python-docx refuses characters XML cannot
    # hold (a study title with Word's own line break in it once broke every export).
    title = xml_safe(f"Interview transcript, {participant.pseudonym}")
    # A heading (the importer skips headings) and document properties, so that the
    # export reads back as exactly its turns.
    document.add_heading(title, level=1)
    document.core_properties.title = title
    document.core_properties.subject = xml_safe(transcript.study.title)
    document.core_properties.comments = (
        f"Version {transcript.version}, {transcript.get_status_display().lower()}."
    )
    for speaker, words, stamp in _export_turns(transcript):
        paragraph = document.add_paragraph()
        if stamp:
            paragraph.add_run(f"[{stamp}] ")
        paragraph.add_run(f"{xml_safe(speaker)}:").bold = True
        first, *rest = xml_safe(words).split("\n")
        run = paragraph.add_run(" " + first)
        for line in rest:  # a turn's own paragraphs stay apart, as line breaks
            run.add_break()
            run = paragraph.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


EXPORT_FORMATS = ("txt", "docx")


def export_file(transcript: Transcript, fmt: str) -> tuple[bytes, str, str]:
    """The latest version as a download: its bytes, content type and file name."""
    name = f"{transcript.study.slug}-{transcript.participant.pseudonym}-v{transcript.version}"
    if fmt == "txt":
        return export_text(transcript).encode(), "text/plain; charset=utf-8", f"{name}.txt"
    return export_docx(transcript), DOCX, f"{name}.docx"
