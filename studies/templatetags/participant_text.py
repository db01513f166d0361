from django import template
from django.utils.safestring import SafeString

from ..markdown import render

register = template.Library()


@register.filter
def support(source: str) -> SafeString:
    """Support contacts as a participant reads them: Markdown, with numbers to tap."""
    return render(source or "", contact_links=True)
