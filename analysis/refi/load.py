"""Creating a study's objects from a read REFI-QDA file (`read.Package`), inside the
import job's transaction: every write goes through the apps' services, which check
access and consent, except coded segments, which are written in bulk (a project may
hold thousands) after the same checks the segment service makes.

What to leave out is decided before loading, by `plan.Plan` (the preview shows the
same plan); the loader follows it. Decisions (see importer's docstring for the whole
picture):

- A source's text becomes a transcript's turns: a paragraph starting `Name: ` starts a
  turn of that speaker and unlabelled paragraphs after it continue it; without any label
  every paragraph is a turn of the participant. The platform writes each turn as
  `Speaker: words`, so offsets are carried from the file's text to the transcript's by
  `TextMap`: a platform export comes back with the same text and the same offsets.
- Each case becomes a participant, each source without a case a participant of its own.
  A participant has one transcript (outside sessions), so a case's second and later
  sources become participants of their own too, with the case's values.
- A Vignette Lab export's sites become the study's sites (matched by name) and each new
  participant's site; its dyads are made by the recruitment service's `dyad_create`, so
  its rules hold, the participant of the role recruited first as the worker.
- REFI users are matched to study members by username or full name; coding by anyone
  else is recorded as the importing researcher's, with the original name in the report.
  No login account is ever made.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from analysis.models import ExchangeGuid
from coding import services as coding_services
from coding.models import NAME_MAX_CHARS, CodedSegment, Memo, Node, NodeKind
from interviews.models import Transcript
from interviews.services import transcripts as transcript_services
from interviews.services.transcripts import SPEAKER_MAX_CHARS, Turn, compose
from studies import access
from studies.models import (
    Participant,
    RecruitmentEvent,
    RecruitmentStatus,
    Role,
    Site,
    Study,
    User,
)

from . import read

if TYPE_CHECKING:
    from .plan import Plan

# A speaker label at the start of a paragraph: a letter first, at most four words, no
# colon in it, then a colon and a space.
_LABEL = re.compile(r"([^\W\d_][^\s:]*(?: [^\s:]+){0,3}):[ \t]+(?=\S)")
CODING_ROLES = {
    role for role, allowed in access.PERMISSIONS.items() if access.Action.CODE in allowed
}
# Sets of codes that say the codes' kind, by the kind's name, singular or plural.
KIND_SETS = {
    name.casefold(): kind
    for kind in NodeKind
    for name in (
        str(kind.label),
        str(kind.label)[:-1] + "ies" if str(kind.label).endswith("y") else f"{kind.label}s",
    )
}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


@dataclass(frozen=True)
class _Piece:
    speaker: str
    start: int  # the words' place in the file's text
    end: int


def _pieces(text: str, speaker: str) -> list[_Piece]:
    paragraphs = []
    at = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        paragraphs.append((at, match.start()))
        at = match.end()
    paragraphs.append((at, len(text)))
    found = []
    for start, end in paragraphs:
        stripped = text[start:end]
        lead = len(stripped) - len(stripped.lstrip())
        start, end = start + lead, start + len(stripped.rstrip())
        if start >= end:
            continue
        label = _LABEL.match(text, start, end)
        if label and len(label.group(1)) <= SPEAKER_MAX_CHARS:
            found.append((label.group(1), label.end(), end))
        else:
            found.append((None, start, end))
    labelled = any(name for name, _, _ in found)
    pieces: list[_Piece] = []
    for name, start, end in found:
        if name is None and labelled and pieces and pieces[-1].speaker is not None:
            # Words under the last label: the same turn, blank lines and all.
            last = pieces[-1]
            pieces[-1] = _Piece(last.speaker, last.start, end)
        else:
            pieces.append(_Piece(name if name is not None else speaker, start, end))
    return pieces


class TextMap:
    """A source's text as a transcript's turns, and its offsets carried across."""

    def __init__(self, text: str, speaker: str) -> None:
        pieces = _pieces(text, speaker)
        self.turns = [Turn(piece.speaker, text[piece.start : piece.end]) for piece in pieces]
        self.text, ranges = compose(self.turns)
        self.spans = [
            (piece.start, piece.end, start)
            for piece, (_turn, start, _end) in zip(pieces, ranges, strict=True)
        ]

    def start(self, position: int) -> int | None:
        for start, end, to in self.spans:
            if position < end:
                return to + max(0, position - start)
        return None

    def end(self, position: int) -> int | None:
        for start, end, to in reversed(self.spans):
            if position > start:
                return to + min(position, end) - start
        return None

    def range(self, start: int, end: int) -> tuple[int, int] | None:
        """`[start, end)` of the file's text in the transcript's, None when it held only
        labels or blank lines."""
        a, b = self.start(start), self.end(end)
        if a is None or b is None or a >= b or not self.text[a:b].strip():
            return None
        return a, b


GUIDANCE = {"When to use": "when_to_use", "When not to use": "when_not_to_use",
            "Example": "example"}  # fmt: skip


def definition_fields(description: str) -> dict[str, str]:
    """A code's description as a node's definition and guidance: paragraphs starting
    "When to use:", "When not to use:" or "Example:" (as a platform export writes them)
    go to their own fields, the rest is the definition."""
    fields = {"definition": []} | {name: [] for name in GUIDANCE.values()}
    for paragraph in description.split("\n\n"):
        label, _, rest = paragraph.partition(": ")
        fields[GUIDANCE.get(label, "definition")].append(rest if label in GUIDANCE else paragraph)
    return {
        name: "\n\n".join(parts).strip()[: coding_services.TEXT_MAX_CHARS]
        for name, parts in fields.items()
    }


# --- Small helpers the importer shares ----------------------------------------------------


def user_matches(study: Study, users: dict[str, str]) -> dict[str, User]:
    """The study members who code that the file's users are, by username or full name,
    case aside."""
    members = list(
        User.objects.filter(memberships__study=study, memberships__role__in=CODING_ROLES)
    )
    names: dict[str, User] = {}
    for member in members:
        for name in (member.username, member.get_full_name()):
            if name.strip():
                names.setdefault(name.strip().casefold(), member)
    return {
        guid: names[name.strip().casefold()]
        for guid, name in users.items()
        if name.strip().casefold() in names
    }


def stored_guids(study: Study, kind: str) -> dict[str, int]:
    """GUID -> object id of the study's objects of `kind`: stored ones, and the ones an
    export derives (guids.GuidMap) where the study has been exported."""
    found = {
        str(guid): object_id
        for object_id, guid in ExchangeGuid.objects.filter(study=study, kind=kind).values_list(
            "object_id", "guid"
        )
    }
    if ExchangeGuid.objects.filter(study=study, kind="project").exists():
        from .guids import GuidMap

        guids = GuidMap(study)
        model = {"node": Node, "case": Participant, "source": Transcript}.get(kind)
        if model is not None:
            for pk in model.objects.filter(study=study).values_list("pk", flat=True):
                found.setdefault(str(guids.uuid(kind, pk)), pk)
    return found


def code_matches(study: Study, package: read.Package) -> dict[str, dict]:
    """For each code of the file, the node of `study` it would merge with by GUID and by
    name (the same names from the top of the codebook down)."""
    nodes = list(Node.objects.filter(study=study).only("pk", "name", "parent_id"))
    by_id = {node.pk: node for node in nodes}

    def path(node: Node) -> tuple[str, ...]:
        names = []
        while node is not None:
            names.append(node.name.casefold())
            node = by_id.get(node.parent_id)
        return tuple(reversed(names))

    by_path = {path(node): node.pk for node in nodes}
    by_guid = stored_guids(study, "node")
    return {
        code.guid: {
            "by_guid": by_guid.get(code.guid) if by_guid.get(code.guid) in by_id else None,
            "by_name": by_path.get(tuple(name.casefold() for name in code.path)),
        }
        for code in package.all_codes()
    }


def when(text: str | None) -> datetime:
    """A creationDateTime as an aware datetime, now when missing or unreadable."""
    try:
        moment = parse_datetime(text or "")
    except ValueError:
        moment = None
    if moment is None:
        return timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return min(moment, timezone.now())


# --- Writing -------------------------------------------------------------------------------


class Loader:
    """Creates what one package holds in `study`, as `actor`, with `choices` already
    checked by the importer. Collects `created` counts and `discarded` lines."""

    def __init__(self, *, study: Study, actor: User, plan: "Plan", choices: dict,
                 progress) -> None:  # fmt: skip
        self.study, self.actor, self.plan, self.choices = study, actor, plan, choices
        self.package = plan.package
        self.progress = progress
        self.discarded: list[str] = list(plan.left_out)
        self.created = dict.fromkeys(
            ("nodes", "nodes_matched", "attributes", "participants", "consents", "transcripts",
             "segments", "memos", "values", "sites", "dyads"), 0,
        )  # fmt: skip
        self.guids: list[ExchangeGuid] = []
        self.taken_guids = {
            str(guid)
            for guid in ExchangeGuid.objects.filter(study=study).values_list("guid", flat=True)
        }
        self.coders = user_matches(study, self.package.users)
        self.nodes: dict[str, Node] = {}
        self.segments_by_selection: dict[str, CodedSegment] = {}
        self.transcripts: dict[str, Transcript] = {}
        self.annotations: dict[str, Transcript] = {}  # selection GUID -> its transcript
        self.made: dict[str, Participant] = {}  # holder GUID -> its (first) participant
        self.sites: dict[str, Site] = {}  # site name, case aside -> the study's site

    def keep_guid(self, kind: str, object_id: int, guid: str) -> None:
        if guid not in self.taken_guids:
            self.taken_guids.add(guid)
            self.guids.append(
                ExchangeGuid(study=self.study, kind=kind, object_id=object_id, guid=guid)
            )

    # Codebook

    def codebook(self) -> None:
        matches = code_matches(self.study, self.package)
        merge = self.choices.get("merge", "guid")
        for code in self.package.all_codes():
            if code.guid in self.plan.merged:  # the same name twice under one parent
                self.nodes[code.guid] = self.nodes[self.plan.merged[code.guid]]
                self.created["nodes_matched"] += 1
                continue
            match = matches[code.guid]
            found = (match["by_guid"] if merge == "guid" else None) or match["by_name"]
            parent = self.nodes.get(code.parent) if code.parent else None
            if found is None:
                sibling = Node.objects.filter(
                    study=self.study, parent=parent, name__iexact=code.name
                ).first()
                if sibling is not None:  # a node of that name under a parent matched by GUID
                    self.discarded.append(
                        f"The code “{' / '.join(code.path)}” meets a node of the same name under "
                        "the same parent: merged into it."
                    )
                    found = sibling.pk
            if found is not None:
                self.nodes[code.guid] = Node.objects.get(pk=found)
                self.created["nodes_matched"] += 1
                continue
            node = coding_services.node_create(
                actor=self.actor, study=self.study, name=code.name, parent=parent,
                kind=self.plan.kinds.get(code.guid, NodeKind.CODE), colour=code.colour,
                **definition_fields(code.description),
                why="Imported from a REFI-QDA file.",
            )  # fmt: skip
            self.nodes[code.guid] = node
            self.keep_guid("node", node.pk, code.guid)
            self.created["nodes"] += 1

    # People

    def roles_for(self, cases: list[read.Case]) -> dict[str, Role]:
        """Each case's role: from the chosen variable's value (matched to a role's code or
        label; in a new study a role is made for each value), else from a pseudonym-like
        case name (SU3), else the default role."""
        roles = {role.code.casefold(): role for role in self.study.roles.all()}
        roles.update({role.label.casefold(): role for role in self.study.roles.all()})
        variable = self.choices.get("role_variable")
        default = self.default_role(roles)
        chosen = {}
        for case in cases:
            value = case.values.get(variable) if variable else None
            if value is not None and str(value).strip():
                chosen[case.guid] = roles.get(str(value).strip().casefold()) or self.role_make(
                    str(value).strip(), roles
                )
                continue
            prefix = re.fullmatch(r"([A-Za-z]+)\s*\d+", case.name)
            chosen[case.guid] = (
                roles.get(prefix.group(1).casefold()) if prefix else None
            ) or default
        return chosen

    def default_role(self, roles: dict[str, Role]) -> Role:
        code = self.choices.get("default_role")
        if code and code.casefold() in roles:
            return roles[code.casefold()]
        return self.role_make("Participant", roles, code="P")

    def role_make(self, value: str, roles: dict[str, Role], code: str | None = None) -> Role:
        """A role for a value no role of the study has (the importer refuses this for an
        existing study unless the value is the default's)."""
        if value.casefold() in roles:
            return roles[value.casefold()]
        base = (
            code
            or ("".join(word[0] for word in re.findall(r"[^\W\d_]+", value)).upper() or "P")[:8]
        )
        code, number = base, 2
        while code.casefold() in roles:
            code, number = f"{base[:8]}{number}", number + 1
        role = Role.objects.create(
            study=self.study, code=code, label=value[:80],
            position=(self.study.roles.aggregate(last=Max("position"))["last"] or 0) + 1,
        )  # fmt: skip
        roles[code.casefold()] = roles[value.casefold()] = role
        return role

    def participant(self, role: Role, name: str, site: Site | None = None) -> Participant:
        """A participant of `role`, keeping a pseudonym-like name (SU3) when it is free."""
        role = Role.objects.select_for_update().get(pk=role.pk)
        wanted = re.fullmatch(rf"{re.escape(role.code)}\s*(\d+)", name.strip(), re.IGNORECASE)
        number = int(wanted.group(1)) if wanted else None
        if (
            number is None
            or number == 0
            or Participant.objects.filter(role=role, number=number).exists()
            or Participant.objects.filter(
                study=self.study, pseudonym=f"{role.code}{number}"
            ).exists()
        ):
            number = role.next_number
        Role.objects.filter(pk=role.pk).update(next_number=max(role.next_number, number + 1))
        participant = Participant.objects.create(
            study=self.study, role=role, site=site, number=number,
            pseudonym=f"{role.code}{number}", created_by=self.actor,
        )  # fmt: skip
        RecruitmentEvent.objects.create(
            participant=participant, status=RecruitmentStatus.IDENTIFIED,
            note="Imported from a REFI-QDA file.", by=self.actor,
        )  # fmt: skip
        self.created["participants"] += 1
        return participant

    # Consent

    def consent_form(self):
        """The study's published consent form; a study without one gets one saying that
        consent was taken outside the platform (a new study always does)."""
        from studies import services as study_services
        from studies.models import ClausePurpose, DocumentKind

        form = study_services.published_document(self.study, DocumentKind.CONSENT_FORM)
        if form is not None:
            return form
        draft = study_services.document_draft(
            actor=self.actor, study=self.study, kind=DocumentKind.CONSENT_FORM
        )
        study_services.document_update(
            actor=self.actor, document=draft, title="Consent taken outside the platform",
            body="The participants of this study gave consent before their data was imported "
            "from another analysis tool. This form records that consent.",
        )  # fmt: skip
        study_services.clause_add(
            actor=self.actor, document=draft, governs=ClausePurpose.PARTICIPATION, required=True,
            text="I agree to take part in this study.",
        )  # fmt: skip
        study_services.clause_add(
            actor=self.actor, document=draft, governs=ClausePurpose.QUOTATION, required=False,
            text="I agree that anonymised quotes of what I said may be used in publications.",
        )  # fmt: skip
        return study_services.document_publish(actor=self.actor, document=draft)

    def consent(self, form, participant: Participant, given_at: datetime) -> None:
        """Records the consent the researcher confirmed, as taken outside the platform:
        every required clause agreed, quotation as chosen, anything else not assumed."""
        from studies import services as study_services
        from studies.models import ClausePurpose, ConsentMethod

        quotation = bool(self.choices.get("quotation_agreed"))
        answers = {
            clause.pk: clause.required or (clause.governs == ClausePurpose.QUOTATION and quotation)
            for clause in form.clauses.all()
        }
        study_services.consent_record(
            actor=self.actor, participant=participant, answers=answers,
            signed_name=f"{participant.pseudonym} (consent taken outside the platform)",
            method=ConsentMethod.IMPORTED, given_at=given_at,
        )  # fmt: skip
        self.created["consents"] += 1

    # Variables

    ATTRIBUTE_KINDS = {
        "Text": "text", "Boolean": "single", "Integer": "number", "Float": "number",
        "Date": "date", "DateTime": "date",
    }  # fmt: skip

    def attributes(self) -> dict:
        """Each variable (but the one holding the role) as an information form question,
        matched by label to one of the same kind in an existing study."""
        from studies import services as study_services
        from studies.models import AttributeDefinition

        existing = {
            attribute.label.casefold(): attribute
            for attribute in AttributeDefinition.objects.filter(study=self.study)
        }
        made = {}
        skipped = {self.choices.get("role_variable"), *self.plan.builtin.values()}
        for variable in self.package.variables:
            if variable.guid in skipped:
                continue
            kind = self.ATTRIBUTE_KINDS[variable.type]
            label = (variable.name or "Variable")[:120]
            found = existing.get(label.casefold())
            if found is not None and found.kind == kind:
                made[variable.guid] = found
                continue
            if found is not None:
                label = f"{label[:108]} (imported)"
            attribute = study_services.attribute_create(
                actor=self.actor, study=self.study, label=label, kind=kind,
                choices=["Yes", "No"] if variable.type == "Boolean" else None,
                help_text=variable.description[:300],
            )  # fmt: skip
            existing[label.casefold()] = made[variable.guid] = attribute
            self.keep_guid("variable", attribute.pk, variable.guid)
            self.created["attributes"] += 1
        return made

    def values(self, participant: Participant, values: dict, attributes: dict) -> None:
        from studies import services as study_services

        answers = {}
        for guid, value in values.items():
            attribute = attributes.get(guid)
            if attribute is None:
                continue
            if isinstance(value, bool):
                value = "Yes" if value else "No"
            try:
                answers[attribute.pk] = study_services.attribute_value_clean(attribute, value)
            except ValidationError as error:
                self.discarded.append(
                    f"{participant.pseudonym}'s “{attribute.label}” ({str(value)[:40]}): "
                    f"{' '.join(error.messages)}"
                )
        answers = {key: value for key, value in answers.items() if value is not None}
        if answers:
            study_services.attribute_values_save(
                actor=self.actor, participant=participant, answers=answers
            )
            self.created["values"] += len(answers)

    # Sources and coding

    def transcript(self, participant: Participant, source: read.Source) -> None:
        mapped = TextMap(source.text, participant.pseudonym)
        if not mapped.turns:  # the plan says so
            return
        transcript = transcript_services.transcript_create(
            actor=self.actor, participant=participant, source="txt", turns=mapped.turns
        )
        transcript = transcript_services.transcript_mark_ready(
            actor=self.actor, transcript=transcript
        )
        self.transcripts[source.guid] = transcript
        self.keep_guid("source", transcript.pk, source.guid)
        self.created["transcripts"] += 1
        self.segments(transcript, source, mapped)

    def coder(self, guid: str | None) -> User:
        return self.coders.get(guid or "", self.actor)

    def segments(self, transcript: Transcript, source: read.Source, mapped: TextMap) -> None:
        rows: dict[tuple, tuple[read.Selection, read.Coding, datetime]] = {}
        for selection in source.selections:
            placed = mapped.range(selection.start, selection.end)
            if placed is None or selection.guid in self.plan.skipped_selections:
                continue  # the plan says why
            start, end = placed
            if not selection.codings:
                self.annotation(transcript, selection, mapped.text[start:end])
                continue
            for coding in selection.codings:
                if coding.guid in self.plan.skipped_codings:
                    continue
                node, coder = self.nodes[coding.code], self.coder(coding.user)
                key = (node, coder, start, end)
                if key in rows:
                    self.discarded.append(
                        f"A repeated coding of the same words with “{node.name}” in "
                        f"“{source.name}”."
                    )
                    continue
                rows[key] = (selection, coding, when(coding.created))
        made = coding_services.segments_import(
            actor=self.actor, transcript=transcript,
            rows=[(*key, at) for key, (_, _, at) in rows.items()],
        )  # fmt: skip
        for segment, (selection, coding, _at) in zip(made, rows.values(), strict=True):
            self.keep_guid("coding", segment.pk, coding.guid)
            if selection.guid not in self.segments_by_selection:
                self.segments_by_selection[selection.guid] = segment
                self.keep_guid("selection", segment.pk, selection.guid)
        self.created["segments"] += len(made)

    def annotation(self, transcript, selection: read.Selection, words: str) -> None:
        """A selection without codings (an annotation): its description and notes become
        memos on the transcript quoting its words (the plan leaves out one with neither)."""
        self.annotations.setdefault(selection.guid, transcript)
        if selection.description:
            self.memo(
                title=selection.name or "Annotation", text=f"{selection.description}\n\n“{words}”",
                author=self.coder(selection.user), transcript=transcript,
            )  # fmt: skip

    def memo(self, *, title: str, text: str, author: User, **about) -> Memo:
        title = " ".join(title.split())[:NAME_MAX_CHARS] or "Imported note"
        memo = coding_services.memo_create(
            author=author, study=self.study, title=title, text=text, **about
        )
        self.created["memos"] += 1
        return memo

    def notes(self) -> None:
        """Each note as a memo about what refers to it: a code, a source, a selection (its
        first segment, or its transcript when it had no codings), or else the study."""
        about: dict[str, dict] = {}
        for code in self.package.all_codes():
            for guid in code.notes:
                about.setdefault(guid, {"node": self.nodes[code.guid]})
        for source in self.package.sources:
            transcript = self.transcripts.get(source.guid)
            for guid in source.notes:
                if transcript is not None:
                    about.setdefault(guid, {"transcript": transcript})
            for selection in source.selections:
                segment = self.segments_by_selection.get(selection.guid)
                for guid in selection.notes:
                    if segment is not None:
                        about.setdefault(guid, {"segment": segment})
                    elif selection.guid in self.annotations:
                        about.setdefault(guid, {"transcript": self.annotations[selection.guid]})
        for note in self.package.notes:
            if note.guid in self.plan.empty_notes:
                continue
            memo = self.memo(
                title=note.name or note.text[:60], text=note.text, author=self.coder(note.user),
                **about.get(note.guid, {}),
            )  # fmt: skip
            self.keep_guid("note", memo.pk, note.guid)

    # The whole

    def run(self) -> dict:
        self.progress(5, "Creating the codebook")
        self.codebook()
        if self.package.format == "project":
            self.progress(20, "Creating participants")
            self.project()
            self.progress(88, "Pairing dyads")
            self.dyads()
            self.progress(90, "Creating memos")
            self.notes()
        ExchangeGuid.objects.bulk_create(self.guids)
        self.progress(100, "Done")
        return self.created

    def project(self) -> None:
        people = self.plan.people
        known_cases = stored_guids(self.study, "case")
        existing = {
            participant.pk: participant
            for participant in Participant.objects.filter(
                study=self.study, pk__in=known_cases.values()
            )
        }
        attributes = self.attributes()
        roles = self.roles_for([person.holder for person in people])
        form = None
        given_at = self.choices["consent_at"]
        for number, person in enumerate(people):
            self.progress(
                20 + 68 * number // max(1, len(people)), "Creating participants and transcripts"
            )
            holder, case, source = person.holder, person.case, person.source
            participant = existing.get(known_cases.get(case.guid)) if case is not None else None
            if participant is None:
                form = form or self.consent_form()
                participant = self.participant(
                    roles[holder.guid], holder.name, self.site(self.plan.sites.get(holder.guid))
                )
                if case is not None:
                    self.keep_guid("case", participant.pk, case.guid)
                self.consent(form, participant, given_at)
                self.values(participant, holder.values, attributes)
            self.made.setdefault(holder.guid, participant)
            if source is None or source.guid in self.plan.skipped_sources:
                continue  # the plan says why
            if Transcript.objects.filter(participant=participant, session=None).exists():
                self.discarded.append(
                    f"{participant.pseudonym} has a transcript already, so the source "
                    f"“{source.name}” was not imported."
                )
            else:
                self.transcript(participant, source)

    # Sites and dyads

    def site(self, name: str | None) -> Site | None:
        """The study's site of that name, case aside; made when it has none."""
        from studies import services as study_services

        if not name:
            return None
        if not self.sites:
            self.sites = {site.name.casefold(): site for site in self.study.sites.all()}
        site = self.sites.get(name.casefold())
        if site is None:
            site = study_services.site_add(
                actor=self.actor, study=self.study, name=name,
                borough=self.plan.boroughs.get(name.casefold(), ""),
            )  # fmt: skip
            self.sites[name.casefold()] = site
            self.created["sites"] += 1
        return site

    def dyads(self) -> None:
        """Each planned dyad, the participant of the role recruited first as its worker,
        made by the recruitment service so the study's rules hold (each person in one
        dyad at most, a worker and a nominated service user)."""
        from studies import services as study_services

        for planned in self.plan.dyads:
            worker, service_user = self.made.get(planned.first), self.made.get(planned.second)
            if worker is None or service_user is None:
                continue
            if (
                worker.role.recruitment != Role.Recruitment.FIRST
                and service_user.role.recruitment == Role.Recruitment.FIRST
            ):
                worker, service_user = service_user, worker
            try:
                study_services.dyad_create(
                    actor=self.actor, worker=worker, service_user=service_user
                )
            except ValidationError as error:
                self.discarded.append(
                    f"The dyad “{planned.name}”: {' '.join(error.messages)} Not imported."
                )
            else:
                self.created["dyads"] += 1
