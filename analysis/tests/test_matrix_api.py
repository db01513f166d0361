"""The matrix API: who may read and save queries, bad input answered with 400 and
nothing saved, results served at once when current and 202 while being counted, and
the segments behind a cell."""

import pytest

from analysis import services
from analysis.models import MatrixQuery


def _url(study, path: str) -> str:
    return f"/api/v1/studies/{study.slug}/matrix-queries/{path}"


def _body(known, **fields) -> dict:
    return {"name": "Themes by role", "rows": [{"node": known.theme.pk, "below": True}],
            **fields}  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [("lead", 200, 201), ("coder", 200, 201), ("viewer", 200, 403), ("consent_admin", 403, 403),
     ("outsider", 404, 404)],
)  # fmt: skip
def test_analysts_save_queries_viewers_read_and_outsiders_see_nothing(
    api_as, personas, persona, read, write, study, known
):
    client = api_as(personas[persona])
    assert client.get(_url(study, "")).status_code == read
    answer = client.post(_url(study, ""), _body(known), format="json")
    assert answer.status_code == write
    assert MatrixQuery.objects.exists() == (write == 201)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rows": []}, "rows"),
        ({"rows": [{"node": 10**6}]}, "rows"),
        ({"columns": "weather"}, "columns"),
        ({"columns": "attribute"}, "attribute"),
        ({"filters": {"sites": [10**6]}}, "filters"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_is_a_400_with_details_and_saves_nothing(api_as, lead, study, known, fields,
                                                           field):  # fmt: skip
    answer = api_as(lead).post(_url(study, ""), _body(known, **fields), format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not MatrixQuery.objects.exists()


def test_a_current_result_comes_back_at_once_with_labels(
    api_as, lead, study, known, django_capture_on_commit_callbacks
):
    client = api_as(lead)
    created = client.post(_url(study, ""), _body(known), format="json").json()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_url(study, f"{created['id']}/result/"))
    answer = client.get(_url(study, f"{created['id']}/result/"))
    assert answer.status_code == 200
    body = answer.json()
    assert body["current"] and body["status"] == "done"
    assert body["counts"]["total"] == [3, 2, 15]
    mhw = study.roles.get(code="MHW")
    assert {"key": str(mhw.pk), "label": f"{mhw.label} (MHW)"} in body["columns"]
    assert body["rows"] == [{"key": str(known.theme.pk), "label": "Control over money (and below)"}]


def test_a_result_being_counted_is_a_202_to_ask_again(api_as, lead, study, known, monkeypatch):
    monkeypatch.setattr(services, "task_enqueue", lambda **kwargs: None)  # no worker
    client = api_as(lead)
    created = client.post(_url(study, ""), _body(known), format="json").json()
    answer = client.get(_url(study, f"{created['id']}/result/"))
    assert answer.status_code == 202
    assert answer.json()["status"] == "queued" and not answer.json()["current"]


def test_a_cell_lists_its_segments_with_pseudonyms_and_quotes(api_as, viewer, lead, study, known):
    query = services.matrix_query_create(
        actor=lead, study=study, name="q", rows=[{"node": known.theme.pk, "below": True}]
    )
    mhw = study.roles.get(code="MHW").pk
    answer = api_as(viewer).get(
        _url(study, f"{query.pk}/cell/"), {"node": known.theme.pk, "column": mhw}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2 and not body["truncated"]
    assert {s["pseudonym"] for s in body["segments"]} == {"MHW1"}
    assert body["segments"][0]["quote"].endswith("(MHW1)")


def test_a_cell_of_a_node_that_is_no_row_is_a_400(api_as, lead, study, known):
    query = services.matrix_query_create(
        actor=lead, study=study, name="q", rows=[{"node": known.theme.pk, "below": True}]
    )
    answer = api_as(lead).get(_url(study, f"{query.pk}/cell/"), {"node": known.team.pk})
    assert answer.status_code == 400 and "node" in answer.json()


def test_a_dyad_comparisons_cell_lists_one_dyads_two_accounts(api_as, lead, study, known):
    query = services.matrix_query_create(
        actor=lead, study=study, name="Dyads", kind="dyads",
        rows=[{"node": known.theme.pk, "below": True}],
    )  # fmt: skip
    dyad = known.worker.dyad_as_worker
    answer = api_as(lead).get(
        _url(study, f"{query.pk}/cell/"), {"node": known.theme.pk, "dyad": dyad.pk}
    )
    assert answer.status_code == 200
    assert {s["pseudonym"] for s in answer.json()["segments"]} == {"MHW1", "SU1"}
    assert answer.json()["count"] == 3
    other_study = api_as(lead).get(
        _url(study, f"{query.pk}/cell/"), {"node": known.theme.pk, "dyad": 10**6}
    )
    assert other_study.status_code == 400 and "dyad" in other_study.json()


def test_a_cooccurrence_cell_lists_both_nodes_segments_where_they_meet(api_as, lead, study, known):
    query = services.matrix_query_create(
        actor=lead, study=study, name="Together", kind="cooccurrence", scope="overlap",
        rows=[{"node": known.money.pk}, {"node": known.safety.pk}],
    )  # fmt: skip
    answer = api_as(lead).get(
        _url(study, f"{query.pk}/cell/"), {"node": known.money.pk, "other": known.safety.pk}
    )
    assert answer.status_code == 200
    texts = {s["text"] for s in answer.json()["segments"]}
    # MHW1's two overlapping segments; SU1's "Money" overlaps nothing.
    assert texts == {"She wanted her money back", "her money back from the appointee"}
