"""The limit on bad personal-link tokens: counted per address in the shared cache (Redis
when configured, so every web process adds to one count), and never in the way of a
participant whose token is valid."""

import threading

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from studies import services
from studies.ratelimit import BAD_TOKEN_WINDOW_SECONDS, BAD_TOKENS_ALLOWED, bad_token_seen
from tests.fixtures import django_process_output

ATTACKER = "203.0.113.7"


def _open(client, token: str, address: str):
    return client.get(reverse("participant-enter", args=[token]), REMOTE_ADDR=address)


def _exhaust(client, address: str) -> None:
    for number in range(BAD_TOKENS_ALLOWED):
        assert _open(client, f"guess-{number}", address).status_code == 404
    assert _open(client, "guess-again", address).status_code == 429


@pytest.fixture
def token(lead, worker):
    return services.link_issue(actor=lead, participant=worker)[1]


def test_it_serves_a_valid_link_from_an_address_over_the_limit(client, token):
    _exhaust(client, ATTACKER)
    response = _open(client, token, ATTACKER)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_it_counts_each_address_on_its_own(client, db):
    _exhaust(client, ATTACKER)
    assert _open(client, "guess-elsewhere", "198.51.100.20").status_code == 404


def test_a_cache_that_is_down_neither_refuses_nor_fails_a_bad_token(client, settings, token):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    for number in range(BAD_TOKENS_ALLOWED + 5):
        assert _open(client, f"guess-{number}", ATTACKER).status_code == 404
    assert _open(client, token, ATTACKER).status_code == 302


# --- In Redis -----------------------------------------------------------------------


@pytest.fixture
def shared_redis(redis_url, settings):
    """The default cache on the test Redis, as settings make it with REDIS_URL; and a
    plain client to look at what lands there."""
    import redis

    settings.CACHES = {
        "default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": redis_url}
    }
    cache.clear()
    client = redis.Redis.from_url(redis_url)
    yield client
    cache.clear()
    client.close()


def _count_in_redis(client, address: str) -> tuple[int, int]:
    """The count Redis holds for `address`, and the milliseconds its window has left."""
    key = cache.make_key(f"bad-link-tokens:{address}")
    return int(client.get(key) or 0), client.pttl(key)


@pytest.mark.services
def test_it_keeps_the_count_in_redis_with_the_window_as_expiry(shared_redis):
    bad_token_seen(address=ATTACKER)
    count, left = _count_in_redis(shared_redis, ATTACKER)
    assert count == 1
    assert BAD_TOKEN_WINDOW_SECONDS * 1000 - 5000 < left <= BAD_TOKEN_WINDOW_SECONDS * 1000


@pytest.mark.services
def test_it_counts_without_extending_the_window(shared_redis):
    bad_token_seen(address=ATTACKER)
    shared_redis.pexpire(cache.make_key(f"bad-link-tokens:{ATTACKER}"), 5000)
    bad_token_seen(address=ATTACKER)
    count, left = _count_in_redis(shared_redis, ATTACKER)
    assert count == 2
    assert 0 < left <= 5000


@pytest.mark.services
def test_it_loses_no_count_when_many_requests_come_at_once(shared_redis):
    """Each thread has its own cache connection, as each web process would."""

    def send_five() -> None:
        for _ in range(5):
            bad_token_seen(address=ATTACKER)
        caches["default"].close()

    threads = [threading.Thread(target=send_five) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _count_in_redis(shared_redis, ATTACKER)[0] == 40


@pytest.mark.services
def test_another_process_adds_to_the_same_count(shared_redis, redis_url):
    for _ in range(BAD_TOKENS_ALLOWED):
        bad_token_seen(address=ATTACKER)
    printed = django_process_output(
        "from studies.ratelimit import bad_token_seen; "
        f"print(bad_token_seen(address={ATTACKER!r}))",
        REDIS_URL=redis_url,
    )
    assert printed == "True"  # the 21st, over the limit
    assert _count_in_redis(shared_redis, ATTACKER)[0] == BAD_TOKENS_ALLOWED + 1
