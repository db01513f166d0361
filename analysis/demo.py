"""The demo study's saved matrix queries, added after coding.demo has built the
codebook (`manage.py load_demo` calls `demo_extend`). Which queries, and which kind of
node each one's rows are, is in demo_data/queries.json; they are saved through the
services, and counted the first time someone opens them, as a team's would be. The
pilot study imported from QualCoder is added here too (demo_import)."""

import json
from pathlib import Path

from coding.models import Node
from studies.models import Study, User

from . import services
from .demo_framework import demo_framework
from .demo_import import demo_pilot
from .models import MatrixQuery

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def demo_queries() -> dict:
    return json.loads((DEMO_DATA / "queries.json").read_text(encoding="utf-8"))


def demo_extend(study: Study) -> None:
    """Saves the demo's matrix queries; does nothing if the study has some already."""
    demo_framework(study)  # its own check: a study saved before frameworks existed gets one
    demo_pilot()  # its own check too: a second study, imported once
    if MatrixQuery.objects.filter(study=study).exists():
        return
    data = demo_queries()
    author = User.objects.get(username=data["author"])
    nodes = Node.objects.filter(study=study).order_by("position", "pk")
    for spec in data["queries"]:
        rows = spec["rows"]
        chosen = [
            {"node": node.pk, "below": rows["below"]}
            for node in nodes
            if node.kind == rows["node_kind"]
        ]
        services.matrix_query_create(
            actor=author, study=study, name=spec["name"], kind=spec["kind"], rows=chosen,
            columns=spec.get("columns", "role"), measure=spec.get("measure", "segments"),
            scope=spec.get("scope", "overlap"),
        )  # fmt: skip
