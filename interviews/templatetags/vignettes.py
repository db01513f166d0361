from django import template
from django.utils.safestring import SafeString

from ..markdown import render

register = template.Library()


@register.filter
def markdown(source: str) -> SafeString:
    return render(source or "")
