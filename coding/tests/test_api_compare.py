"""The constant comparison and search API: a node's segments in context with who said
them, filtered, grouped, by role and by dyad; quotes only of those who agreed to be
quoted; independent coding's blind; search hits coded through the segments endpoint;
bad input refused with details; query counts that do not grow with the data."""

import pytest
from django.db import connection

from coding import api_compare, quotes, services
from coding.models import CodedSegment
from interviews.models import SpeakerTurn
from interviews.services.authoring import vignette_create
from studies import services as study_services
from studies.models import Dyad
from studies.services import participant_nominate
from tests.fixtures import need_service

from .conftest import code_words, make_transcript, span
from .test_compare_pages import _refuse_quotation

QUOTE = "She wanted her money back"
SAFE = "I felt it was safe"
PLAN = "We agreed a plan"


def _url(study, path: str) -> str:
    return f"/api/v1/studies/{study.slug}/{path}"


def _node_url(study, node, layout: str = "") -> str:
    """A node's list; `node` may be an id, even one that is not a number."""
    node_id = getattr(node, "pk", node)
    return _url(study, f"nodes/{node_id}/segments/" + (f"{layout}/" if layout else ""))


def _get(client, url, **query):
    answer = client.get(url, query)
    assert answer.status_code == 200, answer.json()
    return answer.json()


def _texts(segments: list[dict]) -> list[str]:
    return [segment["text"] for segment in segments]


def _another_transcript(study, lead, coder, node, participant=None):
    """A coded transcript of a new worker (or of `participant`)."""
    if participant is None:
        participant = study_services.participant_add(
            actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
        )
    transcript = make_transcript(study, lead, participant)
    code_words(coder, transcript, node, PLAN)
    return transcript


# --- A node's segments -------------------------------------------------------------------


def test_it_lists_a_nodes_segments_in_context_with_who_said_and_coded_them(
    api_as, study, viewer, coder, coded, transcript
):
    answer = _get(api_as(viewer), _node_url(study, coded))
    assert (answer["node"], answer["count"], answer["truncated"]) == (coded.pk, 2, False)
    first = answer["segments"][0]
    start, end = span(transcript, QUOTE)
    assert {key: first[key] for key in ("transcript", "start", "end", "text", "coder")} == {
        "transcript": transcript.pk, "start": start, "end": end, "text": QUOTE,
        "coder": coder.username,
    }  # fmt: skip
    assert first["after"].startswith(" from the appointee")
    assert (first["pseudonym"], first["role"], first["dyad"]) == (
        "MHW1", "Mental health worker", "MHW1 and SU1",
    )  # fmt: skip
    assert (first["node"], first["node_name"], first["line"]) == (coded.pk, "Money", 2)
    assert first["quotable"] is True
    assert first["quote"] == f"“{QUOTE}” (MHW1)"


def test_it_gives_each_range_in_utf16_too_counting_an_emoji_twice(
    api_as, study, viewer, coded, transcript
):
    segments = _get(api_as(viewer), _node_url(study, coded))["segments"]
    safe = next(s for s in segments if s["text"] == SAFE)
    assert (safe["utf16_start"], safe["utf16_end"]) == (safe["start"] + 1, safe["end"] + 1)
    before = next(s for s in segments if s["text"] == QUOTE)
    assert (before["utf16_start"], before["utf16_end"]) == (before["start"], before["end"])


def test_it_adds_the_descendants_segments_only_on_request(api_as, study, viewer, coded):
    client = api_as(viewer)
    category = coded.parent
    assert _texts(_get(client, _node_url(study, category))["segments"]) == [PLAN]
    below = _get(client, _node_url(study, category), descendants="1")["segments"]
    assert sorted(_texts(below)) == sorted([QUOTE, SAFE, PLAN])


def test_it_filters_by_role_and_by_coder(api_as, study, viewer, lead, coded):
    client = api_as(viewer)
    url = _node_url(study, coded.parent)
    workers = study.roles.get(code="MHW").pk
    by_role = _get(client, url, descendants="1", role=workers)["segments"]
    assert _texts(by_role) == [QUOTE, SAFE]
    assert _texts(_get(client, url, descendants="1", coder=lead.pk)["segments"]) == [SAFE]


