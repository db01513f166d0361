"""Transcript files researchers bring from elsewhere, read into speaker turns: plain text,
Word .docx, WebVTT and SRT subtitles, oTranscribe .otr, Otter's and Rev's text and Word
exports, and Whisper or WhisperX JSON. Pure Python and no database; a service stores the
result as a Transcript.

The format is told from the content. The file name only decides which complaint to make
when the content is not what the name promises. Every problem a researcher can fix is an
ImportFailed whose message says what is wrong and what to do about it. All text stays a
Python str, so offsets taken from it later are code points.
"""

import html
import io
import json
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import BinaryIO

from lxml import etree

MAX_TRANSCRIPT_BYTES = 10 * 1024 * 1024
# What one import may produce. A three-hour interview is some 20,000 to 60,000 words:
# 130,000 to 400,000 characters in a few thousand paragraphs and turns. The caps leave
# room many times over, and bound the work (and the stored import) a small file can
# cause: a .docx of 300 KB can unpack to 95 MB of empty paragraphs.
MAX_TEXT_CHARS = 2_000_000
MAX_TURNS = 20_000
MAX_PARAGRAPHS = 100_000  # a Word paragraph, or a line of a text, subtitle or .otr file
# Word's XML is wordy (a long interview's document.xml is 1 to 5 MB), and it is checked
# from the zip's directory before a byte of it is unpacked.
MAX_DOCUMENT_XML_BYTES = 20 * 1024 * 1024
_MAX_STYLES_XML_BYTES = 5 * 1024 * 1024

_FORMATS = (
    "plain text (.txt), Word (.docx), WebVTT (.vtt), SRT (.srt), oTranscribe (.otr) or "
    "Whisper (.json)"
)
_TOO_LARGE = (
    f"This file is larger than {MAX_TRANSCRIPT_BYTES // 2**20} MB, the most we can import "
    "at once. Split the transcript into smaller files and upload them one at a time."
)
_CHECK_THE_FILE = (
    "Check that you chose the right file and that it holds one interview, then upload it again."
)
_NO_TEXT = (
    "This file has no transcript text in it. Check that you chose the right file and "
    "upload it again."
)
_UNKNOWN_ENCODING = (
    "We could not tell how this file's text is encoded. Save it as UTF-8 text (in Word: "
    "Save As, Plain Text, then Unicode (UTF-8)) and upload it again."
)
_PROTECTED_WORD = (
    "This Word file is protected with a password, so we cannot read it. Open it in Word, "
    "remove the password (File, Info, Protect Document), save it and upload it again."
)
_OLD_WORD = (
    "This is an older Word .doc file, which we cannot read. Open it in Word, choose Save "
    "As, pick Word Document (.docx) and upload the new file."
)
_NOT_DOCX = (
    "This is not a Word .docx file, or it is damaged. Open it in Word, choose Save As, "
    "pick Word Document (.docx) and upload the new file."
)
_NOT_OTR = (
    "This .otr file could not be read as an oTranscribe transcript. Export it again from "
    "oTranscribe and upload the new file."
)
_NOT_JSON = (
    "This .json file is not valid JSON, so we cannot read it as a Whisper transcript. "
    "Export it again and upload the new file."
)
_WHISPER_SHAPE = (
    'Whisper and WhisperX write a list of "segments", each with its "start", "end" and '
    '"text". Export the transcript again as JSON from Whisper or WhisperX, or as text, and '
    "upload the new file."
)
_NOT_WHISPER = f"This JSON file is not a Whisper or WhisperX transcript. {_WHISPER_SHAPE}"
# Whisper's JSON nests four deep (segments, a segment, its words, a word). Checked before
# parsing, so a file of brackets cannot make the parser recurse or build deep structures.
MAX_JSON_DEPTH = 16
_TOO_DEEP = (
    f"This file's JSON is nested more than {MAX_JSON_DEPTH} levels deep, which no transcript "
    "needs. Check that you chose the right file, or export it again, and upload it again."
)
_NO_WEBVTT_LINE = (
    "Line 1 of this WebVTT file should read WEBVTT. Check that you chose the right file, "
    "or export it again, and upload it again."
)

