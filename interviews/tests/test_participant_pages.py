"""The participant's pages, reached through their personal link with no account: where
the link leads, answering page by page (plain form posts and htmx autosave), stopping,
finishing, and what a revoked link does to a page left open."""

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import ANSWER_MAX_CHARS, InterviewSession, Response
from studies import services as study_services
from tests.factories import enter_link, give_consent

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name: str, link_id: int, *args) -> str:
    return reverse(name, args=[link_id, *args])


def _fields(questions, *texts: str) -> dict[str, str]:
    return {f"q{question.pk}": text for question, text in zip(questions, texts, strict=True)}


def _stored(session: InterviewSession) -> dict[tuple[int, int | None], str]:
    return services.session_answers(session)


def _vignette_on(session: InterviewSession, number: int):
    """The SessionVignette the session shows on page `number`."""
    return session.vignettes.select_related("version").get(position=number - 1)


def _move_past(client, link_id: int, follow_ups, *numbers: int) -> None:
    for number in numbers:
        response = client.post(
            _url("participant-page", link_id, number),
            {**_fields(follow_ups, f"First on {number}", f"Second on {number}"), "action": "next"},
        )
        assert response.status_code == 302, response.content.decode()


@pytest.fixture
def session(online):
    return online[0]


@pytest.fixture
def link_id(client, online):
    """The id of MHW1's link, entered in `client` as the participant would."""
    return enter_link(client, online[1])


@pytest.fixture
def finished(client, session, link_id, follow_ups):
    """The session with every page answered and sent."""
    _move_past(client, link_id, follow_ups, 1, 2, 3, 4, 5)
    response = client.post(_url("participant-finish", link_id))
    assert response.status_code == 302
    return session


# --- Where the link leads ---------------------------------------------------------------


def test_start_sends_a_participant_without_consent_to_the_consent_form(
    client, lead, worker, vignettes
):
    _link, token = study_services.link_issue(actor=lead, participant=worker)
    link_id = enter_link(client, token)
    response = client.get(_url("participant-start", link_id))
    assert response.status_code == 302
    assert response["Location"] == _url("participant-online-consent", link_id)


def test_start_sends_a_consented_participant_with_a_session_to_page_one(client, link_id):
    response = client.get(_url("participant-start", link_id))
    assert response["Location"] == _url("participant-page", link_id, 1)


def test_start_asks_for_a_required_information_answer_of_the_role_first(
    client, study, lead, link_id
):
    study_services.attribute_create(
        actor=lead, study=study, label="Years in post", kind="number", required=True,
        role=study.roles.get(code="MHW"),
    )  # fmt: skip
    response = client.get(_url("participant-start", link_id))
    assert response["Location"] == _url("participant-about", link_id)


def test_start_ignores_a_required_information_question_of_another_role(
    client, study, lead, link_id
):
    study_services.attribute_create(
        actor=lead, study=study, label="Years of support", kind="number", required=True,
        role=study.roles.get(code="SU"),
    )  # fmt: skip
    response = client.get(_url("participant-start", link_id))
    assert response["Location"] == _url("participant-page", link_id, 1)


def test_start_says_there_is_nothing_yet_without_a_session(client, lead, consented_worker):
    _link, token = study_services.link_issue(actor=lead, participant=consented_worker)
    link_id = enter_link(client, token)
    response = client.get(_url("participant-start", link_id))
    assert response.status_code == 200
    assert "nothing for you to answer online" in response.content.decode()


# --- A page -----------------------------------------------------------------------------


def test_a_page_shows_its_vignette_and_a_textarea_for_each_question(
    client, session, link_id, follow_ups, parse_page
):
    response = client.get(_url("participant-page", link_id, 1))
    assert response.status_code == 200
    page = parse_page(response)
    assert page.by_id("vignette-title").text == _vignette_on(session, 1).version.title
    for question in follow_ups:
        name = f"q{question.pk}"
        assert question.prompt in page.find("label", **{"for": name}).text
        assert page.find("textarea", name=name).attrs["id"] == name


