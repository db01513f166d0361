from django import template
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from ..markdown import render

register = template.Library()


@register.filter
def support(source: str) -> SafeString:
    """Support contacts as a participant reads them: Markdown, with numbers to tap."""
    return render(source or "", contact_links=True)


@register.filter
def period(months: int | None) -> str:
    """A retention period as people say it: "10 years", "18 months", "1 year"."""
    if not months:
        return ""
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
