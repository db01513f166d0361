"""Reading a REFI-QDA file (.qdpx project or .qdc codebook) into plain objects, with
every check made before anything is created. No database, no Django.

Real files are messier than the standard (issue 16, item 5), so elements are matched by
local name under any of the namespaces tools write (or none), GUIDs in either case or in
braces are normalised, `sources/` may be `Sources/`, paths may be `internal://` or
relative, and source text may start with a byte-order mark (not a character of the text:
dropped, offsets unchanged) and end its lines with CRLF (made LF; offsets are checked
against the text, see `_offsets_reading`). What is tolerated but not imported goes in
`Package.discarded` with its reason; what cannot be trusted (a path escaping the
archive, entities in the XML, a selection outside its text, a missing source file, a
file or source over the limits) is refused with `ReadRefused`, whose message names the
problem for the researcher.
"""

import bisect
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.parsers import expat

from lxml import etree

from interviews.importers import MAX_TEXT_CHARS, MAX_TRANSCRIPT_BYTES

from .xmlns import CODEBOOK_NS, INTERNAL, PROJECT_NS

# The namespaces tools write; a file in none is read too.
NAMESPACES = frozenset(
    {PROJECT_NS, CODEBOOK_NS, "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4", ""}
)
MAX_SOURCE_BYTES = MAX_TRANSCRIPT_BYTES  # one source's text, as one transcript upload
MAX_PROJECT_XML_BYTES = 100 * 1024 * 1024  # project.qde itself
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # everything the archive declares, together
MAX_MEMBERS = 20_000
_CHUNK = 64 * 1024
EXAMPLE_VALUES = 5

_GUID = re.compile(
    r"\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?", re.IGNORECASE
)
_DRIVE = re.compile(r"^[A-Za-z]:")
_EXPORT_AGAIN = "Export the project again from your analysis software and upload the new file."


class ReadRefused(ValueError):
    """The file cannot be imported; str(error) says why, for the researcher."""


# --- What a file holds -----------------------------------------------------------------


@dataclass
class Code:
    guid: str
    name: str
    colour: str | None
    description: str
    parent: str | None  # the parent code's GUID
    path: tuple[str, ...]  # names from the top of the codebook down to this code
    notes: list[str] = field(default_factory=list)
    children: list["Code"] = field(default_factory=list)


@dataclass
class Variable:
    guid: str
    name: str
    type: str  # Text, Boolean, Integer, Float, Date or DateTime
    description: str


@dataclass
class Case:
    guid: str
    name: str
    description: str
    values: dict[str, object]  # variable GUID -> value (str, bool, int, float, ISO date)
    sources: list[str]  # source GUIDs


@dataclass
class Coding:
    guid: str
    code: str  # the code's GUID
    user: str | None
    created: str | None  # ISO date and time as written


@dataclass
class Selection:
    guid: str
    name: str
    description: str
    start: int  # code points of the source's text as imported (LF, no BOM)
    end: int
    codings: list[Coding]
    notes: list[str]  # GUIDs of notes about it
    user: str | None
    created: str | None


@dataclass
class Source:
    guid: str
    name: str
    text: str
    selections: list[Selection]
    notes: list[str]
    values: dict[str, object]
    reading: str = "characters"  # how its offsets were counted (see _offsets_reading)


@dataclass
class Note:
    guid: str
    name: str
    text: str
    user: str | None
    created: str | None


@dataclass
class Set:
    guid: str
    name: str
    codes: list[str]
    sources: list[str]
    notes: list[str]
    description: str = ""


@dataclass
class Package:
    format: str  # "project" or "codebook"
    title: str
    users: dict[str, str] = field(default_factory=dict)  # GUID -> name
    codes: list[Code] = field(default_factory=list)  # the top of the tree
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sets: list[Set] = field(default_factory=list)
    project_notes: list[str] = field(default_factory=list)
    discarded: list[str] = field(default_factory=list)
    adjusted: list[str] = field(default_factory=list)  # read, but not as written

    def all_codes(self) -> list[Code]:
        """Every code, each parent before its children."""
        found: list[Code] = []
        stack = list(reversed(self.codes))
        while stack:
            code = stack.pop()
            found.append(code)
            stack.extend(reversed(code.children))
        return found


# --- The archive -------------------------------------------------------------------------


