"""Coded segments and memos: who may code, what a range may be, carrying segments to
every new transcript version, and erasure with a withdrawal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from coding import selectors, services
from coding.models import CodedSegment, CodingAction, Memo, RemovedSegment
from coding.tests.conftest import span
from interviews import services as interview_services
from interviews.models import RedactionLabel
from studies import services as study_services


def _code(coder, transcript, node, words):
    start, end = span(transcript, words)
    return services.segment_create(
        coder=coder, transcript=transcript, node=node, start=start, end=end
    )


@pytest.mark.parametrize("persona", ["lead", "researcher", "coder"])
def test_it_lets_leads_researchers_and_coders_code(personas, persona, transcript, code):
    segment = _code(personas[persona], transcript, code, "her money back")
    assert segment.text == "her money back"
    assert (segment.coder, segment.version) == (personas[persona], transcript.version)


def test_it_refuses_viewers_and_hides_the_study_from_outsiders(viewer, outsider, transcript, code):
    with pytest.raises(PermissionDenied):
        _code(viewer, transcript, code, "her money back")
    with pytest.raises(Http404):
        _code(outsider, transcript, code, "her money back")
    assert not CodedSegment.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 5, "after the start"), (9, 3, "after the start"), (0, 10**6, "past the end")],
)
def test_it_refuses_an_empty_reversed_or_outside_range(
    coder, transcript, code, start, end, message
):
    with pytest.raises(ValidationError, match=message):
        services.segment_create(coder=coder, transcript=transcript, node=code, start=start, end=end)
    assert not CodedSegment.objects.exists()


def test_it_refuses_a_transcript_not_ready_for_coding(coder, draft_transcript, code):
    with pytest.raises(ValidationError, match="not ready for coding"):
        services.segment_create(coder=coder, transcript=draft_transcript, node=code, start=0, end=5)


def test_it_refuses_a_node_of_another_study(outsider, coder, transcript):
    theirs = services.node_create(
        actor=outsider, study=outsider.memberships.get().study, name="Theirs"
    )
    with pytest.raises(ValidationError, match="another study"):
        services.segment_create(coder=coder, transcript=transcript, node=theirs, start=0, end=5)


def test_it_refuses_the_same_coder_coding_the_same_words_twice(coder, lead, transcript, code):
    _code(coder, transcript, code, "her money back")
    with pytest.raises(ValidationError, match="already"):
        _code(coder, transcript, code, "her money back")
    assert _code(lead, transcript, code, "her money back")  # another coder may


def test_it_changes_a_segments_range_and_clears_its_review_flag(coder, transcript, code):
    segment = _code(coder, transcript, code, "her money back")
    CodedSegment.objects.filter(pk=segment.pk).update(needs_review=True)
    start, end = span(transcript, "money")
    services.segment_update(actor=coder, segment=segment, start=start, end=end)
    segment.refresh_from_db()
    assert (segment.text, segment.needs_review) == ("money", False)


def test_a_deleted_segment_leaves_a_tombstone_and_its_memos_on_the_transcript(
    study, coder, transcript, code
):
    segment = _code(coder, transcript, code, "her money back")
    before = selectors.coding_revision(study_id=study.pk)
    memo = services.memo_create(author=coder, study=study, title="Why", segment=segment)
    services.segment_delete(actor=coder, segment=segment)
    memo.refresh_from_db()
    assert (memo.segment, memo.transcript) == (None, transcript)
    assert selectors.segment_removed_ids(transcript=transcript, since=before) == [segment.pk]


def test_only_a_memos_author_changes_it(study, coder, researcher):
    memo = services.memo_create(author=coder, study=study, title="Open codes", kind="reflexive")
    with pytest.raises(PermissionDenied):
        services.memo_update(actor=researcher, memo=memo, text="Mine now")
    services.memo_update(actor=coder, memo=memo, text="Thinking about power.")
    memo.refresh_from_db()
    assert memo.text == "Thinking about power."


# --- Carried across versions -------------------------------------------------------------


def test_a_correction_keeps_unchanged_codes_at_their_new_offsets(lead, coder, transcript, code):
    kept = _code(coder, transcript, code, "felt it was safe")
    changed = _code(coder, transcript, code, "money back")
    interview_services.transcript_correct(
        actor=lead, transcript=transcript, position=1, base_version=transcript.version,
        text="She wanted her own account back from the appointee \U0001f600 and I felt it "
        "was safe.",
        note="misheard",
    )  # fmt: skip
    transcript.refresh_from_db()
    kept.refresh_from_db()
    changed.refresh_from_db()
    assert transcript.text[kept.start : kept.end] == kept.text == "felt it was safe"
    assert (kept.version, kept.needs_review) == (transcript.version, False)
    assert changed.needs_review
    assert changed.text == transcript.text[changed.start : changed.end] == "own account back"


def test_a_correction_to_an_earlier_turn_moves_later_codes_with_it(lead, coder, transcript, code):
    segment = _code(coder, transcript, code, "agreed a plan")
    interview_services.transcript_correct(
        actor=lead, transcript=transcript, position=0, base_version=transcript.version,
        text="How did the long meeting about her money go, in the end?", note="clearer",
    )  # fmt: skip
    transcript.refresh_from_db()
    segment.refresh_from_db()
    assert segment.start == transcript.text.index("agreed a plan")
    assert not segment.needs_review


def test_a_redaction_carries_segments_and_removes_the_term_from_their_text(
    lead, coder, transcript, code
):
    segment = _code(coder, transcript, code, "back from the appointee")
    interview_services.transcript_redact(
        actor=lead, transcript=transcript, term="appointee", label=RedactionLabel.PSEUDONYM,
        replacement="Person A",
    )  # fmt: skip
    segment.refresh_from_db()
    transcript.refresh_from_db()
    assert "appointee" not in segment.text
    assert segment.text == transcript.text[segment.start : segment.end]
    assert segment.needs_review  # its words changed


def test_a_redaction_takes_the_term_out_of_the_studys_memos_and_the_undo_log(
    study, lead, coder, transcript, code
):
    segment = _code(coder, transcript, code, "back from the appointee")
    services.segment_delete(actor=coder, segment=segment)  # its words wait in the undo log
    note = services.memo_create(
        author=coder, study=study, title="The appointee and control",
        text="She wants the appointee gone; appointees (plural) stay.", node=code,
    )  # fmt: skip
    other = services.memo_create(author=coder, study=study, title="Nothing named here")
    before = selectors.coding_revision(study_id=study.pk)
    interview_services.transcript_redact(
        actor=lead, transcript=transcript, term="appointee", label=RedactionLabel.PSEUDONYM,
        replacement="Person A",
    )  # fmt: skip
    note.refresh_from_db()
    assert note.title == "The [Person A] and control"
    # Whole words only, by the redaction's own rule.
    assert note.text == "She wants the [Person A] gone; appointees (plural) stay."
    assert note.revision > before  # open pages learn of it
    assert Memo.objects.get(pk=other.pk).title == "Nothing named here"
    logged = CodingAction.objects.get(transcript=transcript, kind="delete")
    assert "appointee" not in logged.before["text"]
    transcript.refresh_from_db()
    with pytest.raises(ValidationError, match="new version"):
        services.segment_undo(coder=coder, transcript=transcript)


def test_carrying_moves_the_coding_revision_on(study, lead, coder, transcript, code):
    segment = _code(coder, transcript, code, "agreed a plan")
    before = selectors.coding_revision(study_id=study.pk)
    interview_services.transcript_correct(
        actor=lead, transcript=transcript, position=0, base_version=transcript.version,
        text="How was it?", note="shorter",
    )  # fmt: skip
    changed = CodedSegment.objects.filter(transcript=transcript, revision__gt=before)
    assert list(changed.values_list("pk", flat=True)) == [segment.pk]


# --- Withdrawal --------------------------------------------------------------------------


def test_removing_everything_erases_coding_and_memos_on_the_transcript(
    study, lead, coder, worker, transcript, code
):
    segment = _code(coder, transcript, code, "her money back")
    services.memo_create(author=coder, study=study, title="On this one", transcript=transcript)
    services.segment_delete(actor=coder, segment=_code(coder, transcript, code, "agreed a plan"))
    study_memo = services.memo_create(author=coder, study=study, title="Study-wide", node=code)
    withdrawal = study_services.withdrawal_record(
        actor=lead, participant=worker, choice="remove_all"
    )
    assert not CodedSegment.objects.filter(pk=segment.pk).exists()
    assert not RemovedSegment.objects.exists()
    assert list(Memo.objects.values_list("pk", flat=True)) == [study_memo.pk]
    assert withdrawal.erased["coding.CodedSegment"] == 1
    assert code.pk  # the codebook is the team's, not the participant's


@pytest.mark.parametrize(
    ("words", "count"),
    [
        ("She wanted her money back", 5),
        ("money back ", 2),  # a selection's space at the end is no word
        ("the team, step by step.", 5),
    ],
)
def test_a_segment_knows_how_many_words_it_covers(coder, transcript, code, words, count):
    segment = _code(coder, transcript, code, words)
    segment.refresh_from_db()
    assert segment.words == count


def test_a_segment_across_a_turn_break_counts_the_words_on_both_sides(coder, transcript, code):
    start = transcript.text.index("was safe.")
    end = transcript.text.index("happened next")
    segment = services.segment_create(
        coder=coder, transcript=transcript, node=code, start=start, end=end + len("happened")
    )
    segment.refresh_from_db()
    # "was safe." / "Interviewer: What happened"
    assert segment.words == len(transcript.text[start : end + len("happened")].split())


def test_an_import_stores_many_segments_in_one_revision(transcript, code, lead, coder):
    from django.utils import timezone

    at = timezone.now()
    first, second = span(transcript, "her money back"), span(transcript, "We agreed a plan")
    made = services.segments_import(
        actor=lead,
        transcript=transcript,
        rows=[(code, coder, *first, at), (code, lead, *second, at)],
    )
    assert [segment.text for segment in made] == ["her money back", "We agreed a plan"]
    assert {segment.revision for segment in made} == {made[0].revision}
    assert not CodingAction.objects.exists()  # an import is not undone segment by segment


def test_an_import_of_a_bad_range_or_another_study_s_node_stores_nothing(
    transcript, code, lead, outsider
):
    from django.utils import timezone

    from studies.models import Study

    at, length = timezone.now(), len(transcript.text)
    with pytest.raises(ValidationError):
        services.segments_import(
            actor=lead,
            transcript=transcript,
            rows=[(code, lead, 0, 5, at), (code, lead, 5, length + 1, at)],
        )
    elsewhere = services.node_create(
        actor=outsider, study=Study.objects.get(title="Another team's study"), name="Theirs"
    )
    with pytest.raises(ValidationError):
        services.segments_import(
            actor=lead, transcript=transcript, rows=[(elsewhere, lead, 0, 5, at)]
        )
    assert not CodedSegment.objects.exists()