def test_next_stores_the_answers_and_goes_to_the_next_page(client, session, link_id, follow_ups):
    response = client.post(
        _url("participant-page", link_id, 1),
        {**_fields(follow_ups, "She will ask for help", "Listen first"), "action": "next"},
    )
    assert response["Location"] == _url("participant-page", link_id, 2)
    vignette_id = _vignette_on(session, 1).vignette_id
    assert _stored(session) == {
        (follow_ups[0].pk, vignette_id): "She will ask for help",
        (follow_ups[1].pk, vignette_id): "Listen first",
    }
    session.refresh_from_db()
    assert session.pages_done == 1


def test_back_goes_to_the_previous_page_without_requiring_answers(
    client, session, link_id, follow_ups
):
    _move_past(client, link_id, follow_ups, 1)
    response = client.post(
        _url("participant-page", link_id, 2), {**_fields(follow_ups, "", ""), "action": "back"}
    )
    assert response["Location"] == _url("participant-page", link_id, 1)
    session.refresh_from_db()
    assert session.pages_done == 1


def test_next_with_a_required_answer_blank_marks_that_field_and_keeps_the_others(
    client, session, link_id, follow_ups, parse_page
):
    answered, blank = follow_ups
    response = client.post(
        _url("participant-page", link_id, 1),
        {**_fields(follow_ups, "Something I typed", ""), "action": "next"},
    )
    assert response.status_code == 400
    page = parse_page(response)
    field = page.find("textarea", name=f"q{blank.pk}")
    assert field.attrs.get("aria-invalid") == "true"
    described = [page.by_id(i).text for i in field.attrs["aria-describedby"].split()]
    assert any("Please answer this question." in text for text in described)
    kept = page.find("textarea", name=f"q{answered.pk}")
    assert kept.text == "Something I typed"
    assert "aria-invalid" not in kept.attrs
    session.refresh_from_db()
    assert session.pages_done == 0


def test_an_oversized_answer_is_refused_with_a_message_and_not_stored(
    client, session, link_id, follow_ups, parse_page
):
    too_long, fine = follow_ups
    response = client.post(
        _url("participant-page", link_id, 1),
        {f"q{too_long.pk}": "x" * (ANSWER_MAX_CHARS + 1), f"q{fine.pk}": "Fine", "action": "next"},
    )
    assert response.status_code == 400
    field = parse_page(response).by_id(f"q{too_long.pk}-status")
    assert "Please keep this answer under 10,000 characters" in field.text
    assert not Response.objects.filter(session=session, question=too_long).exists()
    assert Response.objects.get(session=session, question=fine).text == "Fine"


def test_a_participant_cannot_jump_past_the_next_unanswered_page(client, link_id, follow_ups):
    _move_past(client, link_id, follow_ups, 1)
    assert client.get(_url("participant-page", link_id, 2)).status_code == 200
    response = client.get(_url("participant-page", link_id, 3))
    assert response.status_code == 302
    assert response["Location"] == _url("participant-start", link_id)


def test_reopening_the_link_resumes_after_the_last_page_answered(client, link_id, follow_ups):
    _move_past(client, link_id, follow_ups, 1, 2)
    response = client.get(_url("participant-start", link_id))
    assert response["Location"] == _url("participant-page", link_id, 3)


# --- Autosave (htmx) --------------------------------------------------------------------


def test_autosave_stores_the_one_answer_sent_and_says_saved(client, session, link_id, follow_ups):
    question = follow_ups[0]
    response = client.post(
        _url("participant-autosave", link_id, 1), {f"q{question.pk}": "Typed so far"}, **HTMX
    )
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    vignette_id = _vignette_on(session, 1).vignette_id
    assert _stored(session) == {(question.pk, vignette_id): "Typed so far"}