def test_it_filters_by_dyad_to_both_its_members(api_as, study, viewer, lead, coder, coded):
    _another_transcript(study, lead, coder, coded)  # MHW2, in no dyad
    dyad = Dyad.objects.get(study=study)
    url = _node_url(study, coded.parent)
    answer = _get(api_as(viewer), url, descendants="1", dyad=dyad.pk)
    assert sorted(_texts(answer["segments"])) == sorted([QUOTE, SAFE, PLAN])
    assert answer["count"] == 3


def test_it_filters_by_the_vignette_of_the_turn_a_segment_starts_in(
    api_as, study, viewer, lead, coded, transcript
):
    vignette = vignette_create(actor=lead, study=study, title="Money", text="Sam's money.")
    # The last turn (MHW1's plan) is about the vignette; the first answer is not.
    SpeakerTurn.objects.filter(transcript=transcript, position__gte=2).update(vignette=vignette)
    code_words(lead, transcript, coded, "agreed a plan with the team")
    answer = _get(api_as(viewer), _node_url(study, coded), vignette=vignette.pk)
    assert _texts(answer["segments"]) == ["agreed a plan with the team"]
    assert answer["segments"][0]["vignette_id"] == vignette.pk
    assert answer["segments"][0]["vignette"] == str(vignette)


def test_it_groups_by_participant_and_by_role(api_as, study, viewer, coded):
    client = api_as(viewer)
    url = _node_url(study, coded.parent)
    people = _get(client, url, descendants="1", group="participant")
    assert "segments" not in people
    assert [(g["label"], len(g["segments"])) for g in people["groups"]] == [
        ("MHW1", 2), ("SU1", 1),
    ]  # fmt: skip
    roles = _get(client, url, descendants="1", group="role")["groups"]
    assert [g["label"] for g in roles] == ["Mental health worker", "Service user"]


def test_it_gives_no_quote_of_someone_who_refused_quotation(api_as, study, viewer, lead, coded):
    _refuse_quotation(Dyad.objects.get(study=study).service_user, lead)
    segments = _get(api_as(viewer), _node_url(study, coded.parent), descendants="1")["segments"]
    refused = next(s for s in segments if s["pseudonym"] == "SU1")
    assert (refused["quotable"], refused["quote"], refused["text"]) == (False, None, PLAN)
    assert all(s["quotable"] for s in segments if s["pseudonym"] == "MHW1")


def test_it_puts_workers_segments_beside_service_users(api_as, study, viewer, coded):
    answer = _get(api_as(viewer), _node_url(study, coded.parent, "roles"), descendants="1")
    assert [(c["label"], _texts(c["segments"])) for c in answer["columns"]] == [
        ("Mental health worker", [QUOTE, SAFE]),
        ("Service user", [PLAN]),
    ]


def test_it_keeps_a_roles_column_when_that_role_said_nothing_coded_here(
    api_as, study, viewer, coded
):
    columns = _get(api_as(viewer), _node_url(study, coded, "roles"))["columns"]
    assert [(c["label"], len(c["segments"])) for c in columns] == [
        ("Mental health worker", 2), ("Service user", 0),
    ]  # fmt: skip


def test_it_puts_each_workers_segments_beside_their_own_service_users(
    api_as, study, viewer, lead, coder, coded
):
    _another_transcript(study, lead, coder, coded)  # MHW2, in no dyad: no row
    rows = _get(api_as(viewer), _node_url(study, coded.parent, "dyads"), descendants="1")["dyads"]
    assert len(rows) == 1
    row = rows[0]
    assert row["label"] == "MHW1 and SU1"
    assert (row["worker"]["label"], _texts(row["worker"]["segments"])) == ("MHW1", [QUOTE, SAFE])
    assert (row["service_user"]["label"], _texts(row["service_user"]["segments"])) == (
        "SU1", [PLAN],
    )  # fmt: skip


