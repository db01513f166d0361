"""The research team's interview pages: vignettes and questions, sessions (online links
and in-person interviews), the preview, the answers side by side and their export, and
who may open each."""

import re

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import InterviewSession, Question, Response, Vignette
from interviews.plan import session_pages
from studies import services as study_services
from studies.models import AuditEvent
from tests.factories import give_consent

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_user(client):
    """as_user(user) gives the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def as_lead(as_user, lead):
    return as_user(lead)


@pytest.fixture
def mhw(study):
    return study.roles.get(code="MHW")


@pytest.fixture
def su(study):
    return study.roles.get(code="SU")


@pytest.fixture
def session(online):
    return online[0]


@pytest.fixture
def in_person(consented_worker, vignettes, lead):
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    return session


def _detail(study, session) -> str:
    return reverse("session-detail", args=[study.slug, session.pk])


def _action(study, session, action: str) -> str:
    return reverse("session-action", args=[study.slug, session.pk, action])


def _answer_page(session: InterviewSession, vignette: Vignette, texts: list[str]) -> None:
    """Stores the participant's answers to the follow-ups on the page of `vignette`."""
    page = next(p for p in session_pages(session) if p.vignette == vignette)
    services.answers_save(
        session=session, page=page,
        answers={q.pk: text for q, text in zip(page.questions, texts, strict=True)},
    )  # fmt: skip


def _answered_dyad(lead, study, mhw, vignette, **worker_contact):
    """A consented worker and service user, each with an online session that answered
    the follow-ups of `vignette`. Returns the dyad."""
    worker = study_services.participant_add(
        actor=lead, study=study, role=mhw, site=None, **worker_contact
    )
    dyad = study_services.participant_nominate(actor=lead, worker=worker)
    for member in (dyad.worker, dyad.service_user):
        give_consent(member, lead)
        member_session, _token = services.session_create(
            actor=lead, participant=member, mode="online"
        )
        _answer_page(
            member_session, vignette, [f"{member.pseudonym} on next", f"{member.pseudonym} on do"]
        )
    return dyad


# --- Vignettes and questions ------------------------------------------------------------


def test_the_vignettes_page_lists_every_vignette(as_lead, study, vignettes):
    body = as_lead.get(reverse("vignettes", args=[study.slug])).content.decode()
    for vignette in vignettes:
        assert reverse("vignette-edit", args=[study.slug, vignette.pk]) in body
        assert vignette.current.title in body


def test_a_lead_adds_a_vignette_through_the_page(as_lead, study):
    response = as_lead.post(
        reverse("vignettes", args=[study.slug]),
        {"title": "The allotment", "text": "Sam wants a plot.", "validation_status": "draft"},
    )
    assert response["Location"] == reverse("vignettes", args=[study.slug])
    vignette = Vignette.objects.get(study=study)
    assert (vignette.current.title, vignette.current.text) == ("The allotment", "Sam wants a plot.")


def test_a_vignette_without_a_title_shows_a_field_error_and_adds_nothing(
    as_lead, study, parse_page
):
    response = as_lead.post(
        reverse("vignettes", args=[study.slug]),
        {"title": "   ", "text": "Sam wants a plot.", "validation_status": "draft"},
    )
    assert response.status_code == 200
    title = parse_page(response).find("input", name="title")
    assert title.attrs.get("aria-invalid") == "true"
    assert "This field is required." in parse_page(response).by_id("id_title_error").text
    assert not Vignette.objects.exists()


