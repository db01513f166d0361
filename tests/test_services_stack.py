"""The real stack: PostgreSQL, Redis and a Celery worker process. These tests skip
without the services, and fail instead under REQUIRE_SERVICES=1 (CI)."""

import pytest
from celery.result import EagerResult

from config.celery import ping

pytestmark = pytest.mark.services


def test_the_suite_runs_on_postgresql(postgres):
    with postgres.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_a_statement_run_again_and_again_is_prepared_on_postgresql(postgres):
    from studies.models import Study

    def prepared() -> set[str]:
        # Per connection, and the tests share one: compare before and after.
        with postgres.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    before = prepared()
    for slug in ("a", "b", "c", "d", "e", "f"):
        Study.objects.filter(slug=slug, ethics_reference__startswith=slug).first()
    [statement] = prepared() - before
    assert "studies_study" in statement
    assert "$1" in statement  # one plan, whatever the slug


def test_a_task_runs_in_a_real_celery_worker_over_redis(celery_worker, _celery_worker_process):
    _, queue, _, _ = _celery_worker_process
    result = ping.delay()
    assert not isinstance(result, EagerResult)
    answer = result.get(timeout=20)
    assert answer["answer"] == "pong"
    # The worker was started as "<queue>@<host>": the answer came from that process.
    assert answer["worker"].startswith(f"{queue}@")
    assert result.state == "SUCCESS"


def test_healthz_makes_a_round_trip_through_redis_and_the_worker(
    client, db, celery_worker, _celery_worker_process
):
    _, queue, _, _ = _celery_worker_process
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is True
    assert checks["celery"]["ok"] is True
    assert checks["celery"]["worker"].startswith(f"{queue}@")
    assert checks["database"]["vendor"] == "postgresql"


def test_healthz_says_so_when_no_worker_answers(client, db, redis_url, monkeypatch):
    from config import views
    from config.celery import app

    monkeypatch.setattr(views, "CELERY_PING_TIMEOUT", 1.0)
    queue = app.conf.task_default_queue
    app.conf.task_always_eager = False  # put back by the autouse _celery_inline fixture
    app.conf.task_default_queue = "nobody-listens-here"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.task_default_queue = queue
    assert response.status_code == 503
    celery = response.json()["checks"]["celery"]
    assert (celery["ok"], celery["error"]) == (False, "TimeoutError")
