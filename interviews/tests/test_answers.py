"""Answers in a session: the consent gate, autosave, checks on each answer, moving
through pages, pausing and completing, and in-person sessions."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from interviews import services
from interviews.models import ANSWER_MAX_CHARS, InterviewSession, Response, Transcript
from interviews.plan import session_pages
from studies import services as study_services
from studies.models import AuditEvent
from tests.factories import publish_consent_form


def _stored(session) -> dict[tuple[int, int | None], str]:
    return services.session_answers(session)


@pytest.fixture
def session(online):
    return online[0]


@pytest.fixture
def pages(session):
    return session_pages(session)


@pytest.fixture
def first(pages):
    """Page 1: a vignette and the two required follow-up questions."""
    return pages[0]


@pytest.fixture
def closing(pages):
    """The last page: the one optional closing question."""
    assert pages[-1].closing
    return pages[-1]


def _answer_required(session, pages) -> None:
    for page in pages:
        answers = {q.pk: f"My answer on page {page.number}" for q in page.questions if q.required}
        if answers:
            assert services.answers_save(session=session, page=page, answers=answers).errors == {}


@pytest.fixture
def unconsented_session(lead, vignettes, worker):
    session, _token = services.session_create(actor=lead, participant=worker, mode="online")
    return session


# --- The consent gate --------------------------------------------------------------------


def test_no_answer_is_stored_for_a_participant_without_consent(unconsented_session):
    page = session_pages(unconsented_session)[0]
    with pytest.raises(study_services.ConsentRequired, match="not given consent"):
        services.answers_save(
            session=unconsented_session, page=page,
            answers={q.pk: "Something" for q in page.questions},
        )  # fmt: skip
    assert not Response.objects.exists()
    unconsented_session.refresh_from_db()
    assert unconsented_session.status == "not_started"


def test_no_answer_is_stored_for_a_participant_who_withdrew(
    consent_admin, consented_worker, session, first
):
    study_services.withdrawal_record(
        actor=consent_admin, participant=consented_worker, choice="keep"
    )
    with pytest.raises(study_services.ConsentRequired, match="withdrawn"):
        services.answers_save(
            session=session, page=first, answers={first.questions[0].pk: "Something"}
        )
    assert not Response.objects.exists()


def test_no_answer_is_stored_for_a_participant_asked_to_consent_again(study, lead, session, first):
    publish_consent_form(study, lead, reconsent=True)
    with pytest.raises(study_services.ConsentRequired, match="must be asked again"):
        services.answers_save(
            session=session, page=first, answers={first.questions[0].pk: "Something"}
        )
    assert not Response.objects.exists()


def test_the_consent_gate_is_a_validation_error():
    assert issubclass(study_services.ConsentRequired, ValidationError)


# --- Autosave ----------------------------------------------------------------------------


def test_saving_the_same_answer_twice_stores_it_once(session, first):
    question = first.questions[0]
    for _ in range(2):
        services.answers_save(session=session, page=first, answers={question.pk: "They cope."})
    rows = Response.objects.filter(session=session, question=question)
    assert list(rows.values_list("vignette_id", "text")) == [(first.vignette.pk, "They cope.")]


def test_a_changed_answer_replaces_the_stored_one(session, first):
    question = first.questions[0]
    services.answers_save(session=session, page=first, answers={question.pk: "They cope."})
    row = Response.objects.get(session=session, question=question)
    services.answers_save(session=session, page=first, answers={question.pk: "They struggle."})
    rows = list(Response.objects.filter(session=session, question=question))
    assert [(r.pk, r.text) for r in rows] == [(row.pk, "They struggle.")]


def test_a_closing_answer_saved_twice_is_stored_once_without_a_vignette(session, closing):
    question = closing.questions[0]
    services.answers_save(session=session, page=closing, answers={question.pk: "Thanks."})
    services.answers_save(session=session, page=closing, answers={question.pk: "Thanks!"})
    rows = Response.objects.filter(session=session, question=question)
    assert list(rows.values_list("vignette_id", "text")) == [(None, "Thanks!")]


def test_a_question_asked_after_every_vignette_keeps_one_answer_per_vignette(session, pages):
    question = pages[0].questions[0]
    for page in pages[:2]:
        services.answers_save(
            session=session, page=page, answers={question.pk: f"On {page.version.title}"}
        )
    stored = _stored(session)
    assert stored == {
        (question.pk, pages[0].vignette.pk): f"On {pages[0].version.title}",
        (question.pk, pages[1].vignette.pk): f"On {pages[1].version.title}",
    }


def test_windows_line_endings_are_stored_as_newlines(session, first):
    question = first.questions[0]
    services.answers_save(session=session, page=first, answers={question.pk: "One\r\nTwo"})
    assert Response.objects.get(session=session).text == "One\nTwo"


def test_an_answer_at_the_limit_is_stored(session, first):
    question = first.questions[0]
    errors = services.answers_save(
        session=session, page=first, answers={question.pk: "x" * ANSWER_MAX_CHARS}
    ).errors
    assert errors == {}
    assert len(Response.objects.get(session=session).text) == ANSWER_MAX_CHARS


def test_an_oversized_answer_is_refused_while_its_neighbours_are_stored(session, first):
    long, short = first.questions
    errors = services.answers_save(
        session=session, page=first,
        answers={long.pk: "x" * (ANSWER_MAX_CHARS + 1), short.pk: "A short answer."},
    ).errors  # fmt: skip
    assert list(errors) == [long.pk]
    assert "under 10,000 characters" in errors[long.pk]
    assert _stored(session) == {(short.pk, first.vignette.pk): "A short answer."}


def test_an_oversized_answer_leaves_the_earlier_answer_in_place(session, first):
    question = first.questions[0]
    services.answers_save(session=session, page=first, answers={question.pk: "Kept."})
    services.answers_save(
        session=session, page=first, answers={question.pk: "x" * (ANSWER_MAX_CHARS + 1)}
    )
    assert Response.objects.get(session=session).text == "Kept."


def test_an_answer_with_a_nul_character_is_not_stored_as_typed_and_its_neighbours_are(
    session, first
):
    bad, good = first.questions
    services.answers_save(
        session=session, page=first, answers={bad.pk: "Bad\x00answer", good.pk: "Fine."}
    )
    stored = _stored(session)
    assert stored[(good.pk, first.vignette.pk)] == "Fine."
    assert all("\x00" not in text for text in stored.values())


@pytest.fixture
def choice(study, lead, session):
    """A choice question asked after every vignette, added to the running session."""
    return services.question_create(
        actor=lead, study=study, prompt="Who should act?", kind="choice",
        choices=["The worker", "The family"],
    )  # fmt: skip


@pytest.fixture
def scale(study, lead, session):
    return services.question_create(
        actor=lead, study=study, prompt="How worried are you?", kind="scale", scale_min=1,
        scale_max=5,
    )  # fmt: skip


def test_a_choice_among_the_options_is_stored(session, choice):
    page = session_pages(session)[0]
    errors = services.answers_save(
        session=session, page=page, answers={choice.pk: "The family"}
    ).errors
    assert errors == {}
    assert _stored(session) == {(choice.pk, page.vignette.pk): "The family"}


def test_a_choice_outside_the_options_is_refused(session, choice):
    page = session_pages(session)[0]
    errors = services.answers_save(
        session=session, page=page, answers={choice.pk: "The police"}
    ).errors
    assert errors == {choice.pk: "Please choose one of the options given."}
    assert not Response.objects.filter(question=choice).exists()


@pytest.mark.parametrize("value", ["1", " 5 ", "3"])
def test_a_number_on_the_scale_is_stored(session, scale, value):
    page = session_pages(session)[0]
    assert services.answers_save(session=session, page=page, answers={scale.pk: value}).errors == {}
    assert _stored(session) == {(scale.pk, page.vignette.pk): value.strip()}


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "three"])
def test_a_number_off_the_scale_is_refused(session, scale, value):
    page = session_pages(session)[0]
    errors = services.answers_save(session=session, page=page, answers={scale.pk: value}).errors
    assert errors == {scale.pk: "Please choose a number from 1 to 5."}
    assert not Response.objects.filter(question=scale).exists()


def test_an_answer_to_a_question_not_on_the_page_stores_nothing(session, first, closing):
    with pytest.raises(ValidationError, match="not on this page"):
        services.answers_save(
            session=session, page=first,
            answers={first.questions[0].pk: "A fine answer.", closing.questions[0].pk: "Sneaky."},
        )  # fmt: skip
    assert not Response.objects.exists()


def test_answers_to_a_completed_session_are_refused(session, pages, closing):
    _answer_required(session, pages)
    services.session_complete(session=session)
    before = _stored(session)
    with pytest.raises(ValidationError, match="ended"):
        services.answers_save(
            session=session, page=pages[0], answers={pages[0].questions[0].pk: "Changed."}
        )
    assert _stored(session) == before


def test_answers_to_an_abandoned_session_are_refused(lead, session, first):
    services.session_abandon(actor=lead, session=session)
    with pytest.raises(ValidationError, match="ended"):
        services.answers_save(session=session, page=first, answers={first.questions[0].pk: "No."})
    assert not Response.objects.exists()


def test_the_first_answer_starts_the_session(session, first):
    services.answers_save(session=session, page=first, answers={first.questions[0].pk: "Hi."})
    session.refresh_from_db()
    assert session.status == "in_progress"
    assert session.started_at is not None


def test_notes_typed_by_a_researcher_in_person_name_the_researcher(
    researcher, vignettes, consented_worker
):
    session, _token = services.session_create(
        actor=researcher, participant=consented_worker, mode="in_person"
    )
    page = session_pages(session)[0]
    services.answers_save(
        session=session, page=page, answers={page.questions[0].pk: "Notes."}, actor=researcher
    )
    assert Response.objects.get(session=session).recorded_by == researcher


def test_a_coder_cannot_type_answers_into_a_session(coder, session, first):
    with pytest.raises(PermissionDenied):
        services.answers_save(
            session=session, page=first, answers={first.questions[0].pk: "No."}, actor=coder
        )
    assert not Response.objects.exists()


# --- Moving through pages ----------------------------------------------------------------


def test_a_page_with_a_required_answer_blank_cannot_be_left(session, first):
    answered, blank = first.questions
    services.answers_save(
        session=session, page=first, answers={answered.pk: "Something.", blank.pk: "   "}
    )
    missing = services.page_complete(session=session, page=first)
    assert missing == {blank.pk: "Please answer this question."}
    session.refresh_from_db()
    assert session.pages_done == 0


def test_a_page_with_every_required_answer_counts_as_done(session, first):
    services.answers_save(
        session=session, page=first, answers={q.pk: "Something." for q in first.questions}
    )
    assert services.page_complete(session=session, page=first) == {}
    session.refresh_from_db()
    assert session.pages_done == 1


def test_going_back_to_a_done_page_does_not_lower_progress(session, pages):
    _answer_required(session, pages)
    for page in pages[:3]:
        services.page_complete(session=session, page=page)
    services.page_complete(session=session, page=pages[0])
    session.refresh_from_db()
    assert session.pages_done == 3


def test_a_reopened_link_resumes_after_the_last_page_done(session, pages):
    _answer_required(session, pages)
    for page in pages[:2]:
        services.page_complete(session=session, page=page)
    session.refresh_from_db()
    assert services.resume_page(session, pages) == 3


def test_a_reopened_link_resumes_where_a_required_answer_is_missing(session, pages):
    _answer_required(session, pages)
    for page in pages[:3]:
        services.page_complete(session=session, page=page)
    question = pages[1].questions[0]
    services.answers_save(session=session, page=pages[1], answers={question.pk: ""})
    session.refresh_from_db()
    assert services.resume_page(session, pages) == 2


def test_a_new_session_resumes_on_the_first_page(session, pages):
    assert services.resume_page(session, pages) == 1


# --- Pausing -----------------------------------------------------------------------------


@pytest.fixture
def researchers_session(researcher, vignettes, consented_worker):
    """MHW1's online session, made by the researcher rather than the lead."""
    session, _token = services.session_create(
        actor=researcher, participant=consented_worker, mode="online"
    )
    return session


