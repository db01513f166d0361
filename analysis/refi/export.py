"""REFI-QDA export: a study as a `.qdpx` project, or its codebook alone as a `.qdc`.

The project (`project.qde`, valid against QDA-XML 1.0's Project-mrt2019.xsd) carries:

- Users: the team members who lead, research or code, whoever coded a segment or wrote
  a memo, and the researcher exporting, by display name (full name, else username; an
  email is never written).
- CodeBook: the node tree. Kinds other than code also become Sets of codes
  ("Categories", ...), since a REFI code has no kind.
- Variables: the information form's questions, and Role, Site and Dyad (Text) so a
  desktop tool can classify cases by them.
- Cases: participants by pseudonym with their answers and their sources. Never a
  contact detail or a name. A participant goes out only when they have research data
  (a transcript exported, or an answer) and did not withdraw with "remove everything":
  after a withdrawal with removal the rows that are left say nothing about them.
- Sources: one TextSource per transcript that is ready for coding (drafts are still
  being checked and redacted, and only ready transcripts are coded), its text in
  `sources/<GUID>.txt` (UTF-8, LF, no byte-order mark), with one PlainTextSelection and
  one Coding per coded segment, of every coder (independent coding hides segments from
  coders in the platform; an export is the study's data, made by a lead). Positions
  are code points, as in the platform. With the `audio` option, an interview with a
  recording goes out as an AudioSource holding the audio and a Transcript whose
  SyncPoints come from the turns' timestamps; its segments become TranscriptSelections
  between SyncPoints at their ends (positions only where no time is known).
- Notes: memos, referenced from what they are about (the project, a Code, a source, a
  selection).
- Sets: roles, sites and dyads as sets of their participants' sources (QDA-XML 1.0 sets
  hold codes, sources and notes, not cases), and the codebook's kinds as sets of codes.

Containers the schema requires to have children are left out when they would be empty.
"""

import io
import re
import zipfile
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from django.db.models import F
from django.utils import timezone
from lxml import etree

from analysis.models import ExchangeJob
from analysis.services_exchange import Progress, Refused
from coding.models import CodedSegment, Memo, Node, NodeKind
from interviews.models import Recording, SpeakerTurn, Transcript, TranscriptStatus
from studies.models import (
    AttributeDefinition,
    AttributeKind,
    AttributeValue,
    Dyad,
    Membership,
    Participant,
    Study,
    User,
    WithdrawalChoice,
)
from studies.text import xml_safe

from . import xmlns
from .guids import BUILTIN_DYAD, BUILTIN_ROLE, BUILTIN_SITE, GuidMap

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_TEAM_ROLES = (Membership.Role.LEAD, Membership.Role.RESEARCHER, Membership.Role.CODER)
_SELECTION_NAME_CHARS = 80
PROGRESS_EVERY = 10  # sources

_TYPE_OF_VARIABLE = {
    AttributeKind.TEXT: "Text",
    AttributeKind.SINGLE: "Text",
    AttributeKind.MULTIPLE: "Text",
    AttributeKind.DATE: "Date",
    # AttributeKind.NUMBER: Integer or Float, by the answers (see _number_type).
}
_VALUE_ELEMENT = {
    "Text": "TextValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
}
_KIND_SET_NAMES = {
    NodeKind.CATEGORY: "Categories",
    NodeKind.DESCRIPTIVE_THEME: "Descriptive themes",
    NodeKind.EXPLANATORY_THEME: "Explanatory themes",
    NodeKind.SUB_THEME: "Sub-themes",
}


# --- Writing XML -----------------------------------------------------------------------


def _child(
    parent: etree._Element, tag: str, text: str | None = None, **attributes
) -> etree._Element:
    """A child element of `parent` in its namespace; attributes that are None are left
    out, and every string passes through `xml_safe` (lxml refuses what XML cannot hold)."""
    namespace = etree.QName(parent).namespace
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    for name, value in attributes.items():
        if value is not None:
            element.set(name, xml_safe(str(value)))
    if text is not None:
        element.text = xml_safe(text)
    return element


def _user_guid(guids: GuidMap, user_id: int | None) -> str | None:
    """A user's GUID: every user named anywhere in the export is in its Users."""
    return guids.get("user", user_id) if user_id is not None else None


def _ref(parent: etree._Element, tag: str, guid: str) -> None:
    _child(parent, tag, targetGUID=guid)


