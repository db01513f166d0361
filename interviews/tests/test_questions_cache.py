"""The questions a participant is asked are cached under the study's questions
revision: every change to them moves the revision on, so a request that loads the
study afresh (as every participant request does) never sees stale questions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews import services
from interviews.plan import questions_for
from studies.models import Study


def _prompts(study, role) -> list[str]:
    fresh = Study.objects.get(pk=study.pk)  # as a new request loads it
    return [question.prompt for question in questions_for(fresh, role)]


@pytest.fixture
def role(study):
    return study.roles.get(code="MHW")


def test_questions_come_from_the_cache_until_they_change(study, lead, vignettes, role):
    before = _prompts(study, role)
    fresh = Study.objects.get(pk=study.pk)
    with CaptureQueriesContext(connection) as queries:
        assert [q.prompt for q in questions_for(fresh, role)] == before
    assert len(queries) == 0


def test_adding_a_question_shows_at_once(study, lead, vignettes, role):
    _prompts(study, role)
    services.question_create(actor=lead, study=study, prompt="Who decides?", required=False)
    assert "Who decides?" in _prompts(study, role)


def test_changing_a_question_shows_at_once(study, lead, vignettes, role):
    question = services.question_create(actor=lead, study=study, prompt="Who decides?")
    _prompts(study, role)
    services.question_update(actor=lead, question=question, prompt="Who should decide?")
    assert "Who should decide?" in _prompts(study, role)
    assert "Who decides?" not in _prompts(study, role)


def test_deleting_a_question_shows_at_once(study, lead, vignettes, role):
    question = services.question_create(actor=lead, study=study, prompt="Who decides?")
    _prompts(study, role)
    services.question_delete(actor=lead, question=question)
    assert "Who decides?" not in _prompts(study, role)


def test_deleting_a_vignette_drops_its_own_questions_at_once(study, lead, vignettes, role):
    extra = services.vignette_create(actor=lead, study=study, title="Extra", text="More.")
    services.question_create(actor=lead, study=study, prompt="About extra?", vignette=extra)
    assert "About extra?" in _prompts(study, role)
    services.vignette_delete(actor=lead, vignette=extra)
    assert "About extra?" not in _prompts(study, role)
