"""Accounts of the same vignette side by side: the worker's and the service user's on one
row, for every dyad on one vignette (`dyad_rows`) or for one dyad across every vignette
(`dyad_across`), and the responses export.

An online participant's account is their typed answers, one per question. An in-person
participant's is the passage of their interview's transcript that the vignette marks give
that vignette, read from the latest version's turns (`SpeakerTurn`)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import F, Value
from django.db.models.functions import Least, Substr

from studies.models import Dyad, Participant, Role, Study

from .models import (
    Question,
    Response,
    SessionStatus,
    SessionVignette,
    SpeakerTurn,
    TranscriptSource,
    TranscriptStatus,
    Vignette,
)
from .plan import asked_after
from .services.transcripts import INTERVIEWER

# How much of an interview's talk about one vignette a cell shows before "…": about a
# screen on a phone, enough to see where the participant stands. The transcript has the rest.
PASSAGE_CHARS = 900


@dataclass(frozen=True)
class PassageTurn:
    speaker: str
    kind: str  # "interviewer", "participant" or "other", as the reading view styles them
    text: str


@dataclass(frozen=True)
class Passage:
    """What a participant said about one vignette in their interview: from their first
    turn in it to their last, with the interviewer's questions in between, trimmed."""

    transcript_id: int
    first_turn: int  # the reading view's anchor (#turn-N) for the passage's first line
    turns: tuple[PassageTurn, ...]
    draft: bool  # not yet marked ready for coding: it may still be corrected or redacted


@dataclass
class Cell:
    participant: Participant | None
    answer: str = ""
    passage: Passage | None = None
    rowspan: int = 1

    @property
    def data_removed(self) -> bool:
        """They withdrew and their data was erased: why the cell is empty."""
        withdrawal = getattr(self.participant, "withdrawal", None) if self.participant else None
        return withdrawal is not None and withdrawal.erased_at is not None


@dataclass
class TableRow:
    question: Question | None  # None: the one row of accounts that are all interviews
    cells: list[Cell]  # a passage spanning from the row above leaves its column out

    @property
    def label(self) -> str:
        if self.question is not None:
            return self.question.prompt
        if any(cell.passage for cell in self.cells):
            return "In the interview"
        return "No questions after this vignette"


@dataclass
class DyadRow:
    """Two people's accounts of one vignette: typed answers on their questions' rows, an
    interview's passage in one cell spanning them."""

    worker: Participant | None
    service_user: Participant | None
    questions: list[Question]
    cells: list[tuple[str, str]]  # per question: (worker's answer, service user's answer)
    passages: tuple[Passage | None, Passage | None] = (None, None)
    dyad: Dyad | None = None
    vignette: Vignette | None = None

    def table_rows(self) -> list[TableRow]:
        sides = [
            (self.worker, [pair[0] for pair in self.cells], self.passages[0]),
            (self.service_user, [pair[1] for pair in self.cells], self.passages[1]),
        ]
        typed = any(any(answers) for _, answers, passage in sides if passage is None)
        if not self.questions or (any(self.passages) and not typed):
            # Nothing typed to line up by question: one row, whatever was said.
            return [TableRow(None, [Cell(who, passage=passage) for who, _, passage in sides])]
        rows = []
        for index, question in enumerate(self.questions):
            cells = []
            for who, answers, passage in sides:
                if passage is None:
                    cells.append(Cell(who, answer=answers[index]))
                elif index == 0:
                    cells.append(Cell(who, passage=passage, rowspan=len(self.questions)))
            rows.append(TableRow(question, cells))
        return rows


@dataclass
class SideBySide:
    vignette: Vignette
    questions: list[Question]
    rows: list[DyadRow]
    worker_label: str
    service_user_label: str


@dataclass
class DyadAcross:
    dyad: Dyad
    rows: list[DyadRow] = field(default_factory=list)  # one per vignette, in the study's order


def _questions_after(every_question: list[Question], vignette: Vignette) -> list[Question]:
    return sorted(
        asked_after(every_question, vignette.pk),
        key=lambda q: (q.vignette_id is not None, q.position, q.pk),
    )