# Word 97-2003 .doc files, and .docx files encrypted with a password, are OLE containers.
_OLE_HEADER = b"\xd0\xcf\x11\xe0"
_SIGNATURES = (
    (b"%PDF", "a PDF"),
    (b"{\\rtf", "a Rich Text (.rtf) document"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"ID3", "a recording"),
    (b"OggS", "a recording"),
    (b"fLaC", "a recording"),
    (b"RIFF", "a recording"),
    (b"\x1aE\xdf\xa3", "a recording"),
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Line endings are normalised before these apply; \r counts as a stray control after.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f]")
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACES = re.compile(r" {2,}")
# No-break spaces are mostly artefacts (editors put them in for typed double spaces, and
# before a French colon); as plain spaces they do not stop a search from finding words.
_NO_BREAK_SPACES = {0xA0: " ", 0x202F: " "}

# A speaker label: starts with a letter, at most four words, no sentence punctuation.
# Words are split by single spaces (lines are cleaned first) and no word can hold a space,
# colon or bracket, so the pattern never backtracks across words: matching is linear.
_WORD = r"[^\s.,?!;:()\[\]]"
_NAME = rf"[^\W\d_]{_WORD}*(?: {_WORD}+){{0,3}}"
_STAMP = r"\d{1,2}(?::\d{1,2})?:[0-5]\d(?:[.,]\d{1,3})?"
_LABEL_LINE = re.compile(
    rf"(?:[\[(]?(?P<before>{_STAMP})[\])]?\s+)?"
    rf"(?P<name>{_NAME})"
    rf"(?:\s*[\[(](?P<after>{_STAMP})[\])])?"
    # Whitespace or the end after the colon, so "https://..." or "3:1" starts no turn.
    r"\s*:(?:\s+(?P<rest>.*))?"
)
_MAX_LABEL = 40
_BRACKETED = re.compile(rf"\[(?P<name>{_NAME})\]\s*(?P<rest>\S.*)")
# Otter's exports put the speaker and the time alone on a line ("Sarah Jones  0:02"), the
# words on the next; Rev's put "Sarah Jones (00:02):" there. Matched on cleaned lines.
_OTTER_HEADER = re.compile(rf"(?P<name>{_NAME})[ \t]+(?P<stamp>{_STAMP})")
_OTTER_CREDIT = re.compile(r"Transcribed by https?://otter\.ai/?", re.IGNORECASE)
_REV_LABEL = re.compile(rf"(?P<name>{_NAME}) \((?P<stamp>{_STAMP})\):")
# Strings are taken out before brackets are counted; the pattern is unrolled (no
# alternation per character) so a 10 MB file is scanned in one quick pass.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")

_VTT_TIME = r"(?:\d{1,2}:)?[0-5]\d:[0-5]\d\.\d{3}"
_SRT_TIME = r"\d{1,2}:[0-5]\d:[0-5]\d[,.]\d{1,3}"
# The start, then the end and anything after it (VTT cue settings, SRT positions).
_VTT_TIMING = re.compile(rf"({_VTT_TIME})[ \t]*-->[ \t]*{_VTT_TIME}(?:[ \t].*)?")
_SRT_TIMING = re.compile(rf"({_SRT_TIME})[ \t]*-->[ \t]*{_SRT_TIME}(?:[ \t].*)?")
_SUBTITLES = {  # source: (timing line, name for people, example)
    "vtt": (_VTT_TIMING, "WebVTT", "00:01:23.000 --> 00:01:27.500"),
    "srt": (_SRT_TIMING, "SRT", "00:01:23,000 --> 00:01:27,500"),
}
_VTT_SKIPPED = re.compile(r"(?:NOTE|STYLE|REGION)(?:\s|$)")
_TAG = re.compile(r"<([^<>]*)>")
_VOICE = re.compile(r"v(?:\.\S*)?\s+(.+)", re.DOTALL)

_Line = tuple[str, int | None]  # a line of text and the time given for it, if any


class ImportFailed(ValueError):
    """The file cannot be read as a transcript; str(error) is a calm message for a
    researcher saying what is wrong and what to do."""


Progress = Callable[[float], None]  # told the share of the file read so far, 0 to 1


def _too_much(subject: str, found: int | None, limit: int, unit: str, typical: str) -> ImportFailed:
    """The refusal of a file over one of the caps: which cap, what the file had (or
    that it had more than the cap, where reading stopped there) and what is usual."""
    had = f"{found:,} {unit}" if found is not None else f"more than {limit:,} {unit}"
    return ImportFailed(
        f"{subject} has {had}, but we import at most {limit:,} {unit} from one transcript "
        f"(a three-hour interview has {typical}). {_CHECK_THE_FILE}"
    )


