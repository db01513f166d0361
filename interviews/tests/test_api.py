"""The REST API for interviews: vignettes and their versions, questions, interview
settings, sessions and their actions, responses and transcripts.

Each test checks the status code and what the database holds afterwards. Tests marked
xfail(strict=True) pin a known bug: they pass once the bug is fixed, and the strict
mark then asks for the mark to be removed.
"""

from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.urls import resolve

from interviews import services
from interviews.models import (
    ANSWER_MAX_CHARS,
    InterviewSession,
    InterviewSettings,
    Question,
    Response,
    SessionVignette,
    Transcript,
    Vignette,
    VignetteVersion,
)
from interviews.plan import session_pages
from studies import services as study_services
from studies.models import ParticipantLink, Study
from tests.factories import give_consent

ON_POSTGRES = connection.vendor == "postgresql"

# --- Helpers -------------------------------------------------------------------------


@pytest.fixture
def base(study):
    return f"/api/v1/studies/{study.slug}"


def _quiet(client):
    """A client that answers a server error with a 500 instead of raising it."""
    client.raise_request_exception = False
    return client


def _worker(study, actor, **contact):
    return study_services.participant_add(
        actor=actor, study=study, role=study.roles.get(code="MHW"), site=None, **contact
    )


def _consented(study, actor, **contact):
    participant = _worker(study, actor, **contact)
    give_consent(participant, actor)
    return participant


def _page(session, vignette):
    """The page of the session that follows `vignette` (None: the closing page)."""
    wanted = vignette.pk if vignette else None
    return next(
        page
        for page in session_pages(session)
        if (page.vignette.pk if page.vignette else None) == wanted
    )


def _finish_online(session):
    """Answers every question of an online session as its participant would, moves past
    every page and completes it; returns the transcript."""
    for page in session_pages(session):
        answers = {
            q.pk: f"Answer {page.number}.{q.pk}: they should ask first." for q in page.questions
        }
        assert services.answers_save(session=session, page=page, answers=answers).errors == {}
        assert services.page_complete(session=session, page=page) == {}
    services.session_complete(session=session)
    return Transcript.objects.get(session=session)


def _ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.fixture
def in_person(consented_worker, vignettes, lead):
    """MHW1's in-person session, not started; it shows every vignette."""
    session, token = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    assert token is None
    return session


@pytest.fixture
def world(study, lead, vignettes, in_person):
    """Something of every kind in `study`: MHW1 in person (open), MHW2 online (open),
    MHW3 online (completed, with responses and a transcript), MHW4 without a session,
    and a vignette and a question that no session has used yet."""
    second = _consented(study, lead)
    online, token = services.session_create(actor=lead, participant=second, mode="online")
    third = _consented(study, lead)
    done, _token = services.session_create(actor=lead, participant=third, mode="online")
    transcript = _finish_online(done)
    return SimpleNamespace(
        study=study,
        vignette=vignettes[0],
        question=Question.objects.filter(study=study).first(),
        in_person=in_person,
        online=online,
        token=token,
        done=done,
        response=Response.objects.filter(session=done).first(),
        transcript=transcript,
        waiting=_worker(study, lead),
        spare_vignette=services.vignette_create(
            actor=lead, study=study, title="Spare", text="No session has shown this."
        ),
        spare_question=services.question_create(
            actor=lead, study=study, prompt="Not answered yet?", stage="closing"
        ),
    )


@pytest.fixture
def foreign(outsider):
    """The outsider's own study, with a vignette, a question, a participant, a completed
    online session, its responses and its transcript."""
    other = Study.objects.get(memberships__user=outsider)
    vignette = services.vignette_create(
        actor=outsider, study=other, title="Theirs", text="Another team's story."
    )
    question = services.question_create(actor=outsider, study=other, prompt="Their question?")
    participant = _consented(other, outsider)
    session, _token = services.session_create(
        actor=outsider, participant=participant, mode="online"
    )
    transcript = _finish_online(session)
    return SimpleNamespace(
        study=other,
        vignette=vignette,
        question=question,
        role=other.roles.get(code="MHW"),
        participant=participant,
        session=session,
        response=Response.objects.filter(session=session).first(),
        transcript=transcript,
    )


# --- Permissions ---------------------------------------------------------------------

PERSONAS = ["lead", "researcher", "coder", "consent_admin", "viewer", "outsider", "anonymous"]
VIEW_STUDY = {"consent_admin": 200, "outsider": 404, "anonymous": 401}
VIEW_DATA = {"consent_admin": 403, "outsider": 404, "anonymous": 401}
READS = {
    "vignettes/": VIEW_STUDY,
    "vignettes/{vignette}/": VIEW_STUDY,
    "vignettes/{vignette}/versions/": VIEW_STUDY,
    "questions/": VIEW_STUDY,
    "questions/{question}/": VIEW_STUDY,
    "interview-settings/": VIEW_STUDY,
    "sessions/": VIEW_DATA,
    "sessions/{session}/": VIEW_DATA,
    "responses/": VIEW_DATA,
    "responses/{response}/": VIEW_DATA,
    "transcripts/": VIEW_DATA,
    "transcripts/{transcript}/": VIEW_DATA,
}


def _expected_read(rule, who):
    return rule.get(who, 200)


@pytest.mark.parametrize("path", list(READS))
@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_read_each_endpoint(api_as, personas, world, base, path, who):
    url = f"{base}/" + path.format(
        vignette=world.vignette.pk,
        question=world.question.pk,
        session=world.done.pk,
        response=world.response.pk,
        transcript=world.transcript.pk,
    )
    response = api_as(personas[who]).get(url)
    assert response.status_code == _expected_read(READS[path], who)
    if response.status_code != 200:
        assert "results" not in response.json()
        assert "pseudonym" not in response.content.decode()


# Each write: (call it, has it changed the database, the status of a success).
def _vignette_create(client, base, w):
    response = client.post(f"{base}/vignettes/", {"title": "New", "text": "Words."}, format="json")
    return response, VignetteVersion.objects.filter(title="New").exists()


def _vignette_update(client, base, w):
    response = client.patch(
        f"{base}/vignettes/{w.spare_vignette.pk}/", {"title": "Renamed"}, format="json"
    )
    w.spare_vignette.current.refresh_from_db()
    return response, w.spare_vignette.current.title == "Renamed"


