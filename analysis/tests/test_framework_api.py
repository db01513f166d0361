"""The framework and saturation API: who may read and write, summaries saved with
their version (a stale one answered 409 with the current text), bad input as 400 with
field errors, query counts pinned on the lists, and saturation as JSON."""

import pytest

from analysis import services_framework as services
from analysis.models import Framework, FrameworkSummary


def _url(study, tail: str = "") -> str:
    return f"/api/v1/studies/{study.slug}/frameworks/{tail}"


@pytest.fixture
def framework(study, lead, known):
    return services.framework_create(
        actor=lead, study=study, name="By participant",
        themes=[{"node": known.theme.pk, "below": True}],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [("lead", 200, 201), ("coder", 200, 201), ("viewer", 200, 403), ("outsider", 404, 404)],
)
def test_analysts_save_frameworks_viewers_read_and_outsiders_see_nothing(
    api_as, personas, persona, read, write, study, known
):
    client = api_as(personas[persona])
    assert client.get(_url(study)).status_code == read
    body = {"name": "Themes", "cases": "dyads", "themes": [{"node": known.theme.pk}]}
    assert client.post(_url(study), body, format="json").status_code == write
    assert Framework.objects.exists() == (write == 201)


def test_themes_of_another_study_are_a_field_error(api_as, lead, outsider, study):
    from coding import services as coding_services

    theirs = coding_services.node_create(
        actor=outsider, study=outsider.memberships.get().study, name="Theirs"
    )
    answer = api_as(lead).post(
        _url(study), {"name": "X", "themes": [{"node": theirs.pk}]}, format="json"
    )
    assert answer.status_code == 400 and "themes" in answer.json()


def test_a_summary_is_saved_and_a_stale_one_answered_409(
    api_as, study, framework, known, coder, lead
):
    url = _url(study, f"{framework.pk}/summaries/")
    body = {"node": known.theme.pk, "participant": known.worker.pk, "text": "First.", "version": 0}
    saved = api_as(coder).post(url, body, format="json")
    assert saved.status_code == 200 and saved.json()["version"] == 1
    stale = api_as(lead).post(url, {**body, "text": "Over it."}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["text"] == "First."
    assert "coder saved this summary" in stale.json()["version"][0]
    assert FrameworkSummary.objects.get().text == "First."


def test_a_viewer_may_not_write_a_summary(api_as, study, framework, known, viewer):
    body = {"node": known.theme.pk, "participant": known.worker.pk, "text": "No.", "version": 0}
    answer = api_as(viewer).post(_url(study, f"{framework.pk}/summaries/"), body, format="json")
    assert answer.status_code == 403
    assert not FrameworkSummary.objects.exists()


def test_a_dyad_is_required_in_a_framework_of_dyads(api_as, study, lead, known):
    dyads = services.framework_create(
        actor=lead, study=study, name="Dyads", cases="dyads", themes=[{"node": known.theme.pk}]
    )
    body = {"node": known.theme.pk, "participant": known.worker.pk, "text": "x", "version": 0}
    answer = api_as(lead).post(_url(study, f"{dyads.pk}/summaries/"), body, format="json")
    assert answer.status_code == 400 and "dyad" in answer.json()


def test_summaries_list_with_history_in_a_fixed_number_of_queries(
    api_as, study, framework, known, coder, lead, django_assert_num_queries
):
    for person in (known.worker, known.service_user, known.quiet_worker):
        services.summary_save(
            actor=coder, framework=framework, node=known.theme, participant=person,
            text="One.", version=0,
        )  # fmt: skip
        services.summary_save(
            actor=lead, framework=framework, node=known.theme, participant=person,
            text="Two.", version=1,
        )  # fmt: skip
    client = api_as(lead)
    # membership, framework, summaries with editors, versions, their editors
    with django_assert_num_queries(5):
        answer = client.get(_url(study, f"{framework.pk}/summaries/"))
    rows = answer.json()
    assert len(rows) == 3 and [v["version"] for v in rows[0]["versions"]] == [2, 1]


def test_frameworks_list_in_a_fixed_number_of_queries(
    api_as, study, lead, known, django_assert_num_queries
):
    for name in ("A", "B", "C"):
        services.framework_create(
            actor=lead, study=study, name=name, themes=[{"node": known.theme.pk}]
        )
    client = api_as(lead)
    with django_assert_num_queries(3):  # membership, the count, frameworks with authors
        assert len(client.get(_url(study)).json()["results"]) == 3


def test_saturation_as_json(api_as, study, known, viewer):
    answer = api_as(viewer).get(f"/api/v1/studies/{study.slug}/saturation/")
    body = answer.json()
    assert answer.status_code == 200
    assert [s["pseudonym"] for s in body["transcripts"]] == ["MHW1", "SU1"]
    assert body["transcripts"][-1]["cumulative"] == 2 and body["left_out"] == 0
