"""The dyad comparison on hand-made data with known answers, its page and the drill-down
that puts a dyad's two accounts side by side.

Beside conftest.py's dyad (MHW1, coded under Money and Safety, and SU1 under Money),
MHW2 (a transcript, nothing coded) nominates SU2, who is coded under Money; MHW3 is
coded under Safety but their service user SU3 has no transcript yet."""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analysis import dyads, services
from analysis.models import MatrixQuery
from coding import services as coding_services
from coding.tests.conftest import code_words, make_transcript
from studies import services as study_services
from studies.models import Dyad


@dataclass
class Dyads:
    first: Dyad  # MHW1 and SU1
    second: Dyad  # MHW2 and SU2
    third: Dyad  # MHW3 and SU3 (no transcript)


@pytest.fixture
def pairs(study, lead, coder, known) -> Dyads:
    second = study_services.participant_nominate(actor=lead, worker=known.quiet_worker)
    code_words(coder, make_transcript(study, lead, second.service_user), known.money, "We agreed")
    mhw3 = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    code_words(coder, make_transcript(study, lead, mhw3), known.safety, "I felt it was safe")
    third = study_services.participant_nominate(actor=lead, worker=mhw3)
    return Dyads(Dyad.objects.get(worker=known.worker), second, third)


def _query(study, known, **fields) -> MatrixQuery:
    rows = [
        {"node": known.money.pk, "below": False},
        {"node": known.safety.pk, "below": False},
        {"node": known.team.pk, "below": False},
        {"node": known.theme.pk, "below": True},
    ]
    return MatrixQuery.objects.create(study=study, name="Dyads", kind="dyads", rows=rows, **fields)


def test_each_cell_counts_the_worker_and_the_service_user_apart(study, known, pairs):
    counts = dyads.count(_query(study, known))
    first, second = str(pairs.first.pk), str(pairs.second.pk)
    assert counts["cells"][str(known.money.pk)] == {first: [1, 1], second: [0, 1]}
    assert counts["cells"][str(known.safety.pk)] == {first: [1, 0], str(pairs.third.pk): [1, 0]}
    assert str(known.team.pk) not in counts["cells"]


def test_a_row_with_everything_below_counts_each_side_once_per_segment(study, known, pairs):
    counts = dyads.count(_query(study, known))
    # MHW1's two overlapping segments (Money, Safety) and SU1's one.
    assert counts["cells"][str(known.theme.pk)][str(pairs.first.pk)] == [2, 1]


def test_the_summary_says_where_dyads_converge_diverge_or_are_both_silent(study, known, pairs):
    summary = dyads.count(_query(study, known))["summary"]
    assert summary[str(known.money.pk)] == {
        "both": 1, "worker": 0, "service_user": 1, "neither": 0, "missing": 1,
    }  # fmt: skip
    assert summary[str(known.safety.pk)] == {
        "both": 0, "worker": 1, "service_user": 0, "neither": 1, "missing": 1,
    }  # fmt: skip
    assert summary[str(known.team.pk)] == {
        "both": 0, "worker": 0, "service_user": 0, "neither": 2, "missing": 1,
    }  # fmt: skip


def test_a_dyad_with_one_account_not_open_for_coding_is_not_counted_as_diverging(
    study, known, pairs
):
    counts = dyads.count(_query(study, known))
    # MHW3 is coded under Safety, but SU3 has no transcript: nothing to compare yet.
    assert counts["open"][str(pairs.third.pk)] == ["worker"]
    assert counts["summary"][str(known.safety.pk)]["worker"] == 1  # MHW1's dyad only


def test_the_coder_filter_narrows_both_sides(study, known, pairs, lead):
    counts = dyads.count(_query(study, known, filters={"coders": [lead.pk]}))
    # Only the lead's Safety segment on MHW1 remains (under the theme too).
    only = {str(pairs.first.pk): [1, 0]}
    assert counts["cells"] == {str(known.safety.pk): only, str(known.theme.pk): only}


