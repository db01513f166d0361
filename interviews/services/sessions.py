"""Interview sessions: creating one with its vignette order fixed, saving answers as the
participant types (or the researcher's notes in person), pausing, completing."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from studies import access
from studies import services as study_services
from studies.access import Action
from studies.models import (
    AuditAction,
    Dyad,
    Participant,
    RecruitmentStatus,
    Role,
    User,
)

from .. import ordering, selectors
from ..models import (
    ANSWER_MAX_CHARS,
    OPEN_STATUSES,
    InterviewSession,
    OrderPolicy,
    PauseOutcome,
    Question,
    QuestionKind,
    Response,
    SessionMode,
    SessionPause,
    SessionStatus,
    SessionVignette,
    Vignette,
)
from ..plan import Page, session_pages
from .authoring import interview_settings_for
from .task_names import SESSION_PAUSED_ALERT
from .transcripts import transcript_from_session

ACTIVITY_STEP = timedelta(minutes=1)
# Orders that count towards counterbalancing: an abandoned session's order is free again.
COUNTED = (*OPEN_STATUSES, SessionStatus.COMPLETED)


def _partner(participant: Participant) -> Participant | None:
    dyad = Dyad.objects.filter(worker=participant).select_related("service_user").first()
    if dyad:
        return dyad.service_user
    dyad = Dyad.objects.filter(service_user=participant).select_related("worker").first()
    return dyad.worker if dyad else None


def _order_of(session: InterviewSession) -> list[int]:
    return list(session.vignettes.order_by("position").values_list("vignette_id", flat=True))


def _choose_order(participant: Participant, vignettes: list[Vignette]) -> tuple[list[int], str]:
    """The vignette ids in the order this participant's session will show them."""
    settings = interview_settings_for(participant.study)
    ids = [v.pk for v in vignettes]
    if settings.dyad_same_order:
        partner = _partner(participant)
        shared = (
            InterviewSession.objects.filter(participant=partner, status__in=COUNTED)
            .order_by("-created_at").first()
            if partner else None
        )  # fmt: skip
        if shared is not None and sorted(_order_of(shared)) == sorted(ids):
            return _order_of(shared), settings.order_policy
    if settings.order_policy == OrderPolicy.FIXED:
        indexes = ordering.fixed_order(len(ids))
    elif settings.order_policy == OrderPolicy.RANDOM:
        indexes = ordering.random_order(len(ids))
    else:
        # Serialise counterbalancing within a role, so two sessions created at the
        # same moment do not both take the least used order.
        Role.objects.select_for_update().get(pk=participant.role_id)
        # The design numbers vignettes by id, which moving one in the list does not
        # change, so sessions made before a move still count towards the balance.
        ids = sorted(ids)
        position = {pk: index for index, pk in enumerate(ids)}
        sessions = InterviewSession.objects.filter(
            study=participant.study_id, participant__role=participant.role_id, status__in=COUNTED
        ).prefetch_related("vignettes")
        counted = []
        for session in sessions:
            shown = [
                row.vignette_id for row in sorted(session.vignettes.all(), key=lambda r: r.position)
            ]
            if sorted(shown) == ids:  # sessions with another set do not count
                counted.append(tuple(position[pk] for pk in shown))
        indexes = ordering.next_counterbalanced_order(len(ids), counted)
    return [ids[index] for index in indexes], settings.order_policy