def test_pausing_marks_the_session_paused(researchers_session):
    services.session_pause(session=researchers_session)
    researchers_session.refresh_from_db()
    assert researchers_session.status == "paused"
    assert researchers_session.paused_at is not None


def test_pausing_is_recorded_in_the_audit_trail(study, consented_worker, researchers_session):
    services.session_pause(session=researchers_session)
    events = AuditEvent.objects.filter(action="session.paused")
    assert [(e.study, e.participant, e.actor, e.detail) for e in events] == [
        (study, consented_worker, None, {"session": researchers_session.pk})
    ]


def test_pausing_emails_whoever_made_the_session(
    researcher, researchers_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.session_pause(session=researchers_session)
    assert [message.to for message in mail.outbox] == [[researcher.email]]
    assert "MHW1" in mail.outbox[0].subject


def test_pausing_also_emails_the_studys_alert_address(
    study, lead, researcher, researchers_session, django_capture_on_commit_callbacks
):
    services.interview_settings_update(actor=lead, study=study, alert_email="team@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.session_pause(session=researchers_session)
    assert [sorted(message.to) for message in mail.outbox] == [
        sorted([researcher.email, "team@example.org"])
    ]


def test_a_paused_session_is_in_progress_again_on_the_next_save(researchers_session):
    services.session_pause(session=researchers_session)
    page = session_pages(researchers_session)[0]
    services.answers_save(
        session=researchers_session, page=page, answers={page.questions[0].pk: "Back."}
    )
    researchers_session.refresh_from_db()
    assert researchers_session.status == "in_progress"
    assert researchers_session.paused_at is None


def test_an_ended_session_cannot_be_paused(lead, session, django_capture_on_commit_callbacks):
    services.session_abandon(actor=lead, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            services.session_pause(session=session)
    assert not AuditEvent.objects.filter(action="session.paused").exists()
    assert mail.outbox == []


# --- Completing --------------------------------------------------------------------------


def test_a_session_with_a_required_answer_missing_cannot_be_completed(
    consented_worker, session, pages
):
    _answer_required(session, pages[:-2])
    with pytest.raises(ValidationError, match="page 5"):
        services.session_complete(session=session)
    session.refresh_from_db()
    consented_worker.refresh_from_db()
    assert session.status == "in_progress"
    assert consented_worker.status == "consented"
    assert not Transcript.objects.exists()


def test_completing_a_session_marks_it_completed(session, pages):
    _answer_required(session, pages)
    services.session_complete(session=session)
    session.refresh_from_db()
    assert session.status == "completed"
    assert session.completed_at is not None


def test_completing_a_session_marks_the_participant_interviewed(consented_worker, session, pages):
    _answer_required(session, pages)
    services.session_complete(session=session)
    consented_worker.refresh_from_db()
    assert consented_worker.status == "interviewed"
    assert consented_worker.recruitment_events.order_by("at", "pk").last().status == "interviewed"


def test_completing_an_online_session_makes_its_transcript(consented_worker, session, pages):
    _answer_required(session, pages)
    services.session_complete(session=session)
    transcript = Transcript.objects.get(session=session)
    assert transcript.participant == consented_worker
    assert transcript.source == "online"
    assert "My answer on page 1" in transcript.text


def test_a_completed_session_cannot_be_completed_again(session, pages):
    _answer_required(session, pages)
    services.session_complete(session=session)
    with pytest.raises(ValidationError, match="ended"):
        services.session_complete(session=session)
    assert Transcript.objects.count() == 1


def test_a_researcher_cannot_complete_an_online_session_for_the_participant(lead, session, pages):
    _answer_required(session, pages)
    with pytest.raises(ValidationError, match="themselves"):
        services.session_complete(session=session, actor=lead)
    session.refresh_from_db()
    assert session.status == "in_progress"


# --- In person ---------------------------------------------------------------------------


@pytest.fixture
def in_person(lead, vignettes, consented_worker):
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    return session


def test_starting_an_in_person_session_notes_the_time_and_the_interviewer(researcher, in_person):
    services.session_start(actor=researcher, session=in_person)
    in_person.refresh_from_db()
    assert in_person.status == "in_progress"
    assert in_person.started_at is not None
    assert in_person.interviewer == researcher


def test_an_in_person_session_needs_consent_to_start(lead, vignettes, worker):
    session, _token = services.session_create(actor=lead, participant=worker, mode="in_person")
    with pytest.raises(study_services.ConsentRequired):
        services.session_start(actor=lead, session=session)
    session.refresh_from_db()
    assert (session.status, session.started_at) == ("not_started", None)


@pytest.mark.parametrize("persona", ["coder", "viewer", "consent_admin"])
def test_only_members_who_recruit_start_an_in_person_session(personas, in_person, persona):
    with pytest.raises(PermissionDenied):
        services.session_start(actor=personas[persona], session=in_person)
    in_person.refresh_from_db()
    assert (in_person.status, in_person.started_at) == ("not_started", None)


def test_an_online_session_is_not_started_by_a_researcher(lead, session):
    with pytest.raises(ValidationError, match="in-person"):
        services.session_start(actor=lead, session=session)
    session.refresh_from_db()
    assert session.started_at is None


def test_an_in_person_session_must_start_before_it_ends(lead, in_person):
    with pytest.raises(ValidationError, match="Start the interview"):
        services.session_complete(session=in_person, actor=lead)
    in_person.refresh_from_db()
    assert in_person.status == "not_started"


def test_a_started_in_person_session_can_be_completed(lead, consented_worker, in_person):
    services.session_start(actor=lead, session=in_person)
    services.session_complete(session=in_person, actor=lead)
    in_person.refresh_from_db()
    consented_worker.refresh_from_db()
    assert in_person.status == "completed"
    assert consented_worker.status == "interviewed"


@pytest.mark.parametrize("persona", ["coder", "viewer", "consent_admin"])
def test_only_members_who_recruit_complete_an_in_person_session(lead, personas, in_person, persona):
    services.session_start(actor=lead, session=in_person)
    with pytest.raises(PermissionDenied):
        services.session_complete(session=in_person, actor=personas[persona])
    assert InterviewSession.objects.get(pk=in_person.pk).status == "in_progress"
