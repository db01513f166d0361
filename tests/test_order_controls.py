"""The Up/Down controls of the information form's and the vignettes' tables: only where a
row can move, inside a cell that stays a table cell so the columns line up."""

import re

import pytest
from django.urls import reverse

from interviews.services import authoring
from studies.services import information_form

ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)


def moves_by_row(html: str, labels: list[str]) -> dict[str, set[str]]:
    """For each row naming one of `labels`, the moves it offers ("Up", "Down")."""
    found = {}
    for row in ROW.findall(html):
        label = next((label for label in labels if label in row), None)
        if label is not None:
            found[label] = {move for move in ("Up", "Down") if f">{move}<span" in row}
    return found


@pytest.mark.django_db
def test_it_offers_vignette_moves_only_where_a_vignette_can_move(client, lead, study):
    titles = ["Crisis at night", "Missed appointment", "A new medication", "An old story"]
    for title in titles:
        vignette = authoring.vignette_create(actor=lead, study=study, title=title, text="Words.")
    authoring.vignette_archive(actor=lead, vignette=vignette)
    client.force_login(lead)
    html = client.get(reverse("vignettes", args=[study.slug])).content.decode()

    assert moves_by_row(html, titles) == {
        "Crisis at night": {"Down"},
        "Missed appointment": {"Up", "Down"},
        "A new medication": {"Up"},
        "An old story": set(),  # archived: out of the order
    }
    assert '<td class="row-actions"' not in html


@pytest.mark.django_db
def test_it_offers_question_moves_only_where_a_question_can_move(client, lead, study):
    labels = ["Age in years", "Years in service", "Gender"]
    for label in labels:
        information_form.attribute_create(actor=lead, study=study, label=label, kind="text")
    client.force_login(lead)
    html = client.get(reverse("study-attributes", args=[study.slug])).content.decode()

    assert moves_by_row(html, labels) == {
        "Age in years": {"Down"},
        "Years in service": {"Up", "Down"},
        "Gender": {"Up"},
    }
    assert '<td class="row-actions"' not in html
