"""The demo's coding: the codebook's shape, two coders' segments on exactly the words
its data file quotes, a trail with the merges and renames that built it, and a second
load that changes nothing."""

import pytest
from django.core.management import call_command

from coding.demo import CORRECTION, DemoDataError, demo_codebook, quote_span
from coding.models import CarryOver, CodebookEvent, CodedSegment, Memo, Node
from interviews.models import TranscriptStatus
from studies.demo import DEMO_STUDY_SLUG
from studies.models import Study


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Study.objects.get(slug=DEMO_STUDY_SLUG)


def _kinds(nodes) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.kind] = counts.get(node.kind, 0) + 1
    return counts


def test_it_builds_the_tree_from_codes_to_explanatory_themes(demo):
    nodes = {node.pk: node for node in Node.objects.filter(study=demo)}
    assert _kinds(nodes.values()) == {
        "code": 40, "category": 8, "descriptive_theme": 4, "explanatory_theme": 4,
        "sub_theme": 8,
    }  # fmt: skip
    parent_kind = {
        "code": "category", "category": "descriptive_theme",
        "descriptive_theme": "explanatory_theme", "sub_theme": "explanatory_theme",
    }  # fmt: skip
    for node in nodes.values():
        if node.kind == "explanatory_theme":
            assert node.parent_id is None
        else:
            assert nodes[node.parent_id].kind == parent_kind[node.kind], node.name


def test_it_codes_each_quote_on_exactly_its_words_by_two_coders(demo):
    data = demo_codebook()
    segments = CodedSegment.objects.filter(transcript__study=demo).select_related(
        "node", "transcript"
    )
    by_node: dict[str, set[str]] = {}
    for segment in segments:
        assert segment.transcript.text[segment.start : segment.end] == segment.text
        assert segment.transcript.status == TranscriptStatus.READY
        by_node.setdefault(segment.node.name, set()).add(segment.text)
    names = {spec["key"]: spec["name"] for spec in data["codes"]}
    expected: dict[str, set[str]] = {}
    for spec in data["codes"]:
        expected.setdefault(spec["name"], set()).update(q for _, q, *_ in spec["segments"])
    for spec in data["duplicates"]:  # merged into their target, words and all
        expected[names[spec["into"]]].update(q for _, q, *_ in spec["segments"])
    for theme in data["explanatory_themes"]:
        for sub in theme["sub_themes"]:
            expected[sub["name"]] = {q for _, q in sub["segments"]}
    for words in expected.values():  # the correction after coding changed some
        for quote in [q for q in words if CORRECTION["before"] in q]:
            words.discard(quote)
            words.add(quote.replace(CORRECTION["before"], CORRECTION["after"]))
    assert by_node == expected
    coders = set(segments.values_list("coder__username", flat=True))
    assert {"demo-coder", "demo-coder2"} <= coders
    assert segments.values("transcript").distinct().count() == 4


def test_it_records_a_trail_of_renames_merges_and_moves_with_memos(demo):
    kinds = set(CodebookEvent.objects.filter(study=demo).values_list("kind", flat=True))
    assert {"create", "rename", "define", "merge", "retype", "move"} <= kinds
    merge = CodebookEvent.objects.filter(study=demo, kind="merge").first()
    assert merge.why and merge.detail["source"]["name"] == "Tablet logistics for travel"
    memos = Memo.objects.filter(study=demo)
    assert memos.count() == len(demo_codebook()["memos"])
    assert memos.filter(segment__isnull=False).exists()
    assert memos.filter(node__isnull=False).exists()


def test_a_correction_after_coding_leaves_a_segment_to_review_and_a_carry_over(demo):
    flagged = CodedSegment.objects.get(transcript__study=demo, needs_review=True)
    assert flagged.review_before.startswith(CORRECTION["before"])
    assert flagged.text.startswith(CORRECTION["after"])
    assert flagged.coder.username == "demo-coder"
    carry = CarryOver.objects.get(transcript=flagged.transcript)
    assert carry.flagged == 1 and carry.shifted > 0


def test_a_second_load_changes_nothing(demo):
    before = (Node.objects.count(), CodedSegment.objects.count(), CodebookEvent.objects.count(),
              Memo.objects.count())  # fmt: skip
    call_command("load_demo")
    after = (Node.objects.count(), CodedSegment.objects.count(), CodebookEvent.objects.count(),
             Memo.objects.count())  # fmt: skip
    assert after == before


def test_it_refuses_a_quote_found_other_than_once(demo):
    transcript = CodedSegment.objects.filter(transcript__study=demo).first().transcript
    with pytest.raises(DemoDataError, match="0 times"):
        quote_span(transcript, "words nobody said in this interview")
    with pytest.raises(DemoDataError, match="times, not once"):
        quote_span(transcript, "Interviewer:")
