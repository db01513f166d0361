import random
from collections import Counter
from itertools import pairwise

import pytest

from interviews.ordering import (
    fixed_order,
    next_counterbalanced_order,
    random_order,
    williams_orders,
)


def _assign(count: int, participants: int) -> list[tuple[int, ...]]:
    orders: list[tuple[int, ...]] = []
    for _ in range(participants):
        orders.append(next_counterbalanced_order(count, orders))
    return orders


def _position_counts(orders):
    return Counter((item, position) for order in orders for position, item in enumerate(order))


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6])
def test_the_design_puts_every_vignette_equally_often_in_every_position(count):
    rows = williams_orders(count)
    assert all(sorted(row) == list(range(count)) for row in rows)
    counts = _position_counts(rows)
    assert len(set(counts.values())) == 1 and len(counts) == count * count


@pytest.mark.parametrize("count", [3, 4, 5, 6])
def test_every_vignette_follows_every_other_equally_often(count):
    pairs = Counter(pair for row in williams_orders(count) for pair in pairwise(row))
    assert len(pairs) == count * (count - 1)
    assert len(set(pairs.values())) == 1


def test_five_vignettes_need_ten_orders():
    assert len(williams_orders(5)) == 10


@pytest.mark.parametrize("participants", [8, 16])
def test_positions_stay_within_one_of_each_other_for_the_sample_sizes_we_use(participants):
    counts = _position_counts(_assign(5, participants))
    assert len(counts) == 25  # every vignette has been in every position
    assert max(counts.values()) - min(counts.values()) <= 1


def test_ten_participants_give_perfect_balance():
    counts = _position_counts(_assign(5, 10))
    assert set(counts.values()) == {2}


def test_an_abandoned_sessions_order_is_given_again():
    completed = _assign(5, 3)
    abandoned = next_counterbalanced_order(5, completed)
    # The abandoned session is not counted, so the next participant gets its order.
    assert next_counterbalanced_order(5, completed) == abandoned
    assert abandoned not in completed


def test_random_and_fixed_orders_contain_every_vignette_once():
    assert sorted(random_order(5, random.Random(1))) == [0, 1, 2, 3, 4]
    assert fixed_order(5) == (0, 1, 2, 3, 4)