def read_package(data: bytes) -> Package:
    """What a .qdpx (a zip) or .qdc (XML) file holds, checked; raises ReadRefused."""
    if data.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError) as error:
            raise ReadRefused(
                f"This .qdpx file is not a valid zip archive. {_EXPORT_AGAIN}"
            ) from error
        with archive:
            return _read_archive(archive)
    if _looks_like_xml(data):
        root = parse_xml(data, "This file")
        if _local(root.tag) != "CodeBook":
            raise ReadRefused(
                f"This XML file's root element is <{_local(root.tag)}>, not the <CodeBook> of "
                f"a REFI-QDA codebook (.qdc). {_EXPORT_AGAIN}"
            )
        return _read_codebook_file(root)
    raise ReadRefused(
        "This is not a REFI-QDA file: a project (.qdpx) is a zip archive and a codebook "
        f"(.qdc) is XML. {_EXPORT_AGAIN}"
    )


def _looks_like_xml(data: bytes) -> bool:
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") or head[:4] in (b"\xff\xfe<\x00", b"\xfe\xff\x00<")


def _check_member_name(name: str) -> str:
    """The member's path with / separators, or a refusal if it could escape the
    archive (a `..` part, an absolute path, a drive letter)."""
    path = name.replace("\\", "/")
    parts = path.split("/")
    if path.startswith("/") or _DRIVE.match(path) or ".." in parts or "\x00" in path:
        raise ReadRefused(
            f"This archive holds a file whose path ({name[:120]}) points outside the archive. "
            "We refuse such files, as unpacking them could overwrite other files."
        )
    return path