def test_autosaving_twice_keeps_one_row_with_the_last_text(client, session, link_id, follow_ups):
    question = follow_ups[0]
    url = _url("participant-autosave", link_id, 1)
    client.post(url, {f"q{question.pk}": "First draft"}, **HTMX)
    client.post(url, {f"q{question.pk}": "Second draft"}, **HTMX)
    rows = Response.objects.filter(session=session, question=question)
    assert [row.text for row in rows] == ["Second draft"]


def test_autosave_refuses_two_answers_at_once(client, session, link_id, follow_ups):
    response = client.post(
        _url("participant-autosave", link_id, 1), _fields(follow_ups, "One", "Two"), **HTMX
    )
    assert response.status_code == 400
    assert not Response.objects.filter(session=session).exists()


def test_autosave_refuses_a_question_of_another_page(client, session, link_id, closing_question):
    response = client.post(
        _url("participant-autosave", link_id, 1), {f"q{closing_question.pk}": "Sneaky"}, **HTMX
    )
    assert response.status_code == 400
    assert not Response.objects.filter(session=session).exists()


def test_a_revoked_link_tells_an_open_page_its_answer_was_not_saved(
    client, lead, session, link_id, follow_ups
):
    """The status line under the field says so, and the page stays as it is (no reload
    that would lose what the participant typed)."""
    study_services.link_revoke(actor=lead, participant=session.participant)
    response = client.post(
        _url("participant-autosave", link_id, 1), {f"q{follow_ups[0].pk}": "Still typing"}, **HTMX
    )
    assert response.status_code == 200
    assert "Not saved: this link no longer works" in response.content.decode()
    assert "HX-Refresh" not in response
    assert not Response.objects.filter(session=session).exists()


def test_a_revoked_link_answers_the_page_with_the_invalid_link_page(
    client, lead, session, link_id, follow_ups
):
    study_services.link_revoke(actor=lead, participant=session.participant)
    url = _url("participant-page", link_id, 1)
    shown = client.get(url)
    posted = client.post(url, {**_fields(follow_ups, "A", "B"), "action": "next"})
    for response in (shown, posted):
        assert response.status_code == 404
        assert "This link is not working" in response.content.decode()
        assert session.study.title not in response.content.decode()
    assert not Response.objects.filter(session=session).exists()


def test_an_answer_with_a_nul_character_is_refused_or_cleaned_never_stored_raw(
    client, session, link_id, follow_ups
):
    client.raise_request_exception = False
    response = client.post(
        _url("participant-autosave", link_id, 1),
        {f"q{follow_ups[0].pk}": "before\x00after"},
        **HTMX,
    )
    assert response.status_code == 200
    assert not any("\x00" in text for text in _stored(session).values())


# --- Stopping and finishing -------------------------------------------------------------


def test_i_need_to_stop_pauses_the_session_and_keeps_the_answers_sent_with_it(
    client, session, link_id, follow_ups
):
    response = client.post(
        _url("participant-page", link_id, 1),
        {**_fields(follow_ups, "Half a thought", ""), "action": "stop"},
    )
    assert response["Location"] == _url("participant-paused", link_id)
    session.refresh_from_db()
    assert session.status == "paused"
    assert session.paused_at is not None
    vignette_id = _vignette_on(session, 1).vignette_id
    assert _stored(session)[(follow_ups[0].pk, vignette_id)] == "Half a thought"


def test_the_paused_page_shows_the_roles_support_contacts_with_numbers_to_tap(
    client, study, lead, session, link_id, follow_ups
):
    study_services.role_update(
        actor=lead, role=session.participant.role, code="MHW", label="Mental health worker",
        support_text="Call **Staff wellbeing** on 0800 000 000.",
    )  # fmt: skip
    client.post(
        _url("participant-page", link_id, 1), {**_fields(follow_ups, "", ""), "action": "stop"}
    )
    response = client.get(_url("participant-paused", link_id))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong>Staff wellbeing</strong> on <a href="tel:0800000000">0800 000 000</a>' in html
    assert "no effect on your work" in html and "care you receive" not in html