def test_a_coder_sees_the_vignettes_but_cannot_add_one(as_user, coder, study, vignettes):
    client = as_user(coder)
    url = reverse("vignettes", args=[study.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert vignettes[0].current.title in page.content.decode()
    response = client.post(url, {"title": "Mine", "text": "Text", "validation_status": "draft"})
    assert response.status_code == 403
    assert Vignette.objects.count() == len(vignettes)


def test_a_coder_cannot_add_a_question(as_user, coder, study, vignettes):
    client = as_user(coder)
    url = reverse("question-add", args=[study.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"prompt": "Mine?", "stage": "vignette", "kind": "text"})
    assert response.status_code == 403
    assert not Question.objects.filter(prompt="Mine?").exists()


def test_a_scale_too_large_to_store_is_refused_on_the_form(as_lead, study, vignettes):
    as_lead.raise_request_exception = False
    huge = 10**19
    response = as_lead.post(
        reverse("question-add", args=[study.slug]),
        {"prompt": "How sure are you?", "stage": "vignette", "kind": "scale",
         "scale_min": huge, "scale_max": huge + 1},
    )  # fmt: skip
    assert response.status_code == 200
    assert {"scale_min", "scale_max"} & set(response.context["form"].errors)
    assert not Question.objects.filter(prompt="How sure are you?").exists()


# --- Who may open what ------------------------------------------------------------------

TEAM_PAGES = [
    "vignettes", "vignette-edit", "question-add", "interview-settings", "vignette-preview",
    "sessions", "session-detail", "session-conduct", "responses", "responses-csv",
]  # fmt: skip


@pytest.fixture
def team_urls(study, mhw, vignettes, in_person):
    slug = study.slug
    return {
        "vignettes": reverse("vignettes", args=[slug]),
        "vignette-edit": reverse("vignette-edit", args=[slug, vignettes[0].pk]),
        "question-add": reverse("question-add", args=[slug]),
        "interview-settings": reverse("interview-settings", args=[slug]),
        "vignette-preview": reverse("vignette-preview", args=[slug, mhw.pk]),
        "sessions": reverse("sessions", args=[slug]),
        "session-detail": reverse("session-detail", args=[slug, in_person.pk]),
        "session-conduct": reverse("session-conduct", args=[slug, in_person.pk, 1]),
        "responses": reverse("responses", args=[slug]),
        "responses-csv": reverse("responses-csv", args=[slug]),
    }


@pytest.mark.parametrize("name", TEAM_PAGES)
def test_an_outsider_gets_404_on_every_interviews_page(as_user, outsider, team_urls, name):
    client = as_user(outsider)
    assert client.get(team_urls[name]).status_code == 404
    assert client.post(team_urls[name], {}).status_code == 404


@pytest.mark.parametrize("name", TEAM_PAGES)
def test_a_lead_opens_every_interviews_page(as_lead, team_urls, name):
    assert as_lead.get(team_urls[name]).status_code == 200


@pytest.mark.parametrize("name", ["sessions", "session-detail", "responses", "responses-csv"])
def test_a_consent_admin_cannot_see_sessions_or_answers(as_user, consent_admin, team_urls, name):
    assert as_user(consent_admin).get(team_urls[name]).status_code == 403


def test_a_viewer_reads_the_answers_but_cannot_download_them(as_user, viewer, study, team_urls):
    client = as_user(viewer)
    assert client.get(team_urls["responses"]).status_code == 200
    assert client.get(team_urls["responses-csv"]).status_code == 403
    assert not AuditEvent.objects.filter(action="data.exported").exists()


# --- Sessions ---------------------------------------------------------------------------


def test_a_new_online_session_shows_its_link_once(as_lead, study, consented_worker, vignettes):
    response = as_lead.post(
        reverse("sessions", args=[study.slug]),
        {"participant": consented_worker.pk, "mode": "online"},
        follow=True,
    )
    session = InterviewSession.objects.get(participant=consented_worker)
    # Shown in answer to the post itself, never kept on the server for a later page.
    assert response.redirect_chain == []
    assert response["Cache-Control"] == "no-store"
    link = response.context["new_link"]
    assert link in response.content.decode()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert study_services.link_resolve(token).participant == consented_worker
    again = as_lead.get(_detail(study, session))
    assert not again.context["new_link"]
    assert token not in again.content.decode()


def test_asking_to_email_a_new_session_link_without_an_address_loses_no_link(
    as_lead, study, consented_worker, vignettes
):
    response = as_lead.post(
        reverse("sessions", args=[study.slug]),
        {"participant": consented_worker.pk, "mode": "online", "email_link": "on"},
        follow=True,
    )
    assert "No email address is on file for MHW1" in response.content.decode()
    created = InterviewSession.objects.filter(participant=consented_worker).exists()
    assert not created or response.context.get("new_link")


def test_a_new_link_is_emailed_when_the_participant_has_an_address(
    as_lead, study, lead, mhw, vignettes, mailoutbox, django_capture_on_commit_callbacks
):
    worker = study_services.participant_add(
        actor=lead, study=study, role=mhw, site=None, email="jo@example.org"
    )
    session, _token = services.session_create(actor=lead, participant=worker, mode="online")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_lead.post(
            _action(study, session, "link"),
            {"days": 30, "email_link": "on", "replace_link": "on"},
            follow=True,
        )
    assert "A new link was emailed" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["jo@example.org"]]
    token = response.context["new_link"].rstrip("/").rsplit("/", 1)[1]
    assert token in mailoutbox[0].body
    assert study_services.link_resolve(token).participant == worker


def test_emailing_a_link_without_an_address_shows_an_error(
    as_lead, study, session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_lead.post(
            _action(study, session, "link"),
            {"days": 30, "email_link": "on", "replace_link": "on"},
            follow=True,
        )
    assert "No email address is on file for MHW1" in response.content.decode()
    assert not mailoutbox


def test_a_failed_link_email_leaves_the_participant_a_working_link(as_lead, study, online):
    session, old_token = online
    response = as_lead.post(
        _action(study, session, "link"),
        {"days": 30, "email_link": "on", "replace_link": "on"},
        follow=True,
    )
    assert "No email address is on file for MHW1" in response.content.decode()
    assert study_services.link_resolve(old_token) is not None or response.context["new_link"]


def test_abandoning_a_session_closes_it(as_lead, study, session):
    response = as_lead.post(_action(study, session, "abandon"), follow=True)
    assert "Session abandoned" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "abandoned"


def test_starting_an_in_person_interview_notes_the_time_and_opens_page_one(
    as_lead, study, lead, in_person
):
    response = as_lead.post(_action(study, in_person, "start"))
    assert response["Location"] == reverse("session-conduct", args=[study.slug, in_person.pk, 1])
    in_person.refresh_from_db()
    assert (in_person.status, in_person.interviewer) == ("in_progress", lead)
    assert in_person.started_at is not None


def test_the_conduct_page_saves_notes_from_the_form_and_moves_on(
    as_lead, study, lead, in_person, follow_ups
):
    as_lead.post(_action(study, in_person, "start"))
    response = as_lead.post(
        reverse("session-conduct", args=[study.slug, in_person.pk, 1]),
        {f"q{follow_ups[0].pk}": "Says she would call", "go": "next"},
    )
    assert response["Location"] == reverse("session-conduct", args=[study.slug, in_person.pk, 2])
    note = Response.objects.get(session=in_person)
    assert (note.question, note.text, note.recorded_by) == (
        follow_ups[0], "Says she would call", lead
    )  # fmt: skip


def test_the_conduct_page_saves_a_note_as_it_is_typed(as_lead, study, lead, in_person, follow_ups):
    as_lead.post(_action(study, in_person, "start"))
    url = reverse("session-conduct", args=[study.slug, in_person.pk, 1])
    response = as_lead.post(url, {f"q{follow_ups[1].pk}": "Pauses, then: listen"}, **HTMX)
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    assert Response.objects.get(session=in_person, question=follow_ups[1]).text == (
        "Pauses, then: listen"
    )


def test_ending_an_in_person_interview_notes_when_it_ended(as_lead, study, in_person):
    as_lead.post(_action(study, in_person, "start"))
    response = as_lead.post(_action(study, in_person, "end"), follow=True)
    assert "Interview ended" in response.content.decode()
    in_person.refresh_from_db()
    assert in_person.status == "completed"
    assert in_person.completed_at is not None
    assert in_person.completed_at >= in_person.started_at


def test_the_sessions_list_query_count_does_not_grow_with_sessions(
    as_lead, study, lead, mhw, vignettes, django_assert_num_queries
):
    def add_sessions(count):
        for _ in range(count):
            worker = study_services.participant_add(actor=lead, study=study, role=mhw, site=None)
            give_consent(worker, lead)
            session, _token = services.session_create(actor=lead, participant=worker, mode="online")
            _answer_page(session, vignettes[0], ["Yes", "No"])

    url = reverse("sessions", args=[study.slug])
    add_sessions(2)
    as_lead.get(url)
    # Session, user, membership; the sessions, their vignettes; the new-session form's
    # participants. The role's questions come from the cache (the first visit read them).
    with django_assert_num_queries(6):
        as_lead.get(url)
    add_sessions(4)
    with django_assert_num_queries(6):
        response = as_lead.get(url)
    assert len(response.context["rows"]) == 6
    assert response.content.decode().count("2 of 11") == 6


# --- Preview and answers ----------------------------------------------------------------


def test_the_preview_shows_every_vignette_and_only_the_roles_questions(
    as_lead, study, lead, mhw, su, vignettes, follow_ups
):
    services.question_create(
        actor=lead, study=study, prompt="Did your worker listen to you?", role=su
    )
    services.question_create(actor=lead, study=study, prompt="How long in post?", role=mhw)
    body = as_lead.get(reverse("vignette-preview", args=[study.slug, mhw.pk])).content.decode()
    for vignette in vignettes:
        assert vignette.current.title in body
    for question in follow_ups:
        assert question.prompt in body
    assert "How long in post?" in body
    assert "Did your worker listen to you?" not in body


def test_the_answers_page_puts_a_dyads_two_accounts_on_one_row(
    as_lead, study, lead, mhw, vignettes, follow_ups, parse_page
):
    _answered_dyad(lead, study, mhw, vignettes[0])
    response = as_lead.get(reverse("responses", args=[study.slug]), {"vignette": vignettes[0].pk})
    assert response.status_code == 200
    rows = parse_page(response).find_all("tr")
    for asked in ("next", "do"):
        [row] = [row for row in rows if f"MHW1 on {asked}" in row.text]
        assert f"SU1 on {asked}" in row.text


def test_the_answers_page_query_count_does_not_grow_with_sessions(
    as_lead, study, lead, mhw, vignettes, django_assert_num_queries
):
    url = reverse("responses", args=[study.slug]) + f"?vignette={vignettes[0].pk}"
    _answered_dyad(lead, study, mhw, vignettes[0])
    as_lead.get(url)
    with django_assert_num_queries(9):
        as_lead.get(url)  # one dyad: 2 sessions
    for _ in range(2):
        _answered_dyad(lead, study, mhw, vignettes[0])
    with django_assert_num_queries(9):
        response = as_lead.get(url)  # three dyads: 6 sessions
    assert response.content.decode().count("SU3 on do") == 1


def test_the_responses_csv_is_pseudonymised_and_noted_in_the_audit_trail(
    as_lead, study, lead, mhw, vignettes
):
    _answered_dyad(lead, study, mhw, vignettes[0], name="Jo Doe", email="jo.doe@example.org")
    response = as_lead.get(reverse("responses-csv", args=[study.slug]))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    for expected in ("MHW1", "SU1", "MHW1 on next", "SU1 on do"):
        assert expected in body
    assert "Jo Doe" not in body
    assert "jo.doe@example.org" not in body
    event = AuditEvent.objects.get(action="data.exported")
    assert (event.actor, event.detail) == (lead, {"export": "responses.csv"})


def test_the_preview_gives_every_field_its_own_id(as_lead, study, vignettes, follow_ups):
    role = study.roles.get(code="MHW")
    html = as_lead.get(reverse("vignette-preview", args=[study.slug, role.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert sum(1 for found in ids if found.endswith(f"-q{follow_ups[0].pk}")) == 5


def test_a_worker_without_a_partner_yet_stands_in_the_workers_column(
    as_lead, study, lead, mhw, vignettes
):
    worker = study_services.participant_add(actor=lead, study=study, role=mhw, site=None)
    give_consent(worker, lead)
    session, _token = services.session_create(actor=lead, participant=worker, mode="online")
    _answer_page(session, vignettes[0], ["Alone on next", "Alone on do"])
    response = as_lead.get(reverse("responses", args=[study.slug]) + f"?vignette={vignettes[0].pk}")
    table = response.context["table"]
    assert [(row.worker, row.service_user) for row in table.rows] == [(worker, None)]
    assert table.rows[0].cells[0] == ("Alone on next", "")
    assert (table.worker_label, table.service_user_label) == (
        "Mental health worker",
        "Service user",
    )


def test_a_late_note_autosave_does_not_undo_what_the_page_post_kept(as_lead, study, in_person):
    url = reverse("session-conduct", args=[study.slug, in_person.pk, 1])
    question = session_pages(in_person)[0].questions[0]
    field = f"q{question.pk}"
    page = {"tab": "conduct-page", field: "Sam should decide, she said."}
    as_lead.post(url, {**page, "go": "next", "seq": "2"})
    as_lead.post(url, {**page, field: "Sam should", "seq": "1"}, HTTP_HX_REQUEST="true")
    assert Response.objects.get(session=in_person, question=question).text == (
        "Sam should decide, she said."
    )
