"""What an import will do that can be known before anything is created.

`Plan(package, study)` is made twice from the same file: by the preview
(`importer.report_build`), whose report lists `plan.left_out` so the researcher sees
what will be left out before confirming, and by the load, whose `load.Loader` follows
the plan's decisions rather than making them again. The loader adds to what is left out
only what depends on the rows it writes (a value an existing question refuses, a dyad
the study's rules refuse, a code that meets a node of the same name).

Making a plan reads no more than the file and a few lookups in an existing study: for a
200-transcript project it is the cost of mapping each source's text to turns once.

**The platform's own structure.** A Vignette Lab export writes each participant's role,
site and dyad as built-in Text variables ("Role", "Site", "Dyad", described as added by
Vignette Lab) and as Sets of sources ("Role: MHW", "Site: Marsh Lane Recovery Team",
"Dyad: MHW5 and SU5"). On import the Site variable (or, without it, the "Site: ..."
sets) gives the study's sites, matched by name, and each participant's site; the Dyad
variable (or the "Dyad: X and Y" sets) pairs the two participants of each dyad, the
worker first as the export writes them. None of these variables becomes a question of
the information form; the Role variable gives the roles when it is the chosen role
variable. `plan.became` says in words what became what. Other tools' files have no such
variables; only sets named "Site: ..." or "Dyad: ..." would be read the same way.
"""

import re
from dataclasses import dataclass

from studies.models import Participant, Study

from . import load, read

BUILTIN_DESCRIPTION = "Added by Vignette Lab"  # how an export describes Role, Site, Dyad
BUILTIN_NAMES = {"role": "Role", "site": "Site", "dyad": "Dyad"}
SITE_NAME_MAX = 120
_STRUCTURE_SET = re.compile(r"(role|site|dyad):\s+(\S.*)", re.IGNORECASE | re.DOTALL)
_PAIR = re.compile(r"(.+?)\s+and\s+(.+)", re.IGNORECASE)
# Placeholder speaker for unlabelled text: which passages fall on words does not depend
# on the name the participant will have.
_SPEAKER = "P"


@dataclass(frozen=True)
class Person:
    """One participant to be: what their role and values come from (a case, or a source
    without one), the case whose GUID they keep, and their source."""

    holder: read.Case | read.Source
    case: read.Case | None
    source: read.Source | None


@dataclass(frozen=True)
class PlannedDyad:
    name: str
    first: str  # holder GUID of the worker, as the file names them first
    second: str


def builtin_variables(package: read.Package) -> dict[str, str]:
    """ "role" / "site" / "dyad" -> GUID of the variable a platform export added for it."""
    found: dict[str, str] = {}
    for variable in package.variables:
        for key, name in BUILTIN_NAMES.items():
            if (
                variable.type == "Text"
                and variable.name == name
                and variable.description.startswith(BUILTIN_DESCRIPTION)
            ):
                found.setdefault(key, variable.guid)
    return found


def _listed(names: list[str], most: int = 5) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


