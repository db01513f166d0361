from celery import shared_task

from . import services, services_exchange
from .task_names import EXCHANGE_RUN, MATRIX_BUILD


# Counting a million segments takes a few seconds; a build still going after five
# minutes is stopped, and the next request for the matrix queues it again.
@shared_task(name=MATRIX_BUILD, ignore_result=True, soft_time_limit=300, time_limit=330)
def matrix_build(result_id: int) -> None:
    """Counts a queued matrix result (see the service)."""
    services.matrix_build(result_id=result_id)


# A large project (a few hundred transcripts) is read or written in well under a minute;
# one still going after ten is stopped and shown as failed.
@shared_task(name=EXCHANGE_RUN, ignore_result=True, soft_time_limit=600, time_limit=630)
def exchange_run(job_id: int) -> None:
    """Runs a queued export or import (see the service)."""
    services_exchange.job_run(job_id=job_id)
