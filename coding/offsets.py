"""Offsets into transcript text, without Django.

The server counts Unicode code points (Python string indices); a browser's selection
counts UTF-16 code units, where a character outside the Basic Multilingual Plane (most
emoji, some scripts) takes two. Positions are converted here, at the edge, and a
position between the two halves of such a character is refused rather than rounded.

The carry-over maps segments from one version of a transcript to the next: the texts
are compared word by word (difflib), unchanged words keep their segments at their new
offsets, and a segment whose words changed goes to the best match and is flagged. No
segment is ever dropped.
"""

import bisect
import difflib
import re
from dataclasses import dataclass

_BMP_MAX = "\uffff"


class OffsetError(ValueError):
    """A position that is not a place in the text."""


def _has_astral(text: str) -> bool:
    return bool(text) and max(text) > _BMP_MAX


def utf16_to_code_point(text: str, position: int) -> int:
    """The code point index of a UTF-16 position in `text`."""
    if position < 0:
        raise OffsetError("A position cannot be negative.")
    if not _has_astral(text):
        if position > len(text):
            raise OffsetError("This position is past the end of the text.")
        return position
    encoded = text.encode("utf-16-le")
    if position * 2 > len(encoded):
        raise OffsetError("This position is past the end of the text.")
    try:
        return len(encoded[: position * 2].decode("utf-16-le"))
    except UnicodeDecodeError:
        # The prefix ends with the first half of a surrogate pair.
        raise OffsetError(
            "This position falls inside a character (between the two halves of an emoji "
            "or another character outside the Basic Multilingual Plane)."
        ) from None


def code_point_to_utf16(text: str, position: int) -> int:
    """The UTF-16 position of a code point index in `text`."""
    if not 0 <= position <= len(text):
        raise OffsetError("This position is outside the text.")
    if not _has_astral(text):
        return position
    return position + sum(1 for ch in text[:position] if ch > _BMP_MAX)


def utf16_table(text: str, positions: list[int]) -> dict[int, int]:
    """Many code point positions in UTF-16, in one pass over the text (a list of a
    transcript's segments converts thousands of offsets)."""
    if not _has_astral(text):
        return {p: p for p in positions}
    astral = [index for index, ch in enumerate(text) if ch > _BMP_MAX]
    return {p: p + bisect.bisect_left(astral, p) for p in positions}


# --- Carry-over ------------------------------------------------------------------------

# Words, runs of spaces, and single other characters (punctuation): every character
# belongs to exactly one token, so token boundaries are character offsets.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Carried:
    start: int
    end: int
    changed: bool  # its words are not the same: it went to the best match


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and of the common suffix (not overlapping it)."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, suffix


class OffsetMap:
    """Where each place in `old` went in `new`.

    The common prefix and suffix are matched directly (a correction of one turn touches
    nothing else); the middle is compared as tokens, so difflib's work stays in
    proportion to what changed and its matches fall on word boundaries. `blocks` are
    (old start, new start, length) runs of identical characters, in order."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        prefix, suffix = _common_ends(old, new)
        old_mid, new_mid = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
        blocks = [(0, 0, prefix)] if prefix else []
        if old_mid and new_mid:
            old_tokens, new_tokens = _TOKEN.findall(old_mid), _TOKEN.findall(new_mid)
            old_at = _starts(old_tokens, prefix)
            new_at = _starts(new_tokens, prefix)
            matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=True)
            for i, j, size in matcher.get_matching_blocks():
                if size:
                    blocks.append((old_at[i], new_at[j], old_at[i + size] - old_at[i]))
        if suffix:
            blocks.append((len(old) - suffix, len(new) - suffix, suffix))
        self.blocks = blocks
        self._old_starts = [b[0] for b in blocks]

    def _block_at(self, position: int) -> int:
        """The index of the last block starting at or before `position`, or -1."""
        return bisect.bisect_right(self._old_starts, position) - 1

    def start(self, position: int) -> int:
        """Where the character at `position` went; a changed character maps to the start
        of what replaced it."""
        index = self._block_at(position)
        if index >= 0:
            old_start, new_start, size = self.blocks[index]
            if position < old_start + size:
                return new_start + position - old_start
            return new_start + size  # in a change after this block
        return 0

    def end(self, position: int) -> int:
        """Where the end of a range ending at `position` went; in a change, the end of
        what replaced it."""
        if position == 0:
            return 0
        index = self._block_at(position - 1)
        if index >= 0:
            old_start, new_start, size = self.blocks[index]
            if position <= old_start + size:
                return new_start + position - old_start
        following = index + 1
        if following < len(self.blocks):
            return self.blocks[following][1]
        return len(self.new)

    def carry(self, start: int, end: int) -> Carried:
        """Where the segment `[start, end)` of the old text belongs in the new one."""
        words = self.old[start:end]
        low, high = self.start(start), max(self.end(end), self.start(start))
        if self.new[low:high] == words:
            return Carried(low, high, False)
        found = self._nearby_copy(words, low, high)
        if found is not None:
            return Carried(found, found + len(words), False)
        return Carried(*_best_match(self.new, low, high), True)

    def _nearby_copy(self, words: str, low: int, high: int) -> int | None:
        """Where an intact copy of `words` starts in or just around the mapped region.

        Repeated words and spaces can be aligned more than one way ("a a" less one "a":
        which went?), and difflib may put a change inside, or just beside, a range whose
        words all survived. An identical copy within one segment's length of where the
        map put it is those words; the one nearest to `low` is taken."""
        if not words:
            return None
        found = self.new.find(words, low, high)
        if found >= 0:
            return found
        reach = len(words)
        window_start, window_end = max(0, low - reach), min(len(self.new), high + reach)
        candidates = []
        at = self.new.find(words, window_start, window_end)
        while at >= 0:
            candidates.append(at)
            at = self.new.find(words, at + 1, window_end)
        return min(candidates, key=lambda c: abs(c - low)) if candidates else None


def _starts(tokens: list[str], offset: int) -> list[int]:
    """Each token's start offset, and the end of the last."""
    starts = [offset]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    return starts


def _best_match(text: str, low: int, high: int) -> tuple[int, int]:
    """A non-empty range for a segment whose words changed: what they became, without
    the spaces at its edges, or (when they were deleted) the nearest word."""
    while low < high and text[low].isspace():
        low += 1
    while high > low and text[high - 1].isspace():
        high -= 1
    if low < high:
        return low, high
    after = re.compile(r"\S+").search(text, low)
    if after:
        return after.start(), after.end()
    before = [m for m in re.finditer(r"\S+", text[:low])]
    if before:
        return before[-1].start(), before[-1].end()
    # A text of only spaces: keep one character, so the segment still exists.
    position = min(low, max(len(text) - 1, 0))
    return position, min(position + 1, len(text))


def carry_segments(old: str, new: str, ranges: list[tuple[int, int]]) -> list[Carried]:
    """Each `[start, end)` of `old`, carried to `new`, in the same order."""
    if old == new:
        return [Carried(start, end, False) for start, end in ranges]
    offset_map = OffsetMap(old, new)
    return [offset_map.carry(start, end) for start, end in ranges]
