"""A matrix built by a real Celery worker over Redis, reading the same PostgreSQL
database: the page's request queues it, the worker counts it, the result is stored."""

import time

import pytest

from analysis import services
from analysis.models import MatrixResult

pytestmark = pytest.mark.services


def test_a_real_worker_builds_a_matrix_the_request_queued(
    postgres, transactional_db, celery_worker, study, lead, known
):
    query = services.matrix_query_create(
        actor=lead, study=study, name="Themes by role",
        rows=[{"node": known.theme.pk, "below": True}],
    )  # fmt: skip
    first = services.matrix_request(actor=lead, query=query)
    assert first.status in ("queued", "building", "done")
    deadline = time.monotonic() + 30
    result = MatrixResult.objects.get(query=query)
    while result.status != "done" and time.monotonic() < deadline:
        assert result.status != "failed", result.error
        time.sleep(0.2)
        result.refresh_from_db()
    assert result.status == "done"
    assert result.counts["total"] == [3, 2, 15]
    assert result.fingerprint == result.wanted
    # Asked again with nothing changed: the stored result, no second build.
    again = services.matrix_request(actor=lead, query=query)
    assert again.built_at == result.built_at
