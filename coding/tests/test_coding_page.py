"""The coding page of a transcript: who may open and code it, where its segments show,
the posts that code, recode and remove, and the poll for what others changed."""

import json

import pytest
from django.urls import reverse

from coding import offsets, services
from coding.models import CodedSegment, Node
from interviews.reading import reading_turns

from .conftest import span


def page_url(transcript):
    return reverse("code-transcript", args=[transcript.study.slug, transcript.pk])


def changes_url(transcript, since):
    return reverse("code-changes", args=[transcript.study.slug, transcript.pk]) + f"?since={since}"


def create_url(transcript):
    return reverse("code-segment-create", args=[transcript.study.slug, transcript.pk])


def as_user(client, user):
    client.force_login(user)
    return client


def line_of(transcript, position: int) -> int:
    version = transcript.versions.get(number=transcript.version)
    for turn in reading_turns(transcript, version):
        for line in turn.lines:
            if line.start <= position < line.end:
                return line.number
    raise AssertionError("no line holds this position")


JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.mark.django_db
class TestAccess:
    def test_it_lets_a_coder_code_the_words_they_select(self, client, coder, transcript, code):
        start, end = span(transcript, "her money back")
        response = as_user(client, coder).post(
            create_url(transcript),
            {"node": code.pk, "utf16_start": start, "utf16_end": end},
            **JSON,
        )
        assert response.status_code == 200, response.content
        segment = CodedSegment.objects.get()
        assert (segment.coder, segment.node, segment.text) == (coder, code, "her money back")
        page = client.get(page_url(transcript))
        assert b'id="code-lines-form"' in page.content

    def test_it_shows_a_viewer_the_coding_without_ways_to_change_it(
        self, client, viewer, lead, transcript, code
    ):
        start, end = span(transcript, "her money back")
        services.segment_create(coder=lead, transcript=transcript, node=code, start=start, end=end)
        page = as_user(client, viewer).get(page_url(transcript))
        assert page.status_code == 200
        assert b'class="coded"' in page.content and b'id="read-only"' in page.content
        assert b'id="code-lines-form"' not in page.content
        refused = client.post(create_url(transcript), {"node": code.pk, "lines": "1"})
        assert refused.status_code == 403
        assert CodedSegment.objects.count() == 1

    def test_it_answers_404_to_someone_outside_the_study(self, client, outsider, transcript):
        assert as_user(client, outsider).get(page_url(transcript)).status_code == 404
        assert client.get(changes_url(transcript, 0)).status_code == 404
        assert client.post(create_url(transcript), {"lines": "1", "name": "X"}).status_code == 404
        assert not Node.objects.filter(name="X").exists()

    def test_it_says_why_a_draft_cannot_be_coded_and_offers_no_coding(
        self, client, lead, draft_transcript
    ):
        page = as_user(client, lead).get(page_url(draft_transcript))
        assert b"not ready for coding yet" in page.content
        assert b'id="code-lines-form"' not in page.content and b"code-toolbar" not in page.content
        response = client.post(
            create_url(draft_transcript), {"lines": "1", "name": "Early"}, **JSON
        )
        assert response.status_code == 400
        assert "not ready" in response.json()["error"]
        assert not Node.objects.filter(name="Early").exists()


@pytest.mark.django_db
class TestPage:
    def test_it_shows_each_segment_on_the_lines_it_covers(self, client, lead, transcript, code):
        start, end = span(transcript, "step by step")
        segment = services.segment_create(
            coder=lead, transcript=transcript, node=code, start=start, end=end
        )
        html = as_user(client, lead).get(page_url(transcript)).content.decode()
        line = line_of(transcript, start)
        item = html.split(f'id="line-{line}"')[1].split("</li>")[0]
        assert f'<mark class="coded" data-segments="{segment.pk}">step by step</mark>' in item
        assert f'data-segment="{segment.pk}"' in item  # its bar in the margin
        earlier = html.split(f'id="line-{line - 1}"')[1].split("</li>")[0]
        assert "coded" not in earlier

    def test_it_puts_overlapping_segments_in_separate_lanes_and_escapes_code_names(
        self, client, lead, transcript, code
    ):
        odd = services.node_create(actor=lead, study=transcript.study, name="<b>bold</b>")
        start, _ = span(transcript, "her money back")
        first = services.segment_create(
            coder=lead, transcript=transcript, node=code, start=start, end=start + 9
        )
        second = services.segment_create(
            coder=lead, transcript=transcript, node=odd, start=start + 4, end=start + 14
        )
        html = as_user(client, lead).get(page_url(transcript)).content.decode()
        assert f'class="bar lane-0" data-segment="{first.pk}"' in html
        assert f'class="bar lane-1" data-segment="{second.pk}"' in html
        assert f'data-segments="{first.pk} {second.pk}">money</mark>' in html
        assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html

    def test_it_gives_each_line_its_utf16_start_after_an_emoji(self, client, lead, transcript):
        html = as_user(client, lead).get(page_url(transcript)).content.decode()
        start, _ = span(transcript, "We agreed")
        line = line_of(transcript, start)
        assert f'id="line-{line}" data-line="{line}" data-u="{start + 1}"' in html


