"""Searching a study's transcripts: hits are the participants' sentences in context with
pseudonym and line, full-text on PostgreSQL and plain words on SQLite, and a coder codes
a hit from the results; bad posts change nothing."""

import pytest
from django.db import connection
from django.urls import reverse

from coding import services
from coding.models import CodedSegment
from tests.fixtures import need_service

from .conftest import make_transcript


def _search(client, study, words):
    answer = client.get(reverse("search", args=[study.slug]), {"q": words})
    assert answer.status_code == 200
    return answer


def _hits(client, study, words) -> list[str]:
    return [hit.quote.text for hit in _search(client, study, words).context["hits"]]


def _code(client, study, transcript, start, end, node, q="money"):
    return client.post(reverse("search-code", args=[study.slug]), {
        "transcript": transcript.pk, "start": start, "end": end, "node": node.pk, "q": q,
    })  # fmt: skip


def test_it_finds_the_participants_sentences_in_context_with_pseudonym_and_line(
    client, study, viewer, transcript
):
    client.force_login(viewer)
    answer = _search(client, study, "money")
    hits = answer.context["hits"]
    # The interviewer's question holds "money" too: only the participant's words count.
    assert [hit.quote.text for hit in hits] == [
        "She wanted her money back from the appointee \U0001f600 and I felt it was safe."
    ]
    place = hits[0].quote.place
    assert place.participant.pseudonym == "MHW1" and place.line == 2
    page = answer.content.decode()
    assert f"{reverse('code-transcript', args=[study.slug, transcript.pk])}#line-2" in page
    assert "Code this sentence with" not in page  # a viewer reads, does not code


def test_it_needs_every_word_of_a_search_in_the_transcript(client, study, viewer, transcript):
    client.force_login(viewer)
    assert len(_hits(client, study, "money plan")) == 2
    assert _hits(client, study, "money elephant") == []
    assert _hits(client, study, "") == []


@pytest.mark.services
def test_it_finds_other_forms_of_a_word_with_full_text_search_on_postgresql(
    client, study, viewer, transcript
):
    need_service(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")
    client.force_login(viewer)
    assert _hits(client, study, "plans") == ["We agreed a plan with the team, step by step."]


def test_it_codes_a_hit_from_the_results(client, study, coder, transcript, code):
    client.force_login(coder)
    hit = _search(client, study, "plan").context["hits"][0].quote
    answer = _code(client, study, transcript, hit.start, hit.end, code, q="plan")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("search", args=[study.slug]) + "?q=plan"
    segment = CodedSegment.objects.get()
    assert (segment.node, segment.coder, segment.text) == (code, coder, hit.text)
    assert "Code this sentence with" in _search(client, study, "plan").content.decode()


def test_it_refuses_a_bad_hit_with_a_message_and_codes_nothing(client, study, coder, lead,
                                                               transcript, draft_transcript,
                                                               code):  # fmt: skip
    from studies.services import study_create

    other_study = study_create(creator=lead, title="Another study")
    elsewhere = services.node_create(actor=lead, study=other_study, name="Elsewhere")
    client.force_login(coder)
    length = len(transcript.text)
    for start, end, node, target in [
        (0, length + 5, code, transcript),  # past the end of the text
        (10, 5, code, transcript),  # reversed
        (0, 5, elsewhere, transcript),  # a code of another study
        (0, 5, code, draft_transcript),  # not ready for coding
    ]:
        answer = _code(client, study, target, start, end, node)
        assert answer.status_code == 302
        shown = [str(m) for m in answer.wsgi_request._messages]
        assert shown and ("Not coded" in shown[0] or "could not be coded" in shown[0])
    assert not CodedSegment.objects.exists()
    page = _search(client, study, "safe").content.decode()
    assert page.count("Code this sentence with") == 1
    assert "This transcript is not ready for coding yet." in page


def test_it_lets_viewers_search_but_not_code_and_hides_the_search_from_outsiders(
    client, study, viewer, outsider, transcript, code
):
    client.force_login(viewer)
    assert _code(client, study, transcript, 0, 5, code).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("search", args=[study.slug]), {"q": "money"}).status_code == 404
    assert not CodedSegment.objects.exists()


def test_it_searches_in_the_same_number_of_queries_however_many_transcripts(
    client, study, lead, coder, code, transcript, django_assert_num_queries
):
    from studies import services as study_services

    client.force_login(coder)
    url = reverse("search", args=[study.slug])
    client.get(url, {"q": "plan"})
    with django_assert_num_queries(9) as before:
        client.get(url, {"q": "plan"})
    for _ in range(3):
        other = study_services.participant_add(
            actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
        )
        make_transcript(study, lead, other)
    with django_assert_num_queries(len(before.captured_queries)):
        assert len(client.get(url, {"q": "plan"}).context["hits"]) == 4
