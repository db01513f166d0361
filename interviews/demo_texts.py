"""The demo's texts as plain data (demo_data/), readable without Django: the demo
loader uses them, and so do the benchmarks, which also feed them to oTree."""

import json
from dataclasses import dataclass
from pathlib import Path

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


class DemoDataError(ValueError):
    """A file in demo_data/ does not say what the demo needs; the message names it."""


@dataclass(frozen=True)
class DemoVignette:
    key: str  # names its Markdown file and its place in answers.json and interviews.json
    title: str
    text: str
    status: str
    notes: str


def demo_data(name: str):
    return json.loads((DEMO_DATA / name).read_text(encoding="utf-8"))


def demo_vignettes() -> list[DemoVignette]:
    """The vignettes in the study's order: vignettes.json holds each one's title and
    validation, vignettes/<key>.md its words."""
    return [
        DemoVignette(
            text=(DEMO_DATA / "vignettes" / f"{spec['key']}.md")
            .read_text(encoding="utf-8")
            .strip(),
            **spec,
        )
        for spec in demo_data("vignettes.json")
    ]


def demo_questions() -> tuple[list[str], str]:
    """The follow-up questions asked after every vignette, and the closing question."""
    questions = demo_data("questions.json")
    return questions["follow_ups"], questions["closing"]


def demo_answers() -> dict[str, dict]:
    """What each online participant typed: {pseudonym: {"vignettes": {key: [an answer
    per follow-up question]}, "closing": answer}}."""
    return demo_data("answers.json")
