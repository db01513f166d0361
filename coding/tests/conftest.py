"""Fixtures for coding: a consented worker's transcript marked ready for coding, a
second one still a draft, and a small codebook."""

import pytest

from coding import services
from interviews import services as interview_services
from studies.services import participant_nominate
from tests.factories import give_consent

Turn = interview_services.Turn

# Code points and UTF-16 differ after the emoji: the second turn tests the edge.
TURNS = [
    ("Interviewer", "How did the meeting about her money go?"),
    ("MHW1", "She wanted her money back from the appointee \U0001f600 and I felt it was safe."),
    ("Interviewer", "What happened next?"),
    ("MHW1", "We agreed a plan with the team, step by step."),
]


def make_transcript(study, lead, participant, *, ready: bool = True):
    give_consent(participant, lead)
    transcript = interview_services.transcript_create(
        actor=lead, participant=participant, source="txt",
        turns=[Turn(speaker, text) for speaker, text in TURNS],
    )  # fmt: skip
    if ready:
        interview_services.transcript_mark_ready(actor=lead, transcript=transcript)
    transcript.refresh_from_db()
    return transcript


@pytest.fixture
def transcript(study, lead, worker):
    return make_transcript(study, lead, worker)


@pytest.fixture
def draft_transcript(study, lead):
    from studies import services as study_services

    other = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    return make_transcript(study, lead, other, ready=False)


@pytest.fixture
def code(study, lead):
    return services.node_create(actor=lead, study=study, name="Money")


@pytest.fixture
def category(study, lead):
    return services.node_create(actor=lead, study=study, name="Control", kind="category")


def span(transcript, words: str) -> tuple[int, int]:
    """The code point range of the first occurrence of `words` in the transcript."""
    start = transcript.text.index(words)
    return start, start + len(words)


def code_words(coder, transcript, node, words):
    start, end = span(transcript, words)
    return services.segment_create(
        coder=coder, transcript=transcript, node=node, start=start, end=end
    )


@pytest.fixture
def coded(study, lead, coder, worker, transcript, category):
    """A category holding one code with two segments from a worker, and a service
    user's transcript with one more."""
    money = services.node_create(actor=lead, study=study, name="Money", parent=category)
    code_words(coder, transcript, money, "She wanted her money back")
    code_words(lead, transcript, money, "I felt it was safe")
    user = participant_nominate(actor=lead, worker=worker).service_user
    other = make_transcript(study, lead, user)
    code_words(coder, other, category, "We agreed a plan")
    return money
