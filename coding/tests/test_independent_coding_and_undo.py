"""Independent coding (each coder blind to the others' segments until a lead reveals
them; the lead always sees all) on the coding page, its poll, a segment's page, the
API and the split page; and undo of one's own last coding changes, in order, refused
when the segment changed since."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coding import services
from coding.models import CodedSegment

from .conftest import code_words, span


def _page(transcript, name="code-transcript"):
    return reverse(name, args=[transcript.study.slug, transcript.pk])


@pytest.fixture
def two_coders(coder, researcher, transcript, code):
    """The coder's segment and the researcher's (researchers code too)."""
    mine = code_words(coder, transcript, code, "her money back")
    theirs = code_words(researcher, transcript, code, "agreed a plan")
    return mine, theirs


@pytest.fixture
def independent(lead, transcript, two_coders):
    services.transcript_coding_set(actor=lead, transcript=transcript, independent=True)
    return two_coders


def _shown(page: str, segment) -> bool:
    """Whether the coding page lists the segment (its own address is in the list)."""
    t = segment.transcript
    return reverse("code-segment", args=[t.study.slug, t.pk, segment.pk]) in page


def _api_ids(api_as, user, transcript):
    answer = api_as(user).get(
        f"/api/v1/studies/{transcript.study.slug}/segments/", {"transcript": transcript.pk}
    )
    assert answer.status_code == 200
    return {row["id"] for row in answer.json()["segments"]}


# --- Independent coding ------------------------------------------------------------------


def test_it_shows_a_coder_only_their_own_segments_under_independent_coding(
    client, api_as, coder, transcript, independent
):
    mine, theirs = independent
    client.force_login(coder)
    page = client.get(_page(transcript)).content.decode()
    assert _shown(page, mine) and not _shown(page, theirs)
    assert "you see only your own segments" in page
    poll = json.loads(client.get(_page(transcript, "code-changes") + "?since=0").content)
    assert [row["id"] for row in poll["segments"]] == [mine.pk] and poll["independent"]
    assert _api_ids(api_as, coder, transcript) == {mine.pk}
    other = reverse("code-segment", args=[transcript.study.slug, transcript.pk, theirs.pk])
    assert client.get(other).status_code == 404
    detail = f"/api/v1/studies/{transcript.study.slug}/segments/{theirs.pk}/"
    assert api_as(coder).get(detail).status_code == 404


def test_the_lead_sees_every_coders_segments_under_independent_coding(
    client, api_as, lead, transcript, independent
):
    mine, theirs = independent
    client.force_login(lead)
    page = client.get(_page(transcript)).content.decode()
    assert _shown(page, mine) and _shown(page, theirs)
    assert _api_ids(api_as, lead, transcript) == {mine.pk, theirs.pk}


def test_the_split_page_offers_a_coder_only_their_own_segments(
    client, coder, transcript, code, independent
):
    mine, theirs = independent
    client.force_login(coder)
    page = client.get(reverse("codebook-node-split", args=[code.study.slug, code.pk]))
    assert mine.text in page.content.decode() and theirs.text not in page.content.decode()


def test_a_split_by_id_cannot_reach_another_coders_hidden_segment(coder, code, independent):
    mine, theirs = independent
    code.refresh_from_db()
    with pytest.raises(ValidationError, match="not coded with this node"):
        services.node_split(
            actor=coder, node=code, version=code.version, segment_ids=[mine.pk, theirs.pk],
            name="Taken by guessing",
        )  # fmt: skip
    theirs.refresh_from_db()
    assert theirs.node_id == code.pk


def test_revealing_shows_everyone_every_segment_and_the_poll_says_so(
    client, api_as, lead, coder, transcript, independent
):
    client.force_login(coder)
    before = json.loads(client.get(_page(transcript, "code-changes") + "?since=0").content)
    client.force_login(lead)
    answer = client.post(_page(transcript, "code-mode"), {"independent": "0"})
    assert answer.status_code == 302
    client.force_login(coder)
    after = json.loads(
        client.get(_page(transcript, "code-changes") + f"?since={before['revision']}").content
    )
    assert after["independent"] is False  # the open page offers a reload
    assert _api_ids(api_as, coder, transcript) == {s.pk for s in independent}


def test_only_a_lead_switches_independent_coding(client, api_as, researcher, transcript, code):
    with pytest.raises(PermissionDenied):
        services.transcript_coding_set(actor=researcher, transcript=transcript, independent=True)
    client.force_login(researcher)
    assert client.post(_page(transcript, "code-mode"), {"independent": "1"}).status_code == 403
    body = {"transcript": transcript.pk, "independent": True}
    url = f"/api/v1/studies/{transcript.study.slug}/segments/independent/"
    assert api_as(researcher).post(url, body, format="json").status_code == 403
    assert "Switch to independent coding" not in client.get(_page(transcript)).content.decode()


def test_a_lead_switches_it_by_api(api_as, lead, coder, transcript, two_coders):
    url = f"/api/v1/studies/{transcript.study.slug}/segments/independent/"
    answer = api_as(lead).post(
        url, {"transcript": transcript.pk, "independent": True}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["independent"] is True
    assert _api_ids(api_as, coder, transcript) == {two_coders[0].pk}


def test_a_mode_that_is_neither_is_refused_and_changes_nothing(client, lead, transcript):
    client.force_login(lead)
    answer = client.post(
        _page(transcript, "code-mode"), {"independent": "maybe"}, HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 400 and "Choose" in answer.json()["error"]
    assert not hasattr(transcript, "coding") or not transcript.coding.independent


# --- Undo --------------------------------------------------------------------------------


def test_undo_takes_back_ones_own_changes_newest_first(coder, transcript, code, category):
    first = code_words(coder, transcript, code, "her money back")
    second = code_words(coder, transcript, code, "agreed a plan")
    services.segment_update(actor=coder, segment=second, node=category)
    services.segment_delete(actor=coder, segment=first)

    assert "back on these words" in services.segment_undo(coder=coder, transcript=transcript)
    restored = CodedSegment.objects.get(node=code)
    assert (restored.start, restored.end) == span(transcript, "her money back")
    assert "again" in services.segment_undo(coder=coder, transcript=transcript)
    assert CodedSegment.objects.get(pk=second.pk).node_id == code.pk
    services.segment_undo(coder=coder, transcript=transcript)  # second's creation
    services.segment_undo(coder=coder, transcript=transcript)  # first's creation
    assert not CodedSegment.objects.exists()
    with pytest.raises(ValidationError, match="Nothing to undo"):
        services.segment_undo(coder=coder, transcript=transcript)


def test_undo_never_takes_back_someone_elses_change(coder, researcher, transcript, code, category):
    mine = code_words(coder, transcript, code, "her money back")
    services.segment_update(actor=researcher, segment=mine, node=category)
    with pytest.raises(ValidationError, match="changed since"):
        services.segment_undo(coder=coder, transcript=transcript)
    assert CodedSegment.objects.get(pk=mine.pk).node_id == category.pk
    theirs = code_words(researcher, transcript, code, "agreed a plan")
    services.segment_undo(coder=researcher, transcript=transcript)  # their own creation
    assert not CodedSegment.objects.filter(pk=theirs.pk).exists()
    assert CodedSegment.objects.filter(pk=mine.pk).exists()


def test_undo_is_refused_after_a_new_version_moved_the_words(lead, coder, transcript, code):
    from interviews import services as interview_services

    segment = code_words(coder, transcript, code, "her money back")
    services.segment_delete(actor=coder, segment=segment)
    interview_services.transcript_correct(
        actor=lead, transcript=transcript, position=0, base_version=transcript.version,
        text="How did it go?", note="shorter",
    )  # fmt: skip
    transcript.refresh_from_db()
    with pytest.raises(ValidationError, match="new version"):
        services.segment_undo(coder=coder, transcript=transcript)
    assert not CodedSegment.objects.exists()


def test_the_page_and_the_api_undo(client, api_as, coder, transcript, code):
    segment = code_words(coder, transcript, code, "her money back")
    client.force_login(coder)
    answer = client.post(_page(transcript, "code-undo"), HTTP_ACCEPT="application/json")
    assert answer.status_code == 200 and "Undone" in answer.json()["ok"]
    assert not CodedSegment.objects.filter(pk=segment.pk).exists()
    url = f"/api/v1/studies/{transcript.study.slug}/segments/undo/"
    refused = api_as(coder).post(url, {"transcript": transcript.pk}, format="json")
    assert refused.status_code == 400 and "Nothing to undo" in str(refused.json())


def test_a_memo_cannot_be_started_from_a_segment_hidden_by_independent_coding(
    client, coder, transcript, independent
):
    mine, theirs = independent
    client.force_login(coder)
    memos = reverse("memos", args=[transcript.study.slug])
    assert client.get(memos, {"start": f"segment:{theirs.pk}"}).status_code == 404
    assert client.get(memos, {"start": f"segment:{mine.pk}"}).status_code == 200
