"""The coding API: access by role, UTF-16 positions at the edge, bad input refused with
nothing changed, the codebook's operations, the since-cursor, and the hot path's
query counts."""

import datetime

import pytest

from coding import services
from coding.models import CodebookEvent, CodedSegment, Memo, Node
from coding.offsets import code_point_to_utf16
from coding.tests.conftest import span


def _url(study, path: str) -> str:
    return f"/api/v1/studies/{study.slug}/{path}"


def _segment_body(transcript, node, words):
    start, end = span(transcript, words)
    return {"transcript": transcript.pk, "node": node.pk, "start": start, "end": end}


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("lead", 200, 201),
        ("researcher", 200, 201),
        ("coder", 200, 201),
        ("viewer", 200, 403),
        ("consent_admin", 403, 403),
        ("outsider", 404, 404),
    ],
)
def test_it_lets_coders_code_viewers_read_and_outsiders_see_nothing(
    api_as, personas, persona, read, write, study, transcript, code
):
    client = api_as(personas[persona])
    listed = client.get(_url(study, "segments/"), {"transcript": transcript.pk})
    assert listed.status_code == read
    made = client.post(_url(study, "segments/"), _segment_body(transcript, code, "her money back"))
    assert made.status_code == write
    assert CodedSegment.objects.count() == (1 if write == 201 else 0)


def test_it_codes_from_utf16_positions_after_an_emoji(api_as, coder, study, transcript, code):
    start, end = span(transcript, "and I felt it was safe")
    text = transcript.text
    body = {
        "transcript": transcript.pk, "node": code.pk,
        "utf16_start": code_point_to_utf16(text, start),
        "utf16_end": code_point_to_utf16(text, end),
    }  # fmt: skip
    assert body["utf16_start"] == start + 1  # the emoji before counts twice in UTF-16
    answer = api_as(coder).post(_url(study, "segments/"), body, format="json")
    assert answer.status_code == 201, answer.json()
    assert (answer.json()["start"], answer.json()["end"]) == (start, end)
    assert answer.json()["utf16_start"] == body["utf16_start"]
    assert answer.json()["text"] == "and I felt it was safe"


