"""The demo study's vignettes, questions and sessions, added after studies.demo has made
the study and its participants (`manage.py load_demo` calls `demo_extend`).

Dyads 1 to 4 answered online; dyads 5 to 7 were interviewed in person (their
transcripts come with the transcripts issue); dyad 8 is still to be interviewed.
The words are in demo_content.py, written for this project.
"""

from datetime import timedelta

from django.db import transaction

from studies.demo import RECRUITMENT_STARTED
from studies.models import Membership, Study

from . import services
from .demo_content import ANSWERS, CLOSING, FOLLOW_UPS, VIGNETTES
from .models import InterviewSession, OrderPolicy, Response, SessionMode, Transcript, Vignette
from .plan import session_pages

SUPPORT_TEXT = """If you are finding things hard, you do not have to cope alone.

- **Your care team**: call the duty worker of your community mental health team, Monday to Friday, 9am to 5pm.
- **Out of hours**: the trust's 24-hour mental health line, on the number printed on your care plan.
- **The research team**: email the study researcher, who can talk things through or arrange a call.

You can carry on later or not at all: stopping never affects your care."""  # noqa: E501


def _lead(study: Study):
    return study.memberships.filter(role=Membership.Role.LEAD).select_related("user").first().user


@transaction.atomic
def demo_extend(study: Study) -> None:
    """Adds what interviews holds to the demo study; does nothing if it is there."""
    if Vignette.objects.filter(study=study).exists():
        return
    lead = _lead(study)
    services.interview_settings_update(
        actor=lead, study=study, order_policy=OrderPolicy.COUNTERBALANCED,
        dyad_same_order=False, online_nomination=False, support_text=SUPPORT_TEXT,
        alert_email="research-team@example.org",
    )  # fmt: skip
    for spec in VIGNETTES:
        services.vignette_create(
            actor=lead, study=study, title=spec["title"], text=spec["text"],
            validation_status=spec["status"], validation_notes=spec["notes"],
        )  # fmt: skip
    for prompt in FOLLOW_UPS:
        services.question_create(actor=lead, study=study, prompt=prompt, required=True)
    services.question_create(actor=lead, study=study, prompt=CLOSING, stage="closing")
    participants = {p.pseudonym: p for p in study.participants.select_related("role", "study")}
    for number in range(1, 5):
        for code in ("MHW", "SU"):
            _online_session(lead, participants[f"{code}{number}"], ANSWERS[f"{code}{number}"])
    for number in range(5, 9):
        for code in ("MHW", "SU"):
            _in_person_session(lead, participants[f"{code}{number}"], done=number < 8)


def _interview_day(participant):
    """The day the recruitment history says the participant was interviewed."""
    event = participant.recruitment_events.filter(status="interviewed").order_by("at").first()
    return event.at if event else RECRUITMENT_STARTED + timedelta(days=60)


def _online_session(lead, participant, answers: dict) -> None:
    session, _token = services.session_create(
        actor=lead, participant=participant, mode=SessionMode.ONLINE
    )
    pages = session_pages(session)
    for page in pages:
        texts = (
            answers["vignettes"][_vignette_index(page)] if page.vignette else [answers["closing"]]
        )
        typed = dict(zip([question.pk for question in page.questions], texts, strict=True))
        services.answers_save(session=session, page=page, answers=typed)
        services.page_complete(session=session, page=page)
    services.session_complete(session=session)
    _backdate(session, _interview_day(participant), minutes=40)


def _vignette_index(page) -> int:
    titles = [spec["title"] for spec in VIGNETTES]
    return titles.index(page.version.title)


def _in_person_session(lead, participant, *, done: bool) -> None:
    session, _ = services.session_create(
        actor=lead, participant=participant, mode=SessionMode.IN_PERSON, interviewer=lead
    )
    if done:
        services.session_start(actor=lead, session=session)
        services.session_complete(actor=lead, session=session)
        _backdate(session, _interview_day(participant), minutes=55)


def _backdate(session: InterviewSession, day, *, minutes: int) -> None:
    """Puts a demo session on the day the recruitment history says it happened, rather
    than the moment the demo was loaded."""
    started = day.replace(hour=10, minute=0)
    ended = started + timedelta(minutes=minutes)
    InterviewSession.objects.filter(pk=session.pk).update(
        created_at=started - timedelta(days=3), started_at=started, completed_at=ended,
        last_activity_at=ended,
    )  # fmt: skip
    Response.objects.filter(session=session).update(created_at=started, updated_at=ended)
    Transcript.objects.filter(session=session).update(created_at=ended)
