"""The co-occurrence matrix on hand-made data with known answers, in each scope, its
page and the passages behind a cell.

MHW1 talks about two vignettes, SU1 (MHW1's dyad) about the first, and MHW2 (in no
dyad) outside any vignette:

    MHW1, vignette 1, one turn:  Money "She wanted her money back" overlapping
                                 Safety "money back. It felt safe"
    MHW1, vignette 2, one turn:  Team "The team would help her", Money "Moving out"
    SU1, vignette 1, one turn:   Money "I want my money", Safety "Nobody trusts me"
                                 (apart, not overlapping)
    MHW2, no vignette, one turn: Money "Money and safety" overlapping
                                 Safety "safety go together"
"""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analysis import cooccurrence, services
from analysis.models import MatrixQuery
from coding import services as coding_services
from coding.models import CodedSegment, Node
from coding.tests.conftest import code_words
from interviews import services as interview_services
from studies import services as study_services
from tests.factories import give_consent

Turn = interview_services.Turn


@dataclass
class Codes:
    money: Node
    safety: Node
    team: Node
    control: Node  # a category above Money and Safety


def _transcript(study, lead, participant, turns):
    give_consent(participant, lead)
    transcript = interview_services.transcript_create(
        actor=lead, participant=participant, source="txt", turns=turns
    )
    interview_services.transcript_mark_ready(actor=lead, transcript=transcript)
    transcript.refresh_from_db()
    return transcript


@pytest.fixture
def codes(study, lead, coder, worker) -> Codes:
    def node(name, kind="code", parent=None):
        return coding_services.node_create(
            actor=lead, study=study, name=name, kind=kind, parent=parent
        )

    control = node("Control", "category")
    money, safety, team = (
        node("Money", parent=control),
        node("Safety", parent=control),
        node("Team"),
    )
    first, second = (
        interview_services.vignette_create(actor=lead, study=study, title=title, text="A story.")
        for title in ("Money back", "Moving out")
    )
    mhw1 = _transcript(study, lead, worker, [
        Turn("Interviewer", "What happens next?", first.pk),
        Turn("MHW1", "She wanted her money back. It felt safe to me.", first.pk),
        Turn("Interviewer", "And now?", second.pk),
        Turn("MHW1", "Moving out is risky. The team would help her.", second.pk),
    ])  # fmt: skip
    code_words(coder, mhw1, money, "She wanted her money back")
    code_words(coder, mhw1, safety, "money back. It felt safe")
    code_words(coder, mhw1, team, "The team would help her")
    code_words(coder, mhw1, money, "Moving out")
    su1 = study_services.participant_nominate(actor=lead, worker=worker).service_user
    su = _transcript(study, lead, su1, [
        Turn("Interviewer", "What happens next?", first.pk),
        Turn("SU1", "I want my money. Nobody trusts me.", first.pk),
    ])  # fmt: skip
    code_words(coder, su, money, "I want my money")
    code_words(coder, su, safety, "Nobody trusts me")
    mhw2 = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    alone = _transcript(study, lead, mhw2, [Turn("MHW2", "Money and safety go together here.")])
    code_words(coder, alone, money, "Money and safety")
    code_words(coder, alone, safety, "safety go together")
    return Codes(money, safety, team, control)


def _counts(study, codes, scope, rows=None):
    rows = rows or [{"node": codes.money.pk}, {"node": codes.safety.pk}, {"node": codes.team.pk}]
    query = MatrixQuery.objects.create(
        study=study, name=scope, kind="cooccurrence", scope=scope, rows=rows
    )
    return cooccurrence.count(query)["cells"]


def _matrix(cells, codes) -> list[list[int]]:
    """The cells as a table: Money, Safety, Team both ways."""
    keys = [str(codes.money.pk), str(codes.safety.pk), str(codes.team.pk)]
    return [[cells.get(row, {}).get(column, 0) for column in keys] for row in keys]


def test_overlap_counts_pairs_of_overlapping_segments_and_segments_on_the_diagonal(study, codes):
    assert _matrix(_counts(study, codes, "overlap"), codes) == [
        [4, 2, 0],  # MHW1's and MHW2's overlapping pairs; SU1's two do not touch
        [2, 3, 0],
        [0, 0, 1],
    ]


def test_turn_counts_the_speaker_turns_where_both_occur(study, codes):
    assert _matrix(_counts(study, codes, "turn"), codes) == [
        [4, 3, 1],  # a turn each of MHW1's, SU1's and MHW2's; Team beside Money once
        [3, 3, 0],
        [1, 0, 1],
    ]


def test_answer_counts_the_answers_to_a_vignette_and_leaves_out_talk_outside_them(study, codes):
    assert _matrix(_counts(study, codes, "answer"), codes) == [
        [3, 2, 1],  # MHW2 talked outside any vignette
        [2, 2, 0],
        [1, 0, 1],
    ]


def test_interview_counts_the_transcripts_where_both_occur(study, codes):
    assert _matrix(_counts(study, codes, "interview"), codes) == [
        [3, 3, 1],
        [3, 3, 1],
        [1, 1, 1],
    ]


def test_dyad_counts_the_dyads_whose_two_accounts_hold_both(study, codes):
    assert _matrix(_counts(study, codes, "dyad"), codes) == [
        [1, 1, 1],  # MHW1 and SU1; MHW2 is in no dyad
        [1, 1, 1],
        [1, 1, 1],
    ]


