"""A withdrawal reaches coding: "remove everything" erases coded transcripts with their
segments and memos; "remove what has not yet been analysed" keeps the transcripts that
hold a coded segment (with their coding, memos and interview session) and erases the
rest. Codebook merges, splits and deletions are in the audit trail too."""

import pytest

from coding import services
from coding.models import CodedSegment, CodingAction, Memo, TranscriptCoding
from interviews import services as interview_services
from interviews.models import InterviewSession, Response, Transcript
from studies import services as study_services
from studies.audit_text import audit_lines
from studies.erasure import ERASED, KEPT_WITH_ANALYSED_TRANSCRIPT
from studies.models import AttributeValue, AuditEvent, ParticipantContact
from tests.factories import give_consent

from .conftest import TURNS, code_words

Turn = interview_services.Turn


@pytest.fixture
def coded_and_uncoded(study, lead, coder, worker):
    """The worker's interview session with a coded transcript, and a second transcript
    (without a session) nobody coded yet, each with a memo; contact details and an
    information form answer."""
    give_consent(worker, lead)
    interview_services.vignette_create(actor=lead, study=study, title="Money", text="Words.")
    session, _token = interview_services.session_create(
        actor=lead, participant=worker, mode="in_person"
    )
    turns = [Turn(speaker, text) for speaker, text in TURNS]
    coded = interview_services.transcript_create(
        actor=lead, participant=worker, session=session, source="txt", turns=turns
    )
    interview_services.transcript_mark_ready(actor=lead, transcript=coded)
    coded.refresh_from_db()
    node = services.node_create(actor=lead, study=study, name="Safety")
    segment = code_words(coder, coded, node, "I felt it was safe")
    services.transcript_coding_set(actor=lead, transcript=coded, independent=True)
    services.memo_create(author=coder, study=study, title="Why safe", segment=segment)
    uncoded = interview_services.transcript_create(
        actor=lead, participant=worker, session=None, source="txt", turns=turns
    )
    services.memo_create(author=coder, study=study, title="Not yet", transcript=uncoded)
    study_services.contact_update(actor=lead, participant=worker, name="Jo Private")
    age = study_services.attribute_create(actor=lead, study=study, label="Age", kind="number")
    study_services.attribute_values_save(actor=lead, participant=worker, answers={age.pk: 40})
    return coded, uncoded, session, node


def test_removing_what_was_not_analysed_keeps_coded_transcripts_and_erases_the_rest(
    study, lead, worker, coded_and_uncoded
):
    coded, uncoded, session, node = coded_and_uncoded
    withdrawal = study_services.withdrawal_record(
        actor=lead, participant=worker, choice="remove_unanalysed"
    )
    assert list(Transcript.objects.values_list("pk", flat=True)) == [coded.pk]
    assert coded.versions.exists() and coded.turns.exists()
    assert InterviewSession.objects.filter(pk=session.pk).exists()
    assert CodedSegment.objects.filter(transcript=coded, node=node).count() == 1
    assert list(Memo.objects.values_list("title", flat=True)) == ["Why safe"]
    assert TranscriptCoding.objects.filter(transcript=coded).exists()
    assert CodingAction.objects.filter(transcript=coded).exists()
    assert not ParticipantContact.objects.filter(participant=worker).exists()
    assert not AttributeValue.objects.filter(participant=worker).exists()
    assert withdrawal.erased["interviews.Transcript"] == 1
    assert "coding.CodedSegment" not in withdrawal.erased
    erasure = AuditEvent.objects.get(action="data.erased")
    assert erasure.detail["analysed_transcripts_kept"] == 1
    assert "Kept 1 analysed transcript." in audit_lines([erasure])[0].details


def test_removing_what_was_not_analysed_erases_every_transcript_nobody_coded(
    study, lead, worker, coded_and_uncoded
):
    coded, _uncoded, _session, _node = coded_and_uncoded
    for segment in CodedSegment.objects.filter(transcript=coded):
        services.segment_delete(actor=lead, segment=segment)
    study_services.withdrawal_record(actor=lead, participant=worker, choice="remove_unanalysed")
    assert not Transcript.objects.filter(participant=worker).exists()
    assert not Memo.objects.exists()


