from django import template
from django.utils.safestring import SafeString

from studies.markdown import render

from .. import reading

register = template.Library()


@register.filter
def markdown(source: str) -> SafeString:
    return render(source or "")


@register.filter
def timestamp(ms: int | None) -> str:
    """Milliseconds into the recording as hh:mm:ss."""
    return reading.timestamp(ms)
