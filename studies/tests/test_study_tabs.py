"""The study's tabs: each role sees only the tabs it may open, and a refusal keeps them."""

import re

import pytest
from django.urls import reverse

ROLES = ["lead", "researcher", "coder", "consent_admin", "viewer"]
STUDY_NAV = re.compile(r'<nav aria-label="Study" class="study-tabs">(.*?)</nav>', re.S)
TAB = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


def tabs_on(response) -> list[tuple[str, bool, str]]:
    nav = STUDY_NAV.search(response.content.decode())
    assert nav, "the page has no study tabs"
    return [(href, bool(current), label) for href, current, label in TAB.findall(nav.group(1))]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_opens_every_tab_a_role_is_shown(client, personas, study, role):
    client.force_login(personas[role])
    tabs = tabs_on(client.get(reverse("study-dashboard", args=[study.slug])))
    assert len(tabs) >= 7
    for href, _current, label in tabs:
        response = client.get(href)
        assert response.status_code == 200, (
            f"{role}: the {label} tab answers {response.status_code}"
        )


@pytest.mark.django_db
def test_it_hides_the_tabs_a_consent_admin_cannot_open(client, consent_admin, study):
    client.force_login(consent_admin)
    labels = [label for _href, _current, label in tabs_on(client.get(f"/studies/{study.slug}/"))]
    assert "Sample" not in labels
    assert "Sessions" not in labels and "Transcripts" not in labels
    assert "Redaction log" in labels and "Consent" in labels


@pytest.mark.django_db
def test_it_marks_the_tab_of_a_page_under_it_as_current(client, lead, study, worker):
    client.force_login(lead)
    tabs = tabs_on(client.get(reverse("participant-contact", args=[study.slug, worker.pk])))
    assert [label for _href, current, label in tabs if current] == ["Participants"]


@pytest.mark.django_db
def test_it_keeps_the_study_tabs_on_a_refusal(client, consent_admin, study):
    client.force_login(consent_admin)
    response = client.get(reverse("study-sample", args=[study.slug]))
    assert response.status_code == 403
    labels = [label for _href, _current, label in tabs_on(response)]
    assert "Overview" in labels and "Sample" not in labels
    assert "Consent admin" in response.content.decode()
