from django import template
from django.utils.safestring import SafeString

from .. import reading
from ..markdown import render

register = template.Library()


@register.filter
def markdown(source: str) -> SafeString:
    return render(source or "")


@register.filter
def timestamp(ms: int | None) -> str:
    """Milliseconds into the recording as hh:mm:ss."""
    return reading.timestamp(ms)