def test_a_row_with_everything_below_pairs_with_a_node_under_it(study, codes):
    rows = [{"node": codes.control.pk, "below": True}, {"node": codes.money.pk}]
    cells = _counts(study, codes, "overlap", rows)
    control, money = str(codes.control.pk), str(codes.money.pk)
    assert cells[control][control] == 7  # Money's four segments and Safety's three
    assert cells[control][money] == 2  # the Safety segments overlapping a Money one


# --- The page and the passages behind a cell -------------------------------------------------


@pytest.fixture
def built(study, lead, codes, django_capture_on_commit_callbacks):
    query = services.matrix_query_create(
        actor=lead, study=study, name="Together in a turn", kind="cooccurrence", scope="turn",
        rows=[{"node": codes.money.pk}, {"node": codes.safety.pk}, {"node": codes.team.pk}],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.matrix_request(actor=lead, query=query)
    return query


def _marked(words: str) -> str:
    """A quote's own words as the page marks them (its context is around them)."""
    return f'<mark class="quote-words">{words}</mark>'


def _cell(client, study, query, one, other):
    address = reverse("matrix-cooccurrence-cell", args=[study.slug, query.pk])
    return client.get(address, {"one": one.pk, "other": other.pk})


def test_the_page_shows_nodes_by_nodes_with_links_to_the_passages(client, study, viewer, built,
                                                                 codes):  # fmt: skip
    client.force_login(viewer)
    page = client.get(reverse("matrix", args=[study.slug, built.pk])).content.decode()
    cell = reverse("matrix-cooccurrence-cell", args=[study.slug, built.pk])
    assert f"{cell}?one={codes.money.pk}&amp;other={codes.safety.pk}" in page
    assert "speaker turns where both nodes occur" in page


def test_a_cell_opens_to_both_nodes_segments_where_they_occur_together(client, study, viewer,
                                                                      built, codes):  # fmt: skip
    client.force_login(viewer)
    answer = _cell(client, study, built, codes.money, codes.team)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert _marked("The team would help her") in page and _marked("Moving out") in page
    assert _marked("She wanted her money back") not in page  # Money, but in another turn


def test_the_diagonal_opens_to_the_node_segments(client, study, viewer, built, codes):
    client.force_login(viewer)
    page = _cell(client, study, built, codes.team, codes.team).content.decode()
    assert _marked("The team would help her") in page and _marked("Moving out") not in page


def test_a_dyad_scope_cell_puts_each_dyads_accounts_side_by_side(client, study, lead, viewer,
                                                                  codes):  # fmt: skip
    query = services.matrix_query_create(
        actor=lead, study=study, name="Together in a dyad", kind="cooccurrence", scope="dyad",
        rows=[{"node": codes.money.pk}, {"node": codes.team.pk}],
    )  # fmt: skip
    client.force_login(viewer)
    page = _cell(client, study, query, codes.money, codes.team).content.decode()
    assert '<h2 id="group-1">Dyad MHW1 and SU1</h2>' in page
    assert _marked("I want my money") in page  # SU1's, beside MHW1's Team
    assert _marked("Money and safety") not in page  # MHW2 is in no dyad


def test_the_passages_of_an_overlap_are_the_overlapping_segments(study, codes):
    query = MatrixQuery.objects.create(
        study=study, name="Overlap", kind="cooccurrence", scope="overlap",
        rows=[{"node": codes.money.pk}, {"node": codes.safety.pk}],
    )  # fmt: skip
    ids = cooccurrence.cell_segment_ids(query, one=str(codes.money.pk), other=str(codes.safety.pk))
    texts = {segment.text for segment in CodedSegment.objects.filter(pk__in=ids)}
    assert texts == {"She wanted her money back", "money back. It felt safe",
                     "Money and safety", "safety go together"}  # fmt: skip


def test_a_cell_of_a_node_outside_the_query_is_not_found(client, study, viewer, built, codes):
    client.force_login(viewer)
    assert _cell(client, study, built, codes.money, codes.control).status_code == 404


def test_a_member_of_another_study_sees_nothing(client, study, outsider, built, codes):
    client.force_login(outsider)
    assert _cell(client, study, built, codes.money, codes.safety).status_code == 404


def test_independent_coding_hides_another_coders_segments(client, study, lead, coder, built,
                                                          codes, worker):  # fmt: skip
    transcript = worker.transcripts.get()
    code_words(lead, transcript, codes.team, "Moving out is risky")
    coding_services.transcript_coding_set(actor=lead, transcript=transcript, independent=True)
    client.force_login(coder)
    page = _cell(client, study, built, codes.money, codes.team).content.decode()
    assert _marked("Moving out is risky") not in page


def test_co_occurrence_needs_two_nodes(study, lead, codes):
    with pytest.raises(ValidationError, match="two nodes"):
        services.matrix_query_create(
            actor=lead, study=study, name="Alone", kind="cooccurrence",
            rows=[{"node": codes.money.pk}],
        )  # fmt: skip
    assert not MatrixQuery.objects.exists()


def test_a_cell_is_read_in_the_same_number_of_queries_however_many_segments(
    client, study, viewer, coder, built, codes, worker, django_assert_num_queries
):
    client.force_login(viewer)
    # The first request also loads the session and what is cached once per login.
    _cell(client, study, built, codes.money, codes.safety)
    with CaptureQueriesContext(connection) as first:
        _cell(client, study, built, codes.money, codes.safety)
    transcript = worker.transcripts.get()
    code_words(coder, transcript, codes.safety, "She wanted")
    code_words(coder, transcript, codes.money, "It felt safe to me")
    with django_assert_num_queries(len(first.captured_queries)):
        page = _cell(client, study, built, codes.money, codes.safety).content.decode()
    assert _marked("It felt safe to me") in page
