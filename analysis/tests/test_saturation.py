"""Saturation on hand-made data with known answers: transcripts in the order they were
first coded, new codes where each code's first segment is, the running total, a
transcript coded independently left out (and said so), and the chart drawn on the
server as PNG and SVG."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse

from analysis.saturation import saturation_steps
from coding import services as coding_services
from coding.models import CodedSegment
from coding.tests.conftest import code_words, make_transcript
from studies import services as study_services

DAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Coded:
    first: object
    second: object
    third: object
    hidden: object


def _at(segment, days: int) -> None:
    CodedSegment.objects.filter(pk=segment.pk).update(
        created_at=DAY + datetime.timedelta(days=days)
    )


@pytest.fixture
def coded(study, lead, coder, worker):
    """Day 1: MHW1 coded with A and B. Day 2: SU1 with A and C. Day 3: MHW2 with A and
    B. Day 4: C added to MHW1 (not new: SU1 had it first). Day 0: D on MHW3, a
    transcript coded independently."""

    def node(name):
        return coding_services.node_create(actor=lead, study=study, name=name)

    a, b, c, d = node("A"), node("B"), node("C"), node("D")
    first = make_transcript(study, lead, worker)
    _at(code_words(coder, first, a, "She wanted her money back"), 1)
    _at(code_words(coder, first, b, "I felt it was safe"), 1)
    _at(code_words(coder, first, c, "We agreed a plan"), 4)
    user = study_services.participant_nominate(actor=lead, worker=worker).service_user
    second = make_transcript(study, lead, user)
    _at(code_words(coder, second, c, "I felt it was safe"), 2)
    _at(code_words(coder, second, a, "We agreed a plan"), 2)
    mhw = study.roles.get(code="MHW")
    third = make_transcript(
        study, lead, study_services.participant_add(actor=lead, study=study, role=mhw, site=None)
    )
    _at(code_words(lead, third, a, "She wanted her money back"), 3)
    _at(code_words(lead, third, b, "step by step"), 3)
    hidden = make_transcript(
        study, lead, study_services.participant_add(actor=lead, study=study, role=mhw, site=None)
    )
    _at(code_words(coder, hidden, d, "step by step"), 0)
    coding_services.transcript_coding_set(actor=lead, transcript=hidden, independent=True)
    return Coded(first, second, third, hidden)


def test_transcripts_come_in_the_order_they_were_first_coded(study, coded):
    steps = saturation_steps(study)
    assert [s.transcript_id for s in steps] == [coded.first.pk, coded.second.pk, coded.third.pk]
    assert [s.pseudonym for s in steps] == ["MHW1", "SU1", "MHW2"]
    assert steps[0].first_coded == DAY + datetime.timedelta(days=1)


def test_a_code_is_new_where_its_first_segment_is(study, coded):
    steps = saturation_steps(study)
    assert [(s.segments, s.codes, s.new_codes, s.cumulative) for s in steps] == [
        (3, 3, 2, 2),  # A, B new; C used here first on day 4, after SU1
        (2, 2, 1, 3),  # C new
        (2, 2, 0, 3),  # nothing new: saturated
    ]


def test_a_transcript_coded_independently_is_left_out(study, coded):
    assert coded.hidden.pk not in {s.transcript_id for s in saturation_steps(study)}


def test_it_reads_in_one_statement(study, coded, django_assert_num_queries):
    with django_assert_num_queries(1):
        saturation_steps(study)


def test_nothing_coded_gives_no_steps(study, lead):
    assert saturation_steps(study) == []


def test_the_page_shows_the_table_the_chart_and_what_was_left_out(client, study, coded, viewer):
    client.force_login(viewer)
    page = client.get(reverse("saturation", args=[study.slug])).content.decode()
    assert reverse("saturation-svg", args=[study.slug]) in page
    assert "1 transcript is being coded independently and left out" in page
    assert page.count('<td class="number">3</td>') >= 2


@pytest.mark.parametrize(
    ("name", "start"), [("saturation-png", b"\x89PNG"), ("saturation-svg", b"<?xml")]
)
def test_the_chart_is_drawn_on_the_server(client, study, coded, viewer, name, start):
    client.force_login(viewer)
    answer = client.get(reverse(name, args=[study.slug]), {"download": "1"})
    assert answer.status_code == 200
    assert answer.content.startswith(start)
    assert "attachment" in answer["Content-Disposition"]


def test_an_outsider_sees_no_saturation(client, study, coded, outsider):
    client.force_login(outsider)
    assert client.get(reverse("saturation", args=[study.slug])).status_code == 404
    assert client.get(reverse("saturation-png", args=[study.slug])).status_code == 404


def test_the_csv_needs_export(client, study, coded, coder, lead):
    client.force_login(coder)
    assert client.get(reverse("saturation-download", args=[study.slug])).status_code == 403
    client.force_login(lead)
    lines = client.get(reverse("saturation-download", args=[study.slug])).content.decode()
    assert lines.splitlines()[1].startswith(f"1,MHW1,{coded.first.pk},")
