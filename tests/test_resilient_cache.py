"""The Redis cache answers like an empty cache when Redis is down, and like Redis when
it is up; settings use it whenever REDIS_URL is set."""

import json
import logging

import pytest
from django.core.cache.backends.redis import RedisCacheClient

from config import cache as resilient
from config.cache import ResilientRedisCache
from tests.fixtures import django_process_output

# Port 1 on this machine: nothing listens there, so every connection is refused.
CLOSED = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _fresh_outage(monkeypatch):
    """Each test starts with no remembered failure and no warning given."""
    monkeypatch.setattr(resilient, "outage", resilient._Outage())


def _dead() -> ResilientRedisCache:
    return ResilientRedisCache(CLOSED, {"OPTIONS": {"socket_connect_timeout": 0.25}})


def test_it_answers_reads_of_a_redis_that_is_down_as_misses():
    cache = _dead()
    assert cache.get("questions", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("questions") is False
    assert cache.get_or_set("shown", lambda: [1, 2]) == [1, 2]


def test_it_ignores_writes_to_a_redis_that_is_down():
    cache = _dead()
    assert cache.add("count", 1) is False
    assert cache.set("questions", [1]) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("questions") is False
    assert cache.delete("questions") is False
    assert cache.delete_many(["a"]) is None
    assert cache.clear() is False


def test_it_treats_incr_on_a_redis_that_is_down_as_a_missing_key():
    with pytest.raises(ValueError, match="not found"):
        _dead().incr("count")


def test_it_warns_once_a_minute_however_many_calls_fail(caplog, monkeypatch):
    cache = _dead()
    caplog.set_level(logging.WARNING, logger="config.cache")
    for _ in range(3):
        monkeypatch.setattr(resilient.outage, "retry_at", {})  # try Redis every time
        cache.get("questions")
    warnings = [r for r in caplog.records if r.name == "config.cache"]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()


def test_it_leaves_a_failed_redis_alone_for_a_few_seconds(monkeypatch):
    cache = _dead()
    tries = []
    real_get = RedisCacheClient.get

    def counted_get(self, key, default):
        tries.append(key)
        return real_get(self, key, default)

    monkeypatch.setattr(RedisCacheClient, "get", counted_get)
    cache.get("first")
    cache.get("second")
    assert tries == [":1:first"]
    monkeypatch.setattr(resilient.outage, "retry_at", {})  # the few seconds have passed
    cache.get("third")
    assert tries == [":1:first", ":1:third"]


@pytest.mark.services
def test_it_reads_and_writes_a_live_redis(redis_url):
    cache = ResilientRedisCache(redis_url, {"OPTIONS": {"socket_connect_timeout": 0.25}})
    cache.set("questions", ["q1", "q2"], 30)
    assert cache.get("questions") == ["q1", "q2"]
    assert cache.add("count", 1, 30) is True
    assert cache.incr("count") == 2
    cache.delete_many(["questions", "count"])
    assert cache.get("count") is None


def test_settings_use_it_with_short_timeouts_when_redis_url_is_set():
    printed = django_process_output(
        "from django.conf import settings; import json; "
        "print(json.dumps(settings.CACHES['default']))",
        REDIS_URL=CLOSED,
    )
    found = json.loads(printed)
    assert found["BACKEND"] == "config.cache.ResilientRedisCache"
    assert found["LOCATION"] == CLOSED
    assert found["OPTIONS"]["socket_connect_timeout"] <= 0.5
    assert found["OPTIONS"]["socket_timeout"] <= 1
