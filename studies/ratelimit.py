"""How many bad personal-link tokens an address has sent lately, so that links cannot be
found by trying many.

The count lives in the default cache: Redis when REDIS_URL is set, so every web process
adds to the same number; otherwise the process's own memory, which is the whole count
for the embedded default's single process (see README: several processes need Redis).
"""

from django.core.cache import cache

BAD_TOKENS_ALLOWED = 20
BAD_TOKEN_WINDOW_SECONDS = 600


def _key(address: str) -> str:
    return f"bad-link-tokens:{address}"


def bad_token_seen(*, address: str) -> bool:
    """Counts one bad token from `address`; True once the address has sent more than
    BAD_TOKENS_ALLOWED in the current window.

    The first bad token opens a fixed window: `add` sets its expiry once, and `incr`
    (one atomic INCR in Redis) moves the count on without extending it.
    """
    key = _key(address)
    count = 1
    if not cache.add(key, count, BAD_TOKEN_WINDOW_SECONDS):
        try:
            count = cache.incr(key)
        except ValueError:
            # The window ended between the two calls, or the cache cannot be reached (a
            # resilient cache answers as for a missing key): this token opens a new one.
            cache.add(key, count, BAD_TOKEN_WINDOW_SECONDS)
    return count > BAD_TOKENS_ALLOWED