@transaction.atomic
def session_create(
    *, actor: User, participant: Participant, mode: str, interviewer: User | None = None,
    link_days: int = study_services.LINK_DAYS, email_link: bool = False,
    replace_link: bool = False,
) -> tuple[InterviewSession, str | None]:  # fmt: skip
    """A new session with its vignette order fixed and stored. An online session comes
    with a fresh personal link, emailed if asked; its token is returned once and never
    stored. A live link is replaced only with `replace_link`. If the email cannot be
    sent, no session is made."""
    study = participant.study
    access.require(actor, study, Action.RECRUIT)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status in (RecruitmentStatus.WITHDRAWN, RecruitmentStatus.DECLINED):
        raise ValidationError(
            f"{participant.pseudonym} has {participant.get_status_display().lower()}: "
            "no session can be made."
        )
    if mode not in SessionMode.values:
        raise ValidationError({"mode": "Choose online or in person."})
    if interviewer is not None and access.role_in(interviewer, study) is None:
        raise ValidationError({"interviewer": "Choose a member of the study team."})
    if InterviewSession.objects.filter(participant=participant, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            f"{participant.pseudonym} already has an open session: finish or abandon it first."
        )
    vignettes = list(
        Vignette.objects.filter(study=study, archived=False, current__isnull=False)
        .select_related("current").order_by("position")
    )  # fmt: skip
    if not vignettes:
        raise ValidationError("Write at least one vignette before making sessions.")
    order, policy = _choose_order(participant, vignettes)
    by_id = {v.pk: v for v in vignettes}
    try:
        with transaction.atomic():
            session = InterviewSession.objects.create(
                study=study, participant=participant, mode=mode, order_policy=policy,
                created_by=actor, interviewer=interviewer,
            )  # fmt: skip
    except IntegrityError as error:  # a concurrent request made one first
        raise ValidationError(f"{participant.pseudonym} already has an open session.") from error
    SessionVignette.objects.bulk_create(
        SessionVignette(session=session, position=position, vignette_id=pk,
                        version_id=by_id[pk].current_id)
        for position, pk in enumerate(order)
    )  # fmt: skip
    token = None
    if mode == SessionMode.ONLINE:
        _link, token = study_services.link_issue(
            actor=actor, participant=participant, days=link_days, email=email_link,
            replace=replace_link,
        )  # fmt: skip
    return session, token


def session_link_issue(
    *, actor: User, session: InterviewSession, days: int = study_services.LINK_DAYS,
    email: bool = False, replace: bool = False,
) -> str:  # fmt: skip
    """A new personal link for an open online session (see `study_services.link_issue`);
    returns its token. A session that has ended needs none: its participant's current
    link still lets them withdraw and read their consent."""
    if session.mode != SessionMode.ONLINE:
        raise ValidationError({"mode": "Only online sessions have links."})
    if not session.is_open:
        raise ValidationError(
            f"This session has ended ({session.get_status_display().lower()}), so it needs no "
            "new link: the participant's current one still lets them withdraw and read their "
            "consent. To ask them again, make a new session; for a lost link, make one from "
            "the participant's page."
        )
    _link, token = study_services.link_issue(
        actor=actor, participant=session.participant, days=days, email=email, replace=replace
    )
    return token


@transaction.atomic
def session_abandon(*, actor: User, session: InterviewSession) -> None:
    """Closes a session that will not be finished. Its answers stay; its vignette order
    no longer counts, so the next participant of the role is given it."""
    access.require(actor, session.study, Action.RECRUIT)
    changed = InterviewSession.objects.filter(pk=session.pk, status__in=OPEN_STATUSES).update(
        status=SessionStatus.ABANDONED
    )
    if not changed:
        raise ValidationError("Only an open session can be abandoned.")
    session.status = SessionStatus.ABANDONED


# --- Answers ----------------------------------------------------------------------------


def answer_clean(question: Question, raw: str) -> str:
    """The answer as stored, or a ValidationError in words a participant understands."""
    # NUL never belongs in typed text, and PostgreSQL cannot store it.
    value = (raw or "").replace("\r\n", "\n").replace("\x00", "")
    if question.kind == QuestionKind.TEXT:
        if len(value) > ANSWER_MAX_CHARS:
            raise ValidationError(
                _("Please keep this answer under %(limit)s characters; it has %(count)s.")
                % {"limit": f"{ANSWER_MAX_CHARS:,}", "count": f"{len(value):,}"}
            )
        return value
    value = value.strip()
    if not value:
        return ""
    if question.kind == QuestionKind.CHOICE and value not in question.choices:
        raise ValidationError(_("Please choose one of the options given."))
    if question.kind == QuestionKind.SCALE:
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or not question.scale_min <= number <= question.scale_max:
            raise ValidationError(
                _("Please choose a number from %(low)s to %(high)s.")
                % {"low": question.scale_min, "high": question.scale_max}
            )
        value = str(number)
    return value