def test_removing_everything_erases_coded_transcripts_with_their_coding_and_memos(
    study, lead, worker, coded_and_uncoded
):
    _coded, _uncoded, session, node = coded_and_uncoded
    withdrawal = study_services.withdrawal_record(
        actor=lead, participant=worker, choice="remove_all"
    )
    assert not Transcript.objects.filter(participant=worker).exists()
    assert not InterviewSession.objects.filter(pk=session.pk).exists()
    assert not CodedSegment.objects.exists() and not Memo.objects.exists()
    assert not TranscriptCoding.objects.exists() and not CodingAction.objects.exists()
    assert withdrawal.erased["coding.CodedSegment"] == 1
    assert node.pk and services.Node.objects.filter(pk=node.pk).exists()  # the team's


def test_what_stays_with_an_analysed_transcript_is_participant_data_erased_otherwise():
    assert set(KEPT_WITH_ANALYSED_TRANSCRIPT) <= set(ERASED)


# --- Audit of codebook merges, splits and deletions ---------------------------------------


def _audited(action: str) -> AuditEvent:
    return AuditEvent.objects.get(action=action)


def test_a_merge_is_audited_with_who_which_nodes_and_counts_but_no_names(
    study, lead, coder, transcript, code
):
    source = services.node_create(actor=lead, study=study, name="Cash worries (in vivo)")
    code_words(coder, transcript, source, "her money back")
    services.node_merge(actor=lead, source=source, target=code, version=source.version, why="Same")
    event = _audited("codebook.merged")
    assert event.actor == lead and event.participant is None
    assert event.detail == {
        "source": source.pk, "target": code.pk, "kind": "code", "segments_moved": 1,
        "segments_collapsed": 0, "memos": 0, "children": 0,
    }  # fmt: skip
    assert "Cash" not in str(event.detail)  # a node's name may be a participant's words
    words = audit_lines([event])[0].details
    assert (
        words
        == f"The code #{source.pk} merged into #{code.pk}: 1 segment moved, 0 segments removed."
    )


def test_a_split_and_a_deletion_are_audited(study, lead, coder, transcript, code):
    segment = code_words(coder, transcript, code, "her money back")
    new = services.node_split(
        actor=lead, node=code, version=code.version, segment_ids=[segment.pk], name="Debt"
    )
    assert _audited("codebook.split").detail == {
        "source": code.pk,
        "new": new.pk,
        "kind": "code",
        "segments_moved": 1,
    }
    code.refresh_from_db()
    services.node_delete(actor=lead, node=new, version=new.version, segments="delete")
    deleted = _audited("codebook.deleted").detail
    assert deleted["node"] == new.pk and deleted["segments_deleted"] == 1
    assert deleted["segments"] == "delete"


# --- An online session's answers ------------------------------------------------------------


@pytest.fixture
def online_transcript(study, lead, worker):
    """A completed online session whose answers became a transcript, marked ready."""
    from interviews.plan import session_pages

    give_consent(worker, lead)
    interview_services.vignette_create(actor=lead, study=study, title="Money", text="Words.")
    interview_services.question_create(
        actor=lead, study=study, prompt="What happens next?", required=True
    )
    session, _token = interview_services.session_create(
        actor=lead, participant=worker, mode="online"
    )
    for page in session_pages(session):
        texts = {q.pk: "She keeps her own money now." for q in page.questions}
        interview_services.answers_save(session=session, page=page, answers=texts)
    interview_services.session_complete(session=session)
    transcript = Transcript.objects.get(session=session)
    interview_services.transcript_mark_ready(actor=lead, transcript=transcript)
    transcript.refresh_from_db()
    return transcript


def test_a_coded_online_transcript_keeps_the_answers_it_was_written_from(
    lead, coder, worker, code, online_transcript
):
    code_words(coder, online_transcript, code, "her own money")
    study_services.withdrawal_record(actor=lead, participant=worker, choice="remove_unanalysed")
    assert Response.objects.filter(session__participant=worker).count() == 1
    assert Transcript.objects.filter(pk=online_transcript.pk).exists()


def test_an_uncoded_online_session_loses_its_answers_and_transcript(
    lead, worker, online_transcript
):
    study_services.withdrawal_record(actor=lead, participant=worker, choice="remove_unanalysed")
    assert not Response.objects.filter(session__participant=worker).exists()
    assert not Transcript.objects.filter(participant=worker).exists()
    assert not InterviewSession.objects.filter(participant=worker).exists()
