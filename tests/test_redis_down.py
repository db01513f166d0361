"""With Redis down (the cache and the Celery broker both refusing connections), a
participant still goes through the whole interview and every answer is stored: Redis is
a cache and a broker here, never where anything lives. The team's pause alert, which
cannot be queued, waits in the database and goes once the broker is back."""

import pytest
from django.urls import resolve, reverse

from config.celery import app as celery_app
from interviews import services as interview_services
from interviews.models import SessionStatus
from interviews.plan import session_pages
from studies.models import DeferredTask
from studies.tasks import send_deferred_tasks
from tests.factories import give_consent

# Port 1 on this machine: nothing listens there, so every connection is refused.
DEAD_REDIS = "redis://127.0.0.1:1/0"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _forget_broker_connections() -> None:
    # Celery keeps its connection and producer pools for the broker it first reached;
    # dropping them makes the next publish connect to the broker configured now.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_down(settings):
    """The cache and the broker as settings make them with REDIS_URL, at a dead Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    conf = celery_app.conf
    broker_url = conf.broker_url
    conf.broker_url, conf.task_always_eager = DEAD_REDIS, False
    _forget_broker_connections()
    yield
    conf.broker_url, conf.task_always_eager = broker_url, True
    _forget_broker_connections()


def _broker_back() -> None:
    """The broker answers again; in tests that means tasks run inline, as in the
    embedded default."""
    celery_app.conf.task_always_eager = True
    _forget_broker_connections()


@pytest.fixture
def interview(study, lead, worker):
    """MHW1, consented, with an online session of three vignettes, a required question
    after each and a closing question; and their link's token."""
    for number in (1, 2, 3):
        interview_services.vignette_create(
            actor=lead, study=study, title=f"Story {number}", text=f"Story {number} begins."
        )
    interview_services.question_create(
        actor=lead, study=study, prompt="What happens next?", required=True
    )
    interview_services.question_create(
        actor=lead, study=study, prompt="Anything else?", stage="closing"
    )
    give_consent(worker, lead)
    return interview_services.session_create(actor=lead, participant=worker, mode="online")


class Participant:
    """A browser holding the participant's link, failing the test on any server error."""

    def __init__(self, client, token: str):
        self.client = client
        entered = self.get(reverse("participant-enter", args=[token]))
        self.link_id = resolve(entered["Location"]).kwargs["link_id"]

    def url(self, name: str, *args) -> str:
        return reverse(name, args=[self.link_id, *args])

    def get(self, url: str):
        return self._checked(self.client.get(url))

    def post(self, url: str, data: dict, **extra):
        return self._checked(self.client.post(url, data, **extra))

    @staticmethod
    def _checked(response):
        assert response.status_code < 500, response.content.decode()[:2000]
        return response


def _answers(page, prefix: str) -> dict[str, str]:
    return {
        f"q{question.pk}": f"{prefix} {question.pk} on page {page.number}"
        for question in page.questions
    }


def _stop_and_come_back(you: Participant, session, answers: dict[str, str], page) -> None:
    """ "I need to stop" on this page: the team's alert cannot be queued and waits in the
    database; the next day the link brings the participant back to the same page."""
    stopped = you.post(you.url("participant-page", page.number), {**answers, "action": "stop"})
    assert stopped["Location"] == you.url("participant-paused")
    assert you.get(stopped["Location"]).status_code == 200
    session.refresh_from_db()
    assert session.status == SessionStatus.PAUSED
    kept = DeferredTask.objects.get()
    assert (kept.task, kept.args) == ("interviews.session_paused_alert", [session.pk])
    resumed = you.get(you.url("participant-start"))
    assert resumed["Location"] == you.url("participant-page", page.number)


@pytest.mark.django_db(transaction=True)  # the pause's alert is queued on a real commit
def test_a_participant_answers_every_page_and_every_answer_is_stored(client, interview, redis_down):
    session, token = interview
    you = Participant(client, token)
    pages = session_pages(session)
    expected: dict[tuple[int, int | None], str] = {}

    for page in pages:
        assert you.get(you.url("participant-start"))["Location"] == you.url(
            "participant-page", page.number
        )
        assert you.get(you.url("participant-page", page.number)).status_code == 200
        answers = _answers(page, "Answer")
        first = next(iter(answers))  # typed first: saved on its own, as the page autosaves
        saved = you.post(
            you.url("participant-autosave", page.number), {first: answers[first]}, **HTMX
        )
        assert saved.status_code == 200
        if page.number == 2:
            _stop_and_come_back(you, session, answers, page)
        moved = you.post(you.url("participant-page", page.number), {**answers, "action": "next"})
        assert moved.status_code == 302
        vignette_id = page.vignette.pk if page.vignette else None
        expected |= {(int(name[1:]), vignette_id): text for name, text in answers.items()}

    finished = you.post(you.url("participant-finish"), {})
    assert finished["Location"] == you.url("participant-thanks")
    assert you.get(finished["Location"]).status_code == 200
    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED
    assert interview_services.session_answers(session) == expected


@pytest.mark.django_db(transaction=True)
def test_the_pause_alert_goes_once_the_broker_is_back(
    client, interview, redis_down, mailoutbox, worker
):
    session, token = interview
    you = Participant(client, token)
    page = session_pages(session)[0]
    stopped = you.post(
        you.url("participant-page", 1), {**_answers(page, "Answer"), "action": "stop"}
    )
    assert stopped["Location"] == you.url("participant-paused")
    assert mailoutbox == []
    assert DeferredTask.objects.count() == 1

    _broker_back()
    assert send_deferred_tasks() == 1
    assert [message.subject for message in mailoutbox] == [
        f"{worker.pseudonym} stopped their session in {session.study.title}"
    ]
    assert not DeferredTask.objects.exists()