class Plan:
    def __init__(self, package: read.Package, study: Study | None) -> None:
        self.package, self.study = package, study
        self.left_out: list[str] = list(package.discarded)
        self.became: list[str] = []
        self.builtin = builtin_variables(package)
        self.kinds: dict[str, str] = {}  # code GUID -> node kind, from sets of codes
        self.sets_used: set[str] = set()
        self.merged: dict[str, str] = {}  # code GUID -> the code of that name it joins
        self.skipped_sources: set[str] = set()  # not imported (in the study already, ...)
        self.skipped_selections: set[str] = set()
        self.skipped_codings: set[str] = set()
        self.empty_notes: set[str] = set()
        self.sites: dict[str, str] = {}  # holder GUID -> site name
        self.boroughs: dict[str, str] = {}  # site name, case aside -> borough
        self.dyads: list[PlannedDyad] = []
        self.people = self._people()
        self.holder_of = {
            person.source.guid: person.holder.guid for person in self.people if person.source
        }
        self._kind_sets()
        self._siblings()
        self._sources()
        self._notes()
        self._sites()
        self._dyads()
        self._role()
        self._sets()

    # People

    def _people(self) -> list[Person]:
        """Each case a participant with its first source; a case's later sources and
        each source without a case participants of their own (a participant has one
        transcript)."""
        sources = {source.guid: source for source in self.package.sources}
        claimed: set[str] = set()
        people = []
        for case in self.package.cases:
            mine = [guid for guid in case.sources if guid not in claimed]
            claimed.update(mine)
            people.append(Person(case, case, sources[mine[0]] if mine else None))
            for guid in mine[1:]:
                self.left_out.append(
                    f"The case “{case.name}” has more than one source; a participant has one "
                    f"transcript, so “{sources[guid].name}” is a participant of its own."
                )
                people.append(Person(case, None, sources[guid]))
        for source in self.package.sources:
            if source.guid not in claimed:
                people.append(Person(source, None, source))
        return people

    # Codebook

    def _kind_sets(self) -> None:
        """Node kinds from sets of codes named after one (a platform export writes
        "Categories", "Descriptive themes", ...)."""
        for found in self.package.sets:
            kind = load.KIND_SETS.get(found.name.casefold())
            if kind is not None and found.codes and not found.sources:
                self.kinds.update(dict.fromkeys(found.codes, kind))
                self.sets_used.add(found.guid)

    def _siblings(self) -> None:
        first: dict[tuple, str] = {}
        for code in self.package.all_codes():
            parent = self.merged.get(code.parent, code.parent)
            key = (parent, code.name.casefold())
            if key in first:
                self.merged[code.guid] = first[key]
                self.left_out.append(
                    f"The code “{' / '.join(code.path)}” appears twice under one parent: "
                    "merged into one."
                )
            else:
                first[key] = code.guid

    # Sources and notes

    def _in_study(self) -> tuple[set[str], dict[str, str]]:
        """Sources already in the study, and the participants already in it (by case
        GUID) who have a transcript: their pseudonyms."""
        if self.study is None:
            return set(), {}
        known_cases = load.stored_guids(self.study, "case")
        with_transcript = dict(
            Participant.objects.filter(
                study=self.study,
                pk__in=known_cases.values(),
                transcripts__session__isnull=True,
                transcripts__isnull=False,
            ).values_list("pk", "pseudonym")
        )
        return set(load.stored_guids(self.study, "source")), {
            guid: with_transcript[pk] for guid, pk in known_cases.items() if pk in with_transcript
        }

    def _sources(self) -> None:
        known_sources, busy = self._in_study()
        coders = load.user_matches(self.study, self.package.users) if self.study else {}
        for person in self.people:
            source = person.source
            if source is None:
                continue
            if source.guid in known_sources:
                self.skipped_sources.add(source.guid)
                self.left_out.append(
                    f"The source “{source.name}” is in the study already: not imported again."
                )
            elif person.case is not None and person.case.guid in busy:
                self.skipped_sources.add(source.guid)
                self.left_out.append(
                    f"{busy[person.case.guid]} has a transcript already, so the source "
                    f"“{source.name}” will not be imported."
                )
            else:
                self._selections(source, coders)

    def _selections(self, source: read.Source, coders: dict) -> None:
        mapped = load.TextMap(source.text, _SPEAKER)
        if not mapped.turns:
            self.skipped_sources.add(source.guid)
            self.left_out.append(f"The source “{source.name}” has no text: not imported.")
            return
        seen: set[tuple] = set()
        for selection in source.selections:
            placed = mapped.range(selection.start, selection.end)
            if placed is None:
                self.skipped_selections.add(selection.guid)
                self.left_out.append(
                    f"A selection in “{source.name}” covers only a speaker label or blank lines."
                )
                continue
            if not selection.codings and not selection.description and not selection.notes:
                self.skipped_selections.add(selection.guid)
                self.left_out.append(
                    f"A selection in “{source.name}” with no codes and no note: nothing to import."
                )
            for coding in selection.codings:
                coder = coders.get(coding.user or "")
                key = (self.merged.get(coding.code, coding.code), coder, placed)
                if key in seen:
                    self.skipped_codings.add(coding.guid)
                    self.left_out.append(
                        f"A repeated coding of the same words with “{self.code_name(coding.code)}"
                        f"” in “{source.name}”."
                    )
                seen.add(key)

    def code_name(self, guid: str) -> str:
        return next(code.name for code in self.package.all_codes() if code.guid == guid)

    def _notes(self) -> None:
        for note in self.package.notes:
            if not note.text and not note.name:
                self.empty_notes.add(note.guid)
                self.left_out.append("An empty note.")

    # Sites, dyads and roles

    def _structure_sets(self, kind: str) -> list[tuple[read.Set, str]]:
        """The sets named "<Kind>: <name>", with the name."""
        found = []
        for candidate in self.package.sets:
            match = _STRUCTURE_SET.fullmatch(candidate.name)
            if match and match.group(1).casefold() == kind and candidate.sources:
                found.append((candidate, " ".join(match.group(2).split())))
        return found

    def _holders(self) -> list[read.Case | read.Source]:
        seen, holders = set(), []
        for person in self.people:
            if person.holder.guid not in seen:
                seen.add(person.holder.guid)
                holders.append(person.holder)
        return holders

    def _grouped(self, kind: str) -> tuple[dict[str, list[str]], str] | None:
        """Holder GUIDs by the name of their site or dyad: from the built-in variable,
        else from the sets; with the words for where they came from."""
        variable = self.builtin.get(kind)
        sets = self._structure_sets(kind)
        self.sets_used.update(found.guid for found, _ in sets)
        groups: dict[str, list[str]] = {}
        if variable is not None:
            for holder in self._holders():
                value = " ".join(str(holder.values.get(variable, "")).split())
                if value:
                    groups.setdefault(value, []).append(holder.guid)
            return groups, f"the variable “{BUILTIN_NAMES[kind]}”"
        if not sets:
            return None
        for found, name in sets:
            members = groups.setdefault(name, [])
            for guid in found.sources:
                holder = self.holder_of.get(guid)
                if holder is not None and holder not in members:
                    members.append(holder)
        return groups, f"the sets “{BUILTIN_NAMES[kind]}: …”"

    def _sites(self) -> None:
        grouped = self._grouped("site")
        for found, name in self._structure_sets("site"):
            borough = " ".join(found.description.split())[:SITE_NAME_MAX]
            if borough:
                self.boroughs.setdefault(name[:SITE_NAME_MAX].casefold(), borough)
        if grouped is None:
            return
        groups, origin = grouped
        for name, holders in groups.items():
            for holder in holders:
                self.sites.setdefault(holder, name[:SITE_NAME_MAX])
        names = sorted({name[:SITE_NAME_MAX] for name in groups})
        if names:
            self.became.append(
                f"{len(names)} site{'s' if len(names) != 1 else ''} ({_listed(names)}) and each "
                f"participant's site, from {origin}; matched by name to the study's sites."
            )

    def _dyads(self) -> None:
        grouped = self._grouped("dyad")
        if grouped is None:
            return
        groups, origin = grouped
        names = {holder.guid: holder.name.casefold() for holder in self._holders()}
        for name, holders in groups.items():
            if len(holders) != 2:
                self.left_out.append(
                    f"The dyad “{name}” has {len(holders)} participant"
                    f"{'s' if len(holders) != 1 else ''} in the file, not two: not imported."
                )
                continue
            first, second = holders
            pair = _PAIR.fullmatch(name)
            if pair and (names[second], names[first]) == (
                pair.group(1).casefold(),
                pair.group(2).casefold(),
            ):
                first, second = second, first
            self.dyads.append(PlannedDyad(name, first, second))
        if self.dyads:
            count = len(self.dyads)
            self.became.append(
                f"{count} dyad{'s' if count != 1 else ''} pairing a worker with the service "
                f"user they nominated, from {origin}."
            )

    def _role(self) -> None:
        sets = self._structure_sets("role")
        if "role" in self.builtin:
            self.sets_used.update(found.guid for found, _ in sets)
            self.became.append(
                "The variable “Role” gives each participant's role when it is the role "
                "variable" + (", as the sets “Role: …” do." if sets else ".")
            )
        used = [BUILTIN_NAMES[key] for key in ("role", "site", "dyad") if key in self.builtin]
        if used:
            names = " and ".join([", ".join(used[:-1]), used[-1]] if len(used) > 1 else used)
            self.became.append(
                f"The platform's own variable{'s' if len(used) > 1 else ''} {names} "
                "will not be questions of the information form."
            )

    def _sets(self) -> None:
        for found in self.package.sets:
            if found.guid not in self.sets_used:
                self.left_out.append(f"The set “{found.name}”: sets are not imported.")

    # For the loader

    def builtin_guids(self) -> set[str]:
        return set(self.builtin.values())
