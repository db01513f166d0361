"""Listeners told when a transcript gets a new version.

Apps above interviews keep data anchored in a transcript's text (coding's segments are
ranges of it) and must move that data when the text changes, but interviews may not
import them. Each such app registers a listener here from its AppConfig.ready; the
transcript services call every listener explicitly, inside their own transaction, right
after writing a new version, so the text and what is anchored in it change together or
not at all. Not a Django signal: the call is visible at the one place that makes it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Transcript


@dataclass(frozen=True)
class VersionWritten:
    transcript: Transcript
    old_text: str  # the text of the version before
    new_text: str
    number: int  # the new version's number
    kind: str  # VersionKind: corrected, redacted, vignettes, ...
    # A redaction's words and what replaced them: copies of the text kept elsewhere
    # (memos, the undo log) lose them too.
    redacted: str = ""
    replacement: str = ""


VersionListener = Callable[[VersionWritten], None]
_listeners: list[VersionListener] = []


def version_listener_add(listener: VersionListener) -> None:
    """Registers `listener` once (AppConfig.ready may run more than once in tests)."""
    if listener not in _listeners:
        _listeners.append(listener)


def version_written(change: VersionWritten) -> None:
    for listener in list(_listeners):
        listener(change)