def test_it_refuses_a_utf16_position_inside_an_emoji(api_as, coder, study, transcript, code):
    emoji_at = code_point_to_utf16(transcript.text, transcript.text.index("\U0001f600"))
    body = {"transcript": transcript.pk, "node": code.pk, "utf16_start": emoji_at + 1,
            "utf16_end": emoji_at + 10}  # fmt: skip
    answer = api_as(coder).post(_url(study, "segments/"), body, format="json")
    assert answer.status_code == 400
    assert "inside a character" in answer.json()["utf16_start"][0]
    assert not CodedSegment.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start": 10, "end": 10}, "end"),
        ({"start": 10, "end": 3}, "end"),
        ({"start": 0, "end": 10**6}, "end"),
        ({"end": None}, "non_field_errors"),
    ],
)
def test_it_refuses_a_bad_range_with_details(api_as, coder, study, transcript, code, change, field):
    body = {**_segment_body(transcript, code, "her money"), **change}
    body = {k: v for k, v in body.items() if v is not None}
    answer = api_as(coder).post(_url(study, "segments/"), body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not CodedSegment.objects.exists()


def test_it_refuses_a_node_of_another_study_and_a_transcript_not_ready(
    api_as, coder, outsider, study, transcript, draft_transcript, code
):
    theirs = services.node_create(
        actor=outsider, study=outsider.memberships.get().study, name="Theirs"
    )
    client = api_as(coder)
    answer = client.post(_url(study, "segments/"), _segment_body(transcript, theirs, "money"))
    assert answer.status_code == 400 and "node" in answer.json()
    answer = client.post(_url(study, "segments/"), _segment_body(draft_transcript, code, "money"))
    assert answer.status_code == 400
    assert "not ready for coding" in answer.json()["transcript"][0]
    assert not CodedSegment.objects.exists()


def test_it_creates_a_segment_in_a_fixed_number_of_queries(
    api_as, coder, study, transcript, code, django_assert_num_queries
):
    client = api_as(coder)
    client.post(_url(study, "segments/"), _segment_body(transcript, code, "money"))  # first row
    # One more than before undo existed: the action log's row.
    with django_assert_num_queries(12):
        answer = client.post(_url(study, "segments/"), _segment_body(transcript, code, "her"))
    assert answer.status_code == 201


def test_it_lists_a_transcripts_segments_in_a_fixed_number_of_queries(
    api_as, coder, lead, study, transcript, code, django_assert_num_queries
):
    for words in ("her money back", "felt it was safe", "agreed a plan", "step by step"):
        for person in (coder, lead):
            start, end = span(transcript, words)
            services.segment_create(
                coder=person, transcript=transcript, node=code, start=start, end=end
            )
    # One more than a lead's: whether the transcript is coded independently.
    with django_assert_num_queries(5):
        answer = api_as(coder).get(_url(study, "segments/"), {"transcript": transcript.pk})
    body = answer.json()
    assert len(body["segments"]) == 8
    assert [s["start"] for s in body["segments"]] == sorted(s["start"] for s in body["segments"])


def test_since_gives_only_what_changed_and_what_was_removed(api_as, coder, study, transcript, code):
    client = api_as(coder)
    old = client.post(_url(study, "segments/"), _segment_body(transcript, code, "money")).json()
    revision = client.get(_url(study, "segments/"), {"transcript": transcript.pk}).json()[
        "revision"
    ]
    new = client.post(_url(study, "segments/"), _segment_body(transcript, code, "plan")).json()
    assert client.delete(_url(study, f"segments/{old['id']}/")).status_code == 204
    body = client.get(
        _url(study, "segments/"), {"transcript": transcript.pk, "since": revision}
    ).json()
    assert [s["id"] for s in body["segments"]] == [new["id"]]
    assert body["removed"] == [old["id"]]
    assert body["revision"] == revision + 2


def test_it_needs_a_transcript_of_this_study_to_list(api_as, coder, study):
    client = api_as(coder)
    assert client.get(_url(study, "segments/")).status_code == 400
    assert client.get(_url(study, "segments/"), {"transcript": 10**6}).status_code == 400


def test_it_refuses_a_stale_node_version_and_keeps_the_other_change(
    api_as, coder, lead, study, code
):
    assert (
        api_as(lead)
        .patch(_url(study, f"nodes/{code.pk}/"), {"version": 1, "name": "Cash"}, format="json")
        .status_code
        == 200
    )
    answer = api_as(coder).patch(
        _url(study, f"nodes/{code.pk}/"), {"version": 1, "name": "Finances"}, format="json"
    )
    assert answer.status_code == 400
    assert "now version 2" in answer.json()["version"][0]
    code.refresh_from_db()
    assert code.name == "Cash"


def test_it_refuses_to_merge_a_node_into_its_own_descendant(api_as, lead, study, category, code):
    services.node_move(actor=lead, node=code, version=1, parent=category)
    answer = api_as(lead).post(
        _url(study, f"nodes/{category.pk}/merge/"),
        {"version": 1, "target": code.pk, "why": "tidy"}, format="json",
    )  # fmt: skip
    assert answer.status_code == 400 and "descendant" in answer.json()["target"][0]
    assert Node.objects.filter(pk=category.pk).exists()


def test_it_builds_merges_and_lists_the_codebook_as_a_tree(
    api_as, lead, coder, study, transcript, code
):
    client = api_as(lead)
    theme = client.post(
        _url(study, "nodes/"), {"name": "Control", "kind": "descriptive_theme"}, format="json"
    ).json()
    client.post(
        _url(study, f"nodes/{code.pk}/move/"), {"version": 1, "parent": theme["id"]}, format="json"
    )
    cash = client.post(_url(study, "nodes/"), {"name": "Cash", "parent": theme["id"]}).json()
    services.segment_create(coder=coder, transcript=transcript, node=code, start=0, end=5)
    merged = client.post(
        _url(study, f"nodes/{cash['id']}/merge/"),
        {"version": 1, "target": code.pk, "why": "the same"}, format="json",
    )  # fmt: skip
    assert merged.status_code == 200
    tree = client.get(_url(study, "nodes/"), {"shape": "tree"}).json()
    assert [n["name"] for n in tree] == ["Control"]
    assert [(n["name"], n["segment_count"]) for n in tree[0]["children"]] == [("Money", 1)]
    kinds = [e["kind"] for e in client.get(_url(study, "codebook-events/")).json()["results"]]
    assert kinds == ["create", "create", "move", "create", "merge"]


def test_it_shows_what_a_deletion_touches_then_deletes_as_chosen(
    api_as, lead, coder, study, transcript, code
):
    services.segment_create(coder=coder, transcript=transcript, node=code, start=0, end=5)
    client = api_as(lead)
    assert client.get(_url(study, f"nodes/{code.pk}/deletion/")).json() == {
        "segments": 1, "memos": 0, "children": 0,
    }  # fmt: skip
    refused = client.delete(_url(study, f"nodes/{code.pk}/?version=1&segments=to_parent"))
    assert refused.status_code == 400 and Node.objects.filter(pk=code.pk).exists()
    answer = client.delete(_url(study, f"nodes/{code.pk}/?version=1&segments=delete&why=unused"))
    assert answer.status_code == 200 and answer.json()["segments_deleted"] == 1
    assert CodebookEvent.objects.get(kind="delete").why == "unused"


def test_memos_are_written_filtered_and_searched(api_as, coder, viewer, study, transcript, code):
    client = api_as(coder)
    made = client.post(
        _url(study, "memos/"),
        {"title": "Money and control", "text": "Appointees hold power.", "kind": "theoretical",
         "node": code.pk},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201, made.json()
    client.post(_url(study, "memos/"), {"title": "Me", "kind": "reflexive"}, format="json")
    reader = api_as(viewer)
    found = reader.get(_url(study, "memos/"), {"q": "power", "node": code.pk}).json()
    assert [m["title"] for m in found["results"]] == ["Money and control"]
    assert reader.get(_url(study, "memos/"), {"kind": "reflexive"}).json()["count"] == 1
    assert reader.get(_url(study, "memos/"), {"colour": "red"}).status_code == 400
    assert reader.post(_url(study, "memos/"), {"title": "No"}).status_code == 403
    memo_id = made.json()["id"]
    changed = client.patch(_url(study, f"memos/{memo_id}/"), {"text": "Less so."}, format="json")
    assert changed.json()["text"] == "Less so."
    assert client.delete(_url(study, f"memos/{memo_id}/")).status_code == 204
    assert Memo.objects.count() == 1


def test_the_fast_segment_list_gives_exactly_what_the_segment_serializer_gives(
    coder, transcript, code
):
    from coding import offsets
    from coding.api import SEGMENT_ROW_FIELDS, SegmentSerializer, segment_rows
    from coding.tests.conftest import code_words

    code_words(coder, transcript, code, transcript.text.split()[3])
    code_words(coder, transcript, code, transcript.text.split()[5])
    # One in summer time, when the study's zone is an hour off UTC (no "Z").
    summer = datetime.datetime(2026, 7, 1, 12, 30, 15, 250, tzinfo=datetime.UTC)
    CodedSegment.objects.filter(pk=CodedSegment.objects.first().pk).update(created_at=summer)
    segments = CodedSegment.objects.filter(transcript=transcript).select_related("coder")
    assert len(segments) == 2
    table = offsets.utf16_table(transcript.text, [p for s in segments for p in (s.start, s.end)])
    expected = SegmentSerializer(segments, many=True, context={"utf16": table}).data
    rows = segments.values_list(*SEGMENT_ROW_FIELDS)
    assert segment_rows(rows, table) == [dict(row) for row in expected]