def test_a_transcript_coded_independently_is_left_out(study, known, pairs, lead):
    coding_services.transcript_coding_set(
        actor=lead, transcript=known.service_user_transcript, independent=True
    )
    counts = dyads.count(_query(study, known))
    assert counts["cells"][str(known.money.pk)][str(pairs.first.pk)] == [1, 0]
    assert counts["open"][str(pairs.first.pk)] == ["worker"]


# --- The page and the drill-down ------------------------------------------------------------


@pytest.fixture
def built(study, lead, known, pairs, django_capture_on_commit_callbacks):
    query = services.matrix_query_create(
        actor=lead, study=study, name="Dyads of control", kind="dyads",
        rows=[{"node": known.money.pk}, {"node": known.safety.pk}],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.matrix_request(actor=lead, query=query)
    return query


def test_the_page_shows_each_dyad_with_its_cells_and_the_summary(client, study, viewer, built):
    client.force_login(viewer)
    page = client.get(reverse("matrix", args=[study.slug, built.pk])).content.decode()
    assert "MHW1 – SU1" in page and "MHW2 – SU2" in page and "MHW3 – SU3" in page
    assert "Converge: both coded" in page
    assert "Not comparable" in page
    assert reverse("matrix-dyad-cell", args=[study.slug, built.pk]) in page


def _cell(client, study, query, **params):
    return client.get(reverse("matrix-dyad-cell", args=[study.slug, query.pk]), params)


def test_a_cell_puts_the_two_accounts_side_by_side(client, study, viewer, built, known, pairs):
    client.force_login(viewer)
    answer = _cell(client, study, built, node=known.money.pk, dyad=pairs.first.pk)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert page.index("She wanted her money back") < page.index("We agreed a plan")
    assert '<h2 id="dyad-1">Dyad MHW1 and SU1</h2>' in page
    assert "MHW2" not in page  # another dyad


def test_a_column_without_a_dyad_opens_every_dyad_side_by_side(client, study, viewer, built,
                                                                known):  # fmt: skip
    client.force_login(viewer)
    page = _cell(client, study, built, node=known.money.pk).content.decode()
    assert "She wanted her money back" in page and "MHW2 and SU2" in page


def test_a_node_outside_the_query_is_not_found(client, study, viewer, built, known):
    client.force_login(viewer)
    assert _cell(client, study, built, node=known.team.pk).status_code == 404


def test_a_dyad_of_another_study_is_not_found(client, study, viewer, built, known, outsider):
    theirs = outsider.memberships.get().study
    worker = study_services.participant_add(
        actor=outsider, study=theirs, role=theirs.roles.get(code="MHW"), site=None
    )
    other = study_services.participant_nominate(actor=outsider, worker=worker)
    client.force_login(viewer)
    for dyad in (other.pk, "x"):
        assert _cell(client, study, built, node=known.money.pk, dyad=dyad).status_code == 404


def test_a_member_of_another_study_sees_nothing(client, study, built, known, pairs, outsider):
    client.force_login(outsider)
    assert _cell(client, study, built, node=known.money.pk, dyad=pairs.first.pk).status_code == 404


def test_independent_coding_hides_another_coders_segments(client, study, coder, lead, built,
                                                          known, pairs):  # fmt: skip
    coding_services.transcript_coding_set(
        actor=lead, transcript=known.worker_transcript, independent=True
    )
    client.force_login(coder)
    page = _cell(client, study, built, node=known.safety.pk, dyad=pairs.first.pk).content.decode()
    assert "her money back from the appointee" not in page  # the lead's, coded blind


def test_a_cell_is_read_in_the_same_number_of_queries_however_many_segments(
    client, study, viewer, coder, built, known, pairs, django_assert_num_queries
):
    client.force_login(viewer)
    params = {"node": known.money.pk, "dyad": pairs.first.pk}
    # The first request also loads the session and what is cached once per login.
    _cell(client, study, built, **params)
    with CaptureQueriesContext(connection) as first:
        _cell(client, study, built, **params)
    code_words(coder, known.worker_transcript, known.money, "I felt it was safe")
    code_words(coder, known.service_user_transcript, known.money, "step by step")
    with django_assert_num_queries(len(first.captured_queries)):
        page = _cell(client, study, built, **params).content.decode()
    assert "step by step" in page