@pytest.mark.parametrize("layout", ["", "roles", "dyads"])
def test_it_hides_other_coders_segments_of_a_transcript_coded_independently(
    api_as, study, lead, coder, coded, transcript, layout
):
    services.transcript_coding_set(actor=lead, transcript=transcript, independent=True)
    assert _get(api_as(coder), _node_url(study, coded, layout))["count"] == 1
    assert _get(api_as(lead), _node_url(study, coded, layout))["count"] == 2


def test_it_returns_at_most_its_limit_and_says_how_many_matched(
    api_as, study, viewer, coded, monkeypatch
):
    monkeypatch.setattr(api_compare, "QUOTE_LIMIT", 2)
    answer = _get(api_as(viewer), _node_url(study, coded.parent), descendants="1")
    assert (answer["count"], answer["truncated"], len(answer["segments"])) == (3, True, 2)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("lead", 200),
        ("researcher", 200),
        ("coder", 200),
        ("viewer", 200),
        ("consent_admin", 403),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
@pytest.mark.parametrize("layout", ["", "roles", "dyads"])
def test_it_lets_members_who_read_data_compare_and_hides_the_node_from_outsiders(
    api_as, personas, persona, status, study, coded, layout
):
    answer = api_as(personas[persona]).get(_node_url(study, coded, layout))
    assert answer.status_code == status


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"group": "shoe size"}, "group"),
        ({"role": "workers"}, "role"),
        ({"descendants": "maybe"}, "descendants"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_it_refuses_a_bad_filter_with_details(api_as, study, viewer, coded, query, field):
    answer = api_as(viewer).get(_node_url(study, coded), query)
    assert answer.status_code == 400
    assert list(answer.json()) == [field]


@pytest.mark.parametrize("layout", ["", "roles", "dyads"])
def test_it_refuses_a_node_of_another_study_as_it_does_one_that_does_not_exist(
    api_as, study, outsider, viewer, coded, layout
):
    theirs = services.node_create(
        actor=outsider, study=outsider.memberships.get().study, name="Theirs"
    )
    client = api_as(viewer)
    for node_id in (theirs.pk, 10**30, "money"):
        answer = client.get(_node_url(study, node_id, layout))
        assert answer.status_code == 400
        assert answer.json() == {"node_id": ["No such node in this study."]}


@pytest.mark.parametrize(
    ("layout", "query", "queries"),
    [("", {}, 9), ("", {"group": "dyad"}, 9), ("roles", {}, 10), ("dyads", {}, 10)],
)
def test_it_reads_a_node_in_the_same_number_of_queries_however_many_segments(
    api_as, study, lead, coder, viewer, coded, layout, query, queries, django_assert_num_queries
):
    client = api_as(viewer)
    url = _node_url(study, coded.parent, layout)
    query = {"descendants": "1", **query}
    client.get(url, query)  # warm the caches
    # Access, node, descendants, count, segments, transcripts, turns, dyads, consent;
    # and the study's roles for the columns, or its dyads once more for the rows.
    with django_assert_num_queries(queries) as before:
        client.get(url, query)
    for number in range(3):
        worker = _another_transcript(study, lead, coder, coded).participant
        user = participant_nominate(actor=lead, worker=worker).service_user
        _another_transcript(study, lead, coder, coded, participant=user)
        services.node_create(actor=lead, study=study, name=f"Sub {number}", parent=coded)
    with django_assert_num_queries(len(before.captured_queries)):
        assert _get(client, url, **query)["count"] == 9


# --- Search ------------------------------------------------------------------------------


def _search(client, study, words):
    return client.get(_url(study, "search/"), {"q": words})


def test_it_finds_participants_sentences_in_context_with_offsets_in_both_units(
    api_as, study, viewer, transcript
):
    answer = _search(api_as(viewer), study, "safe")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["more"], len(body["hits"])) == (False, 1)
    hit = body["hits"][0]
    sentence = "She wanted her money back from the appointee \U0001f600 and I felt it was safe."
    start, end = span(transcript, sentence)
    assert {key: hit[key] for key in ("transcript", "text", "start", "end")} == {
        "transcript": transcript.pk, "text": sentence, "start": start, "end": end,
    }  # fmt: skip
    # The range starts before the emoji and ends after it: only its end moves in UTF-16.
    assert (hit["utf16_start"], hit["utf16_end"]) == (start, end + 1)
    assert (hit["pseudonym"], hit["role"], hit["line"]) == ("MHW1", "Mental health worker", 2)
    assert (hit["codable"], hit["quote"]) == (True, f"“{sentence}” (MHW1)")


