"""The Celery application. Configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("vignette_lab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.ping", bind=True)
def ping(self) -> dict:
    """The health check's round trip through the broker and a worker, which names itself."""
    return {"answer": "pong", "worker": self.request.hostname or "inline"}