def _lock_open(session: InterviewSession) -> InterviewSession:
    """The session row, locked so that answers to it are written one at a time (two
    tabs, a double submit), and still open."""
    locked = InterviewSession.objects.select_for_update().get(pk=session.pk)
    if not locked.is_open:
        raise ValidationError(_("This session has ended, so answers can no longer change."))
    return locked


def _touch(session: InterviewSession, now) -> None:
    """The participant is here: a paused or new session is in progress again. In person,
    only `session_start` starts the interview: notes may be written before it. The
    activity time moves at most once a minute, not on every keystroke's save."""
    recent = session.last_activity_at and now - session.last_activity_at < ACTIVITY_STEP
    if recent and session.status == SessionStatus.IN_PROGRESS:
        return
    session.last_activity_at = now
    if session.mode == SessionMode.IN_PERSON:
        session.save(update_fields=["last_activity_at"])
        return
    session.started_at = session.started_at or now
    if session.status == SessionStatus.PAUSED:
        SessionPause.objects.filter(session=session, resumed_at=None).update(resumed_at=now)
    session.status = SessionStatus.IN_PROGRESS
    session.paused_at = None
    session.save(update_fields=["last_activity_at", "started_at", "status", "paused_at"])


def answer_digest(text: str) -> str:
    """A short fingerprint of an answer's text, sent with the page so that a post can
    tell which answers that page changed."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def answer_token(text: str, revision: int) -> str:
    """What a page holds of an answer it shows: the revision and the text's digest."""
    return f"{revision}.{answer_digest(text)}"


@dataclass(frozen=True)
class Seen:
    """What a page last saw of one answer (from `answer_token`): which revision, and
    which text."""

    revision: int
    digest: str

    @classmethod
    def parse(cls, token: str | None) -> "Seen | None":
        revision, _, digest = (token or "").partition(".")
        if not (revision.isascii() and revision.isdigit() and len(revision) <= 9):
            return None
        return cls(int(revision), digest)


@dataclass(frozen=True)
class Writer:
    """The page view a save comes from: an id the server gave that view, and the view's
    own count of its saves (absent without JavaScript)."""

    id: str = ""
    seq: int | None = None


@dataclass
class Saved:
    """What became of a save. `errors`: answers refused, with the message. `conflicts`:
    answers that another tab or device changed since this page saw them, with the text
    that is kept (the newer one), so the participant is shown both. `tokens`: what the
    page should now hold of each answer it sent."""

    errors: dict[int, str] = field(default_factory=dict)
    conflicts: dict[int, str] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)


@transaction.atomic
def answers_save(
    *, session: InterviewSession, page: Page, answers: dict[int, str], actor: User | None = None,
    seen: dict[int, Seen | None] | None = None, writer: Writer = Writer(), advance: bool = False,
) -> Saved:  # fmt: skip
    """Stores answers to questions of one page: {question id: raw value}, one row per
    question. Answers that fail their check are not stored and come back in `errors`;
    the others are stored all the same, so nothing valid a participant typed is lost
    because of a neighbour's mistake.

    `seen` is what the posting page last saw of each answer. The order of saves is the
    server's: an answer the page did not change is left alone (a stale tab never blanks
    what another saved), and one changed both here and elsewhere since is not
    overwritten but reported in `conflicts`. Saves without `seen` (the API) write, last
    one wins.

    `actor` is None when the participant writes through their link; otherwise the
    researcher running an in-person session, who needs the recruit permission.

    With `advance` (the page's Next), the participant also moves past the page when
    every answer was kept, as `page_complete` does, in the same transaction."""
    if actor is not None:
        access.require(actor, session.study, Action.RECRUIT)
    study_services.require_consent(session.participant)
    locked = _lock_open(session)
    saved = _store(locked, page, answers, actor, seen or {}, writer)
    if advance and not saved.errors and not saved.conflicts:
        saved.errors = _advance(locked, page)
        session.pages_done = locked.pages_done
    return saved


