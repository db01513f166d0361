"""An autosave that arrives after a newer save of the same answer (a slow request, or
"Next" pressed while it was on its way) must not put the older text back."""

from django.urls import reverse

from interviews import services
from interviews.models import Response
from interviews.plan import session_pages


def _first(session):
    page = session_pages(session)[0]
    return page, page.questions[0]


def test_a_save_stamped_earlier_than_the_stored_answer_is_ignored(online):
    session, _token = online
    page, question = _first(session)
    services.answers_save(session=session, page=page, answers={question.pk: "newer"}, typed_at=2000)
    services.answers_save(session=session, page=page, answers={question.pk: "older"}, typed_at=1000)
    assert Response.objects.get(question=question).text == "newer"


def test_a_save_stamped_later_replaces_the_answer(online):
    session, _token = online
    page, question = _first(session)
    services.answers_save(session=session, page=page, answers={question.pk: "first"}, typed_at=1000)
    services.answers_save(
        session=session, page=page, answers={question.pk: "second"}, typed_at=2000
    )
    assert Response.objects.get(question=question).text == "second"


def test_a_save_without_a_stamp_always_writes(online):
    session, _token = online
    page, question = _first(session)
    services.answers_save(
        session=session, page=page, answers={question.pk: "stamped"}, typed_at=5000
    )
    services.answers_save(session=session, page=page, answers={question.pk: "no script"})
    assert Response.objects.get(question=question).text == "no script"


def test_next_then_a_late_autosave_keeps_what_next_sent(client, online):
    session, token = online
    _page, question = _first(session)
    field = f"q{question.pk}"
    posted = client.post(
        reverse("participant-page", args=[token, 1]),
        {field: "the whole answer", "action": "back", "typed_at": "1700000002000"},
    )
    assert posted.status_code == 302
    late = client.post(
        reverse("participant-autosave", args=[token, 1]),
        {field: "the whole", "typed_at": "1700000001000"},
        HTTP_HX_REQUEST="true",
    )
    assert late.status_code == 200
    assert Response.objects.get(question=question).text == "the whole answer"


def test_a_nonsense_stamp_is_treated_as_no_stamp(client, online):
    session, token = online
    _page, question = _first(session)
    field = f"q{question.pk}"
    for stamp in ("-5", "12a", "9" * 40, "²"):
        response = client.post(
            reverse("participant-autosave", args=[token, 1]),
            {field: f"text {stamp}", "typed_at": stamp},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert Response.objects.get(question=question).text == f"text {stamp}"
