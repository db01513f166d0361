"""The order of saves is the server's. A late request from one page never puts its
older text back; a stale tab or a second device never overwrites what another saved
without the participant being shown both; a device's clock plays no part."""

import re

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import Response
from interviews.plan import session_pages
from tests.factories import enter_link


@pytest.fixture
def link_id(client, online):
    """The id of the session's link, entered in `client` as the participant would."""
    return enter_link(client, online[1])


@pytest.fixture
def first_page(online):
    session, _token = online
    return session_pages(session)[0]


def _stored(session, question) -> str:
    return Response.objects.get(session=session, question=question).text


def _page_state(response) -> dict[str, str]:
    """The hidden fields a participant's page holds: its view id and, per answer, what
    it last saw (`tok_q…`)."""
    html = response.content.decode()
    found = dict(re.findall(r'name="(tab|tok_q\d+)" value="([^"]*)"', html))
    assert "tab" in found
    return found


def _two_tabs(client, link_id) -> tuple[str, str, dict, dict]:
    """The first page's address and its autosave's, and two views of that page."""
    page_url = reverse("participant-page", args=[link_id, 1])
    save_url = reverse("participant-autosave", args=[link_id, 1])
    return page_url, save_url, _page_state(client.get(page_url)), _page_state(client.get(page_url))


def test_a_late_request_from_the_same_page_does_not_put_older_text_back(client, online, link_id):
    session = online[0]
    question = session_pages(session)[0].questions[0]
    field, page_url = f"q{question.pk}", reverse("participant-page", args=[link_id, 1])
    state = _page_state(client.get(page_url))
    client.post(page_url, {**state, field: "the whole answer", "seq": "3", "action": "back"})
    late = client.post(
        reverse("participant-autosave", args=[link_id, 1]),
        {**state, field: "the whole", "seq": "2"},
        HTTP_HX_REQUEST="true",
    )
    assert late.status_code == 200
    assert _stored(session, question) == "the whole answer"


def test_the_newest_save_wins_whatever_the_devices_clocks_say(first_page, online):
    session, _token = online
    question = first_page.questions[0]
    fast = services.Writer("device-a", 1)  # its clock ten minutes ahead: it sends none
    services.answers_save(
        session=session, page=first_page, answers={question.pk: "from device A"},
        seen={question.pk: services.Seen.parse(services.answer_token("", 0))}, writer=fast,
    )  # fmt: skip
    # Device B opens the page after A's save, types, and saves.
    shown_to_b = Response.objects.get(question=question)
    seen_by_b = services.Seen.parse(services.answer_token(shown_to_b.text, shown_to_b.revision))
    saved = services.answers_save(
        session=session, page=first_page, answers={question.pk: "from device B"},
        seen={question.pk: seen_by_b},
        writer=services.Writer("device-b", 1),
    )  # fmt: skip
    assert saved.conflicts == {}
    assert _stored(session, question) == "from device B"


def test_a_browser_clock_stamp_is_ignored(client, online, link_id):
    session = online[0]
    question = session_pages(session)[0].questions[0]
    field, save_url = f"q{question.pk}", reverse("participant-autosave", args=[link_id, 1])
    client.post(save_url, {field: "newer", "typed_at": "9999999999999"}, HTTP_HX_REQUEST="true")
    client.post(save_url, {field: "newest", "typed_at": "1"}, HTTP_HX_REQUEST="true")
    assert _stored(session, question) == "newest"