@transaction.atomic
def answer_autosave(
    *, participant: Participant, number: int, read: Callable[[Page], dict[int, str]],
    seen: Callable[[int], Seen | None], writer: Writer,
) -> Saved:  # fmt: skip
    """One answer saved as a participant types it online: `read(page)` gives it from the
    request once the page is known, `seen(question id)` what the page last saw of it.
    The same rules as `answers_save`, in fewer queries: the open online session is found
    and locked in one, since this runs for every pause in typing. Raises ValidationError
    coded "not_on_page" or "one_at_a_time" for a request that does not fit the session,
    and uncoded when the session has ended."""
    study_services.require_consent(participant)
    session = selectors.open_online_session_locked(participant)
    if session is None:
        raise ValidationError(_("This session has ended, so answers can no longer change."))
    session.participant, session.study = participant, participant.study  # loaded already
    pages = session_pages(session)
    if not 1 <= number <= min(len(pages), session.pages_done + 1):
        raise ValidationError(_("This page is not part of your session yet."), "not_on_page")
    page = pages[number - 1]
    answers = read(page)
    if len(answers) != 1:
        raise ValidationError(_("Send one answer at a time."), "one_at_a_time")
    [question_id] = answers
    return _store(session, page, answers, None, {question_id: seen(question_id)}, writer)


def _store(
    session: InterviewSession, page: Page, answers: dict[int, str], actor: User | None,
    seen: dict[int, Seen | None], writer: Writer,
) -> Saved:  # fmt: skip
    """The answers stored in a session locked and checked open by the caller."""
    # Participants answer online sessions themselves; researchers note in-person ones.
    if (actor is None) != (session.mode == SessionMode.ONLINE):
        raise ValidationError(
            _("Only the participant answers an online session; researchers add notes in person.")
        )
    asked = {q.pk: q for q in page.questions}
    vignette_id = page.vignette.pk if page.vignette else None
    saved = Saved()
    values: dict[Question, str] = {}
    for question_id, raw in answers.items():
        question = asked.get(question_id)
        if question is None:
            raise ValidationError(_("That question is not on this page."))
        try:
            values[question] = answer_clean(question, raw)
        except ValidationError as error:
            saved.errors[question_id] = error.messages[0]
    now = timezone.now()
    if values:
        _write(session, vignette_id, values, actor, seen, writer, now, saved)
    if values or not answers:  # something was kept: they are here
        _touch(session, now)
    return saved


def _write(
    session, vignette_id, values: dict[Question, str], actor, seen: dict[int, Seen | None],
    writer: Writer, now, saved: Saved,
) -> None:  # fmt: skip
    """One read of the answers stored, then only the writes needed. The session row is
    locked, so nothing changes between the read and the writes."""
    stored = {
        response.question_id: response
        for response in Response.objects.filter(
            session=session, vignette_id=vignette_id, question__in=values
        )
    }
    for question, value in values.items():
        response = stored.get(question.pk)
        if response is None:
            response = Response.objects.create(
                session=session, question=question, vignette_id=vignette_id, text=value,
                created_at=now, updated_at=now, recorded_by=actor, writer=writer.id,
                writer_seq=writer.seq,
            )  # fmt: skip
        elif _should_write(response, value, seen.get(question.pk), writer, saved, question.pk):
            response.text, response.updated_at, response.recorded_by = value, now, actor
            response.revision += 1
            response.writer, response.writer_seq = writer.id, writer.seq
            response.save(
                update_fields=[
                    "text", "updated_at", "recorded_by", "revision", "writer", "writer_seq"
                ]
            )  # fmt: skip
        saved.tokens[question.pk] = answer_token(response.text, response.revision)


