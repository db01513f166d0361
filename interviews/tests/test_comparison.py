"""Accounts side by side: an in-person interview shows its transcript's passage for each
vignette (from the vignette marks) beside an online participant's typed answers, on the
answers page (every dyad, one vignette) and on a dyad's page (one dyad, every vignette)."""

import pytest
from django.urls import reverse

from interviews import services
from interviews.comparison import PASSAGE_CHARS, dyad_across, dyad_rows
from interviews.models import SessionVignette, SpeakerTurn, Transcript
from interviews.plan import session_pages
from interviews.tests.files import consented
from studies import services as study_services
from tests.factories import give_consent

Turn = services.Turn


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


def _dyad(study, lead):
    """A consented worker and the service user they nominated."""
    worker = consented(study, lead)
    dyad = study_services.participant_nominate(actor=lead, worker=worker)
    give_consent(dyad.service_user, lead)
    return dyad


def _said(participant, number: int) -> str:
    return f"{participant.pseudonym} thinks story {number} ends well"


def _interview(lead, participant, *, answers: dict[int, list[str]] | None = None) -> Transcript:
    """An in-person interview's transcript with its vignettes marked: for each story, in
    the order the session showed them, the interviewer retells it, the participant
    answers, the interviewer asks again and the participant answers again (or the turns
    in `answers`, by story number); then closing words. The study's vignettes are titled
    "Story n"."""
    session, _ = services.session_create(
        actor=lead, participant=participant, mode="in_person", interviewer=lead
    )
    shown = SessionVignette.objects.filter(session=session).select_related("version")
    turns, starts = [Turn("Interviewer", "Thank you for coming.")], {}
    for row in shown.order_by("position"):
        number = int(row.version.title.removeprefix("Story "))
        starts[row.vignette_id] = len(turns)
        said = (answers or {}).get(number) or [
            _said(participant, number),
            f"{participant.pseudonym} adds more on story {number}",
        ]
        turns.append(Turn("Interviewer", f"Here is story {number} retold."))
        for index, words in enumerate(said):
            if index:
                turns.append(Turn("Interviewer", f"And then, in story {number}?"))
            turns.append(Turn(participant.pseudonym, words))
    closing = len(turns)
    turns += [Turn("Interviewer", "Anything else?"), Turn(participant.pseudonym, "No.")]
    transcript = services.transcript_create(
        actor=lead, participant=participant, session=session, source="txt", turns=turns
    )
    return services.transcript_mark_vignettes(
        actor=lead, transcript=transcript, starts=starts, closing=closing
    )


def _first_turn(transcript: Transcript, vignette) -> int:
    """The position of the participant's first turn about `vignette`."""
    return (
        SpeakerTurn.objects.filter(transcript=transcript, vignette=vignette)
        .exclude(speaker="Interviewer")
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )


def _answers_page(client, study, vignette):
    return client.get(reverse("responses", args=[study.slug]), {"vignette": vignette.pk})


def _online_answers(lead, participant, vignette, texts: list[str]):
    session, _token = services.session_create(actor=lead, participant=participant, mode="online")
    [page] = [p for p in session_pages(session) if p.vignette == vignette]
    services.answers_save(
        session=session,
        page=page,
        answers=dict(zip([q.pk for q in page.questions], texts, strict=True)),
    )
    return session


# --- The answers page: every dyad, one vignette -------------------------------------------


def test_it_shows_an_interviewed_dyads_passages_instead_of_no_answer(
    as_lead, study, lead, vignettes, parse_page
):
    dyad = _dyad(study, lead)
    _interview(lead, dyad.worker)
    _interview(lead, dyad.service_user)
    response = _answers_page(as_lead, study, vignettes[0])
    body = response.content.decode()
    assert "No answer" not in body
    [row] = [r for r in parse_page(response).find_all("tr") if "In the interview" in r.text]
    for member in (dyad.worker, dyad.service_user):
        assert _said(member, 1) in row.text
        assert f"{member.pseudonym} adds more on story 1" in row.text
        assert _said(member, 2) not in body  # another vignette's talk stays out
    # The interviewer's question between two answers is there, the story retold is not.
    assert "And then, in story 1?" in row.text
    assert "Here is story 1 retold." not in body


