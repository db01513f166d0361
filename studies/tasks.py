from celery import shared_task

from .services.retention import retention_apply


@shared_task(name="studies.apply_retention")
def apply_retention() -> dict:
    """Run daily by Celery beat; idempotent, so a repeated or overlapping run is harmless."""
    return retention_apply()