@pytest.mark.django_db
class TestCoding:
    def test_it_codes_lines_by_number_without_javascript(self, client, coder, transcript, code):
        start, _ = span(transcript, "She wanted")
        line = line_of(transcript, start)
        response = as_user(client, coder).post(
            create_url(transcript), {"lines": f"{line}-{line}", "node": code.pk}
        )
        assert response.status_code == 302
        segment = CodedSegment.objects.get()
        assert segment.start == start and segment.text.startswith("She wanted")

    def test_it_converts_utf16_positions_after_an_emoji_to_code_points(
        self, client, coder, transcript
    ):
        start, end = span(transcript, "I felt it was safe")
        u0, u1 = (offsets.code_point_to_utf16(transcript.text, p) for p in (start, end))
        assert (u0, u1) == (start + 1, end + 1)
        as_user(client, coder).post(
            create_url(transcript),
            {"name": "I felt it was safe", "utf16_start": u0, "utf16_end": u1},
            **JSON,
        )
        segment = CodedSegment.objects.get()
        assert (segment.start, segment.text, segment.node.name) == (
            start, "I felt it was safe", "I felt it was safe"
        )  # fmt: skip

    def test_it_refuses_a_cut_emoji_and_keeps_no_new_code(self, client, coder, transcript):
        inside = offsets.code_point_to_utf16(transcript.text, transcript.text.index("\U0001f600"))
        response = as_user(client, coder).post(
            create_url(transcript),
            {"name": "Half", "utf16_start": inside + 1, "utf16_end": inside + 5},
            **JSON,
        )
        assert response.status_code == 400 and "inside a character" in response.json()["error"]
        assert not Node.objects.exists() and not CodedSegment.objects.exists()

    def test_it_keeps_no_new_code_when_its_segment_is_refused(self, client, coder, transcript):
        gap = transcript.text.index(" ")  # before the emoji: UTF-16 and code points agree
        response = as_user(client, coder).post(
            create_url(transcript),
            {"name": "Nothing", "utf16_start": gap, "utf16_end": gap + 1},
            **JSON,
        )
        assert response.status_code == 400 and "only spaces" in response.json()["error"]
        assert not Node.objects.filter(name="Nothing").exists()

    def test_it_refuses_a_code_of_another_study(self, client, coder, outsider, transcript):
        theirs = services.node_create(
            actor=outsider, study=outsider.memberships.get().study, name="Theirs"
        )
        response = as_user(client, coder).post(
            create_url(transcript), {"lines": "1", "node": theirs.pk}, **JSON
        )
        assert response.status_code == 400 and "not in this study" in response.json()["error"]
        assert not CodedSegment.objects.exists()

    @pytest.mark.parametrize("lines", ["0-2", "3-1", "9999", "a-b", ""])
    def test_it_refuses_lines_outside_the_transcript(self, client, coder, transcript, code, lines):
        response = as_user(client, coder).post(
            create_url(transcript), {"lines": lines, "node": code.pk}, **JSON
        )
        assert response.status_code == 400 and response.json()["error"]
        assert not CodedSegment.objects.exists()

    def test_it_recodes_and_removes_a_segment(self, client, coder, transcript, code, category):
        start, end = span(transcript, "step by step")
        segment = services.segment_create(
            coder=coder, transcript=transcript, node=code, start=start, end=end
        )
        url = reverse("code-segment", args=[transcript.study.slug, transcript.pk, segment.pk])
        opened = as_user(client, coder).get(url)
        assert b"Coded by coder" in opened.content and b"step by step" in opened.content
        client.post(url, {"action": "recode", "node": category.pk}, **JSON)
        segment.refresh_from_db()
        assert segment.node == category
        client.post(url, {"action": "remove"}, **JSON)
        assert not CodedSegment.objects.exists()

    def test_it_writes_a_memo_about_an_opened_segment_and_shows_it_there(
        self, client, coder, transcript, code
    ):
        start, end = span(transcript, "step by step")
        segment = services.segment_create(
            coder=coder, transcript=transcript, node=code, start=start, end=end
        )
        url = reverse("code-segment", args=[transcript.study.slug, transcript.pk, segment.pk])
        as_user(client, coder).post(url, {"action": "memo", "title": "Pacing", "text": "Slow."})
        assert [(m.title, m.author) for m in segment.memos.all()] == [("Pacing", coder)]
        refused = client.post(url, {"action": "memo", "title": " "}, **JSON)
        assert refused.status_code == 400 and "title" in refused.json()["error"]
        assert b"Pacing" in client.get(url, HTTP_X_FRAGMENT="1").content


