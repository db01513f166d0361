"""Transcripts made from online sessions: what they say, who says it, and the code point
ranges coding relies on."""

import pytest

from interviews import services
from interviews.models import SpeakerTurn, Transcript
from interviews.plan import session_pages
from studies import services as study_services

EMOJI_ANSWER = "I felt 😟 about it 𝒜"


@pytest.fixture
def session(online):
    return online[0]


@pytest.fixture
def pages(session):
    return session_pages(session)


@pytest.fixture
def given(session, answer_all):
    """Every question answered, each with its own words."""
    return answer_all(session)


def _words(transcript) -> list[tuple[str, str, int | None]]:
    """(speaker, text[start:end], vignette id) of each turn, as stored."""
    transcript = Transcript.objects.get(pk=transcript.pk)
    return [
        (turn.speaker, transcript.text[turn.start : turn.end], turn.vignette_id)
        for turn in transcript.turns.order_by("position")
    ]


def _expected(pages, answers) -> list[tuple[str, str, int | None]]:
    """The turns a transcript of these pages and answers should have, in order."""
    turns = []
    for page in pages:
        vignette_id = page.vignette.pk if page.vignette else None
        if page.vignette is not None:
            heading = f"Vignette {page.number}: {page.version.title}\n{page.version.text}"
            turns.append(("Interviewer", heading, vignette_id))
        for question in page.questions:
            turns.append(("Interviewer", question.prompt, vignette_id))
            answer = answers.get((question.pk, vignette_id), "").strip()
            if answer:
                turns.append(("MHW1", answer, vignette_id))
    return turns


def test_the_transcript_holds_every_vignette_question_and_answer(session, pages, given):
    text = services.transcript_from_session(session=session).text
    for page in pages:
        if page.version is not None:
            assert page.version.title in text
            assert page.version.text in text
        for question in page.questions:
            assert question.prompt in text
    for answer in given.values():
        assert answer in text


def test_the_interviewer_asks_and_the_participant_answers_under_their_pseudonym(
    session, pages, given
):
    transcript = services.transcript_from_session(session=session)
    speakers = [speaker for speaker, _words_, _vignette in _words(transcript)]
    assert speakers == [speaker for speaker, _words_, _vignette in _expected(pages, given)]
    # Each answer comes straight after an interviewer's turn, never after another answer.
    assert all(
        before == "Interviewer"
        for before, after in zip(speakers, speakers[1:], strict=False)
        if after == "MHW1"
    )
    assert speakers.count("MHW1") == len(given)


def test_every_turns_range_is_exactly_its_words(session, pages, given):
    transcript = services.transcript_from_session(session=session)
    assert _words(transcript) == _expected(pages, given)


def test_every_turns_range_follows_its_speakers_label(session, given):
    transcript = services.transcript_from_session(session=session)
    for turn in transcript.turns.all():
        label = f"{turn.speaker}: "
        assert transcript.text[turn.start - len(label) : turn.start] == label


def test_offsets_count_code_points_for_text_outside_the_basic_multilingual_plane(
    session, pages, given
):
    first = pages[0]
    question = first.questions[0]
    services.answers_save(session=session, page=first, answers={question.pk: EMOJI_ANSWER})
    transcript = services.transcript_from_session(session=session)
    turns = list(Transcript.objects.get(pk=transcript.pk).turns.order_by("position"))
    emoji_turn = next(t for t in turns if transcript.text[t.start : t.end] == EMOJI_ANSWER)
    # 19 code points; UTF-16 would count 21 and UTF-8 bytes 27.
    assert emoji_turn.end - emoji_turn.start == len(EMOJI_ANSWER) == 19
    answers = given | {(question.pk, first.vignette.pk): EMOJI_ANSWER}
    # The turns after it are still exact: no offset drifts past the emoji.
    assert _words(transcript) == _expected(pages, answers)


