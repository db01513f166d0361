"""The demo study's coding, added after interviews.demo has imported its transcripts
(`manage.py load_demo` calls `demo_extend`): dyads 5 and 6's in-person interviews,
ready for coding, open-coded by two coders, then built up through the services into
categories, descriptive themes and explanatory themes, so the analytic trail is a real
one (renames, merges of duplicate codes, a change of kind, moves), with memos.

What the codebook says and which words each code covers are in
demo_data/codebook.json, written for this study. Segments are found by quoting their
words, each quote found exactly once in its transcript, so a change to how the
transcripts are laid out moves the segments with their words rather than breaking them.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from interviews import services as interview_services
from interviews.models import Transcript, TranscriptStatus
from studies.models import Study, User

from . import services
from .models import CodebookEvent, CodedSegment, Node, NodeKind

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
# The analysis began some weeks after the interviews; each stage is dated apart so
# the trail reads as the weeks it took.
STAGES_DAYS_AGO = {"open": 42, "focused": 35, "categories": 28, "themes": 21, "explanatory": 10}
# After the coding, the lead checks a passage against the recording and corrects an
# amount the transcriber misheard: the segment on those words moves with them and is
# flagged, and the rest of the transcript's segments move to their new offsets, so
# the review list has a real carry-over and a segment that needs a look.
CORRECTION = {
    "pseudonym": "SU6",
    "before": "Anything over fifty quid",
    "after": "Anything over a hundred quid",
    "note": "Checked against the recording: a hundred, not fifty.",
}


class DemoDataError(ValueError):
    """demo_data/codebook.json does not fit the demo's transcripts; the message says where."""


def demo_codebook() -> dict:
    return json.loads((DEMO_DATA / "codebook.json").read_text(encoding="utf-8"))


def quote_span(transcript: Transcript, quote: str) -> tuple[int, int]:
    """The code-point range of `quote` in the transcript's text, which must hold it
    exactly once (a quote found twice would code the wrong place half the time)."""
    found = transcript.text.count(quote)
    if found != 1:
        pseudonym = transcript.participant.pseudonym
        raise DemoDataError(f"“{quote}” is in {pseudonym}'s transcript {found} times, not once.")
    start = transcript.text.index(quote)
    return start, start + len(quote)


class _Demo:
    """One run of the demo's coding: the people, transcripts and nodes it refers to by
    the keys codebook.json uses."""

    def __init__(self, study: Study, data: dict):
        self.study, self.data = study, data
        self.users = {
            key: User.objects.get(username=username) for key, username in data["coders"].items()
        }
        self.lead = self.users["lead"]
        self.nodes: dict[str, Node] = {}
        self.transcripts: dict[str, Transcript] = {}

    def transcript(self, pseudonym: str) -> Transcript:
        if pseudonym not in self.transcripts:
            transcript = Transcript.objects.select_related("participant", "study").get(
                study=self.study, participant__pseudonym=pseudonym
            )
            if transcript.status != TranscriptStatus.READY:
                transcript = interview_services.transcript_mark_ready(
                    actor=self.lead, transcript=transcript
                )
            self.transcripts[pseudonym] = transcript
        return self.transcripts[pseudonym]

    def code(self, node: Node, segments: list[list[str]], default_coder: str) -> None:
        for pseudonym, quote, *coder in segments:
            transcript = self.transcript(pseudonym)
            start, end = quote_span(transcript, quote)
            services.segment_create(
                coder=self.users[coder[0] if coder else default_coder], transcript=transcript,
                node=node, start=start, end=end,
            )  # fmt: skip

    def create(self, key: str, actor: str, parent: Node | None = None, **fields) -> Node:
        node = services.node_create(actor=self.users[actor], study=self.study, parent=parent,
                                    **fields)  # fmt: skip
        self.nodes[key] = node
        return node

    def move(self, key: str, parent: Node, why: str = "") -> None:
        node = self.nodes[key]
        self.nodes[key] = services.node_move(
            actor=self.lead, node=node, version=node.version, parent=parent, why=why
        )

    def dated(self, stage: str, since_pk: int) -> int:
        """Dates the events of one stage to its day; returns the last event's id."""
        when = timezone.now() - timedelta(days=STAGES_DAYS_AGO[stage])
        events = CodebookEvent.objects.filter(study=self.study, pk__gt=since_pk)
        events.update(at=when)
        return events.order_by("-pk").values_list("pk", flat=True).first() or since_pk


def _definitions(spec: dict) -> dict:
    return {
        field: spec[field]
        for field in ("definition", "when_to_use", "when_not_to_use", "example")
        if field in spec
    }