def _too_many_lines(subject: str, found: int | None) -> ImportFailed:
    return _too_much(subject, found, MAX_PARAGRAPHS, "lines", "a few thousand")


def _too_many_chars(subject: str, found: int | None) -> ImportFailed:
    return _too_much(
        subject, found, MAX_TEXT_CHARS, "characters of text", "about 150,000 to 400,000"
    )


@dataclass(frozen=True)
class ImportedTurn:
    speaker: str  # the label as found in the file; "" when the file names no speaker
    text: str  # normalised: NFC, "\n" between lines and paragraphs, never empty
    started_at_ms: int | None


@dataclass(frozen=True)
class ImportResult:
    # A TranscriptSource value: "txt", "docx", "vtt", "srt", "otr", "otter_txt",
    # "otter_docx", "rev_txt", "rev_docx" or "whisper".
    source: str
    turns: tuple[ImportedTurn, ...]

    @property
    def speakers(self) -> list[str]:
        """The speaker labels in order of first appearance; "" (no speaker named) is
        not a label and is left out."""
        return [speaker for speaker in dict.fromkeys(t.speaker for t in self.turns) if speaker]


def read_transcript(
    filename: str, data: bytes, *, progress: Progress | None = None
) -> ImportResult:
    """The speaker turns in an uploaded file. The format comes from the content, with
    the file's extension as a hint; raises ImportFailed when it cannot be read or holds
    more than the caps allow (MAX_TEXT_CHARS, MAX_TURNS, MAX_PARAGRAPHS). `progress`,
    if given, hears how far through a Word file's text the reading is."""
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise ImportFailed(_TOO_LARGE)
    extension = os.path.splitext(filename)[1].lower()
    if data.startswith(_OLE_HEADER):
        raise ImportFailed(_PROTECTED_WORD if extension == ".docx" else _OLD_WORD)
    if _is_docx(data):
        source, turns = _read_lines(_read_docx(data, progress), "docx")
    elif extension == ".docx" and data:
        raise ImportFailed(_NOT_DOCX)
    else:
        source, turns = _read_text_file(data, extension)
    if not turns:
        raise ImportFailed(_NO_TEXT)
    if len(turns) > MAX_TURNS:
        raise _too_much("This file", len(turns), MAX_TURNS, "speaker turns", "one or two thousand")
    chars = sum(len(turn.text) for turn in turns)
    if chars > MAX_TEXT_CHARS:
        raise _too_many_chars("This file", chars)
    return ImportResult(source, tuple(turns))


def _read_text_file(data: bytes, extension: str) -> tuple[str, list[ImportedTurn]]:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise _unsupported(kind)
    if data[4:8] == b"ftyp":  # MP4, M4A, MOV
        raise _unsupported("a recording")
    text = _decode(data)
    # Counted before any line is looked at, so the work per line is bounded too.
    lines = text.count("\n") + 1
    if lines > MAX_PARAGRAPHS:
        raise _too_many_lines("This file", lines)
    if not text.strip():
        return "txt", []
    if text.startswith("WEBVTT") and text[6:7] in ("", " ", "\t", "\n"):
        return "vtt", _read_vtt(text)
    if _looks_like_srt(text):
        return "srt", _read_srt(text)
    content = _json_content(text)
    if isinstance(content, dict) and "segments" in content:
        return "whisper", _read_whisper(content)
    if isinstance(content, dict) and isinstance(content.get("text"), str):
        return "otr", _read_otr(content["text"])
    if extension == ".vtt":
        raise ImportFailed(_NO_WEBVTT_LINE)
    if extension == ".srt":
        return "srt", _read_srt(text)  # fails on the first line that is not SRT
    if extension == ".otr":
        raise ImportFailed(_NOT_OTR)
    if extension == ".json":
        raise ImportFailed(_NOT_JSON if content is None else _NOT_WHISPER)
    return _read_lines([(line, None) for line in text.split("\n")], "txt")


def _unsupported(kind: str | None) -> ImportFailed:
    what = f"This looks like {kind}, not" if kind else "This file does not look like"
    return ImportFailed(f"{what} a transcript. We can read transcripts saved as {_FORMATS} files.")