def _should_write(
    response: Response, value: str, seen: Seen | None, writer: Writer, saved: Saved, key: int
) -> bool:
    """Whether a save replaces the stored answer; a conflict is noted in `saved`."""
    if response.text == value:
        return False
    if writer.id and response.writer == writer.id:
        # The same page wrote last: its own count orders its requests, so one that
        # arrives late (a slow autosave after the save on leaving) changes nothing.
        return writer.seq is None or response.writer_seq is None or writer.seq > response.writer_seq
    if seen is not None and answer_digest(value) == seen.digest:
        return False  # this page did not change it: whatever is stored is newer
    if seen is None or seen.revision == response.revision:
        return True
    saved.conflicts[key] = response.text  # changed here and elsewhere: keep both in view
    return False


def missing_required(page: Page, answered: dict[tuple[int, int | None], str]) -> dict[int, str]:
    vignette_id = page.vignette.pk if page.vignette else None
    return {
        q.pk: _("Please answer this question.")
        for q in page.questions
        if q.required and not answered.get((q.pk, vignette_id), "").strip()
    }


@cache
def _answers_sql() -> str:
    """Every page view through a link reads its session's answers: a statement written
    once (see studies/rows.py)."""
    question, vignette, text, revision, session = (
        Response._meta.get_field(name).column
        for name in ("question", "vignette", "text", "revision", "session")
    )
    table = Response._meta.db_table
    return (
        f"SELECT {question}, {vignette}, {text}, {revision} FROM {table} "  # noqa: S608
        f"WHERE {session} = %s"
    )


def session_answer_rows(session: InterviewSession) -> dict[tuple[int, int | None], tuple[str, int]]:
    """{(question id, vignette id or None): (text, revision)} for every stored answer."""
    with connection.cursor() as cursor:
        cursor.execute(_answers_sql(), [session.pk])
        return {(q, v): (text, revision) for q, v, text, revision in cursor.fetchall()}


def session_answers(session: InterviewSession) -> dict[tuple[int, int | None], str]:
    """{(question id, vignette id or None): text} for every stored answer."""
    return {key: text for key, (text, _revision) in session_answer_rows(session).items()}


@transaction.atomic
def page_complete(*, session: InterviewSession, page: Page) -> dict[int, str]:
    """The participant moves past a page. Required questions left blank come back as
    {question id: message} and the participant stays; otherwise the page counts as
    done, which is where a reopened link resumes."""
    return _advance(_lock_open(session), page)


def _advance(session: InterviewSession, page: Page) -> dict[int, str]:
    """page_complete's work once the open session is locked."""
    missing = missing_required(page, session_answers(session))
    if not missing and session.pages_done < page.number:
        session.pages_done = page.number
        session.save(update_fields=["pages_done"])
    return missing


def resume_page(session: InterviewSession, pages: list[Page]) -> int:
    """Where a reopened link takes the participant: the first page with a required
    answer missing, or the page after the last one they moved past."""
    answered = session_answers(session)
    for page in pages:
        if missing_required(page, answered) or page.number > session.pages_done:
            return page.number
    return len(pages)


@transaction.atomic
def session_pause(*, session: InterviewSession, page: Page | None = None) -> None:
    """The participant needs to stop (on `page`). The session waits for them, the pause
    is kept with the page and story it happened on until the team records a check-in,
    it goes into the audit trail, and the research team is told."""
    session = _lock_open(session)
    now = timezone.now()
    session.status, session.paused_at, session.last_activity_at = SessionStatus.PAUSED, now, now
    session.save(update_fields=["status", "paused_at", "last_activity_at"])
    SessionPause.objects.create(
        session=session, paused_at=now, page_number=page.number if page else session.pages_done + 1,
        vignette=page.vignette if page else None,
        vignette_title=page.version.title if page and page.version else "",
    )  # fmt: skip
    study_services.audit_record(
        study=session.study, actor=None, action=AuditAction.SESSION_PAUSED,
        participant=session.participant, detail={"session": session.pk},
    )  # fmt: skip
    study_services.task_enqueue(task=SESSION_PAUSED_ALERT, args=[session.pk])


