"""The demo study's framework matrix: its four explanatory themes by participant, with
a few summaries written by the team. What it holds is in demo_data/framework.json; it
is saved through the services, as a team's would be. Called from analysis.demo's
`demo_extend` (which `manage.py load_demo` finds by name)."""

import json
from pathlib import Path

from coding.models import Node
from studies.models import Participant, Study, User

from . import services_framework as services
from .models import Framework

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def demo_framework_data() -> dict:
    return json.loads((DEMO_DATA / "framework.json").read_text(encoding="utf-8"))


def demo_framework(study: Study) -> Framework | None:
    """Saves the demo's framework and its summaries; does nothing if it is there."""
    data = demo_framework_data()
    if Framework.objects.filter(study=study, name=data["name"]).exists():
        return None
    nodes = Node.objects.filter(study=study).order_by("position", "pk")
    chosen = data["themes"]
    framework = services.framework_create(
        actor=User.objects.get(username=data["author"]), study=study, name=data["name"],
        cases=data["cases"], themes=[
            {"node": node.pk, "below": chosen["below"]}
            for node in nodes if node.kind == chosen["node_kind"]
        ],
    )  # fmt: skip
    by_name = {node.name: node for node in nodes}
    people = {p.pseudonym: p for p in Participant.objects.filter(study=study)}
    for summary in data["summaries"]:
        services.summary_save(
            actor=User.objects.get(username=summary["by"]), framework=framework,
            node=by_name[summary["theme"]], participant=people[summary["pseudonym"]],
            text=summary["text"], version=0,
        )  # fmt: skip
    return framework