def test_the_passage_links_to_the_turn_its_first_line_is_in(
    as_lead, study, lead, vignettes, parse_page
):
    dyad = _dyad(study, lead)
    transcript = _interview(lead, dyad.worker)
    page = parse_page(_answers_page(as_lead, study, vignettes[0]))
    position = _first_turn(transcript, vignettes[0])
    target = reverse("transcript-detail", args=[study.slug, transcript.pk]) + f"#turn-{position}"
    [link] = [a for a in page.find_all("a") if a.attrs.get("href") == target]
    assert link.text.startswith("Read in the transcript")
    reading = parse_page(as_lead.get(target.split("#")[0]))
    assert _said(dyad.worker, 1) in reading.by_id(f"turn-{position}").text


def test_the_passage_comes_from_the_latest_version_of_the_transcript(
    as_lead, study, lead, vignettes
):
    dyad = _dyad(study, lead)
    transcript = _interview(lead, dyad.worker)
    services.transcript_correct(
        actor=lead, transcript=transcript, position=_first_turn(transcript, vignettes[0]),
        text="Corrected: she goes, and it ends well.", speaker=dyad.worker.pseudonym,
        base_version=transcript.version, note="Misheard",
    )  # fmt: skip
    body = _answers_page(as_lead, study, vignettes[0]).content.decode()
    assert "Corrected: she goes, and it ends well." in body
    assert _said(dyad.worker, 1) not in body


def test_a_long_passage_is_trimmed_with_an_ellipsis(study, lead, vignettes):
    dyad = _dyad(study, lead)
    long_words = " ".join(["word"] * 800)  # 3,999 characters
    _interview(lead, dyad.worker, answers={1: [long_words, "The last thing said."]})
    [row] = dyad_rows(study=study, vignette=vignettes[0]).rows
    passage = row.passages[0]
    shown = "".join(turn.text for turn in passage.turns)
    assert len(shown) <= PASSAGE_CHARS + 2
    assert shown.endswith("word …")
    assert "The last thing said." not in shown


def test_a_trimmed_passage_ends_on_what_the_participant_said_not_on_a_question(
    study, lead, vignettes
):
    dyad = _dyad(study, lead)
    first = " ".join(["said"] * 170)  # 849 characters: the question after it still fits
    _interview(
        lead,
        dyad.worker,
        answers={1: [first, "More than the cell can hold, said at some length, and then more."]},
    )
    [row] = dyad_rows(study=study, vignette=vignettes[0]).rows
    turns = row.passages[0].turns
    assert [turn.kind for turn in turns] == ["participant"]
    assert turns[-1].text == f"{first} …"


def test_a_draft_transcript_is_said_to_be_a_draft_and_a_ready_one_is_not(
    as_lead, study, lead, vignettes
):
    dyad = _dyad(study, lead)
    _interview(lead, dyad.worker)
    ready = _interview(lead, dyad.service_user)
    services.transcript_mark_ready(actor=lead, transcript=ready)
    body = _answers_page(as_lead, study, vignettes[0]).content.decode()
    assert body.count("in the interview, draft transcript") == 1


def test_an_online_partner_keeps_a_row_per_question_beside_the_interview_passage(
    as_lead, study, lead, vignettes, follow_ups, parse_page
):
    dyad = _dyad(study, lead)
    _online_answers(lead, dyad.worker, vignettes[0], ["Typed on next", "Typed on do"])
    _interview(lead, dyad.service_user)
    page = parse_page(_answers_page(as_lead, study, vignettes[0]))
    rows = [r for r in page.find_all("tr") if "Typed on" in r.text]
    assert [r.text.split(" MHW1 ")[0] for r in rows] == [q.prompt for q in follow_ups]
    assert "Typed on next" in rows[0].text and "Typed on do" in rows[1].text
    [spanning] = page.find_all("td", rowspan="2")
    assert _said(dyad.service_user, 1) in spanning.text