class _Archive:
    """The members of a checked archive, read with their sizes counted."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ReadRefused(
                f"This archive holds {len(infos):,} files; a project holds at most "
                f"{MAX_MEMBERS:,}. {_EXPORT_AGAIN}"
            )
        declared = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            path = _check_member_name(info.filename)
            declared += info.file_size
            if not info.is_dir():
                self.members[path] = info
        if declared > MAX_UNPACKED_BYTES:
            raise ReadRefused(_too_big("This archive", MAX_UNPACKED_BYTES, "unpacked"))
        self.by_lower = {path.casefold(): path for path in self.members}

    def find(self, path: str) -> str | None:
        """The member at `path`, whatever the case of its letters."""
        return self.by_lower.get(path.casefold())

    def read(self, path: str, limit: int, what: str) -> bytes:
        """A member's bytes, counted as they are unpacked: a member whose directory entry
        understates its size (a zip bomb) is stopped at `limit`, not at the end."""
        info = self.members[path]
        if info.file_size > limit:
            raise ReadRefused(_too_big(what, limit))
        chunks, total = [], 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise ReadRefused(_too_big(what, limit, "unpacked"))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
            raise ReadRefused(
                f"{what} cannot be unpacked: the archive is damaged, or its directory gives "
                f"false sizes (as a zip bomb's does). {_EXPORT_AGAIN}"
            ) from error
        return b"".join(chunks)


def _too_big(what: str, limit: int, how: str = "") -> str:
    size = f"{limit // 2**20} MB" + (f" {how}" if how else "")
    return f"{what} is larger than {size}, the most we import. We refuse it (it may be a zip bomb)."


def _read_archive(archive: zipfile.ZipFile) -> Package:
    members = _Archive(archive)
    projects = sorted(
        (path for path in members.members if path.casefold().endswith(".qde")),
        key=lambda path: (path.count("/"), path.casefold() != "project.qde", path),
    )
    if not projects:
        raise ReadRefused(
            "This archive holds no project file (.qde), so it is not a REFI-QDA project. "
            + _EXPORT_AGAIN
        )
    name = projects[0]
    root = parse_xml(members.read(name, MAX_PROJECT_XML_BYTES, f"The project file {name}"), name)
    if _local(root.tag) != "Project":
        raise ReadRefused(
            f"The root element of {name} is <{_local(root.tag)}>, not the <Project> of the "
            f"REFI-QDA project schema. {_EXPORT_AGAIN}"
        )
    package = _Reader(root, members).project()
    for extra in projects[1:]:
        package.discarded.append(f"A second project file in the archive ({extra}) was not read.")
    return package


def _read_codebook_file(root) -> Package:
    reader = _Reader(root, None)
    reader.check_namespace(root)
    package = Package(format="codebook", title=root.get("name") or "")
    package.codes = reader.codes(_child(root, "Codes"))
    return package


# --- XML -----------------------------------------------------------------------------------


class _Stop(Exception):
    pass


def parse_xml(data: bytes, name: str):
    """The root element of an XML document, refusing entity declarations (external
    entities read files; nested ones expand to gigabytes) and any document type
    declaration, which REFI-QDA files never have. The prolog is checked with expat,
    which stops at the first element, before lxml parses the whole without resolving
    entities or fetching anything."""
    checker = expat.ParserCreate()

    def entity(*_args) -> None:
        raise ReadRefused(
            f"{name} declares XML entities (<!ENTITY>), which can read files on the server "
            "or expand to gigabytes (an external entity or a 'billion laughs'). REFI-QDA "
            f"files never need them, so we refuse it. {_EXPORT_AGAIN}"
        )

    doctypes = []

    def doctype(*_args) -> None:
        doctypes.append(True)  # refused below, unless its entities are refused first

    def first_element(*_args) -> None:
        raise _Stop

    checker.EntityDeclHandler = entity
    checker.UnparsedEntityDeclHandler = entity
    checker.StartDoctypeDeclHandler = doctype
    checker.StartElementHandler = first_element
    try:
        checker.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as error:
        raise ReadRefused(f"{name} is not well-formed XML ({error}). {_EXPORT_AGAIN}") from error
    if doctypes:
        raise ReadRefused(
            f"{name} has a document type declaration (<!DOCTYPE>), which REFI-QDA files "
            f"never have and which can hide entity tricks, so we refuse it. {_EXPORT_AGAIN}"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ReadRefused(f"{name} is not well-formed XML ({error}). {_EXPORT_AGAIN}") from error


def _project_title(name: str | None) -> str:
    """The project's name, without the file ending some tools leave in it (QualCoder
    names a project after its file, "Pilot interviews.qda")."""
    title = (name or "").strip()
    return re.sub(r"\.(qda|qdpx|nvp|nvpx|atlproj|mx\d*)$", "", title, flags=re.IGNORECASE).strip()


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _children(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _text(element, name: str) -> str:
    child = _child(element, name) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def normal_guid(text: str | None) -> str | None:
    """A GUID in lower case without braces, or None when `text` is not one."""
    match = _GUID.fullmatch((text or "").strip())
    return str(uuid.UUID(match.group(1))) if match else None


# --- Offsets ------------------------------------------------------------------------------


def _crlf_to_lf(raw: str):
    """A function from a position in `raw` (CRLF line ends) to the same place in the
    text with LF ends, None for a place between a CR and its LF."""
    removed = [
        index for index in range(len(raw) - 1) if raw[index] == "\r" and raw[index + 1] == "\n"
    ]

    def convert(position: int) -> int | None:
        before = _count_below(removed, position)
        if before and removed[before - 1] == position - 1:
            return None  # between \r and \n
        return position - before

    return convert


def _count_below(ordered: list[int], value: int) -> int:
    return bisect.bisect_left(ordered, value)


def _utf16_to_points(text: str):
    """A function from a UTF-16 position in `text` to a code point index, None for a
    position inside a surrogate pair."""
    astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
    # UTF-16 position of each astral character's first half.
    starts = [index + number for number, index in enumerate(astral)]

    def convert(position: int) -> int | None:
        before = _count_below(starts, position)
        if before and starts[before - 1] == position - 1:
            return None  # between the two halves
        return position - before

    return convert


def _chain(first, second):
    def convert(position: int) -> int | None:
        middle = first(position)
        return None if middle is None else second(middle)

    return convert


def _boundary(text: str, position: int) -> bool:
    if position <= 0 or position >= len(text):
        return True
    return not (text[position - 1].isalnum() and text[position].isalnum())


def _offsets_reading(raw: str, text: str, spans: list[tuple[int, int]]):
    """How a source's offsets were counted, and the converter to code points of `text`
    (the LF text). Tools differ: most count characters of the text with LF line ends;
    some count a CRLF as two; some count UTF-16 units (an emoji as two). Each reading
    that puts every selection inside the text is a candidate; where several would place
    selections differently, the one that starts and ends most selections at word
    boundaries wins, and the first (characters) on a tie. Returns (name, converter) or
    None when no reading fits."""
    readings = [("characters", lambda position: position)]
    if "\r\n" in raw:
        readings.append(("characters, CRLF counted as two", _crlf_to_lf(raw)))
    if any(ord(char) > 0xFFFF for char in text):
        to_points = _utf16_to_points(text)
        readings.append(("UTF-16 units", to_points))
        if "\r\n" in raw:
            both = _chain(_utf16_to_points(raw), _crlf_to_lf(raw))
            readings.append(("UTF-16 units, CRLF counted as two", both))
    fitting = []
    for name, convert in readings:
        placed = []
        for start, end in spans:
            a, b = convert(start), convert(end)
            if a is None or b is None or not 0 <= a < b <= len(text):
                break
            placed.append((a, b))
        else:
            score = sum(_boundary(text, a) + _boundary(text, b) for a, b in placed)
            fitting.append((score, -len(fitting), name, convert, placed))
    if not fitting:
        return None
    fitting.sort(key=lambda found: (found[0], found[1]), reverse=True)
    return fitting[0][2], fitting[0][3]


# --- The project -----------------------------------------------------------------------------


class _Reader:
    def __init__(self, root, archive: _Archive | None) -> None:
        self.root = root
        self.archive = archive
        self.seen: dict[str, str] = {}  # GUID -> what it names, to catch duplicates
        self.discarded: list[str] = []
        self.adjusted: list[str] = []

    def check_namespace(self, element) -> None:
        namespace = _namespace(element.tag)
        if namespace not in NAMESPACES:
            raise ReadRefused(
                f"The file's XML namespace is {namespace}, which is not a REFI-QDA namespace "
                f"(such as {PROJECT_NS}). {_EXPORT_AGAIN}"
            )

    def guid(self, element, what: str, attribute: str = "guid", *, new: bool = True) -> str:
        value = element.get(attribute)
        guid = normal_guid(value)
        if guid is None:
            shown = f"“{value[:60]}”" if value else "none"
            raise ReadRefused(
                f"A {what} in the file has {shown} as its {attribute}, not a GUID. {_EXPORT_AGAIN}"
            )
        if new:
            if guid in self.seen:
                raise ReadRefused(
                    f"The GUID {guid} names two things in the file (a {self.seen[guid]} and a "
                    f"{what}). {_EXPORT_AGAIN}"
                )
            self.seen[guid] = what
        return guid

    def ref(self, element, name: str = "NoteRef") -> list[str]:
        refs = []
        for child in _children(element, name):
            guid = normal_guid(child.get("targetGUID"))
            if guid is not None:
                refs.append(guid)
        return refs

    def project(self) -> Package:
        root = self.root
        self.check_namespace(root)
        package = Package(format="project", title=_project_title(root.get("name")))
        users = _child(root, "Users")
        for user in _children(users, "User") if users is not None else []:
            package.users[self.guid(user, "user")] = (
                user.get("name") or user.get("id") or ""
            ).strip()
        codebook = _child(root, "CodeBook")
        if codebook is not None:
            package.codes = self.codes(_child(codebook, "Codes"))
        variables = _child(root, "Variables")
        for variable in _children(variables, "Variable") if variables is not None else []:
            kind = (variable.get("typeOfVariable") or "").strip()
            if kind not in ("Text", "Boolean", "Integer", "Float", "Date", "DateTime"):
                raise ReadRefused(
                    f"The variable “{variable.get('name')}” has the type “{kind}”, which the "
                    f"REFI-QDA schema does not know. {_EXPORT_AGAIN}"
                )
            package.variables.append(
                Variable(self.guid(variable, "variable"), (variable.get("name") or "").strip(),
                         kind, _text(variable, "Description"))
            )  # fmt: skip
        types = {variable.guid: variable.type for variable in package.variables}
        cases = _child(root, "Cases")
        for case in _children(cases, "Case") if cases is not None else []:
            package.cases.append(
                Case(self.guid(case, "case"), (case.get("name") or "").strip(),
                     _text(case, "Description"), self.values(case, types),
                     self.ref(case, "SourceRef"))
            )  # fmt: skip
        sources = _child(root, "Sources")
        for source in list(sources) if sources is not None else []:
            kind = _local(source.tag)
            if kind == "TextSource":
                package.sources.append(self.source(source, types))
            elif kind:
                self.discarded.append(
                    f"{kind} “{source.get('name') or source.get('guid')}”: only text sources "
                    "are imported."
                )
        notes = _child(root, "Notes")
        for note in _children(notes, "Note") if notes is not None else []:
            package.notes.append(self.note(note))
        sets = _child(root, "Sets")
        for found in _children(sets, "Set") if sets is not None else []:
            package.sets.append(
                Set(self.guid(found, "set"), (found.get("name") or "").strip(),
                    self.ref(found, "MemberCode"), self.ref(found, "MemberSource"),
                    self.ref(found, "MemberNote"), _text(found, "Description"))
            )  # fmt: skip
        for extra in ("Links", "Graphs"):
            element = _child(root, extra)
            if element is not None and len(element):
                what = extra.lower() if len(element) != 1 else extra.lower()[:-1]
                self.discarded.append(f"{len(element)} {what}: not imported.")
        package.project_notes = self.ref(root)
        package.discarded, package.adjusted = self.discarded, self.adjusted
        self.check_references(package)
        return package

    def codes(self, element, parent: Code | None = None) -> list[Code]:
        codes = []
        for found in _children(element, "Code") if element is not None else []:
            name = " ".join((found.get("name") or "").split())
            if not name:
                raise ReadRefused(f"A code in the file has no name. {_EXPORT_AGAIN}")
            colour = (found.get("color") or "").strip()
            if re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
                colour = "#" + "".join(digit * 2 for digit in colour[1:])
            code = Code(
                self.guid(found, "code"), name,
                colour.lower() if re.fullmatch(r"#[0-9a-fA-F]{6}", colour) else None,
                _text(found, "Description"), parent.guid if parent else None,
                (*(parent.path if parent else ()), name),
            )  # fmt: skip
            code.notes = self.ref(found)
            code.children = self.codes(found, code)
            codes.append(code)
        return codes

    def values(self, element, types: dict[str, str]) -> dict[str, object]:
        values: dict[str, object] = {}
        for value in _children(element, "VariableValue"):
            ref = _child(value, "VariableRef")
            guid = normal_guid((ref if ref is not None else value).get("targetGUID"))
            if guid not in types:
                self.discarded.append("A variable value naming no variable of the file.")
                continue
            read = _value(value)
            if read is not None:
                values[guid] = read
        return values

    def note(self, element) -> Note:
        text = _text(element, "PlainTextContent")
        path = element.get("plainTextPath")
        if not text and path and self.archive is not None:
            text = self.source_text(path, element.get("name") or "a note")[1]
        return Note(
            self.guid(element, "note"), (element.get("name") or "").strip(), text.strip(),
            normal_guid(element.get("creatingUser")), element.get("creationDateTime"),
        )  # fmt: skip

    def source_text(self, path: str, name: str) -> tuple[str, str]:
        """(raw, text): a source's text as written, less any BOM, and with LF ends."""
        member = self.find_source(path)
        if member is None:
            raise ReadRefused(
                f"The source “{name}” names its text as {path[:160]}, which is not in the "
                f"archive. {_EXPORT_AGAIN}"
            )
        data = self.archive.read(member, MAX_SOURCE_BYTES, f"The source “{name}”")
        return _decode(data, name)

    def find_source(self, path: str) -> str | None:
        path = path.strip()
        if path.startswith(INTERNAL):
            path = path[len(INTERNAL) :]
        elif "://" in path:
            path = path.split("://", 1)[1]
        path = path.replace("\\", "/").lstrip("/")
        if ".." in path.split("/"):
            raise ReadRefused(
                f"A source's path ({path[:120]}) points outside the archive. We refuse such files."
            )
        candidates = [path, f"sources/{path}", f"sources/{PurePosixPath(path).name}"]
        for candidate in candidates:
            found = self.archive.find(candidate)
            if found is not None:
                return found
        return None

    def source(self, element, types: dict[str, str]) -> Source:
        guid = self.guid(element, "source")
        name = (element.get("name") or "").strip() or guid
        inline = _child(element, "PlainTextContent")
        path = element.get("plainTextPath")
        if inline is not None and (inline.text or "") and not path:
            raw = (inline.text or "").lstrip("\ufeff")
            text = raw.replace("\r\n", "\n").replace("\r", "\n")
        elif path and self.archive is not None:
            raw, text = self.source_text(path, name)
        else:
            raise ReadRefused(
                f"The source “{name}” has no text: neither plainTextPath nor PlainTextContent. "
                + _EXPORT_AGAIN
            )
        if len(text) > MAX_TEXT_CHARS:
            raise ReadRefused(
                f"The source “{name}” has {len(text):,} characters; we import at most "
                f"{MAX_TEXT_CHARS:,} from one source."
            )
        rows = []
        for selection in _children(element, "PlainTextSelection"):
            try:
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            except (TypeError, ValueError):
                raise ReadRefused(
                    f"A selection in the source “{name}” has no whole-number start and end. "
                    + _EXPORT_AGAIN
                ) from None
            rows.append((selection, start, end))
        # An empty selection (start = end) places nothing: dropped, and not counted
        # against a reading of the offsets.
        kept = []
        for selection, start, end in rows:
            if start == end and 0 <= start <= len(raw):
                self.discarded.append(f"An empty selection in the source “{name}” (at {start}).")
            else:
                kept.append((selection, min(start, end), max(start, end)))
        reading = _offsets_reading(raw, text, [(start, end) for _, start, end in kept])
        if reading is None:
            self.refuse_outside(name, text, kept)
        how, convert = reading
        if how != "characters":
            self.adjusted.append(
                f"The positions in the source “{name}” were counted in {how}: converted."
            )
        if "\r" in raw:
            self.adjusted.append(f"The line ends of the source “{name}” were made LF.")
        source = Source(guid, name, text, [], self.ref(element), self.values(element, types), how)
        for selection, start, end in kept:
            source.selections.append(self.selection(selection, convert(start), convert(end)))
        for coding in _children(element, "Coding"):
            self.discarded.append(
                f"A coding of the whole source “{name}”: only selections are imported."
            )
            del coding
        return source

    def refuse_outside(self, name: str, text: str, rows) -> None:
        for selection, start, end in rows:
            if start < 0 or end > len(text):
                label = selection.get("name") or selection.get("guid")
                raise ReadRefused(
                    f"The selection “{label}” in the source “{name}” runs from {start} to {end}, "
                    f"outside its text ({len(text):,} characters). {_EXPORT_AGAIN}"
                )
        raise ReadRefused(
            f"The selections in the source “{name}” do not fit its text however their positions "
            f"are counted. {_EXPORT_AGAIN}"
        )

    def selection(self, element, start: int, end: int) -> Selection:
        guid = self.guid(element, "selection")
        codings = []
        for coding in _children(element, "Coding"):
            ref = _child(coding, "CodeRef")
            code = normal_guid(ref.get("targetGUID")) if ref is not None else None
            codings.append(
                Coding(self.guid(coding, "coding"), code or "",
                       normal_guid(coding.get("creatingUser") or element.get("creatingUser")),
                       coding.get("creationDateTime") or element.get("creationDateTime"))
            )  # fmt: skip
        notes = self.ref(element)
        for coding in _children(element, "Coding"):
            notes.extend(self.ref(coding))
        return Selection(
            guid, (element.get("name") or "").strip(), _text(element, "Description"), start, end,
            codings, notes, normal_guid(element.get("creatingUser")),
            element.get("creationDateTime"),
        )  # fmt: skip

    def check_references(self, package: Package) -> None:
        codes = {code.guid for code in package.all_codes()}
        sources = {source.guid for source in package.sources}
        for source in package.sources:
            for selection in source.selections:
                known = [coding for coding in selection.codings if coding.code in codes]
                if len(known) < len(selection.codings):
                    self.discarded.append(
                        f"A coding in the source “{source.name}” names no code of the file."
                    )
                selection.codings = known
        for case in package.cases:
            unknown = [guid for guid in case.sources if guid not in sources]
            if unknown:
                self.discarded.append(
                    f"The case “{case.name}” refers to {len(unknown)} source(s) that were not "
                    "imported (not text, or not in the file)."
                )
            case.sources = [guid for guid in case.sources if guid in sources]


