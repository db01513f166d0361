from celery import shared_task

from .services.queue import deferred_tasks_send
from .services.retention import retention_apply


@shared_task(name="studies.apply_retention")
def apply_retention() -> dict:
    """Run daily by Celery beat; idempotent, so a repeated or overlapping run is harmless."""
    return retention_apply()


@shared_task(name="studies.send_deferred_tasks", ignore_result=True)
def send_deferred_tasks() -> int:
    """Run every minute by Celery beat: queues again the tasks the broker refused while
    it was down. Beat reaches a worker only once the broker is back, which is when
    they can go."""
    return deferred_tasks_send()
