"""The order in which a session shows the vignettes: fixed, random, or counterbalanced.

Counterbalancing uses a Williams design, a balanced Latin square: over its rows every
vignette appears equally often in every position, and (for first-order carry-over)
every vignette follows every other equally often. For an odd number of vignettes the
square needs its mirror image too, so five vignettes give ten orders. Sessions take the
order used least so far among those that count (completed or under way); an abandoned
session does not count, so its order is given again.
"""

import random
from collections import Counter
from collections.abc import Iterable, Sequence

Order = tuple[int, ...]


def williams_orders(count: int) -> list[Order]:
    """The rows of a Williams design for `count` items, as orders of item indexes."""
    if count < 1:
        return []
    # First row 0, 1, n-1, 2, n-2, ...; the other rows add 1, 2, ... modulo n.
    first, low, high = [0], 1, count - 1
    while len(first) < count:
        first.append(low)
        low += 1
        if len(first) < count:
            first.append(high)
            high -= 1
    rows = [tuple((item + shift) % count for item in first) for shift in range(count)]
    if count % 2:
        rows += [tuple(reversed(row)) for row in rows]
    return rows


def next_counterbalanced_order(count: int, counted: Iterable[Sequence[int]]) -> Order:
    """The design's row used least among the `counted` orders (those of completed and
    active sessions of the same role), the earliest row on a tie."""
    rows = williams_orders(count)
    used = Counter(tuple(order) for order in counted)
    return min(rows, key=lambda row: (used[row], rows.index(row)))


def random_order(count: int, rng: random.Random | None = None) -> Order:
    order = list(range(count))
    (rng or random.SystemRandom()).shuffle(order)
    return tuple(order)


def fixed_order(count: int) -> Order:
    return tuple(range(count))