def _when(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- Source text -----------------------------------------------------------------------


@dataclass
class SourceText:
    """A transcript's text as the source file holds it: LF line ends, no byte-order
    mark, nothing XML cannot hold. Characters XML refuses become spaces (one for one,
    so offsets stay); a CR before an LF and a leading BOM are dropped, and `position`
    moves a platform offset past what was dropped."""

    text: str
    dropped: list[int] = field(default_factory=list)  # platform offsets of dropped chars

    @classmethod
    def of(cls, text: str) -> "SourceText":
        dropped = [0] if text.startswith("\ufeff") else []
        dropped += [m.start() for m in re.finditer("\r(?=\n)", text)]
        if dropped:
            skip = set(dropped)
            body = "".join(char for index, char in enumerate(text) if index not in skip)
        else:
            body = text
        body = body.replace("\r", "\n")
        safe = xml_safe(body)
        if safe != body:
            body = "".join(char if xml_safe(char) else " " for char in body)
        return cls(body, dropped)

    def position(self, offset: int) -> int:
        return offset - bisect_left(self.dropped, offset)


# --- Loading the study -----------------------------------------------------------------


@dataclass
class StudyData:
    """Everything an export writes, read in a fixed number of queries."""

    study: Study
    nodes: list[Node]
    children: dict[int | None, list[Node]]
    attributes: list[AttributeDefinition]
    number_types: dict[int, str]
    values: dict[int, list[AttributeValue]]
    participants: list[Participant]
    transcripts: list[Transcript]
    texts: dict[int, SourceText]
    segments: dict[int, list[CodedSegment]]
    memos: list[Memo]
    dyads: list[Dyad]
    users: list[User]
    recordings: dict[int, Recording]
    turns: dict[int, list[SpeakerTurn]]


def _nodes(study: Study) -> tuple[list[Node], dict[int | None, list[Node]]]:
    nodes = list(Node.objects.filter(study=study).order_by("position", "pk"))
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    return nodes, children


def _number_type(values: list[AttributeValue]) -> str:
    """Integer when every answer given is a whole number, else Float."""
    numbers = [_decimal(value.value) for value in values]
    numbers = [number for number in numbers if number is not None]
    if numbers and all(number == number.to_integral_value() for number in numbers):
        return "Integer"
    return "Float"


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _removed(participant: Participant) -> bool:
    withdrawal = getattr(participant, "withdrawal", None)
    return withdrawal is not None and withdrawal.choice == WithdrawalChoice.REMOVE_ALL


def study_load(study: Study, *, audio: bool = False, exporter: User | None = None) -> StudyData:
    nodes, children = _nodes(study)
    attributes = list(AttributeDefinition.objects.filter(study=study))
    all_values = AttributeValue.objects.filter(participant__study=study).order_by(
        "participant_id", "attribute__position", "attribute_id"
    )
    values: dict[int, list[AttributeValue]] = defaultdict(list)
    by_attribute: dict[int, list[AttributeValue]] = defaultdict(list)
    for value in all_values:
        values[value.participant_id].append(value)
        by_attribute[value.attribute_id].append(value)
    number_types = {
        attribute.pk: _number_type(by_attribute[attribute.pk])
        for attribute in attributes
        if attribute.kind == AttributeKind.NUMBER
    }

    transcripts = list(
        Transcript.objects.filter(study=study, status=TranscriptStatus.READY)
        .exclude(text="")
        .order_by("participant_id", "created_at", "pk")
    )
    transcript_ids = {transcript.pk for transcript in transcripts}
    texts = {transcript.pk: SourceText.of(transcript.text) for transcript in transcripts}
    segments: dict[int, list[CodedSegment]] = defaultdict(list)
    lengths = {transcript.pk: len(transcript.text) for transcript in transcripts}
    for segment in (
        CodedSegment.objects.filter(transcript__in=transcript_ids, version=F("transcript__version"))
        .defer("text", "review_before")
        .order_by("transcript_id", "start", "end", "pk")
    ):
        # A segment made on another version has offsets into other text: never written.
        if segment.end <= lengths[segment.transcript_id]:
            segments[segment.transcript_id].append(segment)

    with_transcripts = {transcript.participant_id for transcript in transcripts}
    participants = [
        participant
        for participant in Participant.objects.filter(study=study)
        .select_related("role", "site", "withdrawal")
        .order_by("role__position", "role_id", "number")
        if not _removed(participant)
        and (participant.pk in with_transcripts or participant.pk in values)
    ]
    kept = {participant.pk for participant in participants}
    transcripts = [transcript for transcript in transcripts if transcript.participant_id in kept]

    memos = list(Memo.objects.filter(study=study).order_by("created_at", "pk"))
    dyads = list(
        Dyad.objects.filter(study=study, worker__in=kept, service_user__in=kept).select_related(
            "worker", "service_user"
        )
    )

    recordings: dict[int, Recording] = {}
    turns: dict[int, list[SpeakerTurn]] = defaultdict(list)
    if audio:
        by_session = {
            recording.session_id: recording
            for recording in Recording.objects.filter(study=study, session__isnull=False)
        }
        recordings = {
            transcript.pk: by_session[transcript.session_id]
            for transcript in transcripts
            if transcript.session_id in by_session
        }
        for turn in SpeakerTurn.objects.filter(transcript__in=list(recordings)).order_by(
            "transcript_id", "position"
        ):
            turns[turn.transcript_id].append(turn)

    user_ids = set(
        Membership.objects.filter(study=study, role__in=_TEAM_ROLES).values_list(
            "user_id", flat=True
        )
    )
    user_ids |= {segment.coder_id for rows in segments.values() for segment in rows}
    user_ids |= {memo.author_id for memo in memos if memo.author_id}
    user_ids |= {recording.uploaded_by_id for recording in recordings.values()}
    user_ids.discard(None)
    if exporter is not None:
        user_ids.add(exporter.pk)
    users = list(
        User.objects.filter(pk__in=user_ids)
        .only("pk", "username", "first_name", "last_name")
        .order_by("pk")
    )

    return StudyData(
        study, nodes, children, attributes, number_types, values, participants, transcripts,
        texts, segments, memos, dyads, users, recordings, turns,
    )  # fmt: skip


# --- The codebook ----------------------------------------------------------------------


def _description(node: Node) -> str:
    """The node's definition and guidance as one readable text."""
    parts = [node.definition.strip()]
    for label, text in (
        ("When to use", node.when_to_use),
        ("When not to use", node.when_not_to_use),
        ("Example", node.example),
    ):
        if text.strip():
            parts.append(f"{label}: {text.strip()}")
    return "\n\n".join(part for part in parts if part)


def _codes(
    parent: etree._Element,
    children: dict[int | None, list[Node]],
    guids: GuidMap,
    notes_by_node: dict[int, list[str]] | None = None,
) -> None:
    """The node tree as nested Code elements under a new Codes element (which the schema
    wants non-empty: callers check there is a node)."""
    codes = _child(parent, "Codes")

    def write(into: etree._Element, node: Node) -> None:
        colour = node.colour.upper() if _COLOUR.fullmatch(node.colour or "") else None
        code = _child(into, "Code", guid=guids.get("node", node.pk), name=node.name,
                      isCodable="true", color=colour)  # fmt: skip
        description = _description(node)
        if description:
            _child(code, "Description", description)
        for note in (notes_by_node or {}).get(node.pk, []):
            _ref(code, "NoteRef", note)
        for child in children.get(node.pk, []):
            write(code, child)

    for node in children.get(None, []):
        write(codes, node)


# --- The project -----------------------------------------------------------------------


def _user_name(user: User) -> str:
    name = user.get_full_name().strip() or user.username
    return f"Team member {user.pk}" if _EMAIL.search(name) else name


def _variables(project: etree._Element, data: StudyData, guids: GuidMap) -> dict:
    """Writes the Variables; returns {"attribute": {id: (guid, type)}, "builtin": ...}."""
    written: dict = {"attribute": {}, "builtin": {}}
    variables = None
    labels = {attribute.label.casefold() for attribute in data.attributes}

    def variable(guid: str, name: str, kind: str, description: str = "") -> None:
        nonlocal variables
        if variables is None:
            variables = _child(project, "Variables")
        element = _child(variables, "Variable", guid=guid, name=name, typeOfVariable=kind)
        if description:
            _child(element, "Description", description)

    for attribute in data.attributes:
        kind = _TYPE_OF_VARIABLE.get(attribute.kind) or data.number_types[attribute.pk]
        guid = guids.get("variable", attribute.pk)
        description = attribute.help_text
        if attribute.choices and attribute.kind in (AttributeKind.SINGLE, AttributeKind.MULTIPLE):
            options = "; ".join(str(option) for option in attribute.choices)
            description = f"{description}\n\nOptions: {options}".strip()
        variable(guid, attribute.label, kind, description)
        written["attribute"][attribute.pk] = (guid, kind)

    has_site = any(participant.site_id for participant in data.participants)
    for key, name, wanted in (
        (BUILTIN_ROLE, "Role", bool(data.participants)),
        (BUILTIN_SITE, "Site", has_site),
        (BUILTIN_DYAD, "Dyad", bool(data.dyads)),
    ):
        if wanted and name.casefold() not in labels:
            guid = guids.get("variable_builtin", key)
            variable(guid, name, "Text", "Added by Vignette Lab from the study's structure.")
            written["builtin"][key] = guid
    return written


def _typed_value(value, kind: str) -> str | None:
    """An answer as the variable's type writes it, or None when there is none to write."""
    if value in (None, "", []):
        return None
    if kind == "Text":
        text = "; ".join(str(item) for item in value) if isinstance(value, list) else str(value)
        return text or None
    if kind == "Date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            return None
    number = _decimal(value)
    if number is None:
        return None
    if kind == "Integer":
        return str(int(number)) if number == number.to_integral_value() else None
    return format(number.normalize(), "f")


def _variable_value(case: etree._Element, guid: str, kind: str, value) -> None:
    written = _typed_value(value, kind)
    if written is None:
        return
    element = _child(case, "VariableValue")
    _ref(element, "VariableRef", guid)
    _child(element, _VALUE_ELEMENT[kind], written)


def _dyad_names(data: StudyData) -> dict[int, str]:
    names = {}
    for dyad in data.dyads:
        name = f"{dyad.worker.pseudonym} and {dyad.service_user.pseudonym}"
        names[dyad.worker_id] = names[dyad.service_user_id] = name
    return names


def _cases(project: etree._Element, data: StudyData, guids: GuidMap, variables: dict) -> None:
    if not data.participants:
        return
    cases = _child(project, "Cases")
    sources = _sources_by_participant(data, guids)
    dyads = _dyad_names(data)
    for participant in data.participants:
        case = _child(cases, "Case", guid=guids.get("case", participant.pk),
                      name=participant.pseudonym)  # fmt: skip
        for value in data.values.get(participant.pk, []):
            if value.attribute_id in variables["attribute"]:
                guid, kind = variables["attribute"][value.attribute_id]
                _variable_value(case, guid, kind, value.value)
        builtin = variables["builtin"]
        for key, text in (
            (BUILTIN_ROLE, participant.role.code),
            (BUILTIN_SITE, participant.site.name if participant.site else None),
            (BUILTIN_DYAD, dyads.get(participant.pk)),
        ):
            if key in builtin:
                _variable_value(case, builtin[key], "Text", text)
        for guid in sources[participant.pk]:
            _ref(case, "SourceRef", guid)


def _source_guid(transcript: Transcript, data: StudyData, guids: GuidMap) -> str:
    """The GUID a case or set refers to: the AudioSource's for an interview going out
    with its recording, else the TextSource's."""
    recording = data.recordings.get(transcript.pk)
    if recording is not None:
        return guids.get("audio", recording.pk)
    return guids.get("source", transcript.pk)


def _sources_by_participant(data: StudyData, guids: GuidMap) -> dict[int, list[str]]:
    sources: dict[int, list[str]] = defaultdict(list)
    for transcript in data.transcripts:
        sources[transcript.participant_id].append(_source_guid(transcript, data, guids))
    return sources


def _source_names(data: StudyData) -> dict[int, str]:
    """A transcript's name: the participant's pseudonym, numbered when they have more
    than one transcript."""
    pseudonyms = {participant.pk: participant.pseudonym for participant in data.participants}
    counts: dict[int, int] = defaultdict(int)
    for transcript in data.transcripts:
        counts[transcript.participant_id] += 1
    seen: dict[int, int] = defaultdict(int)
    names = {}
    for transcript in data.transcripts:
        seen[transcript.participant_id] += 1
        name = f"{pseudonyms[transcript.participant_id]} interview"
        if counts[transcript.participant_id] > 1:
            name += f" {seen[transcript.participant_id]}"
        names[transcript.pk] = name
    return names


def _selection_name(text: str, start: int, end: int) -> str:
    words = " ".join(text[start:end].split())
    if len(words) > _SELECTION_NAME_CHARS:
        words = words[: _SELECTION_NAME_CHARS - 1].rstrip() + "…"
    return words


@dataclass
class NoteTargets:
    """Which memos each object refers to, as lists of note GUIDs, and which memos are
    referred to at all (those the Notes hold)."""

    written: set[int] = field(default_factory=set)
    project: list[str] = field(default_factory=list)
    node: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    source: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    segment: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def _note_targets(data: StudyData, guids: GuidMap) -> NoteTargets:
    """Each memo refers from the narrowest thing it is about that the export holds: its
    segment, else its transcript, else its node, else the project."""
    targets = NoteTargets()
    segment_ids = {segment.pk for rows in data.segments.values() for segment in rows}
    transcript_ids = {transcript.pk for transcript in data.transcripts}
    node_ids = {node.pk for node in data.nodes}
    for memo in data.memos:
        guid = guids.get("note", memo.pk)
        if memo.segment_id in segment_ids:
            targets.segment[memo.segment_id].append(guid)
        elif memo.transcript_id in transcript_ids:
            targets.source[memo.transcript_id].append(guid)
        elif memo.node_id in node_ids:
            targets.node[memo.node_id].append(guid)
        elif memo.transcript_id is None:
            targets.project.append(guid)
        else:
            # A memo on a transcript the export leaves out stays out with it: it may
            # quote a draft that is still being redacted.
            continue
        targets.written.add(memo.pk)
    return targets


def _selection(
    parent: etree._Element,
    tag: str,
    segment: CodedSegment,
    text: SourceText,
    guids: GuidMap,
    notes: NoteTargets,
    **where,
) -> None:
    """A coded segment as a selection (`where` says where it is) holding one Coding,
    with the memos about it."""
    name = _selection_name(text.text, text.position(segment.start), text.position(segment.end))
    coder = guids.get("user", segment.coder_id)
    selection = _child(parent, tag, guid=guids.get("selection", segment.pk), name=name, **where,
                       creatingUser=coder, creationDateTime=_when(segment.created_at),
                       modifiedDateTime=_when(segment.updated_at))  # fmt: skip
    coding = _child(selection, "Coding", guid=guids.get("coding", segment.pk),
                    creatingUser=coder, creationDateTime=_when(segment.created_at))  # fmt: skip
    _ref(coding, "CodeRef", guids.get("node", segment.node_id))
    for note in notes.segment.get(segment.pk, []):
        _ref(selection, "NoteRef", note)


def _text_source(
    sources: etree._Element,
    transcript: Transcript,
    name: str,
    data: StudyData,
    guids: GuidMap,
    notes: NoteTargets,
) -> str:
    """Writes one TextSource; returns the path of its text inside the archive."""
    guid = guids.get("source", transcript.pk)
    text = data.texts[transcript.pk]
    source = _child(sources, "TextSource", guid=guid, name=name,
                    plainTextPath=f"{xmlns.INTERNAL}{guid}.txt",
                    creationDateTime=_when(transcript.created_at),
                    modifiedDateTime=_when(transcript.updated_at))  # fmt: skip
    for segment in data.segments.get(transcript.pk, []):
        start, end = text.position(segment.start), text.position(segment.end)
        _selection(source, "PlainTextSelection", segment, text, guids, notes,
                   startPosition=start, endPosition=end)  # fmt: skip
    for note in notes.source.get(transcript.pk, []):
        _ref(source, "NoteRef", note)
    return f"{xmlns.SOURCES_DIR}/{guid}.txt"


def _audio_source(
    sources: etree._Element,
    transcript: Transcript,
    name: str,
    data: StudyData,
    guids: GuidMap,
    notes: NoteTargets,
) -> tuple[str, str, Recording]:
    """Writes one AudioSource with its Transcript; returns the archive paths of the
    transcript's text and of the audio, and the recording."""
    recording = data.recordings[transcript.pk]
    guid = guids.get("audio", recording.pk)
    audio_path = f"{guid}.{recording.extension}"
    text = data.texts[transcript.pk]
    audio = _child(sources, "AudioSource", guid=guid, name=name,
                   path=f"{xmlns.INTERNAL}{audio_path}",
                   creatingUser=_user_guid(guids, recording.uploaded_by_id),
                   creationDateTime=_when(recording.uploaded_at))  # fmt: skip
    text_guid = guids.get("source", transcript.pk)
    element = _child(audio, "Transcript", guid=text_guid, name=name,
                     plainTextPath=f"{xmlns.INTERNAL}{text_guid}.txt",
                     creationDateTime=_when(transcript.created_at),
                     modifiedDateTime=_when(transcript.updated_at))  # fmt: skip

    # Sync points: each turn's start at its time, and each segment's two ends (with a
    # time only where a turn starts there), one per position.
    times: dict[int, int | None] = {}
    for turn in data.turns.get(transcript.pk, []):
        if turn.started_at_ms is not None:
            times[text.position(turn.start)] = turn.started_at_ms
    segments = data.segments.get(transcript.pk, [])
    for segment in segments:
        for offset in (segment.start, segment.end):
            times.setdefault(text.position(offset), None)

    def point(position: int) -> str:
        return guids.get("syncpoint", f"{transcript.pk}:{position}")

    for position in sorted(times):
        _child(element, "SyncPoint", guid=point(position), timeStamp=times[position],
               position=position)  # fmt: skip
    for segment in segments:
        _selection(element, "TranscriptSelection", segment, text, guids, notes,
                   fromSyncPoint=point(text.position(segment.start)),
                   toSyncPoint=point(text.position(segment.end)))  # fmt: skip
    for note in notes.source.get(transcript.pk, []):
        _ref(element, "NoteRef", note)
    return f"{xmlns.SOURCES_DIR}/{text_guid}.txt", f"{xmlns.SOURCES_DIR}/{audio_path}", recording


def _notes(project: etree._Element, data: StudyData, guids: GuidMap, written: set[int]) -> None:
    memos = [memo for memo in data.memos if memo.pk in written]
    if not memos:
        return
    notes = _child(project, "Notes")
    for memo in memos:
        note = _child(notes, "Note", guid=guids.get("note", memo.pk), name=memo.title,
                      creatingUser=_user_guid(guids, memo.author_id),
                      creationDateTime=_when(memo.created_at),
                      modifiedDateTime=_when(memo.updated_at))  # fmt: skip
        _child(note, "Description", f"{memo.get_kind_display()} memo")
        _child(note, "PlainTextContent", memo.text.replace("\r\n", "\n"))


def _sets(project: etree._Element, data: StudyData, guids: GuidMap) -> None:
    """Roles, sites and dyads as sets of their participants' sources; the codebook's
    kinds (other than code) as sets of codes. Sets with no member are left out."""
    sources = _sources_by_participant(data, guids)
    wanted: list[tuple[str, int, str, str, list[int]]] = []

    roles: dict[int, tuple] = {}
    sites: dict[int, tuple] = {}
    for participant in data.participants:
        roles.setdefault(participant.role_id, (participant.role, []))[1].append(participant.pk)
        if participant.site is not None:
            sites.setdefault(participant.site_id, (participant.site, []))[1].append(participant.pk)
    for role, members in roles.values():
        wanted.append(("set_role", role.pk, f"Role: {role.code}", role.label, members))
    for site, members in sites.values():
        wanted.append(("set_site", site.pk, f"Site: {site.name}", site.borough, members))
    for dyad in data.dyads:
        name = f"Dyad: {dyad.worker.pseudonym} and {dyad.service_user.pseudonym}"
        wanted.append(("set_dyad", dyad.pk, name, "", [dyad.worker_id, dyad.service_user_id]))

    sets = None

    def open_sets() -> etree._Element:
        nonlocal sets
        if sets is None:
            sets = _child(project, "Sets")
        return sets

    for kind, key, name, description, members in wanted:
        member_sources = [guid for pk in members for guid in sources[pk]]
        if not member_sources:
            continue
        element = _child(open_sets(), "Set", guid=guids.get(kind, key), name=name)
        if description:
            _child(element, "Description", description)
        for guid in member_sources:
            _ref(element, "MemberSource", guid)

    kinds = list(NodeKind)
    for kind, name in _KIND_SET_NAMES.items():
        nodes = [node for node in data.nodes if node.kind == kind]
        if not nodes:
            continue
        element = _child(open_sets(), "Set", guid=guids.get("set_kind", kinds.index(kind)),
                         name=name)  # fmt: skip
        _child(element, "Description", f"The codebook's {name.lower()} in Vignette Lab.")
        for node in nodes:
            _ref(element, "MemberCode", guids.get("node", node.pk))


def project_document(
    data: StudyData, guids: GuidMap, *, exporter: User | None, progress: Progress
) -> tuple[bytes, dict[str, str], list[tuple[str, Recording]]]:
    """project.qde, the source texts by archive path, and the recordings to add."""
    study = data.study
    project = etree.Element(f"{{{xmlns.PROJECT_NS}}}Project", nsmap={None: xmlns.PROJECT_NS})
    for name, value in (
        ("name", study.title),
        ("origin", xmlns.ORIGIN),
        ("creatingUserGUID", guids.get("user", exporter.pk) if exporter else None),
        ("creationDateTime", _when(study.created_at)),
        ("modifiedDateTime", _when(timezone.now())),
    ):
        if value is not None:
            project.set(name, xml_safe(value))

    if data.users:
        users = _child(project, "Users")
        for user in data.users:
            _child(users, "User", guid=guids.get("user", user.pk), name=_user_name(user))

    notes = _note_targets(data, guids)
    if data.nodes:
        _codes(_child(project, "CodeBook"), data.children, guids, notes.node)
    variables = _variables(project, data, guids)
    _cases(project, data, guids, variables)

    files: dict[str, str] = {}
    audio: list[tuple[str, Recording]] = []
    if data.transcripts:
        sources = _child(project, "Sources")
        names = _source_names(data)
        total = len(data.transcripts)
        for done, transcript in enumerate(data.transcripts):
            if done % PROGRESS_EVERY == 0:
                progress(10 + 70 * done // total, f"Writing source {done + 1} of {total}")
            name = names[transcript.pk]
            if transcript.pk in data.recordings:
                path, audio_path, recording = _audio_source(
                    sources, transcript, name, data, guids, notes
                )
                audio.append((audio_path, recording))
            else:
                path = _text_source(sources, transcript, name, data, guids, notes)
            files[path] = data.texts[transcript.pk].text

    _notes(project, data, guids, notes.written)
    _sets(project, data, guids)
    if study.description.strip():
        _child(project, "Description", study.description)
    for note in notes.project:
        _ref(project, "NoteRef", note)
    return _serialise(project), files, audio


def _zip(qde: bytes, files: dict[str, str], audio: list[tuple[str, Recording]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(xmlns.PROJECT_FILE, qde)
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8"))
        for path, recording in audio:
            # Audio is compressed already: stored as it is.
            with recording.file.open("rb") as stream:
                archive.writestr(path, stream.read(), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def _audio_wanted(job: ExchangeJob) -> bool:
    wanted = job.options.get("audio", False)
    if not isinstance(wanted, bool):
        raise Refused("The audio option is either true or false.")
    return wanted


def _recordings_present(data: StudyData) -> None:
    """Recordings whose file is missing from storage go out as text only."""
    for transcript_id, recording in list(data.recordings.items()):
        if not recording.file or not recording.file.storage.exists(recording.file.name):
            del data.recordings[transcript_id]


def project_build(job: ExchangeJob, progress: Progress) -> tuple[str, bytes]:
    """The study as a REFI-QDA project (`<slug>.qdpx`)."""
    audio = _audio_wanted(job)
    progress(0, "Reading the study")
    guids = GuidMap(job.study)
    data = study_load(job.study, audio=audio, exporter=job.created_by)
    if audio:
        _recordings_present(data)
    qde, files, recordings = project_document(
        data, guids, exporter=job.created_by, progress=progress
    )
    progress(85, "Packing the project")
    return f"{job.study.slug}.qdpx", _zip(qde, files, recordings)


def codebook_document(study: Study) -> bytes:
    """The study's codebook alone, as a REFI-QDA `.qdc` document."""
    nodes, children = _nodes(study)
    if not nodes:
        raise Refused("This study's codebook has no codes yet: add one, then export it.")
    root = etree.Element(f"{{{xmlns.CODEBOOK_NS}}}CodeBook", nsmap={None: xmlns.CODEBOOK_NS})
    root.set("origin", xmlns.ORIGIN)
    _codes(root, children, GuidMap(study))
    return _serialise(root)


def codebook_build(job: ExchangeJob, progress: Progress) -> tuple[str, bytes]:
    """The study's codebook as `<slug>-codebook.qdc`."""
    progress(0, "Reading the codebook")
    return f"{job.study.slug}-codebook.qdc", codebook_document(job.study)
