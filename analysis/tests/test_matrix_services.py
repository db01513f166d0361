"""Saving matrix queries (bad input refused, nothing stored) and asking for results:
built once, served again while nothing changed, stale after each kind of change, and
a build that dies half-way leaves the previous result whole."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from analysis import matrix, services
from analysis.models import MatrixQuery, MatrixResult
from coding import services as coding_services
from coding.tests.conftest import code_words
from interviews import services as interview_services
from studies import services as study_services


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Asks for a result as a page does, running the build queued at commit inline (as
    the embedded default does), and returns the result as it then stands."""

    def ask(actor, query) -> MatrixResult:
        with django_capture_on_commit_callbacks(execute=True):
            services.matrix_request(actor=actor, query=query)
        return MatrixResult.objects.get(query=query)

    return ask


def _create(actor, study, known, **fields):
    fields.setdefault("name", "Themes by role")
    fields.setdefault("rows", [{"node": known.theme.pk, "below": True}])
    return services.matrix_query_create(actor=actor, study=study, **fields)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rows": []}, "rows"),
        ({"rows": [{"node": 999999}]}, "rows"),
        ({"rows": "theme"}, "rows"),
        ({"name": "  "}, "name"),
        ({"name": "Bad\x07name"}, "name"),
        ({"columns": "colour"}, "columns"),
        ({"columns": "attribute"}, "attribute"),
        ({"measure": "volume"}, "measure"),
        ({"kind": "pie"}, "kind"),
        ({"kind": "cooccurrence", "scope": "galaxy"}, "scope"),
        ({"filters": {"sites": [999999]}}, "filters"),
        ({"filters": {"weather": "rain"}}, "filters"),
        ({"filters": {"coded_from": "yesterday"}}, "filters"),
        ({"filters": {"coded_from": "2026-02-01", "coded_to": "2026-01-01"}}, "filters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    study, lead, known, fields, field
):
    with pytest.raises(ValidationError) as refused:
        _create(lead, study, known, **fields)
    assert field in refused.value.message_dict
    assert not MatrixQuery.objects.exists()


def test_nodes_of_another_study_are_refused(study, lead, known, outsider):
    theirs = coding_services.node_create(
        actor=outsider, study=outsider.memberships.get().study, name="Theirs"
    )
    with pytest.raises(ValidationError, match="Not nodes of this study"):
        _create(lead, study, known, rows=[{"node": theirs.pk}])


def test_a_question_nobody_answered_cannot_be_the_columns(study, lead, known):
    question = study_services.attribute_create(
        actor=lead, study=study, label="Housing", kind="single", choices=["Own", "Rent"]
    )
    with pytest.raises(ValidationError, match="No participant has answered"):
        _create(lead, study, known, columns="attribute", attribute=question)


@pytest.mark.parametrize(
    "bands",
    [
        [{"label": "A", "min": 0, "max": 10}, {"label": "B", "min": 5, "max": 20}],  # overlap
        [{"label": "A", "min": 0, "max": 10}, {"label": "B", "min": 12, "max": 20}],  # gap
        [{"label": "A", "min": 10, "max": 0}],  # reversed
        [{"label": "A", "min": 0, "max": None}, {"label": "B", "min": 5, "max": 9}],  # open
        [{"label": "", "min": 0, "max": 10}],
    ],
)
def test_overlapping_gapped_or_malformed_bands_are_refused(study, lead, known, bands):
    years = study_services.attribute_create(actor=lead, study=study, label="Years", kind="number")
    study_services.attribute_values_save(
        actor=lead, participant=known.worker, answers={years.pk: "4"}
    )
    with pytest.raises(ValidationError) as refused:
        _create(lead, study, known, columns="attribute", attribute=years, bands=bands)
    assert "bands" in refused.value.message_dict
    assert not MatrixQuery.objects.exists()


