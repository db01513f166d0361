"""Reads for interviews, scoped through studies.access: what a member may see."""

from functools import cache

from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from studies import rows
from studies.access import StudyAccess
from studies.models import Participant

from .models import (
    OPEN_STATUSES,
    InterviewSession,
    PauseOutcome,
    Question,
    Response,
    SessionMode,
    SessionPause,
    SessionStatus,
    SessionVignette,
    Vignette,
)
from .plan import asked_after, closing_questions, questions_for


@cache
def _online_sessions_sql(statuses: int, *, lock: bool) -> str:
    """A participant's online sessions in some statuses, in a statement written once
    (see studies/rows.py): every request through a link reads them."""
    listed = ", ".join(["%s"] * statuses)
    # SQLite has no row locks: its transactions take the write lock as they begin.
    lock = lock and connection.features.has_select_for_update
    return f"""
        SELECT {rows.columns(InterviewSession, "s")} FROM {InterviewSession._meta.db_table} s
        WHERE s.participant_id = %s AND s.mode = %s AND s.status IN ({listed})
        {"FOR UPDATE" if lock else ""}
    """  # noqa: S608 (names from the model; values are parameters)


def _online_sessions(participant: Participant, statuses, *, lock=False) -> list[InterviewSession]:
    with connection.cursor() as cursor:
        cursor.execute(
            _online_sessions_sql(len(statuses), lock=lock),
            [participant.pk, SessionMode.ONLINE, *statuses],
        )
        return [rows.instances(row, InterviewSession)[0] for row in cursor.fetchall()]


def online_session_for(participant: Participant) -> InterviewSession | None:
    """The session a participant's link leads to: the open online one, or else the
    online one they completed last."""
    found = _online_sessions(participant, (*OPEN_STATUSES, SessionStatus.COMPLETED))
    open_ = [s for s in found if s.is_open]
    completed = sorted(
        (s for s in found if s.status == SessionStatus.COMPLETED), key=lambda s: s.completed_at
    )
    return (open_ or completed[-1:] or [None])[0]


def open_online_session_locked(participant: Participant) -> InterviewSession | None:
    """The participant's open online session (there is at most one), locked for the
    transaction the caller is in."""
    found = _online_sessions(participant, OPEN_STATUSES, lock=True)
    return found[0] if found else None


def vignette_list(*, access: StudyAccess) -> QuerySet[Vignette]:
    return (
        Vignette.objects.filter(study=access.study)
        .select_related("current")
        .annotate(version_count=Count("versions", distinct=True))
        .order_by("archived", "position", "pk")
    )


def vignette_get(*, access: StudyAccess, pk: int) -> Vignette:
    return Vignette.objects.select_related("current").get(study=access.study, pk=pk)


def question_list(*, access: StudyAccess) -> QuerySet[Question]:
    return Question.objects.filter(study=access.study).select_related("vignette__current", "role")


def question_get(*, access: StudyAccess, pk: int) -> Question:
    return Question.objects.select_related("study").get(study=access.study, pk=pk)


def session_list(*, access: StudyAccess, status: str = "") -> QuerySet[InterviewSession]:
    sessions = InterviewSession.objects.filter(study=access.study).select_related(
        "participant__role", "participant__site", "interviewer"
    )
    if status:
        sessions = sessions.filter(status=status)
    due = SessionPause.objects.filter(
        session=OuterRef("pk"), outcome__in=["", PauseOutcome.NOT_REACHED]
    ).order_by("-paused_at")
    return sessions.annotate(
        answered=Count("responses", filter=~Q(responses__text=""), distinct=True),
        stops=Count("pauses", distinct=True),
        check_in_due_since=Subquery(due.values("paused_at")[:1]),
        check_in_due_story=Subquery(due.values("vignette_title")[:1]),
    ).order_by("-created_at", "-pk")


def check_ins_due(*, access: StudyAccess) -> QuerySet[SessionPause]:
    """Stops nobody has checked in on yet (or who were not reached), oldest first."""
    return (
        SessionPause.objects.filter(
            session__study=access.study, outcome__in=["", PauseOutcome.NOT_REACHED]
        )
        .select_related("session__participant")
        .order_by("paused_at")
    )


def session_get(*, access: StudyAccess, pk: int) -> InterviewSession:
    return (
        InterviewSession.objects.select_related(
            "study", "participant__role", "participant__site", "interviewer", "created_by"
        )
        .prefetch_related(
            Prefetch(
                "vignettes", SessionVignette.objects.select_related("version").order_by("position")
            )
        )
        .get(study=access.study, pk=pk)
    )


def responses_for_study(*, access: StudyAccess) -> QuerySet[Response]:
    """Every stored answer in the study, pseudonymised, in a stable order for export."""
    return (
        Response.objects.filter(session__study=access.study)
        .exclude(text="")
        .select_related("session__participant__role", "question", "vignette__current")
        .order_by("session__participant__role__position", "session__participant__number",
                  "session_id", "vignette__position", "question__stage", "question__position")
    )  # fmt: skip


def questions_asked(*, study, sessions: list[InterviewSession]) -> dict[int, int]:
    """How many answers each session asks for: its vignettes' questions and the closing
    ones, for its participant's role. Counted per role, not per session."""
    shown: dict[int, list[int]] = {}
    rows = SessionVignette.objects.filter(session__in=sessions).values_list(
        "session_id", "vignette_id"
    )
    for session_id, vignette_id in rows:
        shown.setdefault(session_id, []).append(vignette_id)
    by_role: dict[int, list[Question]] = {}
    totals = {}
    for session in sessions:
        role = session.participant.role
        if role.pk not in by_role:
            by_role[role.pk] = questions_for(study, role)
        questions = by_role[role.pk]
        totals[session.pk] = len(closing_questions(questions)) + sum(
            len(asked_after(questions, vignette_id)) for vignette_id in shown.get(session.pk, [])
        )
    return totals