def test_a_stale_tab_pressing_next_does_not_blank_an_answer_saved_in_another(
    client, online, link_id
):
    session = online[0]
    first, second = session_pages(session)[0].questions
    page_url, save_url, tab_one, tab_two = _two_tabs(client, link_id)
    for question, text in ((first, "one: first"), (second, "one: second")):
        client.post(
            save_url, {**tab_one, f"q{question.pk}": text, "seq": "1"}, HTTP_HX_REQUEST="true"
        )
    # Tab two still shows both answers empty; it changes only the first.
    response = client.post(
        page_url,
        {**tab_two, f"q{first.pk}": "two: first", f"q{second.pk}": "", "action": "next"},
    )
    assert _stored(session, second) == "one: second"  # tab two never touched it
    # The first was changed in both tabs: the stored one stays, and both are shown.
    assert _stored(session, first) == "one: first"
    assert response.status_code == 409
    html = response.content.decode()
    assert "two: first" in html and "one: first" in html
    assert "changed in another window" in html
    assert ">one: second</textarea>" in html  # shown as stored, so a second Next keeps it
    session.refresh_from_db()
    assert session.pages_done == 0  # they stay on the page to see it


def test_pressing_next_again_after_a_conflict_keeps_what_this_tab_typed(client, online, link_id):
    session = online[0]
    first, second = session_pages(session)[0].questions
    page_url, save_url, tab_one, tab_two = _two_tabs(client, link_id)
    client.post(save_url, {**tab_one, f"q{first.pk}": "from one"}, HTTP_HX_REQUEST="true")
    answers = {f"q{first.pk}": "from two", f"q{second.pk}": "second", "action": "next"}
    shown = client.post(page_url, {**tab_two, **answers})
    assert shown.status_code == 409
    again = client.post(page_url, {**_page_state(shown), **answers})
    assert again.status_code == 302
    assert _stored(session, first) == "from two"


def test_an_autosave_on_a_stale_copy_shows_the_newer_text_and_keeps_it(client, online, link_id):
    session = online[0]
    question = session_pages(session)[0].questions[0]
    field, page_url = f"q{question.pk}", reverse("participant-page", args=[link_id, 1])
    save_url = reverse("participant-autosave", args=[link_id, 1])
    phone, laptop = _page_state(client.get(page_url)), _page_state(client.get(page_url))
    client.post(save_url, {**phone, field: "typed on the phone"}, HTTP_HX_REQUEST="true")
    reply = client.post(save_url, {**laptop, field: "typed on the laptop"}, HTTP_HX_REQUEST="true")
    assert reply.status_code == 200
    html = reply.content.decode()
    assert "typed on the phone" in html and "Use the other version" in html
    assert _stored(session, question) == "typed on the phone"
    # The status line now holds the newer revision: carrying on saves the laptop's text.
    token_now = re.search(rf'name="tok_{field}" value="([^"]+)"', html).group(1)
    client.post(
        save_url, {**laptop, f"tok_{field}": token_now, field: "typed on the laptop, more"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert _stored(session, question) == "typed on the laptop, more"


def test_a_save_that_says_nothing_of_what_it_saw_writes_last_one_wins(first_page, online):
    session, _token = online
    question = first_page.questions[0]
    services.answers_save(session=session, page=first_page, answers={question.pk: "first"})
    services.answers_save(session=session, page=first_page, answers={question.pk: "second"})
    assert _stored(session, question) == "second"


def test_each_write_moves_the_answers_revision_on(first_page, online):
    session, _token = online
    question = first_page.questions[0]
    for text in ("one", "two", "two", "three"):
        services.answers_save(session=session, page=first_page, answers={question.pk: text})
    assert Response.objects.get(question=question).revision == 3  # the repeat wrote nothing


@pytest.mark.parametrize("nonsense", ["-5", "12a", "9" * 40, "²", "1.", ".abc"])
def test_a_nonsense_token_counts_as_no_token(client, online, link_id, nonsense):
    session = online[0]
    question = session_pages(session)[0].questions[0]
    field = f"q{question.pk}"
    response = client.post(
        reverse("participant-autosave", args=[link_id, 1]),
        {field: f"text {nonsense}", f"tok_{field}": nonsense, "tab": nonsense, "seq": nonsense},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert _stored(session, question) == f"text {nonsense}"