def test_a_viewer_reads_results_but_may_not_save_queries(ask, study, lead, viewer, known):
    with pytest.raises(PermissionDenied):
        _create(viewer, study, known)
    query = _create(lead, study, known)
    assert ask(viewer, query).status == "done"


def test_an_outsider_may_not_ask_for_a_result(ask, study, lead, outsider, known):
    query = _create(lead, study, known)
    with pytest.raises(Http404):
        ask(outsider, query)


def test_asking_again_while_nothing_changed_returns_the_stored_result_without_counting(
    ask, study, lead, known, django_assert_max_num_queries
):
    query = _create(lead, study, known)
    first = ask(lead, query)
    assert first.status == "done" and first.counts["total"] == [3, 2, 15]
    with django_assert_max_num_queries(4):
        again = ask(lead, query)
    assert again.built_at == first.built_at


def _stale_after(ask, change, study, lead, query) -> bool:
    built = ask(lead, query).fingerprint
    change()
    wanted = matrix.fingerprint(query, matrix.study_state(study.pk))
    return wanted != built


def test_each_kind_of_change_makes_the_result_stale(ask, study, lead, coder, known):
    query = _create(lead, study, known)
    changes = {
        "a segment": lambda: code_words(coder, known.worker_transcript, known.team, "step by step"),
        "a node": lambda: coding_services.node_update(
            actor=lead, node=known.team, version=known.team.version, name="Team work"
        ),
        "a transcript version": lambda: interview_services.transcript_correct(
            actor=lead, transcript=known.service_user_transcript, position=0,
            base_version=known.service_user_transcript.version, text="How was it, then?",
            note="clearer",
        ),
        "an answer on the form": lambda: study_services.attribute_values_save(
            actor=lead, participant=known.worker,
            answers={study_services.attribute_create(
                actor=lead, study=study, label="Age", kind="number").pk: "40"},
        ),
        "a withdrawal": lambda: study_services.withdrawal_record(
            actor=lead, participant=known.quiet_worker, choice="keep"
        ),
        "a new participant": lambda: study_services.participant_add(
            actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
        ),
    }  # fmt: skip
    for name, change in changes.items():
        assert _stale_after(ask, change, study, lead, query), name


def test_a_changed_query_is_counted_again(ask, study, lead, known):
    query = _create(lead, study, known)
    ask(lead, query)
    services.matrix_query_update(actor=lead, query=query, columns="coder")
    result = ask(lead, query)
    assert set(result.counts["cells"][str(known.theme.pk)]) == {
        str(known.worker_transcript.segments.first().coder_id),
        *(str(pk) for pk in known.worker_transcript.segments.values_list("coder_id", flat=True)),
    }


def test_a_measure_switch_needs_no_rebuild(ask, study, lead, known):
    query = _create(lead, study, known)
    built = ask(lead, query)
    services.matrix_query_update(actor=lead, query=query, measure="row_percent")
    assert ask(lead, query).built_at == built.built_at


def test_two_requests_for_the_same_stale_matrix_queue_one_build(
    ask, study, lead, known, monkeypatch
):
    query = _create(lead, study, known)
    queued = []
    monkeypatch.setattr(services, "task_enqueue", lambda **kw: queued.append(kw))
    ask(lead, query)
    ask(lead, query)
    assert len(queued) == 1
    assert MatrixResult.objects.get(query=query).status == "queued"


def test_a_build_that_dies_half_way_leaves_the_previous_result_whole(
    ask, study, lead, coder, known, monkeypatch
):
    query = _create(lead, study, known)
    before = ask(lead, query)
    code_words(coder, known.worker_transcript, known.team, "step by step")

    def dies(_query):
        raise MemoryError("killed")

    monkeypatch.setattr(matrix, "count", dies)
    with pytest.raises(MemoryError):
        ask(lead, query)
    after = MatrixResult.objects.get(query=query)
    assert after.counts == before.counts and after.fingerprint == before.fingerprint
    assert after.status == "failed" and "counting failed" in after.error
    monkeypatch.undo()
    assert ask(lead, query).status == "done"