def _vignette_delete(client, base, w):
    response = client.delete(f"{base}/vignettes/{w.spare_vignette.pk}/")
    return response, not Vignette.objects.filter(pk=w.spare_vignette.pk).exists()


def _question_create(client, base, w):
    response = client.post(f"{base}/questions/", {"prompt": "New question?"}, format="json")
    return response, Question.objects.filter(prompt="New question?").exists()


def _question_update(client, base, w):
    response = client.patch(
        f"{base}/questions/{w.spare_question.pk}/", {"prompt": "Reworded?"}, format="json"
    )
    w.spare_question.refresh_from_db()
    return response, w.spare_question.prompt == "Reworded?"


def _question_delete(client, base, w):
    response = client.delete(f"{base}/questions/{w.spare_question.pk}/")
    return response, not Question.objects.filter(pk=w.spare_question.pk).exists()


def _settings_put(client, base, w):
    response = client.put(
        f"{base}/interview-settings/", {"alert_email": "us@example.org"}, format="json"
    )
    return response, InterviewSettings.objects.filter(alert_email="us@example.org").exists()


def _session_create(client, base, w):
    response = client.post(
        f"{base}/sessions/", {"participant": w.waiting.pk, "mode": "in_person"}, format="json"
    )
    return response, InterviewSession.objects.filter(participant=w.waiting).exists()


def _session_link(client, base, w):
    links = ParticipantLink.objects.filter(participant=w.online.participant)
    before = links.count()
    response = client.post(
        f"{base}/sessions/{w.online.pk}/link/", {"replace_link": True}, format="json"
    )
    return response, links.count() > before


def _session_abandon(client, base, w):
    response = client.post(f"{base}/sessions/{w.online.pk}/abandon/")
    w.online.refresh_from_db()
    return response, w.online.status == "abandoned"


def _session_start(client, base, w):
    response = client.post(f"{base}/sessions/{w.in_person.pk}/start/")
    w.in_person.refresh_from_db()
    return response, w.in_person.started_at is not None


def _session_complete(client, base, w):
    services.session_start(actor=w.study.memberships.get(role="lead").user, session=w.in_person)
    response = client.post(f"{base}/sessions/{w.in_person.pk}/complete/")
    w.in_person.refresh_from_db()
    return response, w.in_person.status == "completed"


def _session_answers(client, base, w):
    question = _page(w.in_person, w.vignette).questions[0]
    response = client.post(
        f"{base}/sessions/{w.in_person.pk}/answers/",
        {"vignette": w.vignette.pk, "answers": {str(question.pk): "Notes."}},
        format="json",
    )
    return response, Response.objects.filter(session=w.in_person).exists()


EDIT_STUDY = {"lead": None, "researcher": None, "outsider": 404, "anonymous": 401}
RECRUIT = EDIT_STUDY
WRITES = {
    "vignette_create": (_vignette_create, 201, EDIT_STUDY),
    "vignette_update": (_vignette_update, 200, EDIT_STUDY),
    "vignette_delete": (_vignette_delete, 204, EDIT_STUDY),
    "question_create": (_question_create, 201, EDIT_STUDY),
    "question_update": (_question_update, 200, EDIT_STUDY),
    "question_delete": (_question_delete, 204, EDIT_STUDY),
    "settings_put": (_settings_put, 200, EDIT_STUDY),
    "session_create": (_session_create, 201, RECRUIT),
    "session_link": (_session_link, 200, RECRUIT),
    "session_abandon": (_session_abandon, 200, RECRUIT),
    "session_start": (_session_start, 200, RECRUIT),
    "session_complete": (_session_complete, 200, RECRUIT),
    "session_answers": (_session_answers, 200, RECRUIT),
}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_write_to_each_endpoint(api_as, personas, world, base, write, who):
    call, success, rule = WRITES[write]
    allowed = who in rule and rule[who] is None
    response, changed = call(api_as(personas[who]), base, world)
    assert response.status_code == (success if allowed else rule.get(who, 403)), response.content
    assert changed is allowed


def test_a_member_of_one_study_cannot_reach_another_study_by_slug(api_as, lead, foreign):
    client = api_as(lead)
    other = f"/api/v1/studies/{foreign.study.slug}"
    for path in ("vignettes/", "questions/", "interview-settings/", "sessions/", "responses/"):
        assert client.get(f"{other}/{path}").status_code == 404
    response = client.post(f"{other}/vignettes/", {"title": "Mine", "text": "Mine."}, format="json")
    assert response.status_code == 404
    assert not VignetteVersion.objects.filter(title="Mine").exists()


# --- No way across studies -----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "vignettes/{vignette}/",
        "vignettes/{vignette}/versions/",
        "questions/{question}/",
        "sessions/{session}/",
        "responses/{response}/",
        "transcripts/{transcript}/",
    ],
)
def test_an_object_of_another_study_is_not_found(api_as, lead, world, foreign, base, path):
    url = f"{base}/" + path.format(
        vignette=foreign.vignette.pk,
        question=foreign.question.pk,
        session=foreign.session.pk,
        response=foreign.response.pk,
        transcript=foreign.transcript.pk,
    )
    response = api_as(lead).get(url)
    assert response.status_code == 404
    assert "Theirs" not in response.content.decode()


def test_lists_show_nothing_of_another_study(api_as, lead, world, foreign, base):
    client = api_as(lead)
    for path, theirs in [
        ("vignettes/", foreign.vignette.pk),
        ("questions/", foreign.question.pk),
        ("sessions/", foreign.session.pk),
        ("responses/", foreign.response.pk),
        ("transcripts/", foreign.transcript.pk),
    ]:
        listed = _ids(client.get(f"{base}/{path}"))
        assert listed, path
        assert theirs not in listed, path
    assert _ids(client.get(f"{base}/responses/?session={foreign.session.pk}")) == []