def test_an_online_sessions_generated_transcript_leaves_the_typed_answers_as_they_are(
    study, lead, vignettes, follow_ups
):
    dyad = _dyad(study, lead)
    session = _online_answers(lead, dyad.worker, vignettes[0], ["Typed on next", "Typed on do"])
    services.transcript_from_session(session=session)
    [row] = dyad_rows(study=study, vignette=vignettes[0]).rows
    assert row.passages == (None, None)
    assert row.cells == [("Typed on next", ""), ("Typed on do", "")]


def test_an_interviewed_participant_without_a_partner_gets_a_row_of_their_own(
    study, lead, vignettes
):
    alone = consented(study, lead)
    _interview(lead, alone)
    [row] = dyad_rows(study=study, vignette=vignettes[0]).rows
    assert (row.worker, row.service_user, row.dyad) == (alone, None, None)
    assert _said(alone, 1) in row.passages[0].turns[0].text


def test_a_participant_who_withdrew_with_removal_has_no_passage_and_the_cell_says_why(
    as_lead, study, lead, vignettes
):
    dyad = _dyad(study, lead)
    _interview(lead, dyad.worker)
    _interview(lead, dyad.service_user)
    study_services.withdrawal_record(actor=lead, participant=dyad.service_user, choice="remove_all")
    body = _answers_page(as_lead, study, vignettes[0]).content.decode()
    assert _said(dyad.worker, 1) in body
    assert _said(dyad.service_user, 1) not in body
    assert "Withdrew; their data was removed." in body


def test_a_withdrawal_that_keeps_the_data_and_a_refused_quotation_clause_still_show_it(
    as_lead, study, lead, vignettes
):
    dyad = _dyad(study, lead)
    _interview(lead, dyad.worker)
    # The service user agrees to everything but being quoted: that governs outputs, not
    # the team's reading.
    form = study_services.published_document(study, "consent_form")
    study_services.consent_record(
        actor=lead, participant=dyad.service_user, signed_name="A participant", method="paper",
        answers={c.pk: c.governs != "quotation" for c in form.clauses.all()},
    )  # fmt: skip
    _interview(lead, dyad.service_user)
    study_services.withdrawal_record(actor=lead, participant=dyad.worker, choice="keep")
    body = _answers_page(as_lead, study, vignettes[0]).content.decode()
    assert _said(dyad.worker, 1) in body
    assert _said(dyad.service_user, 1) in body


def test_each_dyads_name_links_to_its_page(as_lead, study, lead, vignettes, parse_page):
    dyad = _dyad(study, lead)
    page = parse_page(_answers_page(as_lead, study, vignettes[0]))
    link = page.find("a", href=reverse("dyad-answers", args=[study.slug, dyad.pk]))
    assert link.text == "MHW1 and SU1"


def test_the_answers_page_query_count_does_not_grow_with_interviews_or_turns(
    as_lead, study, lead, vignettes, django_assert_num_queries
):
    dyad = _dyad(study, lead)
    _interview(lead, dyad.worker)
    as_lead.get(reverse("responses", args=[study.slug]))
    with django_assert_num_queries(9):
        _answers_page(as_lead, study, vignettes[0])
    for _ in range(2):
        more = _dyad(study, lead)
        _interview(lead, more.worker, answers={1: [f"Said {n}" for n in range(10)]})
        _interview(lead, more.service_user)
    with django_assert_num_queries(9):
        response = _answers_page(as_lead, study, vignettes[0])
    assert response.content.decode().count("Read in the transcript") == 5


# --- One dyad across every vignette --------------------------------------------------------


def _dyad_page(client, study, dyad):
    return client.get(reverse("dyad-answers", args=[study.slug, dyad.pk]))


def test_the_dyad_page_shows_each_vignette_in_the_studys_order_with_both_passages(
    as_lead, study, lead, vignettes, parse_page
):
    dyad = _dyad(study, lead)
    _interview(lead, dyad.worker)
    _interview(lead, dyad.service_user)
    services.vignette_move(actor=lead, vignette=vignettes[4], offset=-1)
    response = _dyad_page(as_lead, study, dyad)
    assert response.status_code == 200
    heads = [r.text for r in parse_page(response).find_all("tr", **{"class": "group-head"})]
    assert heads == [f"{n}. Story {s}" for n, s in zip(range(1, 6), [1, 2, 3, 5, 4], strict=True)]
    rows = [r for r in parse_page(response).find_all("tr") if "In the interview" in r.text]
    for row, story in zip(rows, [1, 2, 3, 5, 4], strict=True):
        assert _said(dyad.worker, story) in row.text
        assert _said(dyad.service_user, story) in row.text