def test_it_says_when_there_were_more_hits_than_it_returns(
    api_as, study, viewer, transcript, monkeypatch
):
    monkeypatch.setattr(quotes, "SEARCH_HIT_LIMIT", 1)
    body = _search(api_as(viewer), study, "money plan").json()
    assert (len(body["hits"]), body["more"], body["limit"]) == (1, True, 1)


@pytest.mark.services
def test_it_finds_other_forms_of_a_word_on_postgresql(api_as, study, viewer, transcript):
    need_service(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")
    hits = _search(api_as(viewer), study, "plans").json()["hits"]
    assert [hit["text"] for hit in hits] == ["We agreed a plan with the team, step by step."]


def test_it_leaves_out_the_interviewers_words(api_as, study, viewer, transcript):
    hits = _search(api_as(viewer), study, "meeting").json()["hits"]
    assert hits == []


def test_it_says_a_hit_in_a_transcript_not_ready_cannot_be_coded(
    api_as, study, viewer, draft_transcript
):
    hits = _search(api_as(viewer), study, "plan").json()["hits"]
    assert [(h["transcript"], h["codable"]) for h in hits] == [(draft_transcript.pk, False)]


@pytest.mark.parametrize("units", ["code points", "utf16"])
def test_it_codes_a_hit_through_the_segments_endpoint_from_its_offsets(
    api_as, study, coder, transcript, code, units
):
    client = api_as(coder)
    hit = _search(client, study, "safe").json()["hits"][0]
    names = ("start", "end") if units == "code points" else ("utf16_start", "utf16_end")
    body = {"transcript": hit["transcript"], "node": code.pk, **{n: hit[n] for n in names}}
    made = client.post(_url(study, "segments/"), body, format="json")
    assert made.status_code == 201, made.json()
    segment = CodedSegment.objects.get()
    assert (segment.text, segment.start, segment.end) == (hit["text"], hit["start"], hit["end"])


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("", "Give the words"),
        ("   ", "Give the words"),
        ("money " * 40, "at most 200"),
        ("a ! ?", "two letters or more"),
        ("money\x07", "character"),
    ],
)
def test_it_refuses_a_search_without_words_or_too_long_with_details(
    api_as, study, viewer, transcript, words, message
):
    answer = _search(api_as(viewer), study, words)
    assert answer.status_code == 400
    assert message in answer.json()["q"][0]


def test_it_refuses_a_search_with_no_q_at_all(api_as, study, viewer):
    answer = api_as(viewer).get(_url(study, "search/"))
    assert answer.status_code == 400 and "q" in answer.json()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("viewer", 200), ("coder", 200), ("consent_admin", 403), ("outsider", 404)],
)
def test_it_lets_members_who_read_data_search_and_hides_the_search_from_outsiders(
    api_as, personas, persona, status, study, transcript
):
    assert _search(api_as(personas[persona]), study, "money").status_code == status


def test_it_searches_in_the_same_number_of_queries_however_many_transcripts(
    api_as, study, lead, viewer, transcript, django_assert_num_queries
):
    client = api_as(viewer)
    _search(client, study, "plan")
    with django_assert_num_queries(6) as before:
        _search(client, study, "plan")
    for _ in range(3):
        other = study_services.participant_add(
            actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
        )
        make_transcript(study, lead, other)
    with django_assert_num_queries(len(before.captured_queries)):
        assert len(_search(client, study, "plan").json()["hits"]) == 4
