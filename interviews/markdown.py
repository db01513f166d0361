"""A small, safe Markdown for vignettes and support text: paragraphs, line breaks,
*emphasis*, **strong** and bulleted lists. Everything is escaped first, so no HTML a
writer types can reach a participant's page; the few tags made here are the only ones."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])[*_](?=\S)(.+?)(?<=\S)[*_](?![*\w])")
_BULLET = re.compile(r"^\s*[-*]\s+")


def _inline(text: str) -> str:
    text = _STRONG.sub(r"<strong>\1</strong>", escape(text))
    return _EMPHASIS.sub(r"<em>\1</em>", text)


def render(source: str) -> SafeString:
    blocks = re.split(r"\n\s*\n", source.replace("\r\n", "\n").strip())
    html = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(_inline(line.strip()) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - built from escaped text only