def test_the_dyad_page_puts_typed_answers_on_their_questions_rows(
    study, lead, vignettes, follow_ups
):
    dyad = _dyad(study, lead)
    _online_answers(lead, dyad.worker, vignettes[2], ["W next", "W do"])
    _online_answers(lead, dyad.service_user, vignettes[2], ["S next", "S do"])
    across = dyad_across(study=study, dyad=dyad, vignettes=vignettes)
    assert [row.vignette for row in across.rows] == vignettes
    row = across.rows[2]
    assert [line.question for line in row.table_rows()] == follow_ups
    assert [[cell.answer for cell in line.cells] for line in row.table_rows()] == [
        ["W next", "S next"], ["W do", "S do"],
    ]  # fmt: skip
    assert [[c.answer for c in line.cells] for line in across.rows[0].table_rows()] == [
        ["", ""], ["", ""],
    ]  # fmt: skip


def test_the_dyad_page_leaves_out_an_archived_vignette_nobody_spoke_about(study, lead, vignettes):
    dyad = _dyad(study, lead)
    services.vignette_archive(actor=lead, vignette=vignettes[3])
    across = dyad_across(study=study, dyad=dyad, vignettes=list(study.vignettes.all()))
    assert vignettes[3] not in [row.vignette for row in across.rows]
    assert len(across.rows) == 4


def test_the_dyad_page_query_count_does_not_grow_with_turns(
    as_lead, study, lead, vignettes, django_assert_num_queries
):
    dyad = _dyad(study, lead)
    _interview(lead, dyad.worker)
    _dyad_page(as_lead, study, dyad)
    with django_assert_num_queries(8):
        _dyad_page(as_lead, study, dyad)
    _interview(lead, dyad.service_user, answers={n: ["a", "b", "c", "d"] for n in range(1, 6)})
    with django_assert_num_queries(8):
        response = _dyad_page(as_lead, study, dyad)
    assert response.content.decode().count("Read in the transcript") == 10


def test_the_participant_page_links_to_their_dyads_page(as_lead, study, lead, parse_page):
    dyad = _dyad(study, lead)
    target = reverse("dyad-answers", args=[study.slug, dyad.pk])
    for member in (dyad.worker, dyad.service_user):
        page = parse_page(as_lead.get(reverse("participant-detail", args=[study.slug, member.pk])))
        assert page.find("a", href=target).text == "Both accounts of every vignette"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coder", 200), ("viewer", 200), ("consent_admin", 403), ("outsider", 404)],
)
def test_only_members_who_may_read_data_open_a_dyads_page(
    client, study, lead, personas, persona, status
):
    dyad = _dyad(study, lead)
    client.force_login(personas[persona])
    assert _dyad_page(client, study, dyad).status_code == status


def test_a_dyad_of_another_study_is_not_found(as_lead, study, lead, outsider):
    other = outsider.memberships.get().study
    stranger = consented(other, outsider)
    dyad = study_services.participant_nominate(actor=outsider, worker=stranger)
    assert as_lead.get(reverse("dyad-answers", args=[study.slug, dyad.pk])).status_code == 404


def test_an_unknown_dyad_is_not_found(as_lead, study):
    assert as_lead.get(reverse("dyad-answers", args=[study.slug, 999999])).status_code == 404


def test_questions_for_every_vignette_come_before_one_vignettes_own(study, lead, vignettes):
    services.question_create(
        actor=lead, study=study, prompt="Only after story 1?", vignette=vignettes[0]
    )
    dyad = _dyad(study, lead)
    across = dyad_across(study=study, dyad=dyad, vignettes=vignettes)
    prompts = [q.prompt for q in across.rows[0].questions]
    assert prompts[-1] == "Only after story 1?"
    assert "Only after story 1?" not in [q.prompt for q in across.rows[1].questions]
