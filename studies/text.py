"""Which characters a text may hold, shared by every app.

Word's own line break (U+000B) and other control characters are easily pasted from
another program. XML, and so every .docx and .xlsx file, cannot hold most of them even
escaped, so one such character in a study title used to break every Word export. Input
refuses them where they make no sense (`check_characters`), and every .docx and .xlsx
writer still passes its strings through `xml_safe`, for what was stored before.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

# XML 1.0 allows tab, line feed and carriage return of the C0 controls, no surrogates,
# and not the two noncharacters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LONG_TEXT_CONTROLS = frozenset("\t\n\r")


def xml_safe(text: str) -> str:
    """`text` without the characters an XML file cannot hold."""
    return _NOT_XML.sub("", text)


def _first_refused(text: str, *, long: bool) -> str | None:
    for char in text:
        if long and char in LONG_TEXT_CONTROLS:
            continue
        if unicodedata.category(char) in ("Cc", "Cs") or _NOT_XML.match(char):
            return char
    return None


def _message(char: str) -> str:
    if char in LONG_TEXT_CONTROLS:
        return "Keep this on one line: remove the line break or tab."
    name = f"U+{ord(char):04X}" + (", Word's line break" if char == "\x0b" else "")
    return (
        f"This holds an invisible control character ({name}), often pasted from another "
        "program: remove it and try again."
    )


def check_characters(
    *, lines: dict[str, str] | None = None, texts: dict[str, str] | None = None
) -> None:
    """Refuses control characters: anywhere in `lines` (titles, names, labels, keyed by
    field name), and in `texts` (long texts) all but tab and line breaks. Raises one
    ValidationError naming every field at fault."""
    errors = {}
    for long, fields in ((False, lines or {}), (True, texts or {})):
        for field, value in fields.items():
            char = _first_refused(value or "", long=long)
            if char is not None:
                errors[field] = _message(char)
    if errors:
        raise ValidationError(errors)
