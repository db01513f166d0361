from celery import shared_task

from . import services
from .task_names import MATRIX_BUILD


# Counting a million segments takes a few seconds; a build still going after five
# minutes is stopped, and the next request for the matrix queues it again.
@shared_task(name=MATRIX_BUILD, ignore_result=True, soft_time_limit=300, time_limit=330)
def matrix_build(result_id: int) -> None:
    """Counts a queued matrix result (see the service)."""
    services.matrix_build(result_id=result_id)
