"""UTF-16 positions from the browser and code points on the server; carrying segments
from one text to the next (no database)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.offsets import (
    OffsetError,
    carry_segments,
    code_point_to_utf16,
    utf16_table,
    utf16_to_code_point,
)

# "I 😀 felt 𝒮afe" : the emoji and the script S each take two UTF-16 units.
MIXED = "I \U0001f600 felt \U0001d4aeafe"


def test_it_converts_utf16_positions_after_non_bmp_characters():
    # JavaScript: "I 😀 felt".length is 9, and the code point length is 8.
    assert utf16_to_code_point(MIXED, 9) == 8
    assert code_point_to_utf16(MIXED, 8) == 9
    assert MIXED[utf16_to_code_point(MIXED, 5) : utf16_to_code_point(MIXED, 9)] == "felt"


def test_it_round_trips_every_code_point_position():
    for position in range(len(MIXED) + 1):
        assert utf16_to_code_point(MIXED, code_point_to_utf16(MIXED, position)) == position


def test_it_refuses_a_position_between_the_halves_of_an_emoji():
    with pytest.raises(OffsetError, match="inside a character"):
        utf16_to_code_point(MIXED, 3)  # after the emoji's high surrogate


def test_it_refuses_positions_outside_the_text():
    with pytest.raises(OffsetError):
        utf16_to_code_point(MIXED, len(MIXED.encode("utf-16-le")) // 2 + 1)
    with pytest.raises(OffsetError):
        utf16_to_code_point("plain", -1)
    with pytest.raises(OffsetError):
        code_point_to_utf16(MIXED, len(MIXED) + 1)


def test_it_converts_many_positions_in_one_table_as_one_at_a_time_would():
    positions = list(range(len(MIXED) + 1))
    assert utf16_table(MIXED, positions) == {p: code_point_to_utf16(MIXED, p) for p in positions}


def test_it_keeps_a_segment_whose_words_are_unchanged_at_its_new_offsets():
    old = "Interviewer: How was it?\n\nMHW1: It felt safe to let her try."
    new = "Interviewer: How was that week?\n\nMHW1: It felt safe to let her try."
    start = old.index("felt safe")
    (carried,) = carry_segments(old, new, [(start, start + len("felt safe"))])
    assert new[carried.start : carried.end] == "felt safe"
    assert carried.start == new.index("felt safe")
    assert not carried.changed


def test_it_moves_a_segment_whose_words_changed_to_what_replaced_them_and_flags_it():
    old = "MHW1: She wanted her money back from the appointee."
    new = "MHW1: She wanted her own bank account back from the appointee."
    start = old.index("money")
    (carried,) = carry_segments(old, new, [(start, start + len("money back"))])
    assert carried.changed
    assert new[carried.start : carried.end] == "own bank account back"


def test_it_keeps_a_segment_whose_words_were_all_deleted_on_the_nearest_word():
    old = "MHW1: We talked. Then nothing at all happened. Later we met."
    new = "MHW1: We talked. Later we met."
    start = old.index("Then")
    (carried,) = carry_segments(old, new, [(start, old.index(" Later"))])
    assert carried.changed
    assert carried.end > carried.start
    assert new[carried.start : carried.end] == "Later"


# --- The property: random edits never lose a segment; untouched words keep it ----------
#
# With repeated words an edit can be explained more than one way ("a a" less one "a":
# which went?), and no comparison of two texts can tell which; so the property about
# untouched words is checked on texts whose words are each unique (numbered, some with
# characters outside the BMP), while the one about losing nothing runs on repeated words.

REPEATED = ["risk", "care", "she", "the", "😀", "𝒮afe", "a", ".", ","]
STEMS = ["risk", "care", "she", "😀", "𝒮afe", "money"]


def _unique_words(count: int, first: int) -> list[str]:
    return [f"{STEMS[n % len(STEMS)]}{n}" for n in range(first, first + count)]


@st.composite
def _edit(draw, text_length: int, fresh: list[str]):
    """One edit: replace [a, b) of the text with new words, or delete it, or insert."""
    a = draw(st.integers(0, text_length))
    b = draw(st.integers(a, min(text_length, a + 12)))
    inserted = draw(st.one_of(st.just(""), st.just(" " + " ".join(fresh) + " ")))
    return a, b, inserted


def _run_edits(data, text: str, *, unique: bool):
    segments = []
    for _ in range(data.draw(st.integers(1, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, min(len(text), start + 20)))
        segments.append((start, end, text[start:end]))
    for step in range(data.draw(st.integers(1, 5))):
        fresh = _unique_words(2, 1000 * (step + 1)) if unique else ["care", "a"]
        a, b, inserted = data.draw(_edit(len(text), fresh))
        new = text[:a] + inserted + text[b:]
        if not new.strip():
            continue
        carried = carry_segments(text, new, [(s, e) for s, e, _ in segments])
        assert len(carried) == len(segments)  # none dropped
        following = []
        for (start, end, words), place in zip(segments, carried, strict=True):
            assert 0 <= place.start < place.end <= len(new)
            untouched = end <= a or start >= b if a < b else end <= a or start >= a
            if unique and untouched:
                assert not place.changed
                assert new[place.start : place.end] == words
            following.append((place.start, place.end, new[place.start : place.end]))
        text, segments = new, following


@settings(max_examples=300, deadline=None)
@given(data=st.data(), count=st.integers(4, 40))
def test_random_edit_sequences_never_lose_a_segment_and_unchanged_words_keep_it(data, count):
    _run_edits(data, " ".join(_unique_words(count, 0)), unique=True)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), words=st.lists(st.sampled_from(REPEATED), min_size=4, max_size=40))
def test_random_edits_of_repetitive_text_never_lose_a_segment(data, words):
    _run_edits(data, " ".join(words), unique=False)