def test_offsets_count_code_points_in_a_vignette_outside_the_basic_multilingual_plane(
    study, lead, consented_worker
):
    services.vignette_create(actor=lead, study=study, title="Ana 🌧", text="𝒜na feels 😟.")
    services.question_create(actor=lead, study=study, prompt="What next? 🤔")
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="online"
    )
    pages = session_pages(session)
    prompt = pages[0].questions[0]
    services.answers_save(session=session, page=pages[0], answers={prompt.pk: EMOJI_ANSWER})
    transcript = services.transcript_from_session(session=session)
    assert _words(transcript) == [
        ("Interviewer", "Vignette 1: Ana 🌧\n𝒜na feels 😟.", pages[0].vignette.pk),
        ("Interviewer", "What next? 🤔", pages[0].vignette.pk),
        ("MHW1", EMOJI_ANSWER, pages[0].vignette.pk),
    ]


def test_turns_name_the_vignette_of_their_page_and_none_on_the_closing_page(session, pages, given):
    transcript = services.transcript_from_session(session=session)
    closing_prompt = pages[-1].questions[0].prompt
    closing_turns = []
    for turn in transcript.turns.order_by("position"):
        words = transcript.text[turn.start : turn.end]
        if words == closing_prompt or closing_turns:
            closing_turns.append(turn)
        else:
            assert turn.vignette_id is not None
            assert turn.vignette_id in {page.vignette.pk for page in pages[:-1]}
    assert len(closing_turns) == 2  # the closing question and its answer
    assert all(turn.vignette_id is None for turn in closing_turns)


def test_a_vignettes_turns_are_on_the_page_that_showed_it(session, pages, given):
    transcript = services.transcript_from_session(session=session)
    for page in pages[:-1]:
        on_page = [t for t in transcript.turns.all() if t.vignette_id == page.vignette.pk]
        # The vignette, then two questions and two answers.
        assert len(on_page) == 5
        assert transcript.text[on_page[0].start : on_page[0].end].startswith(
            f"Vignette {page.number}: {page.version.title}"
        )


def test_making_the_transcript_again_leaves_exactly_one(session, given):
    services.transcript_from_session(session=session)
    again = services.transcript_from_session(session=session)
    assert list(Transcript.objects.filter(session=session)) == [again]
    assert SpeakerTurn.objects.count() == again.turns.count()


def test_an_unanswered_question_has_no_participant_turn(session, pages):
    first = pages[0]
    answered, blank = first.questions
    services.answers_save(
        session=session, page=first, answers={answered.pk: "They will cope.", blank.pk: "  "}
    )
    transcript = services.transcript_from_session(session=session)
    words = _words(transcript)
    assert [w for w in words if w[0] == "MHW1"] == [("MHW1", "They will cope.", first.vignette.pk)]
    blank_at = words.index(("Interviewer", blank.prompt, first.vignette.pk))
    assert words[blank_at + 1][0] == "Interviewer"


def test_answers_are_trimmed_to_their_words(session, pages):
    first = pages[0]
    question = first.questions[0]
    services.answers_save(
        session=session, page=first, answers={question.pk: "\n  They will cope.  \n"}
    )
    transcript = services.transcript_from_session(session=session)
    assert ("MHW1", "They will cope.", first.vignette.pk) in _words(transcript)


def test_the_transcript_shows_the_version_the_session_showed(lead, vignettes, session, given):
    services.vignette_update(
        actor=lead, vignette=vignettes[0], title="Rewritten", text="Rewritten words.",
        validation_status="draft",
    )  # fmt: skip
    text = services.transcript_from_session(session=session).text
    assert "Story 1" in text
    assert "Rewritten" not in text


def test_a_transcript_belongs_to_the_session_and_its_participant(
    study, consented_worker, session, given
):
    transcript = services.transcript_from_session(session=session)
    transcript.refresh_from_db()
    assert (transcript.study, transcript.participant, transcript.session) == (
        study,
        consented_worker,
        session,
    )
    assert transcript.source == "online"


def test_no_transcript_is_made_for_a_participant_who_withdrew(
    consent_admin, consented_worker, session, given
):
    study_services.withdrawal_record(
        actor=consent_admin, participant=consented_worker, choice="keep"
    )
    with pytest.raises(study_services.ConsentRequired):
        services.transcript_from_session(session=session)
    assert not Transcript.objects.exists()