def _answers(responses) -> dict[tuple[int, int, int], str]:
    """{(participant, vignette, question): text}, from the latest session that was not
    abandoned."""
    answers = {}
    rows = (
        responses.exclude(session__status=SessionStatus.ABANDONED)
        .order_by("session__created_at", "session_id")
        .values_list("session__participant_id", "vignette_id", "question_id", "text")
    )
    for participant_id, vignette_id, question_id, text in rows:
        answers[(participant_id, vignette_id, question_id)] = text  # later sessions win
    return answers


def _trim(turns: list[PassageTurn]) -> tuple[PassageTurn, ...]:
    """The turns up to PASSAGE_CHARS of words, the last one cut at a space with "…"."""
    kept, left = [], PASSAGE_CHARS
    for turn in turns:
        if len(turn.text) <= left:
            kept.append(turn)
            left -= len(turn.text)
            continue
        # Half a question says nothing: the passage then ends on the answer before it.
        cut = turn.text[:left].rsplit(" ", 1)[0] if left > 40 and turn.kind != "interviewer" else ""
        if cut:
            kept.append(PassageTurn(turn.speaker, turn.kind, f"{cut.rstrip(' ,;:')} …"))
        elif kept:
            while len(kept) > 1 and kept[-1].kind == "interviewer":
                kept.pop()
            last = kept.pop()
            kept.append(PassageTurn(last.speaker, last.kind, f"{last.text} …"))
        break
    return tuple(kept)


def _passage(transcript_id: int, draft: bool, turns: list[tuple[int, PassageTurn]]) -> Passage:
    spoken = [index for index, (_, turn) in enumerate(turns) if turn.kind != "interviewer"]
    if spoken:  # the interviewer's lead-in (the story retold) and wrap-up are not theirs
        turns = turns[spoken[0] : spoken[-1] + 1]
    return Passage(transcript_id, turns[0][0], _trim([turn for _, turn in turns]), draft)


def _passages(
    *, study: Study, vignette_ids: list[int], participant_ids: list[int] | None = None
) -> dict[tuple[int, int], Passage]:
    """{(participant, vignette): passage} from the latest version of every interview
    transcript whose turns are marked with those vignettes; when a participant has two,
    the later session's. One query: the words come cut out of the text by the database,
    each no longer than a cell shows."""
    turns = SpeakerTurn.objects.filter(transcript__study=study, vignette_id__in=vignette_ids)
    if participant_ids is not None:
        turns = turns.filter(transcript__participant_id__in=participant_ids)
    rows = (
        # An online session's generated transcript repeats its typed answers: those show as such.
        turns.exclude(transcript__source=TranscriptSource.ONLINE)
        .exclude(transcript__session__status=SessionStatus.ABANDONED)
        .annotate(
            words=Substr(
                "transcript__text",
                F("start") + 1,
                Least(F("end") - F("start"), Value(PASSAGE_CHARS + 1)),
            )
        )
        .order_by("transcript__session__created_at", "transcript_id", "position")
        .values_list(
            "transcript__participant_id", "transcript__participant__pseudonym", "transcript_id",
            "transcript__status", "vignette_id", "position", "speaker", "words",
        )
    )  # fmt: skip
    grouped: dict[tuple[int, int], tuple[int, bool, list]] = {}
    for (
        participant_id,
        pseudonym,
        transcript_id,
        status,
        vignette_id,
        position,
        speaker,
        words,
    ) in rows:
        key = (participant_id, vignette_id)
        if key not in grouped or grouped[key][0] != transcript_id:  # a later transcript wins
            grouped[key] = (transcript_id, status != TranscriptStatus.READY, [])
        kind = (
            "interviewer" if speaker == INTERVIEWER
            else "participant" if speaker == pseudonym else "other"
        )  # fmt: skip
        grouped[key][2].append((position, PassageTurn(speaker, kind, words)))
    return {key: _passage(*found) for key, found in grouped.items()}


