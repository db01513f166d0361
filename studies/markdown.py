"""A small, safe Markdown for vignettes and support text: paragraphs, line breaks,
*emphasis*, **strong** and bulleted lists; in support text, phone numbers and email
addresses become links a phone can follow. Everything is escaped first, so no HTML a
writer types can reach a participant's page; the few tags made here are the only ones."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])[*_](?=\S)(.+?)(?<=\S)[*_](?![*\w])")
_BULLET = re.compile(r"^\s*[-*]\s+")
# A phone number: digits with spaces, dashes or brackets between, at least eight digits.
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ()\-]{6,}\d(?![\w])")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?<![.])")


def _phone_link(match: re.Match) -> str:
    number = match.group(0)
    digits = re.sub(r"\D", "", number)
    if len(digits) < 8 or _DATE.fullmatch(number.strip()):
        return number
    return f'<a href="tel:{"+" if number.startswith("+") else ""}{digits}">{number}</a>'


def _contact_links(html: str) -> str:
    html = _EMAIL.sub(lambda m: f'<a href="mailto:{m.group(0)}">{m.group(0)}</a>', html)
    return _PHONE.sub(_phone_link, html)


def _inline(text: str) -> str:
    text = _STRONG.sub(r"<strong>\1</strong>", escape(text))
    return _EMPHASIS.sub(r"<em>\1</em>", text)


def render(source: str, *, contact_links: bool = False) -> SafeString:
    """The HTML for `source`; with `contact_links`, phone numbers and email addresses are
    links (support contacts), never in vignettes, whose numbers are part of a story."""
    inline = (lambda text: _contact_links(_inline(text))) if contact_links else _inline
    blocks = re.split(r"\n\s*\n", source.replace("\r\n", "\n").strip())
    html = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{inline(_BULLET.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(inline(line.strip()) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - built from escaped text only