@transaction.atomic
def session_start(*, actor: User, session: InterviewSession) -> None:
    """The researcher starts an in-person interview: the start time is noted."""
    access.require(actor, session.study, Action.RECRUIT)
    study_services.require_consent(session.participant)
    session = _lock_open(session)
    if session.mode != SessionMode.IN_PERSON:
        raise ValidationError("Only an in-person session is started by a researcher.")
    now = timezone.now()
    session.interviewer = session.interviewer or actor
    session.started_at = session.started_at or now
    session.status, session.last_activity_at = SessionStatus.IN_PROGRESS, now
    session.save(update_fields=["interviewer", "started_at", "status", "last_activity_at"])


@transaction.atomic
def session_complete(*, session: InterviewSession, actor: User | None = None) -> InterviewSession:
    """Ends a session. Online, every required question must be answered, and the
    answers become a transcript to code. The participant is then marked interviewed."""
    if actor is not None:
        access.require(actor, session.study, Action.RECRUIT)
    session = _lock_open(session)
    participant = Participant.objects.select_related("study", "role").get(pk=session.participant_id)
    session.participant = participant
    if session.mode == SessionMode.ONLINE:
        if actor is not None:
            raise ValidationError("The participant completes an online session themselves.")
        answered = session_answers(session)
        for page in session_pages(session):
            if missing_required(page, answered):
                raise ValidationError(
                    _("Some required questions are not answered yet, on page %(page)s.")
                    % {"page": page.number}
                )
    elif session.started_at is None:
        raise ValidationError("Start the interview before ending it.")
    now = timezone.now()
    session.status, session.completed_at, session.last_activity_at = (
        SessionStatus.COMPLETED, now, now
    )  # fmt: skip
    session.save(update_fields=["status", "completed_at", "last_activity_at"])
    if session.mode == SessionMode.ONLINE:
        transcript_from_session(session=session)
    if participant.status in (RecruitmentStatus.CONSENTED, RecruitmentStatus.SCHEDULED):
        study_services.status_move(participant, RecruitmentStatus.INTERVIEWED, actor, "", now)
    return session


CHECK_IN_CLOCK_SKEW = timedelta(minutes=5)


@transaction.atomic
def pause_check_in_record(
    *, actor: User, pause: SessionPause, contacted_by: User, contacted_at, outcome: str,
    note: str = "",
) -> SessionPause:  # fmt: skip
    """Records the team's check-in after a participant stopped: who contacted them,
    when, and what came of it. "Not reached yet" keeps the pause flagged; recording
    again replaces the last check-in (the audit trail keeps each one)."""
    study = pause.session.study
    access.require(actor, study, Action.RECRUIT)
    errors = {}
    if access.role_in(contacted_by, study) is None:
        errors["contacted_by"] = "Choose a member of the study team."
    if outcome not in PauseOutcome.values:
        errors["outcome"] = "Choose what came of the check-in."
    if contacted_at is None:
        errors["contacted_at"] = "Say when they were contacted."
    elif contacted_at > timezone.now() + CHECK_IN_CLOCK_SKEW:
        errors["contacted_at"] = "That is in the future."
    elif contacted_at < pause.paused_at - CHECK_IN_CLOCK_SKEW:
        errors["contacted_at"] = "That is before they stopped."
    if len(note) > 2000:
        errors["note"] = f"Keep the note under 2,000 characters; it has {len(note):,}."
    if errors:
        raise ValidationError(errors)
    pause = SessionPause.objects.select_for_update().get(pk=pause.pk)
    pause.contacted_by, pause.contacted_at, pause.outcome = contacted_by, contacted_at, outcome
    pause.note, pause.recorded_by, pause.recorded_at = (
        note.replace("\x00", ""),
        actor,
        timezone.now(),
    )
    pause.save()
    study_services.audit_record(
        study=study, actor=actor, action=AuditAction.SESSION_CHECK_IN,
        participant=pause.session.participant,
        detail={"session": pause.session_id, "pause": pause.pk, "outcome": outcome},
    )  # fmt: skip
    return pause