def test_writes_to_an_object_of_another_study_are_not_found(api_as, lead, world, foreign, base):
    client = api_as(lead)
    assert (
        client.patch(
            f"{base}/vignettes/{foreign.vignette.pk}/", {"title": "Taken"}, format="json"
        ).status_code
        == 404
    )
    assert client.delete(f"{base}/vignettes/{foreign.vignette.pk}/").status_code == 404
    assert client.delete(f"{base}/questions/{foreign.question.pk}/").status_code == 404
    for name in ("link", "abandon", "start", "complete"):
        assert client.post(f"{base}/sessions/{foreign.session.pk}/{name}/").status_code == 404
    answers = client.post(
        f"{base}/sessions/{foreign.session.pk}/answers/",
        {"vignette": foreign.vignette.pk, "answers": {str(foreign.question.pk): "Mine."}},
        format="json",
    )
    assert answers.status_code == 404
    foreign.vignette.refresh_from_db()
    assert foreign.vignette.current.title == "Theirs"
    assert Question.objects.filter(pk=foreign.question.pk).exists()
    foreign.session.refresh_from_db()
    assert foreign.session.status == "completed"
    assert not Response.objects.filter(text="Mine.").exists()


def test_a_question_cannot_follow_a_vignette_of_another_study(api_as, study, lead, foreign, base):
    response = api_as(lead).post(
        f"{base}/questions/",
        {"prompt": "Borrowed?", "vignette": foreign.vignette.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "vignette" in response.json()
    assert not Question.objects.filter(study=study).exists()


def test_a_question_cannot_ask_a_role_of_another_study(api_as, study, lead, foreign, base):
    response = api_as(lead).post(
        f"{base}/questions/", {"prompt": "Borrowed?", "role": foreign.role.pk}, format="json"
    )
    assert response.status_code == 400
    assert "role" in response.json()
    assert not Question.objects.filter(study=study).exists()


def test_a_question_cannot_move_to_a_vignette_of_another_study(api_as, lead, world, foreign, base):
    response = api_as(lead).patch(
        f"{base}/questions/{world.spare_question.pk}/",
        {"stage": "vignette", "vignette": foreign.vignette.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "vignette" in response.json()
    world.spare_question.refresh_from_db()
    assert (world.spare_question.stage, world.spare_question.vignette) == ("closing", None)


def test_a_session_cannot_be_made_for_a_participant_of_another_study(
    api_as, study, lead, vignettes, foreign, base
):
    sessions = InterviewSession.objects.filter(participant=foreign.participant)
    before = sessions.count()
    response = api_as(lead).post(
        f"{base}/sessions/",
        {"participant": foreign.participant.pk, "mode": "online"},
        format="json",
    )
    assert response.status_code == 400
    assert "participant" in response.json()
    assert sessions.count() == before
    assert not InterviewSession.objects.filter(study=study).exists()


def test_answers_cannot_follow_a_vignette_of_another_study(api_as, lead, in_person, foreign, base):
    response = api_as(lead).post(
        f"{base}/sessions/{in_person.pk}/answers/",
        {"vignette": foreign.vignette.pk, "answers": {str(foreign.question.pk): "Notes."}},
        format="json",
    )
    assert response.status_code == 400
    assert "vignette" in response.json()
    assert not Response.objects.filter(session=in_person).exists()


# --- Vignettes -----------------------------------------------------------------------


def test_a_lead_writes_a_vignette(api_as, study, lead, base):
    response = api_as(lead).post(
        f"{base}/vignettes/",
        {"title": " The move ", "text": "Sam wants to *move* out.", "validation_status": "draft"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["version"], body["position"]) == ("The move", 1, 0)
    vignette = Vignette.objects.get(study=study)
    assert (vignette.pk, vignette.current.title, vignette.current.text) == (
        body["id"],
        "The move",
        "Sam wants to *move* out.",
    )


@pytest.mark.parametrize(
    "data,field",
    [
        ({"title": "", "text": "Words."}, "title"),
        ({"title": "   ", "text": "Words."}, "title"),
        ({"title": "T" * 201, "text": "Words."}, "title"),
        ({"title": "A title", "text": ""}, "text"),
        ({"text": "Words."}, "title"),
        ({"title": ["a", "list"], "text": "Words."}, "title"),
        (
            {"title": "A title", "text": "Words.", "validation_status": "approved"},
            "validation_status",
        ),
        ({"title": "A title", "text": "Words.", "archived": "perhaps"}, "archived"),
    ],
    ids=["empty", "spaces", "too-long", "no-text", "missing", "list", "status", "archived"],
)
def test_a_bad_vignette_is_a_400_and_creates_nothing(api_as, study, lead, base, data, field):
    response = _quiet(api_as(lead)).post(f"{base}/vignettes/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Vignette.objects.filter(study=study).exists()


def test_emptying_a_vignettes_title_is_a_400_and_changes_nothing(api_as, lead, vignettes, base):
    vignette = vignettes[0]
    response = api_as(lead).patch(f"{base}/vignettes/{vignette.pk}/", {"title": ""}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()
    vignette.current.refresh_from_db()
    assert vignette.current.title == "Story 1"


def test_editing_an_unshown_vignette_keeps_version_one(api_as, lead, vignettes, base):
    vignette = vignettes[0]
    response = api_as(lead).patch(
        f"{base}/vignettes/{vignette.pk}/", {"text": "Better words."}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["version"], response.json()["text"]) == (1, "Better words.")
    assert list(vignette.versions.values_list("number", "text")) == [(1, "Better words.")]


def test_editing_a_shown_vignette_makes_version_two(api_as, lead, vignettes, in_person, base):
    vignette = vignettes[0]
    client = api_as(lead)
    response = client.patch(
        f"{base}/vignettes/{vignette.pk}/", {"text": "Sam now wants to stay."}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["version"], response.json()["text"]) == (2, "Sam now wants to stay.")
    versions = client.get(f"{base}/vignettes/{vignette.pk}/versions/")
    assert versions.status_code == 200
    assert [(v["number"], v["title"], v["text"]) for v in versions.json()] == [
        (1, "Story 1", "Someone in story 1 wants to do something *new*."),
        (2, "Story 1", "Sam now wants to stay."),
    ]
    shown = client.get(f"{base}/sessions/{in_person.pk}/").json()["vignettes"]
    assert {row["vignette"]: row["version"] for row in shown}[vignette.pk] == 1
    assert SessionVignette.objects.get(session=in_person, vignette=vignette).version.number == 1


def test_a_shown_vignette_cannot_be_deleted(api_as, lead, vignettes, in_person, base):
    vignette = vignettes[0]
    response = api_as(lead).delete(f"{base}/vignettes/{vignette.pk}/")
    assert response.status_code == 400
    assert "archive it instead" in response.json()["non_field_errors"][0]
    assert Vignette.objects.filter(pk=vignette.pk).exists()
    assert SessionVignette.objects.filter(session=in_person, vignette=vignette).exists()


def test_a_shown_vignette_is_archived_instead(api_as, lead, vignettes, in_person, base):
    vignette = vignettes[0]
    response = api_as(lead).patch(
        f"{base}/vignettes/{vignette.pk}/", {"archived": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["archived"] is True
    vignette.refresh_from_db()
    assert vignette.archived


def test_an_unknown_or_absurd_vignette_id_is_not_found(api_as, lead, vignettes, base):
    client = _quiet(api_as(lead))
    for pk in ("999999", "abc", "99999999999999999999999"):
        assert client.get(f"{base}/vignettes/{pk}/").status_code == 404, pk


# --- Questions -----------------------------------------------------------------------


def test_a_lead_adds_a_choice_question_after_one_vignette(api_as, study, lead, vignettes, base):
    response = api_as(lead).post(
        f"{base}/questions/",
        {
            "prompt": " Who should decide? ",
            "vignette": vignettes[1].pk,
            "kind": "choice",
            "choices": ["Sam", " The worker "],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["prompt"], body["vignette"], body["choices"]) == (
        "Who should decide?",
        vignettes[1].pk,
        ["Sam", "The worker"],
    )
    question = Question.objects.get(pk=body["id"])
    assert (question.study, question.vignette, question.kind) == (study, vignettes[1], "choice")


@pytest.mark.parametrize(
    "data,field",
    [
        ({"prompt": ""}, "prompt"),
        ({"prompt": "Which?", "kind": "choice", "choices": ["Only one"]}, "choices"),
        ({"prompt": "Which?", "kind": "choice", "choices": ["Yes", "yes"]}, "choices"),
        ({"prompt": "Which?", "kind": "choice", "choices": "Yes\nNo"}, "choices"),
        ({"prompt": "How much?", "kind": "scale", "scale_min": 5, "scale_max": 5}, "scale_max"),
        ({"prompt": "How much?", "kind": "scale", "scale_min": 7, "scale_max": 1}, "scale_max"),
        ({"prompt": "How much?", "kind": "scale", "scale_min": 1, "scale_max": 50}, "scale_max"),
        ({"prompt": "How much?", "kind": "scale", "scale_min": "low"}, "scale_min"),
        ({"prompt": "What?", "kind": "essay"}, "kind"),
        ({"prompt": "What?", "stage": "middle"}, "stage"),
        ({"prompt": "What?", "vignette": "first"}, "vignette"),
        ({"prompt": "What?", "vignette": 999999}, "vignette"),
        ({"prompt": "What?", "role": "MHW"}, "role"),
        ({"prompt": "What?", "required": "often"}, "required"),
        ({"prompt": "P" * 501}, "prompt"),
    ],
    ids=[
        "empty-prompt", "one-option", "same-option-twice", "options-as-text", "scale-flat",
        "scale-upside-down", "scale-too-long", "scale-not-a-number", "unknown-kind",
        "unknown-stage", "vignette-as-string", "unknown-vignette", "role-as-string",
        "required-not-bool", "prompt-too-long",
    ],
)  # fmt: skip
def test_a_bad_question_is_a_400_and_creates_nothing(api_as, study, lead, base, data, field):
    response = _quiet(api_as(lead)).post(f"{base}/questions/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Question.objects.filter(study=study).exists()


def test_a_closing_question_cannot_follow_a_vignette(api_as, study, lead, vignettes, base):
    before = Question.objects.filter(study=study).count()
    response = api_as(lead).post(
        f"{base}/questions/",
        {"prompt": "Anything else?", "stage": "closing", "vignette": vignettes[0].pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["vignette"] == [
        "Closing questions are asked once at the end, not after a vignette."
    ]
    assert Question.objects.filter(study=study).count() == before


def test_a_scale_beyond_the_database_integer_is_a_400(api_as, study, lead, base):
    response = _quiet(api_as(lead)).post(
        f"{base}/questions/",
        {"prompt": "How much?", "kind": "scale", "scale_min": 2**63, "scale_max": 2**63 + 5},
        format="json",
    )
    assert response.status_code == 400
    assert not Question.objects.filter(study=study).exists()


def test_an_answered_questions_kind_cannot_change(api_as, lead, world, base):
    question = world.response.question
    response = api_as(lead).patch(
        f"{base}/questions/{question.pk}/", {"kind": "choice", "choices": ["A", "B"]}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"kind", "choices"}
    question.refresh_from_db()
    assert question.kind == "text"


def test_an_answered_question_cannot_be_deleted(api_as, lead, world, base):
    question = world.response.question
    response = api_as(lead).delete(f"{base}/questions/{question.pk}/")
    assert response.status_code == 400
    assert Question.objects.filter(pk=question.pk).exists()


# --- Interview settings --------------------------------------------------------------


def test_the_settings_start_as_defaults(api_as, viewer, base):
    response = api_as(viewer).get(f"{base}/interview-settings/")
    assert response.status_code == 200
    assert response.json() == {
        "order_policy": "counterbalanced",
        "dyad_same_order": False,
        "online_nomination": False,
        "alert_email": "",
    }


def test_a_partial_put_changes_only_the_fields_given(api_as, study, researcher, base):
    client = api_as(researcher)
    first = client.put(
        f"{base}/interview-settings/", {"order_policy": "fixed", "dyad_same_order": True},
        format="json",
    )  # fmt: skip
    second = client.put(
        f"{base}/interview-settings/", {"alert_email": "team@example.org"}, format="json"
    )
    assert (first.status_code, second.status_code) == (200, 200)
    saved = InterviewSettings.objects.get(study=study)
    assert (saved.order_policy, saved.dyad_same_order, saved.alert_email) == (
        "fixed",
        True,
        "team@example.org",
    )


@pytest.mark.parametrize(
    "data,field",
    [
        ({"alert_email": "not an address"}, "alert_email"),
        ({"order_policy": "alphabetical"}, "order_policy"),
        ({"dyad_same_order": "sometimes"}, "dyad_same_order"),
        ({"online_nomination": ["a", "list"]}, "online_nomination"),
    ],
    ids=["email", "policy", "bool", "list"],
)
def test_bad_settings_are_a_400_and_change_nothing(api_as, study, lead, base, data, field):
    response = _quiet(api_as(lead)).put(
        f"{base}/interview-settings/", {"dyad_same_order": True, **data}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not InterviewSettings.objects.filter(study=study).exists()


# --- Bodies that are not what an endpoint takes --------------------------------------


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', "null"])
def test_a_body_that_is_not_a_json_object_is_a_400(api_as, study, lead, in_person, base, body):
    client = _quiet(api_as(lead))
    versions = VignetteVersion.objects.count()
    questions = Question.objects.count()
    for method, path in [
        ("post", "vignettes/"),
        ("post", "questions/"),
        ("put", "interview-settings/"),
        ("post", "sessions/"),
        ("post", f"sessions/{in_person.pk}/link/"),
        ("post", f"sessions/{in_person.pk}/answers/"),
    ]:
        response = getattr(client, method)(f"{base}/{path}", body, content_type="application/json")
        assert response.status_code == 400, (path, response.status_code)
    assert (VignetteVersion.objects.count(), Question.objects.count()) == (versions, questions)
    assert not InterviewSettings.objects.exists()
    assert InterviewSession.objects.count() == 1
    assert not Response.objects.exists()


# --- Sessions ------------------------------------------------------------------------


def test_an_online_session_comes_with_its_link_once(api_as, study, lead, vignettes, base):
    participant = _consented(study, lead)
    client = api_as(lead)
    response = client.post(
        f"{base}/sessions/", {"participant": participant.pk, "mode": "online"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["pseudonym"], body["mode"], body["status"]) == ("MHW1", "online", "not_started")
    assert len(body["vignettes"]) == len(vignettes)
    path = urlparse(body["link"]).path
    match = resolve(path)
    assert match.url_name == "participant-enter"
    link = study_services.link_resolve(match.kwargs["token"])
    assert link is not None
    assert link.participant == participant
    session = InterviewSession.objects.get(participant=participant)
    assert session.pk == body["id"]
    again = client.get(f"{base}/sessions/{session.pk}/")
    assert again.status_code == 200
    assert "link" not in again.json()
    assert match.kwargs["token"] not in again.content.decode()
    assert all("link" not in row for row in client.get(f"{base}/sessions/").json()["results"])


def test_an_in_person_session_has_no_link(api_as, study, lead, vignettes, base):
    participant = _worker(study, lead)
    response = api_as(lead).post(
        f"{base}/sessions/", {"participant": participant.pk, "mode": "in_person"}, format="json"
    )
    assert response.status_code == 201
    assert "link" not in response.json()
    assert not ParticipantLink.objects.filter(participant=participant).exists()


def test_an_emailed_link_goes_to_the_participants_address(
    api_as, study, lead, vignettes, base, mailoutbox, django_capture_on_commit_callbacks
):
    participant = _worker(study, lead, email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(lead).post(
            f"{base}/sessions/",
            {"participant": participant.pk, "mode": "online", "email_link": True},
            format="json",
        )
    assert response.status_code == 201
    assert [message.to for message in mailoutbox] == [["sam@example.org"]]
    token = resolve(urlparse(response.json()["link"]).path).kwargs["token"]
    assert token in mailoutbox[0].body


def test_emailing_a_link_without_an_address_is_a_400_and_creates_no_session(
    api_as, study, lead, vignettes, base, mailoutbox
):
    participant = _worker(study, lead)
    response = api_as(lead).post(
        f"{base}/sessions/",
        {"participant": participant.pk, "mode": "online", "email_link": True},
        format="json",
    )
    assert response.status_code == 400
    assert "No email address" in response.json()["non_field_errors"][0]
    assert mailoutbox == []
    assert not InterviewSession.objects.filter(participant=participant).exists()
    assert not ParticipantLink.objects.filter(participant=participant).exists()


def test_a_new_link_that_cannot_be_emailed_leaves_the_old_link_working(api_as, lead, online, base):
    session, token = online
    response = api_as(lead).post(
        f"{base}/sessions/{session.pk}/link/",
        {"email_link": True, "replace_link": True},
        format="json",
    )
    assert response.status_code == 400
    assert "No email address" in response.content.decode()
    assert study_services.link_resolve(token) is not None
    assert ParticipantLink.objects.filter(participant=session.participant).count() == 1


def test_a_new_link_replaces_the_old_one(api_as, lead, online, base):
    session, old = online
    response = api_as(lead).post(
        f"{base}/sessions/{session.pk}/link/", {"days": 7, "replace_link": True}, format="json"
    )
    assert response.status_code == 200
    new = resolve(urlparse(response.json()["link"]).path).kwargs["token"]
    assert study_services.link_resolve(old) is None
    link = study_services.link_resolve(new)
    assert link.participant == session.participant
    assert 6 <= (link.expires_at - link.created_at).days <= 7


def test_a_live_link_is_replaced_only_when_the_client_says_so(api_as, lead, online, base):
    session, old = online
    response = api_as(lead).post(f"{base}/sessions/{session.pk}/link/", {}, format="json")
    assert response.status_code == 400
    assert "stops it at once" in response.json()["replace_link"][0]
    assert study_services.link_resolve(old) is not None


def test_a_completed_session_gets_no_new_link(api_as, lead, online, base, answer_all):
    session, old = online
    answer_all(session)
    for page in session_pages(session):
        services.page_complete(session=session, page=page)
    services.session_complete(session=session)
    response = api_as(lead).post(
        f"{base}/sessions/{session.pk}/link/", {"replace_link": True}, format="json"
    )
    assert response.status_code == 400
    assert "still lets them withdraw" in response.content.decode()
    assert study_services.link_resolve(old) is not None


@pytest.mark.parametrize("days", [0, 1000, -1, "soon", None], ids=str)
def test_a_link_lasting_too_short_or_too_long_is_a_400(api_as, lead, online, base, days):
    session, token = online
    response = _quiet(api_as(lead)).post(
        f"{base}/sessions/{session.pk}/link/", {"days": days}, format="json"
    )
    assert response.status_code == 400
    assert "days" in response.json()
    assert study_services.link_resolve(token) is not None
    assert ParticipantLink.objects.filter(participant=session.participant).count() == 1


def test_an_in_person_session_has_no_link_to_replace(api_as, lead, in_person, base):
    response = api_as(lead).post(f"{base}/sessions/{in_person.pk}/link/", {}, format="json")
    assert response.status_code == 400
    assert "mode" in response.json()
    assert not ParticipantLink.objects.filter(participant=in_person.participant).exists()


def test_a_second_open_session_for_a_participant_is_a_400(api_as, lead, in_person, base):
    response = api_as(lead).post(
        f"{base}/sessions/",
        {"participant": in_person.participant.pk, "mode": "online"},
        format="json",
    )
    assert response.status_code == 400
    assert "already has an open session" in response.json()["non_field_errors"][0]
    assert list(InterviewSession.objects.filter(participant=in_person.participant)) == [in_person]
    assert not ParticipantLink.objects.filter(participant=in_person.participant).exists()


def test_after_abandoning_a_session_another_can_be_made(api_as, lead, in_person, base):
    client = api_as(lead)
    abandoned = client.post(f"{base}/sessions/{in_person.pk}/abandon/")
    assert abandoned.status_code == 200
    assert abandoned.json()["status"] == "abandoned"
    again = client.post(f"{base}/sessions/{in_person.pk}/abandon/")
    assert again.status_code == 400
    made = client.post(
        f"{base}/sessions/", {"participant": in_person.participant.pk, "mode": "in_person"},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201
    statuses = InterviewSession.objects.filter(participant=in_person.participant).values_list(
        "status", flat=True
    )
    assert sorted(statuses) == ["abandoned", "not_started"]


WORKER = object()  # stands for the worker the test adds


@pytest.mark.parametrize(
    "data,field",
    [
        ({"mode": "online"}, "participant"),
        ({"participant": "MHW1", "mode": "online"}, "participant"),
        ({"participant": 999999, "mode": "online"}, "participant"),
        ({"participant": None, "mode": "online"}, "participant"),
        ({"participant": WORKER, "mode": "telepathy"}, "mode"),
        ({"participant": WORKER}, "mode"),
        ({"participant": WORKER, "mode": "online", "email_link": "maybe"}, "email_link"),
    ],
    ids=["no-participant", "string", "unknown", "null", "bad-mode", "no-mode", "email-link"],
)
def test_a_bad_session_is_a_400_and_creates_nothing(
    api_as, study, lead, vignettes, base, data, field
):
    participant = _worker(study, lead)
    data = {name: participant.pk if value is WORKER else value for name, value in data.items()}
    response = _quiet(api_as(lead)).post(f"{base}/sessions/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not InterviewSession.objects.exists()
    assert not ParticipantLink.objects.exists()


def test_a_session_needs_a_vignette_to_show(api_as, study, lead, base):
    participant = _worker(study, lead)
    response = api_as(lead).post(
        f"{base}/sessions/", {"participant": participant.pk, "mode": "online"}, format="json"
    )
    assert response.status_code == 400
    assert not InterviewSession.objects.exists()


def test_an_in_person_session_is_started_and_completed(api_as, lead, researcher, in_person, base):
    client = api_as(researcher)
    started = client.post(f"{base}/sessions/{in_person.pk}/start/")
    assert started.status_code == 200
    assert started.json()["status"] == "in_progress"
    completed = client.post(f"{base}/sessions/{in_person.pk}/complete/")
    assert completed.status_code == 200
    assert completed.json()["status"] == "completed"
    in_person.refresh_from_db()
    assert (in_person.status, in_person.interviewer) == ("completed", researcher)
    assert in_person.started_at <= in_person.completed_at
    in_person.participant.refresh_from_db()
    assert in_person.participant.status == "interviewed"


def test_completing_an_in_person_session_not_started_is_a_400(api_as, lead, in_person, base):
    response = api_as(lead).post(f"{base}/sessions/{in_person.pk}/complete/")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Start the interview before ending it."]
    in_person.refresh_from_db()
    assert (in_person.status, in_person.completed_at) == ("not_started", None)


def test_a_researcher_cannot_start_or_complete_an_online_session(api_as, lead, online, base):
    session, _token = online
    client = api_as(lead)
    assert client.post(f"{base}/sessions/{session.pk}/start/").status_code == 400
    assert client.post(f"{base}/sessions/{session.pk}/complete/").status_code == 400
    session.refresh_from_db()
    assert (session.status, session.started_at, session.completed_at) == ("not_started", None, None)


def test_an_in_person_session_without_consent_cannot_start(api_as, study, lead, vignettes, base):
    participant = _worker(study, lead)
    session, _ = services.session_create(actor=lead, participant=participant, mode="in_person")
    response = api_as(lead).post(f"{base}/sessions/{session.pk}/start/")
    assert response.status_code == 400
    assert "not given consent" in response.json()["non_field_errors"][0]
    session.refresh_from_db()
    assert (session.status, session.started_at) == ("not_started", None)


# --- Answers in an in-person session -------------------------------------------------


def _notes(client, base, session, vignette, answers):
    return client.post(
        f"{base}/sessions/{session.pk}/answers/",
        {"vignette": vignette.pk if vignette else None, "answers": answers},
        format="json",
    )


def test_the_researchers_notes_are_responses_recorded_by_a_researcher(
    api_as, lead, researcher, in_person, vignettes, base
):
    page = _page(in_person, vignettes[2])
    first, second = page.questions
    response = _notes(
        api_as(researcher), base, in_person, vignettes[2],
        {str(first.pk): "Says Sam should decide.", str(second.pk): ""},
    )  # fmt: skip
    assert response.status_code == 200
    stored = Response.objects.exclude(text="").get(session=in_person)
    assert (stored.question, stored.vignette, stored.text, stored.recorded_by) == (
        first,
        vignettes[2],
        "Says Sam should decide.",
        researcher,
    )
    listed = api_as(lead).get(f"{base}/responses/?session={in_person.pk}")
    assert listed.status_code == 200
    rows = listed.json()["results"]
    assert [(r["id"], r["text"], r["recorded_by_researcher"]) for r in rows] == [
        (stored.pk, "Says Sam should decide.", True)
    ]
    assert rows[0]["pseudonym"] == "MHW1"
    in_person.refresh_from_db()
    assert in_person.status == "not_started"  # only `start` starts an interview


def test_closing_notes_take_a_null_vignette(api_as, lead, in_person, base):
    closing = _page(in_person, None).questions[0]
    response = _notes(api_as(lead), base, in_person, None, {str(closing.pk): "Nothing more."})
    assert response.status_code == 200
    stored = Response.objects.get(session=in_person)
    assert (stored.question, stored.vignette, stored.text) == (closing, None, "Nothing more.")


def test_a_participants_own_answers_are_not_recorded_by_a_researcher(api_as, lead, world, base):
    rows = api_as(lead).get(f"{base}/responses/?session={world.done.pk}").json()["results"]
    assert rows
    assert {r["recorded_by_researcher"] for r in rows} == {False}
    assert {r["pseudonym"] for r in rows} == {"MHW3"}


@pytest.mark.parametrize(
    "answers",
    [
        {"999999": "Notes."},
        {"first": "Notes."},
        {"1.5": "Notes."},
        {"": "Notes."},
    ],
    ids=["unknown-question", "word", "decimal", "empty-key"],
)
def test_answers_to_questions_not_on_the_page_are_a_400(
    api_as, lead, in_person, vignettes, base, answers
):
    question = _page(in_person, vignettes[0]).questions[0]
    response = _quiet(api_as(lead)).post(
        f"{base}/sessions/{in_person.pk}/answers/",
        {"vignette": vignettes[0].pk, "answers": {str(question.pk): "Valid notes.", **answers}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()
    assert not Response.objects.exists()


def test_answers_to_a_closing_question_on_a_vignette_page_are_a_400(
    api_as, lead, in_person, vignettes, base
):
    closing = _page(in_person, None).questions[0]
    response = _notes(api_as(lead), base, in_person, vignettes[0], {str(closing.pk): "Notes."})
    assert response.status_code == 400
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "data,field",
    [
        ({"vignette": None, "answers": ["a", "list"]}, "answers"),
        ({"vignette": None, "answers": "Notes."}, "answers"),
        ({"vignette": None, "answers": {"1": {"nested": True}}}, "answers"),
        ({"vignette": None, "answers": {"1": None}}, "answers"),
        ({"vignette": None, "answers": {"1": "a\x00b"}}, "answers"),
        ({"vignette": "the first", "answers": {}}, "vignette"),
        ({"answers": {}}, "vignette"),
        ({"vignette": None}, "answers"),
    ],
    ids=[
        "list",
        "string",
        "nested",
        "null-answer",
        "nul-character",
        "vignette-string",
        "no-vignette",
        "no-answers",
    ],
)
def test_answers_of_the_wrong_shape_are_a_400(api_as, lead, in_person, base, data, field):
    response = _quiet(api_as(lead)).post(
        f"{base}/sessions/{in_person.pk}/answers/", data, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Response.objects.exists()


def test_answers_to_a_vignette_the_session_does_not_show_are_a_400(
    api_as, study, lead, in_person, base
):
    unshown = services.vignette_create(actor=lead, study=study, title="Later", text="Added later.")
    question = services.question_create(
        actor=lead, study=study, prompt="About the later one?", vignette=unshown
    )
    response = _notes(api_as(lead), base, in_person, unshown, {str(question.pk): "Notes."})
    assert response.status_code == 400
    assert "does not show" in str(response.json()["vignette"])
    assert not Response.objects.exists()


def test_an_oversized_answer_is_a_400_on_its_question_and_not_stored(
    api_as, lead, in_person, vignettes, base
):
    question = _page(in_person, vignettes[0]).questions[0]
    response = _notes(
        api_as(lead),
        base,
        in_person,
        vignettes[0],
        {str(question.pk): "x" * (ANSWER_MAX_CHARS + 1)},
    )
    assert response.status_code == 400
    assert list(response.json()["answers"]) == [str(question.pk)]
    assert "under 10,000 characters" in response.json()["answers"][str(question.pk)][0]
    assert not Response.objects.exists()


def test_an_answer_of_exactly_the_limit_is_stored(api_as, lead, in_person, vignettes, base):
    question = _page(in_person, vignettes[0]).questions[0]
    response = _notes(
        api_as(lead), base, in_person, vignettes[0], {str(question.pk): "x" * ANSWER_MAX_CHARS}
    )
    assert response.status_code == 200
    assert len(Response.objects.get(session=in_person).text) == ANSWER_MAX_CHARS


def test_a_refused_answer_leaves_the_session_as_it_was(api_as, lead, in_person, vignettes, base):
    question = _page(in_person, vignettes[0]).questions[0]
    response = _notes(
        api_as(lead),
        base,
        in_person,
        vignettes[0],
        {str(question.pk): "x" * (ANSWER_MAX_CHARS + 1)},
    )
    assert response.status_code == 400
    in_person.refresh_from_db()
    assert (in_person.status, in_person.started_at) == ("not_started", None)


def test_answers_to_a_closed_session_are_a_400(api_as, lead, in_person, vignettes, base):
    services.session_abandon(actor=lead, session=in_person)
    question = _page(in_person, vignettes[0]).questions[0]
    response = _notes(api_as(lead), base, in_person, vignettes[0], {str(question.pk): "Late."})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_answers_without_consent_are_a_400(api_as, study, lead, vignettes, base):
    participant = _worker(study, lead)
    session, _ = services.session_create(actor=lead, participant=participant, mode="in_person")
    question = _page(session, vignettes[0]).questions[0]
    response = _notes(api_as(lead), base, session, vignettes[0], {str(question.pk): "Notes."})
    assert response.status_code == 400
    assert "not given consent" in response.json()["non_field_errors"][0]
    assert not Response.objects.exists()


def test_a_researcher_cannot_write_answers_into_an_online_session(
    api_as, lead, online, vignettes, base
):
    session, _token = online
    question = _page(session, vignettes[0]).questions[0]
    response = _notes(api_as(lead), base, session, vignettes[0], {str(question.pk): "Words."})
    assert response.status_code == 400
    assert not Response.objects.filter(session=session).exists()


# --- Responses -----------------------------------------------------------------------


def test_responses_filter_by_session_vignette_and_question(api_as, lead, world, vignettes, base):
    client = api_as(lead)
    question = _page(world.in_person, vignettes[0]).questions[0]
    _notes(client, base, world.in_person, vignettes[0], {str(question.pk): "In person."})
    everything = Response.objects.exclude(text="")
    assert _ids(client.get(f"{base}/responses/")) == sorted(everything.values_list("pk", flat=True))
    for name, value in [
        ("session", world.done.pk),
        ("session", world.in_person.pk),
        ("vignette", vignettes[0].pk),
        ("question", question.pk),
    ]:
        wanted = everything.filter(**{f"{name}_id": value})
        assert wanted.exists()
        found = _ids(client.get(f"{base}/responses/?{name}={value}"))
        assert found == sorted(wanted.values_list("pk", flat=True)), name
    both = _ids(
        client.get(f"{base}/responses/?session={world.in_person.pk}&vignette={vignettes[0].pk}")
    )
    assert both == [Response.objects.get(text="In person.").pk]


@pytest.mark.parametrize("name", ["session", "vignette", "question"])
@pytest.mark.parametrize("value", ["abc", "-1", "1.0", "", "1e3", "0x1"], ids=str)
def test_a_response_filter_that_is_not_a_number_is_a_400(api_as, lead, world, base, name, value):
    response = _quiet(api_as(lead)).get(f"{base}/responses/?{name}={value}")
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize("name", ["session", "vignette", "question"])
def test_a_response_filter_with_a_superscript_digit_is_a_400(api_as, lead, world, base, name):
    response = _quiet(api_as(lead)).get(f"{base}/responses/?{name}=%C2%B2")
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize("name", ["session", "vignette", "question"])
def test_a_response_filter_with_a_huge_number_matches_nothing(api_as, lead, world, base, name):
    response = _quiet(api_as(lead)).get(f"{base}/responses/?{name}=99999999999999999999999")
    assert _ids(response) == []


# --- Transcripts ---------------------------------------------------------------------


def test_a_completed_online_session_becomes_a_transcript(
    api_as, study, coder, online, vignettes, base
):
    session, _token = online
    transcript = _finish_online(session)
    client = api_as(coder)
    listed = client.get(f"{base}/transcripts/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [transcript.pk]
    body = client.get(f"{base}/transcripts/{transcript.pk}/").json()
    assert body == listed.json()["results"][0]
    assert (body["session"], body["pseudonym"], body["source"]) == (session.pk, "MHW1", "online")
    # Words spoken: the turns' words, never the speaker labels.
    assert body["words"] == sum(
        len(body["text"][turn["start"] : turn["end"]].split()) for turn in body["turns"]
    )
    assert body["words"] == len(body["text"].split()) - len(body["turns"])
    text, turns = body["text"], body["turns"]
    assert [turn["position"] for turn in turns] == list(range(len(turns)))
    said = [(turn["speaker"], text[turn["start"] : turn["end"]]) for turn in turns]
    participant_turns = [words for speaker, words in said if speaker == "MHW1"]
    assert sorted(participant_turns) == sorted(
        Response.objects.filter(session=session).values_list("text", flat=True)
    )
    assert len(participant_turns) == 2 * len(vignettes) + 1
    prompts = set(Question.objects.filter(study=study).values_list("prompt", flat=True))
    interviewer = [words for speaker, words in said if speaker == "Interviewer"]
    asked = [words for words in interviewer if words in prompts]
    assert len(asked) == len(participant_turns)
    shown = [words for words in interviewer if words.startswith("Vignette ")]
    assert len(shown) == len(vignettes)
    for turn in turns:
        assert text[turn["start"] - len(turn["speaker"]) - 2 : turn["start"]] == (
            f"{turn['speaker']}: "
        )


# --- Query counts --------------------------------------------------------------------


def _sessions(study, lead, count, *, answer=False):
    made = []
    for _ in range(count):
        participant = _consented(study, lead)
        session, _ = services.session_create(actor=lead, participant=participant, mode="in_person")
        if answer:
            page = session_pages(session)[0]
            services.answers_save(
                session=session, page=page, answers={page.questions[0].pk: "Notes."}, actor=lead
            )
        made.append(session)
    return made


@pytest.mark.parametrize("rows", [2, 6])
def test_the_session_list_takes_the_same_queries_for_any_number(
    api_as, study, lead, vignettes, base, rows, django_assert_num_queries
):
    _sessions(study, lead, rows, answer=True)
    client = api_as(lead)
    with django_assert_num_queries(5):
        response = client.get(f"{base}/sessions/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows
    assert {row["answered"] for row in response.json()["results"]} == {1}


@pytest.mark.parametrize("rows", [2, 6])
def test_the_response_list_takes_the_same_queries_for_any_number(
    api_as, study, lead, vignettes, base, rows, django_assert_num_queries
):
    _sessions(study, lead, rows, answer=True)
    client = api_as(lead)
    with django_assert_num_queries(3):
        response = client.get(f"{base}/responses/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [2, 6])
def test_the_vignette_list_takes_the_same_queries_for_any_number(
    api_as, study, lead, base, rows, django_assert_num_queries
):
    for number in range(rows):
        services.vignette_create(actor=lead, study=study, title=f"V{number}", text="Words.")
    client = api_as(lead)
    with django_assert_num_queries(3):
        response = client.get(f"{base}/vignettes/")
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == [f"V{n}" for n in range(rows)]


@pytest.mark.parametrize("rows", [2, 6])
def test_the_question_list_takes_the_same_queries_for_any_number(
    api_as, study, lead, vignettes, base, rows, django_assert_num_queries
):
    Question.objects.filter(study=study).delete()
    for number in range(rows):
        services.question_create(
            actor=lead, study=study, prompt=f"Q{number}?", vignette=vignettes[number % 5]
        )
    client = api_as(lead)
    with django_assert_num_queries(3):
        response = client.get(f"{base}/questions/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [2, 6])
def test_the_transcript_list_takes_the_same_queries_for_any_number(
    api_as, study, lead, vignettes, base, rows, django_assert_num_queries
):
    for _ in range(rows):
        participant = _consented(study, lead)
        session, _ = services.session_create(actor=lead, participant=participant, mode="online")
        _finish_online(session)
    client = api_as(lead)
    with django_assert_num_queries(4):
        response = client.get(f"{base}/transcripts/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


# --- The schema ----------------------------------------------------------------------


def test_the_openapi_schema_still_builds_with_the_interview_endpoints(api_as, lead):
    response = api_as(lead).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    prefix = "/api/v1/studies/{study_slug}/"
    for path in (
        "vignettes/", "vignettes/{id}/versions/", "questions/", "interview-settings/",
        "sessions/", "sessions/{id}/answers/", "responses/", "transcripts/{id}/",
    ):  # fmt: skip
        assert prefix + path in paths, path