@transaction.atomic
def demo_extend(study: Study) -> None:
    """Codes the demo study's ready transcripts; does nothing if it has a codebook."""
    if Node.objects.filter(study=study).exists():
        return
    data = demo_codebook()
    demo = _Demo(study, data)
    for pseudonym in data["ready"]:
        demo.transcript(pseudonym)
    last = CodebookEvent.objects.filter(study=study).order_by("-pk").values_list("pk", flat=True)
    last = last.first() or 0

    # Open coding: each coder names what they see, at the top of the codebook, in vivo
    # where a participant's words say it best.
    for spec in data["codes"]:
        node = demo.create(spec["key"], spec["coder"], name=spec.get("first_name", spec["name"]))
        demo.code(node, spec["segments"], spec["coder"])
    for spec in data["duplicates"]:
        node = demo.create(spec["name"], spec["coder"], name=spec["name"])
        demo.code(node, spec["segments"], spec["coder"])
    for spec in data["categories"]:
        if spec.get("first_kind"):
            demo.create(spec["name"], "b", name=spec["name"], kind=spec["first_kind"])
    last = demo.dated("open", last)

    # Focused coding: names settled, definitions written, duplicates merged.
    for spec in data["codes"]:
        node = demo.nodes[spec["key"]]
        demo.nodes[spec["key"]] = services.node_update(
            actor=demo.users[spec["coder"]], node=node, version=node.version, name=spec["name"],
            why="A name that says what the code means, beyond the participant's words."
            if "first_name" in spec else "", **_definitions(spec),
        )  # fmt: skip
    for spec in data["duplicates"]:
        source = demo.nodes.pop(spec["name"])
        services.node_merge(actor=demo.lead, source=source, target=demo.nodes[spec["into"]],
                            version=source.version, why=spec["why"])  # fmt: skip
    last = demo.dated("focused", last)

    # Categories gather the codes.
    for spec in data["categories"]:
        fields = {"colour": spec["colour"], "definition": spec["definition"]}
        if spec["name"] in demo.nodes:
            node = demo.nodes[spec["name"]]
            demo.nodes[spec["name"]] = category = services.node_update(
                actor=demo.lead, node=node, version=node.version, kind=NodeKind.CATEGORY,
                why="It holds a group of codes now, not passages of its own.", **fields,
            )  # fmt: skip
        else:
            category = demo.create(spec["name"], "lead", name=spec["name"],
                                   kind=NodeKind.CATEGORY, **fields)  # fmt: skip
        for key in spec["codes"]:
            demo.move(key, category)
    last = demo.dated("categories", last)

    for spec in data["descriptive_themes"]:
        theme = demo.create(spec["name"], "lead", name=spec["name"],
                            kind=NodeKind.DESCRIPTIVE_THEME, colour=spec["colour"],
                            definition=spec["definition"])  # fmt: skip
        for name in spec["categories"]:
            demo.move(name, theme)
    last = demo.dated("themes", last)

    # Explanatory themes say why: each takes a descriptive theme and the sub-themes
    # the lead coded on a second reading.
    for spec in data["explanatory_themes"]:
        theme = demo.create(spec["name"], "lead", name=spec["name"],
                            kind=NodeKind.EXPLANATORY_THEME, colour=spec["colour"],
                            definition=spec["definition"])  # fmt: skip
        for sub in spec["sub_themes"]:
            node = demo.create(sub["name"], "lead", parent=theme, name=sub["name"],
                               kind=NodeKind.SUB_THEME, colour=spec["colour"])  # fmt: skip
            demo.code(node, sub["segments"], "lead")
        demo.move(spec["descriptive_theme"], theme,
                  why="What this theme describes, the explanatory theme accounts for.")  # fmt: skip
    demo.dated("explanatory", last)

    for spec in data["memos"]:
        services.memo_create(author=demo.users[spec["author"]], study=study, title=spec["title"],
                             text=spec["text"], kind=spec["kind"],
                             **_memo_about(demo, spec.get("about")))  # fmt: skip
    _correct_after_coding(demo)


def _correct_after_coding(demo: _Demo) -> None:
    """The CORRECTION, made as a researcher makes one: to the turn that holds the words."""
    transcript = demo.transcript(CORRECTION["pseudonym"])
    turns = interview_services.transcript_turns(transcript)
    position = next(i for i, turn in enumerate(turns) if CORRECTION["before"] in turn.text)
    interview_services.transcript_correct(
        actor=demo.lead, transcript=transcript, position=position, note=CORRECTION["note"],
        text=turns[position].text.replace(CORRECTION["before"], CORRECTION["after"], 1),
    )  # fmt: skip


def _memo_about(demo: _Demo, about: str | None) -> dict:
    """What a memo is about, from codebook.json's "node:<key or name>",
    "transcript:<pseudonym>" or "segment:<pseudonym>:<quoted words>"."""
    if about is None:
        return {}
    kind, _, rest = about.partition(":")
    if kind == "node":
        return {"node": demo.nodes[rest]}
    if kind == "transcript":
        return {"transcript": demo.transcript(rest)}
    pseudonym, _, quote = rest.partition(":")
    transcript = demo.transcript(pseudonym)
    start, end = quote_span(transcript, quote)
    return {"segment": CodedSegment.objects.filter(transcript=transcript, start=start,
                                                   end=end).first()}  # fmt: skip