def _decode(data: bytes) -> str:
    """The text, from UTF-8 or UTF-16 (with a byte order mark) or Windows-1252, with
    "\\n" line endings."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise ImportFailed(_UNKNOWN_ENCODING) from error
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_windows_1252(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_windows_1252(data: bytes) -> str:
    # Windows-1252 decodes almost any bytes, so it is only trusted on what reads as text.
    if b"\x00" in data:
        raise _unsupported(None)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFailed(_UNKNOWN_ENCODING) from error
    if _STRAY_CONTROLS.search(text):
        raise ImportFailed(_UNKNOWN_ENCODING)
    return text


def _clean(text: str) -> str:
    """NFC, no control characters but tab and newline, no-break spaces made plain, runs
    of spaces made one, stripped."""
    text = unicodedata.normalize("NFC", _CONTROLS.sub("", text)).translate(_NO_BREAK_SPACES)
    return _SPACES.sub(" ", text).strip()


def _stamp_ms(stamp: str) -> int:
    """Milliseconds from `[hh:]mm:ss[.mmm]` (a comma also works before the fraction)."""
    clock, _, fraction = stamp.replace(",", ".").partition(".")
    seconds = 0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + int(fraction.ljust(3, "0"))


def _split_label(line: str) -> tuple[str, int | None, str] | None:
    """(speaker, time in ms or None, the words after the label) when a cleaned line
    starts with a speaker label, else None."""
    match = _LABEL_LINE.fullmatch(line)
    if match is None or len(match["name"]) > _MAX_LABEL:
        return None
    stamp = match["before"] or match["after"]
    return match["name"], _stamp_ms(stamp) if stamp else None, match["rest"] or ""


def _with_bold_label(text: str, bold: str) -> str:
    """`text` with a colon put after its leading bold speaker name (`bold`, which `text`
    starts with), so the label rule reads it. A bold name alone needs its colon, like
    any label alone on its line: otherwise every bold heading would become a speaker."""
    name = _clean(bold)
    if not name or name.endswith(":") or not text.startswith(bold):
        return text
    rest = text[len(bold) :].strip()
    if not rest or rest.startswith(":") or _split_label(f"{name}:") is None:
        return text
    return f"{name}: {rest}"


_Label = tuple[str, int | None, str]  # speaker, time in ms or None, the words after it
_Labeller = Callable[[str], _Label | None]


def _otter_header(line: str) -> _Label | None:
    match = _OTTER_HEADER.fullmatch(line)
    if match is None or len(match["name"]) > _MAX_LABEL:
        return None
    return match["name"], _stamp_ms(match["stamp"]), ""


def _rev_label(line: str) -> _Label | None:
    match = _REV_LABEL.fullmatch(line)
    if match is None or len(match["name"]) > _MAX_LABEL:
        return None
    return match["name"], _stamp_ms(match["stamp"]), ""


def _read_lines(lines: list[_Line], kind: str) -> tuple[str, list[ImportedTurn]]:
    """The source and turns of a text or Word file (`kind` "txt" or "docx"), read by the
    layout most of its labels follow: Otter's, Rev's, or `Name: words`. Under Otter's or
    Rev's layout only their own label lines start turns, so a line of words that happens
    to begin "Right: so" stays words."""
    cleaned = [(_clean(line), ms) for line, ms in lines]
    labels = sum(1 for line, _ in cleaned if _split_label(line))
    otter = sum(1 for line, _ in cleaned if _otter_header(line))
    # Two at least: one "Break  10:30" line in a plain text is not a transcript layout.
    if otter >= 2 and otter >= labels:
        kept = [(line, ms) for line, ms in cleaned if not _OTTER_CREDIT.fullmatch(line)]
        return f"otter_{kind}", _turns_from_lines(kept, _otter_header)
    rev = sum(1 for line, _ in cleaned if _rev_label(line))
    if rev and rev * 2 > labels:
        return f"rev_{kind}", _turns_from_lines(cleaned, _rev_label)
    return kind, _turns_from_lines(cleaned)


def _turns_from_lines(lines: list[_Line], labeller: _Labeller | None = None) -> list[ImportedTurn]:
    """Turns from lines, where a blank line ends a paragraph. A labelled line (by
    `labeller`, `Name: words` by default) starts a turn and the lines after it continue
    that turn; lines before the first label make a turn of their own. Without any label,
    each paragraph is a turn. A turn starts at the time its label gives, or else at the
    time given with its first words."""
    labeller = labeller or _split_label
    paragraphs: list[list[_Line]] = [[]]
    for line, ms in lines:
        if line := _clean(line):
            paragraphs[-1].append((line, ms))
        elif paragraphs[-1]:
            paragraphs.append([])
    labelled = [(labeller(line), line, ms) for p in paragraphs for line, ms in p]
    if not any(found for found, _, _ in labelled):
        return [_turn("", paragraph) for paragraph in paragraphs if paragraph]
    turns: list[ImportedTurn] = []
    speaker = ""
    turn_lines: list[_Line] = []
    for found, line, ms in labelled:
        if found is None:
            turn_lines.append((line, ms))
            continue
        if any(text for text, _ in turn_lines):
            turns.append(_turn(speaker, turn_lines))
        speaker, stamp, rest = found
        turn_lines = [(rest, stamp if stamp is not None else ms)]
    if any(text for text, _ in turn_lines):
        turns.append(_turn(speaker, turn_lines))
    return turns


def _turn(speaker: str, lines: list[_Line]) -> ImportedTurn:
    # The time on the label, or else on the line with the first words: a time given
    # further into the turn is not when it started.
    started = next((ms for text, ms in lines if ms is not None or text), None)
    return ImportedTurn(speaker, "\n".join(text for text, _ in lines if text), started)


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


# WordprocessingML, as Word writes it in word/document.xml and word/styles.xml.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY = (f"{_W}document", f"{_W}body")
# Where a run of text sits below a body paragraph: directly, or inside a hyperlink.
_RUN_PLACES = ((f"{_W}p",), (f"{_W}p", f"{_W}hyperlink"))
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_OFF = ("0", "false", "off")
_HEADING_STYLES = ("heading", "title", "subtitle")  # by name; "heading 1" or "Heading 1"
# What a damaged .docx raises from zipfile, zlib and lxml; not Exception, which would
# also swallow the task's time limit.
_BROKEN_ZIP = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, etree.XMLSyntaxError, KeyError,
    OSError, EOFError, ValueError, RuntimeError, NotImplementedError,
)  # fmt: skip


def _read_docx(data: bytes, progress: Progress | None) -> list[_Line]:
    """The lines of a Word file, read from its XML as a stream: the sizes come from the
    zip's directory before anything is unpacked, and reading stops at the first cap
    reached, so neither time nor memory grows with what a file claims to hold."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = archive.getinfo("word/document.xml")
            if document.file_size > MAX_DOCUMENT_XML_BYTES:
                raise ImportFailed(
                    f"This Word file unpacks to {document.file_size / 2**20:,.0f} MB of text "
                    f"and formatting, but we read at most {MAX_DOCUMENT_XML_BYTES // 2**20} MB "
                    "from one transcript (a three-hour interview takes 1 to 5 MB). "
                    + _CHECK_THE_FILE
                )
            headings = _heading_styles(archive)
            with archive.open(document) as stream:
                reader = _WordReader(headings)
                reader.read(_ReadProgress(stream, document.file_size, progress))
    except ImportFailed:  # a ValueError too, but not a damaged file
        raise
    except _BROKEN_ZIP as error:
        raise ImportFailed(_NOT_DOCX) from error
    return reader.lines


