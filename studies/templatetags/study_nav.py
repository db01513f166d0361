from django import template

from ..access import StudyAccess
from ..navigation import ShownTab, study_tabs

register = template.Library()


@register.simple_tag(takes_context=True)
def tabs_for(context, access: StudyAccess) -> list[ShownTab]:
    """The study's tabs this member may open; the current route marks the current one."""
    match = getattr(context.get("request"), "resolver_match", None)
    return study_tabs(access=access, url_name=(match.url_name or "") if match else "")
