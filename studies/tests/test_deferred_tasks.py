"""Queuing a background task never fails the request that queues it: a task the broker
refuses waits in the database and is queued again once the broker is back."""

import pytest
from celery import current_app, shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

from studies import services
from studies.models import DeferredTask
from studies.tasks import send_deferred_tasks

ran: list[int] = []


@shared_task(name="studies.tests.note_id")
def note_id(number: int) -> None:
    ran.append(number)


@pytest.fixture(autouse=True)
def _nothing_ran():
    ran.clear()


@pytest.fixture
def broker_down(monkeypatch):
    """Publishing fails as Celery fails when Redis refuses the connection."""

    def refuse(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    # Each task has a class of its own: only this one's publishing is refused.
    monkeypatch.setattr(type(current_app.tasks[note_id.name]), "apply_async", refuse)


def test_it_queues_the_task_only_once_the_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.task_enqueue(task=note_id, args=[7])
            assert ran == []
    assert ran == [7]


def test_it_keeps_a_task_the_broker_refuses_instead_of_failing(
    db, broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        services.task_enqueue(task=note_id, args=[7])
    kept = DeferredTask.objects.get()
    assert (kept.task, kept.args) == ("studies.tests.note_id", [7])
    assert "kept to be sent later" in caplog.text


def test_it_sends_the_kept_tasks_again_oldest_first_once_the_broker_is_back(db):
    DeferredTask.objects.create(task="studies.tests.note_id", args=[1])
    DeferredTask.objects.create(task="studies.tests.note_id", args=[2])
    assert send_deferred_tasks() == 2
    assert ran == [1, 2]
    assert not DeferredTask.objects.exists()


def test_it_keeps_the_tasks_while_the_broker_is_still_down(db, broker_down):
    DeferredTask.objects.create(task="studies.tests.note_id", args=[1])
    DeferredTask.objects.create(task="studies.tests.note_id", args=[2])
    assert send_deferred_tasks() == 0
    assert list(DeferredTask.objects.values_list("args", "attempts")) == [([1], 1), ([2], 0)]


def test_beat_sends_the_kept_tasks_every_minute(settings):
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == send_deferred_tasks.name
    )
    assert entry["schedule"] <= 60