def _iterparse(stream: BinaryIO, events: tuple[str, ...]):
    # No entities resolved and no network: a document's XML never needs them, and they
    # are how a small file asks a parser for a great deal of work.
    return etree.iterparse(
        stream, events=events, resolve_entities=False, no_network=True, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip


def _heading_styles(archive: zipfile.ZipFile) -> set[str]:
    """The ids of the paragraph styles that make a title or a heading."""
    try:
        info = archive.getinfo("word/styles.xml")
    except KeyError:
        return set()
    if info.file_size > _MAX_STYLES_XML_BYTES:
        raise ImportFailed(_NOT_DOCX)
    headings = set()
    with archive.open(info) as stream:
        for _event, element in _iterparse(stream, ("end",)):
            if element.tag != f"{_W}style":
                continue
            name = element.find(f"{_W}name")
            label = (name.get(f"{_W}val") or "") if name is not None else ""
            if label.lower().startswith(_HEADING_STYLES):
                headings.add(element.get(f"{_W}styleId") or "")
            element.clear()
    return headings


class _ReadProgress:
    """A stream that tells `progress` how much of it has been read."""

    def __init__(self, stream: BinaryIO, size: int, progress: Progress | None) -> None:
        self.stream, self.size, self.progress, self.done = stream, max(size, 1), progress, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.done += len(chunk)
        if self.progress is not None:
            self.progress(min(1.0, self.done / self.size))
        return chunk


class _WordReader:
    """The lines of a Word document's body paragraphs, from its XML as a stream. Each
    element is used when it ends and is then dropped, so memory holds one run of text
    at a time. Paragraphs elsewhere (tables, text boxes) are counted, not read, as
    python-docx's `Document.paragraphs` never read them either. Headings are left out,
    and a paragraph's leading bold words may be a speaker's name."""

    SUBJECT = "This Word file"

    def __init__(self, headings: set[str]) -> None:
        self.headings = headings
        self.lines: list[_Line] = []
        self.paragraphs = 0
        self.chars = 0
        self.style = ""
        self.runs: list[tuple[str, bool]] = []  # (text, bold) of this paragraph's runs
        self.run_text: list[str] = []
        self.run_bold = False

    def read(self, stream) -> None:
        path: list[str] = []  # the tags of the elements open around the current one
        for event, element in _iterparse(stream, ("start", "end")):
            if event == "start":
                path.append(element.tag)
                continue
            path.pop()
            self.element_end(element, tuple(path))
            parent = element.getparent()
            element.clear()
            if parent is not None:
                parent.remove(element)

    def element_end(self, element, path: tuple[str, ...]) -> None:
        tag = element.tag
        if tag == f"{_W}p":
            self.paragraphs += 1
            if self.paragraphs > MAX_PARAGRAPHS:
                raise _too_much(self.SUBJECT, None, MAX_PARAGRAPHS, "paragraphs", "a few thousand")
        if path[:2] != _BODY:
            return
        where = path[2:]
        if not where:
            if tag == f"{_W}p":
                self.paragraph_end()
        elif where in _RUN_PLACES and tag == f"{_W}r":
            self.runs.append(("".join(self.run_text), self.run_bold))
            self.run_text, self.run_bold = [], False
        elif where[:-1] in _RUN_PLACES and where[-1] == f"{_W}r":
            self.run_content(element)
        elif where[:-2] in _RUN_PLACES and where[-2:] == (f"{_W}r", f"{_W}rPr"):
            if tag == f"{_W}b":
                self.run_bold = element.get(f"{_W}val", "true") not in _OFF
        elif where == (f"{_W}p", f"{_W}pPr") and tag == f"{_W}pStyle":
            self.style = element.get(f"{_W}val") or ""

    def run_content(self, element) -> None:
        tag = element.tag
        if tag == f"{_W}t":
            text = element.text or ""
        elif tag == f"{_W}br":  # a line break; a page or column break is no text
            text = "\n" if element.get(f"{_W}type", "textWrapping") == "textWrapping" else ""
        else:
            text = _RUN_TEXT.get(tag, "")
        self.chars += len(text)
        if self.chars > MAX_TEXT_CHARS:
            raise _too_many_chars(self.SUBJECT, None)
        self.run_text.append(text)

    def paragraph_end(self) -> None:
        runs, style = self.runs, self.style
        self.runs, self.style = [], ""
        if style in self.headings:  # a title or section heading is not anyone's words
            return
        text = "".join(text for text, _bold in runs)
        text = _with_bold_label(text, _leading_bold(runs))
        self.lines += [(line, None) for line in text.split("\n")]
        self.lines.append(("", None))


def _leading_bold(runs: list[tuple[str, bool]]) -> str:
    """The text of a paragraph's runs up to its first run of plain text, when those
    runs are bold (blank runs among them included)."""
    bold = ""
    for text, is_bold in runs:
        if text.strip() and not is_bold:
            break
        bold += text
    return bold


def _looks_like_srt(text: str) -> bool:
    head = [line.strip() for line in text.lstrip().split("\n", 2)[:2]]
    return len(head) == 2 and head[0].isascii() and head[0].isdigit() and "-->" in head[1]


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The runs of non-blank lines, each with the (1-based) number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    previous_blank = True
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            previous_blank = True
        elif previous_blank:
            blocks.append((number, [line]))
            previous_blank = False
        else:
            blocks[-1][1].append(line)
    return blocks


def _cue(source: str, number: int, block: list[str]) -> tuple[int, list[str]]:
    """A subtitle cue's start in ms and its text lines. An identifier (or SRT's cue
    number) may come before the timing line."""
    timing, kind, example = _SUBTITLES[source]
    at = 0 if "-->" in block[0] else 1
    match = timing.fullmatch(block[at].strip()) if at < len(block) else None
    if match is None:
        raise ImportFailed(
            f"Line {number + at} of this {kind} file should give a cue's start and end "
            f"times, such as {example}. Correct that line, or export the file again, and "
            "upload it again."
        )
    return _stamp_ms(match[1]), block[at + 1 :]


def _read_vtt(text: str) -> list[ImportedTurn]:
    cues = [
        _cue("vtt", number, block)
        for number, block in _blocks(text)[1:]  # the first block is the WEBVTT header
        if not _VTT_SKIPPED.match(block[0])
    ]
    return _subtitle_turns(cues)


def _read_srt(text: str) -> list[ImportedTurn]:
    return _subtitle_turns([_cue("srt", number, block) for number, block in _blocks(text)])


def _cue_pieces(lines: list[str]) -> list[tuple[str | None, str]]:
    """A cue's text cut where each <v Speaker> voice begins: (the voice or None, text),
    with other tags dropped and entities decoded. Lines stay apart for the dash rule."""
    pieces: list[tuple[str | None, list[str]]] = [(None, [])]
    for index, part in enumerate(_TAG.split("\n".join(lines))):
        if index % 2 == 0:
            pieces[-1][1].append(html.unescape(part))
        elif voice := _VOICE.fullmatch(part):
            pieces.append((_clean(html.unescape(voice[1])), []))
        elif part.strip() == "/v":
            pieces.append((None, []))
    return [(voice, "".join(parts)) for voice, parts in pieces]


def _cue_speaker(voice: str | None, text: str, current: str) -> tuple[str, str]:
    """Who says a piece of cue text and its words, one line. A voice or a label names
    the speaker; a dialogue dash means someone unnamed; otherwise the cue carries on
    the current speaker's words, as captions split long turns across cues."""
    lines = [line for line in map(_clean, text.split("\n")) if line]
    if not lines:
        return current, ""
    dashed = lines[0].startswith("- ")
    text = " ".join(line.removeprefix("- ") for line in lines)
    if voice is not None:
        return voice, text
    if found := _split_label(text):
        return found[0], found[2]
    if (match := _BRACKETED.fullmatch(text)) and len(match["name"]) <= _MAX_LABEL:
        return match["name"], match["rest"]
    return ("" if dashed else current), text


def _subtitle_turns(cues: list[tuple[int, list[str]]]) -> list[ImportedTurn]:
    """One turn for each run of cues by the same speaker, starting at the first's start."""
    runs: list[tuple[str, int, list[str]]] = []
    speaker = ""
    for start, lines in cues:
        for voice, piece in _cue_pieces(lines):
            speaker, words = _cue_speaker(voice, piece, speaker)
            if not words:
                continue
            if runs and runs[-1][0] == speaker:
                runs[-1][2].append(words)
            else:
                runs.append((speaker, start, [words]))
    return [ImportedTurn(speaker, " ".join(words), start) for speaker, start, words in runs]


def _json_depth(text: str) -> int:
    """How deep the JSON in `text` nests (more than MAX_JSON_DEPTH counts as one more),
    counting brackets outside its strings."""
    depth = deepest = 0
    for bracket in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                break
    return deepest


def _json_content(text: str) -> object | None:
    """What the JSON in `text` holds, or None when the text is not JSON. Nesting deeper
    than MAX_JSON_DEPTH is refused before parsing; the upload limit caps the size."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    if _json_depth(text) > MAX_JSON_DEPTH:
        raise ImportFailed(_TOO_DEEP)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _read_whisper(content: dict) -> list[ImportedTurn]:
    """Whisper's segments as turns. Consecutive segments of one diarised speaker are one
    turn, as their words were; without a speaker each segment stays a turn of its own, so
    that a correction can give each its speaker later (one long turn could not be split)."""
    segments = content["segments"]
    if not isinstance(segments, list):
        raise ImportFailed(_NOT_WHISPER)
    if len(segments) > MAX_PARAGRAPHS:
        raise _too_much("This Whisper file", len(segments), MAX_PARAGRAPHS, "segments",
                        "a few thousand")  # fmt: skip
    runs: list[tuple[str, int | None, list[str]]] = []
    for number, segment in enumerate(segments, start=1):
        speaker, started, words = _whisper_segment(number, segment)
        if not words:
            continue
        if speaker and runs and runs[-1][0] == speaker:
            runs[-1][2].append(words)
        else:
            runs.append((speaker, started, [words]))
    return [ImportedTurn(speaker, " ".join(words), started) for speaker, started, words in runs]


def _whisper_segment(number: int, segment: object) -> tuple[str, int | None, str]:
    """(speaker or "", start in ms or None, cleaned words) of one segment, or a refusal
    naming the segment when it is not shaped as Whisper writes one."""
    where = f"Segment {number} of this Whisper file"
    if not isinstance(segment, dict) or not isinstance(segment.get("text"), str):
        raise ImportFailed(f'{where} has no "text". {_WHISPER_SHAPE}')
    start = segment.get("start")
    if start is not None and (isinstance(start, bool) or not isinstance(start, int | float)):
        raise ImportFailed(
            f'{where} gives its "start" as {json.dumps(start)[:20]}, not as seconds. '
            "Export the transcript again and upload the new file."
        )
    speaker = segment.get("speaker") or ""
    if not isinstance(speaker, str) or len(_clean(speaker)) > _MAX_LABEL:
        raise ImportFailed(
            f'{where} names its "speaker" in a way we cannot use as a label (at most '
            f"{_MAX_LABEL} characters of text). Export the transcript again and upload it."
        )
    started = None if start is None else _ms_from_seconds(float(start))
    return _clean(speaker), started, _clean(segment["text"])


def _read_otr(markup: str) -> list[ImportedTurn]:
    reader = _OtrReader()
    reader.feed(markup)
    reader.close()
    reader.end_line(paragraph=True)
    return _turns_from_lines(reader.lines)


class _OtrReader(HTMLParser):
    """oTranscribe's HTML as lines: <p> and <div> end a paragraph, <br> a line. A
    timestamp span gives the time of the text after it and its own text is dropped; a
    line's leading <b> or <strong> text may be a speaker's name."""

    SUBJECT = "This oTranscribe file"

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[_Line] = []
        self.count = 0  # lines ended
        self.chars = 0
        self.text = ""
        self.bold = ""  # the line's text while all of it is bold or blank
        self.leading = True
        self.bold_depth = 0
        self.stamp_depth = 0  # inside a timestamp span (and the spans in it)
        self.ms: int | None = None  # the current line's time
        self.pending_ms: int | None = None  # a time waiting for text to follow it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stamp_depth:
            if tag == "span":
                self.stamp_depth += 1
            return
        attributes = dict(attrs)
        if tag == "span" and "timestamp" in (attributes.get("class") or "").split():
            self.stamp_depth = 1
            self.pending_ms = _seconds_ms(attributes.get("data-timestamp"))
        elif tag in ("b", "strong"):
            self.bold_depth += 1
        elif tag == "br":
            self.end_line()
        elif tag in ("p", "div"):
            self.end_line(paragraph=True)

    def handle_endtag(self, tag: str) -> None:
        if self.stamp_depth:
            if tag == "span":
                self.stamp_depth -= 1
        elif tag in ("b", "strong"):
            self.bold_depth = max(0, self.bold_depth - 1)
        elif tag in ("p", "div"):
            self.end_line(paragraph=True)

    def handle_data(self, data: str) -> None:
        if self.stamp_depth:
            return
        data = data.translate({9: " ", 10: " ", 12: " ", 13: " "})  # HTML whitespace
        if data.strip():
            if self.ms is None:
                self.ms = self.pending_ms
            self.pending_ms = None
            self.leading = self.leading and self.bold_depth > 0
        if self.leading:
            self.bold += data
        self.text += data

    def end_line(self, *, paragraph: bool = False) -> None:
        # Counted as they come: one .otr line of JSON can hold any number of lines.
        self.count += 1
        if self.count > MAX_PARAGRAPHS:
            raise _too_many_lines(self.SUBJECT, None)
        self.chars += len(self.text)
        if self.chars > MAX_TEXT_CHARS:
            raise _too_many_chars(self.SUBJECT, None)
        self.lines.append((_with_bold_label(self.text, self.bold), self.ms))
        if paragraph:
            self.lines.append(("", None))
        self.text, self.bold, self.leading, self.ms = "", "", True, None


def _seconds_ms(value: str | None) -> int | None:
    try:
        seconds = float(value or "")
    except ValueError:
        return None
    return _ms_from_seconds(seconds)


def _ms_from_seconds(seconds: float) -> int | None:
    # Bounded like the other formats' times (two-digit hours), so any time fits the model;
    # NaN and infinity fail both comparisons.
    return round(seconds * 1000) if 0 <= seconds < 100 * 3600 else None
