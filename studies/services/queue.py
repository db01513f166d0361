"""Queuing background tasks so that a broker that is down (Redis stopped) fails no
request and loses no task: a task the broker refuses is kept in the database and queued
again by `studies.send_deferred_tasks`, which Celery beat runs every minute."""

import logging
from collections.abc import Sequence

from celery import Task, current_app
from django.db import transaction
from django.db.models import F
from kombu.exceptions import OperationalError

from ..models import DeferredTask

logger = logging.getLogger(__name__)

# Enough for any backlog a short outage leaves, small enough for one beat interval.
RESEND_BATCH = 200

TaskArgument = int | str


def _registered(name: str) -> Task:
    """The task registered under `name`. A process registers a task when it imports the
    task's module, and services queue their app's tasks by name (the task modules
    import the services, not the other way), so a web process may not have imported
    it yet: Celery then imports every app's task module, once."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def _send(name: str, args: list[TaskArgument]) -> None:
    # Through the task object rather than `send_task`, so that the embedded default's
    # inline mode runs it too.
    _registered(name).apply_async(args=args)


def _send_or_defer(name: str, args: list[TaskArgument]) -> None:
    try:
        _send(name, args)
    except OperationalError as error:
        DeferredTask.objects.create(task=name, args=args)
        logger.warning("Broker unavailable (%s): task %s kept to be sent later", error, name)


def task_enqueue(*, task: Task | str, args: Sequence[TaskArgument] = ()) -> None:
    """Queues `task` (the task, or the name it is registered under) once the current
    transaction commits, so the worker sees what the transaction wrote. If the broker
    cannot be reached the task waits in the database instead, and the caller carries on.
    An unknown name is refused here, not after the commit."""
    name = task if isinstance(task, str) else task.name
    _registered(name)
    transaction.on_commit(lambda: _send_or_defer(name, list(args)))


@transaction.atomic
def deferred_tasks_send() -> int:
    """Queues the waiting tasks again, oldest first, and returns how many went. The
    first refusal ends the run (the broker is still down); the rest wait for the next.
    Rows are claimed with SKIP LOCKED, so two overlapping runs never send one twice."""
    waiting = DeferredTask.objects.select_for_update(skip_locked=True)[:RESEND_BATCH]
    sent = 0
    for deferred in waiting:
        try:
            _send(deferred.task, deferred.args)
        except OperationalError:
            DeferredTask.objects.filter(pk=deferred.pk).update(attempts=F("attempts") + 1)
            break
        deferred.delete()
        sent += 1
    return sent
