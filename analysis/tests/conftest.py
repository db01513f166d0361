"""Fixtures for analysis: a small study with known answers. An explanatory theme holds a
category of two codes; a worker (MHW1) has two overlapping segments, their service user
(SU1) one, a second worker (MHW2) a transcript open for coding with nothing coded, and a
code of its own (Team) has no segment at all."""

from dataclasses import dataclass

import pytest

from coding import services as coding_services
from coding.models import Node
from coding.tests.conftest import code_words, make_transcript
from interviews.models import Transcript
from studies import services as study_services
from studies.models import Participant


@dataclass
class Known:
    theme: Node
    category: Node
    money: Node
    safety: Node
    team: Node
    worker: Participant
    service_user: Participant
    quiet_worker: Participant
    worker_transcript: Transcript
    service_user_transcript: Transcript


@pytest.fixture
def known(study, lead, coder, worker):
    def node(name, kind="code", parent=None):
        return coding_services.node_create(
            actor=lead, study=study, name=name, kind=kind, parent=parent
        )

    theme = node("Control over money", "explanatory_theme")
    category = node("Control", "category", theme)
    money, safety = node("Money", parent=category), node("Safety", parent=category)
    team = node("Team")
    first = make_transcript(study, lead, worker)
    code_words(coder, first, money, "She wanted her money back")  # 5 words
    code_words(lead, first, safety, "her money back from the appointee")  # 6, overlapping
    service_user = study_services.participant_nominate(actor=lead, worker=worker).service_user
    second = make_transcript(study, lead, service_user)
    code_words(coder, second, money, "We agreed a plan")  # 4 words
    quiet = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    make_transcript(study, lead, quiet)
    return Known(theme, category, money, safety, team, worker, service_user, quiet, first, second)
