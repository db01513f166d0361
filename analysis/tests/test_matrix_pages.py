"""The matrix pages as people use them: saving a query from the form (with field errors
for bad input), the matrix shown once counted (or a progress note that polls), the
measure switch and transpose, a cell opening to its quotes, and who may do what."""

import pytest
from django.urls import reverse

from analysis import services
from analysis.models import MatrixQuery


@pytest.fixture
def query(study, lead, known, django_capture_on_commit_callbacks):
    """A saved query, counted: its build is queued at commit, which a test's
    transaction never reaches, so it runs here as the embedded default runs it."""
    query = services.matrix_query_create(
        actor=lead, study=study, name="Themes by role",
        rows=[{"node": known.theme.pk, "below": True}, {"node": known.money.pk}],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.matrix_request(actor=lead, query=query)
    return query


def _page(client, study, query, **params) -> str:
    address = reverse("matrix", args=[study.slug, query.pk])
    answer = client.get(address, params)
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_coder_saves_a_query_from_the_form_and_lands_on_its_matrix(client, study, coder, known):
    client.force_login(coder)
    answer = client.post(
        reverse("matrices", args=[study.slug]),
        {"name": "Control by role", "kind": "matrix", "columns": "role",
         "measure": "segments", "scope": "overlap",
         f"row_{known.theme.pk}": "on", f"below_{known.theme.pk}": "on"},
    )  # fmt: skip
    query = MatrixQuery.objects.get(name="Control by role")
    assert answer.status_code == 302 and answer.url.endswith(f"/matrices/{query.pk}/")
    assert query.rows == [{"node": known.theme.pk, "below": True}]


def test_the_form_shows_what_is_wrong_and_saves_nothing(client, study, coder, known):
    client.force_login(coder)
    answer = client.post(
        reverse("matrices", args=[study.slug]),
        {"name": "<b>No rows</b>", "kind": "matrix", "columns": "attribute",
         "measure": "segments", "scope": "overlap", "bands": "nonsense"},
    )  # fmt: skip
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "write a band as" in page
    assert not MatrixQuery.objects.exists()
    answer = client.post(
        reverse("matrices", args=[study.slug]),
        {"name": "No rows", "kind": "matrix", "columns": "role", "measure": "segments",
         "scope": "overlap"},
    )  # fmt: skip
    assert "Choose at least one node for the rows." in answer.content.decode()
    assert not MatrixQuery.objects.exists()


def test_the_matrix_shows_counts_with_totals_and_links_to_each_cell(client, study, viewer, query,
                                                                    known):  # fmt: skip
    client.force_login(viewer)
    page = _page(client, study, query)
    assert "Control over money (and below)" in page
    assert "Mental health worker" in page or "(MHW)" in page
    cell = reverse("matrix-cell", args=[study.slug, query.pk])
    assert f'href="{cell}?node={known.theme.pk}&amp;column=' in page
    assert 'class="number total">3<' in page  # the theme's three segments
    assert "Change the query" not in page  # a viewer reads only


def test_a_measure_switch_and_transpose_show_the_same_counts_differently(client, study, viewer,
                                                                         query):  # fmt: skip
    client.force_login(viewer)
    percent = _page(client, study, query, measure="row_percent")
    assert "67%" in percent and "33%" in percent  # the theme: 2 of 3 from workers
    swapped = _page(client, study, query, transpose="1")
    assert "rows and columns swapped" in swapped


def test_a_cell_opens_to_its_quotes_with_pseudonyms(client, study, viewer, query, known):
    client.force_login(viewer)
    mhw = study.roles.get(code="MHW").pk
    answer = client.get(
        reverse("matrix-cell", args=[study.slug, query.pk]),
        {"node": known.theme.pk, "column": mhw},
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "She wanted her money back" in page
    assert "her money back from the appointee" in page
    assert "We agreed a plan" not in page  # the service user's, another column
    assert "MHW1" in page


def test_a_row_that_is_not_in_the_query_is_not_found(client, study, viewer, query, known):
    client.force_login(viewer)
    answer = client.get(
        reverse("matrix-cell", args=[study.slug, query.pk]), {"node": known.team.pk}
    )
    assert answer.status_code == 404


def test_an_outsider_sees_nothing_of_the_study(client, study, outsider, query):
    client.force_login(outsider)
    for name in ("matrices", "matrix", "matrix-cell", "matrix-edit"):
        args = [study.slug] if name == "matrices" else [study.slug, query.pk]
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_a_viewer_may_not_change_or_delete_a_query(client, study, viewer, query):
    client.force_login(viewer)
    assert client.get(reverse("matrix-edit", args=[study.slug, query.pk])).status_code == 403
    assert client.post(reverse("matrix-delete", args=[study.slug, query.pk])).status_code == 403
    assert MatrixQuery.objects.filter(pk=query.pk).exists()


def test_while_it_is_counted_the_page_polls_for_the_result(client, study, viewer, query,
                                                           monkeypatch):  # fmt: skip
    monkeypatch.setattr(services, "task_enqueue", lambda **kwargs: None)  # no worker
    query.filters = {"coded_from": "2020-01-01"}  # the stored result is now stale
    query.save()
    client.force_login(viewer)
    page = _page(client, study, query)
    assert 'hx-trigger="every 1s"' in page and "being counted" in page


def test_cases_in_rows_against_nodes_list_every_participant_who_could_be_coded(
    client, study, lead, viewer, known, django_capture_on_commit_callbacks
):
    query = services.matrix_query_create(
        actor=lead, study=study, name="Cases", columns="case",
        rows=[{"node": known.theme.pk, "below": True}],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.matrix_request(actor=lead, query=query)
    client.force_login(viewer)
    page = _page(client, study, query, transpose="1")
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    for pseudonym in ("MHW1", "SU1", known.quiet_worker.pseudonym):
        assert f'<th scope="row">{pseudonym}</th>' in rows


def test_the_share_of_participants_under_a_vignette_is_of_everyone_who_could_be_coded(
    client, study, lead, viewer, known, django_capture_on_commit_callbacks
):
    query = services.matrix_query_create(
        actor=lead, study=study, name="By coder", columns="coder",
        rows=[{"node": known.theme.pk, "below": True}],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.matrix_request(actor=lead, query=query)
    client.force_login(viewer)
    page = _page(client, study, query, measure="column_share")
    # The coder coded MHW1 and SU1: 2 of the 3 participants with a transcript open.
    assert "67%" in page and "–</td>" not in page