@pytest.mark.django_db
class TestChanges:
    def test_it_answers_204_when_nothing_changed(
        self, client, coder, transcript, code, django_assert_max_num_queries
    ):
        revision = json.loads(as_user(client, coder).get(changes_url(transcript, 0)).content)[
            "revision"
        ]
        # The session, the user, the membership and CodingState: nothing per segment.
        with django_assert_max_num_queries(4):
            response = client.get(changes_url(transcript, revision))
        assert response.status_code == 204 and response.content == b""

    def test_it_sends_others_new_changed_and_removed_segments_with_their_coder(
        self, client, coder, lead, transcript, code, category
    ):
        revision = as_user(client, coder).get(changes_url(transcript, 0)).json()["revision"]
        start, end = span(transcript, "step by step")
        made = services.segment_create(
            coder=lead, transcript=transcript, node=code, start=start, end=end
        )
        answer = client.get(changes_url(transcript, revision)).json()
        assert [(s["id"], s["coder"], s["node"]) for s in answer["segments"]] == [
            (made.pk, "lead", code.pk)
        ]
        assert {n["name"] for n in answer["nodes"]} == {"Money", "Control"}
        services.segment_update(actor=lead, segment=made, node=category)
        after_change = client.get(changes_url(transcript, answer["revision"])).json()
        assert [s["node"] for s in after_change["segments"]] == [category.pk]
        services.segment_delete(actor=lead, segment=made)
        after_removal = client.get(changes_url(transcript, after_change["revision"])).json()
        assert after_removal["removed"] == [made.pk] and after_removal["segments"] == []

    def test_it_tells_the_page_when_a_correction_made_a_new_version(
        self, client, coder, lead, transcript, code
    ):
        from interviews import services as interview_services

        start, end = span(transcript, "step by step")
        services.segment_create(coder=lead, transcript=transcript, node=code, start=start, end=end)
        seen = as_user(client, coder).get(changes_url(transcript, 0)).json()
        assert seen["version"] == transcript.version
        interview_services.transcript_correct(
            actor=lead, transcript=transcript, position=3, text="We agreed a plan, step by step.",
            speaker="MHW1", base_version=transcript.version, note="typo",
        )  # fmt: skip
        answer = client.get(changes_url(transcript, seen["revision"]))
        assert answer.status_code == 200 and answer.json()["version"] == transcript.version + 1

    def test_it_refuses_a_since_that_is_not_a_number(self, client, coder, transcript):
        response = as_user(client, coder).get(changes_url(transcript, "soon"))
        assert response.status_code == 400


def test_the_coding_page_never_counts_the_studys_segments(client, coder, transcript, code):
    """The codebook beside the text needs names and colours only; counting reads every
    segment of the study, which made the page slow on a large one (bench-coding)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = next(i for i, char in enumerate(transcript.text) if char.isalpha())
    services.segment_create(
        coder=coder, transcript=transcript, node=code, start=start, end=start + 3
    )
    as_user(client, coder)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page_url(transcript)).status_code == 200
    counting = [
        q["sql"] for q in captured if "COUNT(" in q["sql"].upper() and "codedsegment" in q["sql"]
    ]
    assert counting == []