def test_i_need_to_stop_emails_the_sessions_creator(
    client, lead, session, link_id, follow_ups, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("participant-page", link_id, 1), {**_fields(follow_ups, "", ""), "action": "stop"}
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [lead.email]
    assert "MHW1 stopped their session" in mailoutbox[0].subject


def test_finishing_completes_the_session_and_thanks_the_participant(
    client, session, link_id, follow_ups
):
    _move_past(client, link_id, follow_ups, 1, 2, 3, 4, 5)
    response = client.post(_url("participant-finish", link_id))
    assert response["Location"] == _url("participant-thanks", link_id)
    session.refresh_from_db()
    assert session.status == "completed"
    assert session.completed_at is not None
    assert client.get(response["Location"]).status_code == 200


def test_after_finishing_the_pages_lead_to_thanks(client, finished, link_id):
    for number in (1, 6):
        response = client.get(_url("participant-page", link_id, number))
        assert response["Location"] == _url("participant-thanks", link_id)
    assert client.get(_url("participant-start", link_id))["Location"] == _url(
        "participant-thanks", link_id
    )


def test_finishing_with_required_answers_missing_shows_an_error(
    client, session, link_id, follow_ups
):
    _move_past(client, link_id, follow_ups, 1)
    response = client.post(_url("participant-finish", link_id))
    assert response.status_code == 400
    assert "Some required questions are not answered yet, on page 2." in response.content.decode()
    session.refresh_from_db()
    assert session.status == "in_progress"


# --- Every page -------------------------------------------------------------------------


@pytest.fixture(params=["nothing_yet", "about", "page", "error", "finish", "paused", "thanks"])
def participant_page(request, client, study, lead, online, follow_ups):
    """Each page a participant can be shown, as the anonymous browser of the link sees it."""
    session, token = online
    link_id = enter_link(client, token)
    kind = request.param
    if kind == "nothing_yet":
        services.session_abandon(actor=lead, session=session)
        return client.get(_url("participant-start", link_id))
    if kind == "about":
        return client.get(_url("participant-about", link_id))
    if kind == "page":
        return client.get(_url("participant-page", link_id, 1))
    if kind == "error":
        return client.post(
            _url("participant-page", link_id, 1), {**_fields(follow_ups, "", ""), "action": "next"}
        )
    if kind == "paused":
        return client.get(_url("participant-paused", link_id))
    _move_past(client, link_id, follow_ups, 1, 2, 3, 4, 5)
    if kind == "finish":
        return client.get(_url("participant-finish", link_id))
    client.post(_url("participant-finish", link_id))
    return client.get(_url("participant-thanks", link_id))


def test_every_participant_page_offers_a_way_to_withdraw(participant_page, parse_page):
    link_id = participant_page.wsgi_request.resolver_match.kwargs["link_id"]
    links = parse_page(participant_page).find_all(
        "a", href=_url("participant-withdraw-self", link_id)
    )
    assert links, participant_page.content.decode()


def test_no_participant_page_needs_a_login(participant_page):
    assert participant_page.status_code in (200, 400)
    assert participant_page.context["participant_page"] is True
    assert participant_page.wsgi_request.user.is_anonymous


def test_participant_pages_ask_search_engines_not_to_index_them(participant_page):
    assert participant_page["X-Robots-Tag"] == "noindex, nofollow"


def test_a_consent_given_after_the_session_was_made_still_reaches_the_pages(
    client, study, lead, vignettes
):
    """A session can be prepared before consent; the link then leads to consent first,
    and straight to the pages once it is given."""
    worker = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    _session, token = services.session_create(actor=lead, participant=worker, mode="online")
    link_id = enter_link(client, token)
    assert client.get(_url("participant-start", link_id))["Location"] == _url(
        "participant-online-consent", link_id
    )
    give_consent(worker, lead)
    assert client.get(_url("participant-start", link_id))["Location"] == _url(
        "participant-page", link_id, 1
    )