def _row(
    worker: Participant | None,
    service_user: Participant | None,
    vignette: Vignette,
    questions: list[Question],
    answers: dict[tuple[int, int, int], str],
    passages: dict[tuple[int, int], Passage],
    dyad: Dyad | None = None,
) -> DyadRow:
    def answer(participant: Participant | None, question: Question) -> str:
        return answers.get((participant.pk, vignette.pk, question.pk), "") if participant else ""

    def passage(participant: Participant | None) -> Passage | None:
        return passages.get((participant.pk, vignette.pk)) if participant else None

    return DyadRow(
        worker, service_user, questions,
        [(answer(worker, q), answer(service_user, q)) for q in questions],
        (passage(worker), passage(service_user)), dyad, vignette,
    )  # fmt: skip


def dyad_rows(*, study: Study, vignette: Vignette) -> SideBySide:
    """Every dyad on one row, then anyone without a partner who has an account of it."""
    questions = _questions_after(list(Question.objects.filter(study=study).order_by()), vignette)
    answers = _answers(Response.objects.filter(session__study=study, vignette=vignette))
    passages = _passages(study=study, vignette_ids=[vignette.pk])
    dyads = (
        Dyad.objects.filter(study=study)
        .select_related("worker__withdrawal", "service_user__withdrawal")
        .order_by("worker__role__position", "worker__number")
    )
    rows = [
        _row(d.worker, d.service_user, vignette, questions, answers, passages, d) for d in dyads
    ]
    # Anyone with an account but no partner yet gets a row of their own, on their side.
    paired = {p.pk for d in dyads for p in (d.worker, d.service_user)}
    told = {participant_id for participant_id, *_ in answers} | {p for p, _ in passages}
    unpaired = study.participants.select_related("role", "withdrawal").filter(pk__in=told - paired)
    for participant in unpaired:
        if participant.role.recruitment == Role.Recruitment.FIRST:
            rows.append(_row(participant, None, vignette, questions, answers, passages))
        else:
            rows.append(_row(None, participant, vignette, questions, answers, passages))
    labels = {role.recruitment: role.label for role in study.roles.order_by("-position")}
    return SideBySide(
        vignette, questions, rows,
        labels.get(Role.Recruitment.FIRST, "Workers"),
        labels.get(Role.Recruitment.NOMINATED, "Service users"),
    )  # fmt: skip


def dyad_across(*, study: Study, dyad: Dyad, vignettes: list[Vignette]) -> DyadAcross:
    """One dyad's accounts of every vignette, a row each in the order given. An archived
    vignette gets a row only if one of them has an account of it."""
    pair = [dyad.worker, dyad.service_user]
    every_question = list(Question.objects.filter(study=study).order_by())
    ids = [participant.pk for participant in pair]
    answers = _answers(Response.objects.filter(session__study=study, session__participant__in=ids))
    passages = _passages(study=study, vignette_ids=[v.pk for v in vignettes], participant_ids=ids)
    told = {vignette_id for _, vignette_id, _ in answers} | {v for _, v in passages}
    across = DyadAcross(dyad)
    for vignette in vignettes:
        if vignette.archived and vignette.pk not in told:
            continue
        questions = _questions_after(every_question, vignette)
        across.rows.append(_row(*pair, vignette, questions, answers, passages, dyad))
    return across


CSV_HEADER = [
    "pseudonym", "role", "session", "mode", "session status", "vignette position",
    "vignette", "vignette version", "question", "answer", "recorded by researcher",
    "last saved",
]  # fmt: skip


def response_csv_rows(responses: Iterable[Response]) -> Iterator[list]:
    """One row per stored answer, pseudonyms only: no names, no contact details."""
    responses = list(responses)
    shown = {
        (row.session_id, row.vignette_id): (row.position + 1, row.version.number, row.version.title)
        for row in SessionVignette.objects.filter(
            session_id__in={r.session_id for r in responses}
        ).select_related("version")
    }
    yield CSV_HEADER
    for response in responses:
        session = response.session
        position, number, title = shown.get((session.pk, response.vignette_id), ("", "", ""))
        yield [
            session.participant.pseudonym, session.participant.role.code, session.pk,
            session.mode, session.status, position, title or "(closing questions)", number,
            response.question.prompt, response.text, "yes" if response.recorded_by_id else "no",
            response.updated_at.isoformat(timespec="seconds"),
        ]  # fmt: skip
