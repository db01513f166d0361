"""The cache when Redis is configured: Redis, but a Redis that is down is a cache miss.

Nothing here lives only in the cache: the questions and the vignettes shown are read
again from the database, and the bad-token counter starts from nothing. So a Redis that
refuses, times out or is restarting must not turn a participant's page into a 500. Every
call that cannot reach Redis answers as if the key were absent (reads give the default,
writes do nothing) and says so in the log at most once a minute per process.

After a failure the process leaves Redis alone for a few seconds: an unreachable host
would otherwise cost the connect timeout on every cache call of every request.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Connection refused or reset, an unreachable host, a read that timed out, a Redis
# still loading its data: the server is not there for us. Other errors are bugs.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0


class _Outage:
    """When a location last failed and was last reported, shared by the process's
    threads (Django makes one cache object per thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.retry_at: dict[str, float] = {}
        self.warned_at: dict[str, float] = {}

    def skipping(self, location: str) -> bool:
        return time.monotonic() < self.retry_at.get(location, 0.0)

    def failed(self, location: str, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.retry_at[location] = now + RETRY_AFTER_SECONDS
            if now - self.warned_at.get(location, -WARN_EVERY_SECONDS) < WARN_EVERY_SECONDS:
                return
            self.warned_at[location] = now
        logger.warning(
            "Redis cache unavailable (%s: %s); reading from the database instead",
            type(error).__name__,
            error,
        )


outage = _Outage()


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, where an unreachable Redis behaves like an empty one.

    `incr` of a key that cannot be read raises ValueError, as Django's `incr` does for any
    missing key, so callers need only the handling they already have for that.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._location = ",".join(self._servers)

    def _or_miss(self, miss: Any, call, *args, **kwargs) -> Any:
        if outage.skipping(self._location):
            return miss
        try:
            return call(*args, **kwargs)
        except UNAVAILABLE as error:
            outage.failed(self._location, error)
            return miss

    def get(self, key, default=None, version=None):
        return self._or_miss(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or_miss({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or_miss(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or_miss(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._or_miss(None, super().delete_many, keys, version)

    def clear(self):
        return self._or_miss(False, super().clear)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._or_miss(missing, super().incr, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value
