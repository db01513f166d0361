def test_healthz_reports_the_database_and_inline_tasks_without_redis(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["celery"] == {"ok": True, "mode": "inline"}
    assert "redis" not in body["checks"]


def test_healthz_answers_503_when_redis_is_unreachable(client, db, settings):
    # Port 9 on loopback (discard) has no listener here: the connection is refused.
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["celery"] == {"ok": False, "error": "broker unavailable"}
    assert body["checks"]["database"]["ok"] is True


def test_healthz_needs_no_login_and_is_not_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