def _value(element) -> object | None:
    """A VariableValue's value: str, bool, int, float, or an ISO date (a DateTime's date)."""
    for name in (
        "TextValue",
        "BooleanValue",
        "IntegerValue",
        "FloatValue",
        "DateValue",
        "DateTimeValue",
    ):
        child = _child(element, name)
        if child is None:
            continue
        text = (child.text or "").strip()
        if not text:
            return None
        try:
            if name == "BooleanValue":
                return text.lower() in ("true", "1")
            if name == "IntegerValue":
                return int(text)
            if name == "FloatValue":
                return float(text)
        except ValueError:
            return text
        if name in ("DateValue", "DateTimeValue"):
            return text[:10]
        return text
    return None


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            data, encoding = data[len(bom) :], codec
            break
    else:
        encoding = "utf-8"
    try:
        raw = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReadRefused(
            f"The text of the source “{name}” is not UTF-8, as REFI-QDA requires. {_EXPORT_AGAIN}"
        ) from error
    return raw, raw.replace("\r\n", "\n").replace("\r", "\n")


def variable_examples(package: Package) -> dict[str, list]:
    """A few distinct values of each variable, in the order first met."""
    examples: dict[str, list] = {variable.guid: [] for variable in package.variables}
    for holder in (*package.cases, *package.sources):
        for guid, value in holder.values.items():
            found = examples.setdefault(guid, [])
            if value not in found and len(found) < EXAMPLE_VALUES:
                found.append(value)
    return examples
