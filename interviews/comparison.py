"""Answers to one vignette side by side: the worker's and the service user's accounts
of the same story on one row per dyad, and the responses export."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from studies.models import Dyad, Participant, Role, Study

from .models import Question, Response, SessionStatus, SessionVignette, Vignette
from .plan import asked_after


@dataclass
class DyadRow:
    worker: Participant | None
    service_user: Participant | None
    cells: list[tuple[str, str]]  # per question: (worker's answer, service user's answer)


@dataclass
class SideBySide:
    vignette: Vignette
    questions: list[Question]
    rows: list[DyadRow]
    worker_label: str
    service_user_label: str

    def by_question(self) -> list[tuple[Question, list[tuple[DyadRow, str, str]]]]:
        return [
            (question, [(row, *row.cells[index]) for row in self.rows])
            for index, question in enumerate(self.questions)
        ]


def dyad_rows(*, study: Study, vignette: Vignette) -> SideBySide:
    """Every dyad on one row, then anyone without a partner. An answer comes from the
    participant's latest session that was not abandoned."""
    every_role = Question.objects.filter(study=study).order_by()
    questions = sorted(
        asked_after(list(every_role), vignette.pk),
        key=lambda q: (q.vignette_id is not None, q.position, q.pk),
    )
    answers: dict[tuple[int, int], str] = {}
    responses = (
        Response.objects.filter(session__study=study, vignette=vignette)
        .exclude(session__status=SessionStatus.ABANDONED)
        .order_by("session__created_at", "session_id")
        .values_list("session__participant_id", "question_id", "text")
    )
    for participant_id, question_id, text in responses:
        answers[(participant_id, question_id)] = text  # later sessions overwrite earlier

    def cell(participant: Participant | None, question: Question) -> str:
        return answers.get((participant.pk, question.pk), "") if participant else ""

    dyads = (
        Dyad.objects.filter(study=study)
        .select_related("worker", "service_user")
        .order_by("worker__role__position", "worker__number")
    )
    rows = [
        DyadRow(
            d.worker,
            d.service_user,
            [(cell(d.worker, q), cell(d.service_user, q)) for q in questions],
        )
        for d in dyads
    ]
    # Anyone who answered without a partner yet gets a row of their own, on their side.
    paired = {p.pk for d in dyads for p in (d.worker, d.service_user)}
    answered = {participant_id for participant_id, _question in answers}
    unpaired = study.participants.select_related("role").filter(pk__in=answered - paired)
    for participant in unpaired:
        if participant.role.recruitment == Role.Recruitment.FIRST:
            rows.append(DyadRow(participant, None, [(cell(participant, q), "") for q in questions]))
        else:
            rows.append(DyadRow(None, participant, [("", cell(participant, q)) for q in questions]))
    labels = {role.recruitment: role.label for role in study.roles.order_by("-position")}
    return SideBySide(
        vignette, questions, rows,
        labels.get(Role.Recruitment.FIRST, "Workers"),
        labels.get(Role.Recruitment.NOMINATED, "Service users"),
    )  # fmt: skip


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
