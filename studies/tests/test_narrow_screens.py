"""Team pages on a phone: a chart drawn for its width, and tables a keyboard can scroll."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_it_draws_the_recruitment_chart_for_a_phone_as_well(client, lead, study):
    client.force_login(lead)
    html = client.get(reverse("recruitment-board", args=[study.slug])).content.decode()
    boxes = re.findall(r'<svg [^>]*viewBox="0 0 (\d+) \d+"', html)
    assert sorted(boxes) == ["360", "640"]
    assert html.index('class="chart-wide"') < html.index('class="chart-narrow"')


def test_it_lets_a_keyboard_reach_every_table_that_may_scroll_sideways():
    # A region that scrolls must take focus, or keyboard users cannot see its far columns.
    unreachable = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for tag in re.findall(r'<div class="table-wrap"[^>]*>', template.read_text()):
            if 'tabindex="0"' not in tag or 'role="region"' not in tag or "aria-label" not in tag:
                unreachable.append(f"{template.name}: {tag}")
    assert unreachable == []
