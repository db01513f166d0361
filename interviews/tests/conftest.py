"""Fixtures for interviews: a study with five vignettes and their questions, and a
consented worker with an online session and its link token."""

import pytest

from interviews import services
from tests.factories import give_consent

FOLLOW_UPS = ["What do you think will happen next?", "What should the mental health worker do?"]


@pytest.fixture
def vignettes(study, lead):
    made = [
        services.vignette_create(
            actor=lead,
            study=study,
            title=f"Story {number}",
            text=f"Someone in story {number} wants to do something *new*.",
        )  # fmt: skip
        for number in range(1, 6)
    ]
    for prompt in FOLLOW_UPS:
        services.question_create(actor=lead, study=study, prompt=prompt, required=True)
    services.question_create(
        actor=lead, study=study, prompt="Anything else you would like to say?", stage="closing"
    )
    return made


@pytest.fixture
def consented_worker(worker, lead):
    give_consent(worker, lead)
    return worker


@pytest.fixture
def online(consented_worker, vignettes, lead):
    """(session, token) for MHW1's online session."""
    return services.session_create(actor=lead, participant=consented_worker, mode="online")
