"""The review list for segments carried across transcript versions: what a new version
records (the words before, a carry-over with its counts), confirming a flagged segment,
the review page and its API, by role, under independent coding, and with bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coding import selectors, services
from coding.models import CarryOver, CodedSegment
from coding.tests.conftest import code_words, make_transcript
from interviews import services as interview_services
from interviews.models import RedactionLabel
from studies import services as study_services

# The second turn, with "money back" made "own account back".
CORRECTED = "She wanted her own account back from the appointee \U0001f600 and I felt it was safe."


def _correct(lead, transcript, text=CORRECTED, position=1):
    interview_services.transcript_correct(
        actor=lead, transcript=transcript, position=position, base_version=transcript.version,
        text=text, note="misheard",
    )  # fmt: skip
    transcript.refresh_from_db()


def _fresh(segment) -> CodedSegment:
    return CodedSegment.objects.get(pk=segment.pk)


@pytest.fixture
def flagged(lead, coder, transcript, code):
    """The coder's segment on words a correction changed."""
    segment = code_words(coder, transcript, code, "her money back")
    _correct(lead, transcript)
    return _fresh(segment)


def _page(study, **query):
    url = reverse("codebook-review", args=[study.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _post(client, segment, action, **headers):
    url = reverse("codebook-review-segment", args=[segment.transcript.study.slug, segment.pk])
    return client.post(url, {"action": action}, headers=headers)


def _api(study, path):
    return f"/api/v1/studies/{study.slug}/{path}"


# --- What a new version records ----------------------------------------------------------


def test_a_correction_inside_a_segment_flags_it_with_its_words_before_and_now(flagged):
    assert flagged.needs_review
    assert flagged.review_before == "her money back"
    assert flagged.text == "her own account back"
    assert flagged.review_version == flagged.transcript.version


def test_a_carry_over_counts_segments_kept_in_place_moved_with_their_words_and_flagged(
    lead, coder, transcript, code
):
    code_words(coder, transcript, code, "How did the meeting")  # before the change
    code_words(coder, transcript, code, "I felt it was safe")  # after it, same words
    code_words(coder, transcript, code, "agreed a plan")  # after it, same words
    code_words(coder, transcript, code, "her money back")  # its words change
    _correct(lead, transcript)
    carry = CarryOver.objects.get()
    assert (carry.kept, carry.shifted, carry.flagged, carry.carried) == (1, 2, 1, 4)
    assert (carry.transcript, carry.version.number) == (transcript, transcript.version)


def test_segments_whose_words_did_not_change_are_not_flagged(lead, coder, transcript, code):
    kept = code_words(coder, transcript, code, "agreed a plan")
    _correct(lead, transcript)
    kept = _fresh(kept)
    assert not kept.needs_review
    assert (kept.review_before, kept.review_version) == ("", None)


def test_a_version_without_segments_records_no_carry_over(lead, transcript):
    _correct(lead, transcript)
    assert not CarryOver.objects.exists()


def test_a_second_change_before_anyone_looked_keeps_the_words_first_coded(
    lead, transcript, flagged
):
    first = transcript.version
    _correct(lead, transcript, CORRECTED.replace("own account", "own bank account"))
    segment = _fresh(flagged)
    assert segment.review_before == "her money back"
    assert segment.review_version == first


def test_a_redaction_keeps_none_of_the_redacted_words_for_review(lead, coder, transcript, code):
    # One segment ends inside the redacted word: its words before must lose that half too.
    whole = code_words(coder, transcript, code, "back from the appointee")
    start = transcript.text.index("appointee") + 4
    half = services.segment_create(
        coder=coder, transcript=transcript, node=code, start=start - 9, end=start
    )
    interview_services.transcript_redact(
        actor=lead, transcript=transcript, term="appointee", label=RedactionLabel.PSEUDONYM,
        replacement="Person A",
    )  # fmt: skip
    for segment in (_fresh(whole), _fresh(half)):
        assert segment.needs_review
        assert "appo" not in segment.review_before and "[Person A]" in segment.review_before


def test_a_redaction_takes_its_words_out_of_the_words_kept_from_an_earlier_version(
    lead, coder, transcript, code
):
    segment = code_words(coder, transcript, code, "her money back from the appointee")
    _correct(lead, transcript)  # flags it, keeping "... the appointee"
    assert "appointee" in _fresh(segment).review_before
    interview_services.transcript_redact(
        actor=lead, transcript=transcript, term="appointee", label=RedactionLabel.PSEUDONYM,
        replacement="Person A",
    )  # fmt: skip
    assert _fresh(segment).review_before == "her money back from the [Person A]"


# --- Confirming --------------------------------------------------------------------------


def test_confirming_clears_the_flag_and_moves_the_coding_revision_on(study, coder, flagged):
    before = selectors.coding_revision(study_id=study.pk)
    services.segment_review_confirm(actor=coder, segment=flagged)
    segment = _fresh(flagged)
    assert (segment.needs_review, segment.review_before, segment.review_version) == (
        False, "", None,
    )  # fmt: skip
    assert segment.revision == selectors.coding_revision(study_id=study.pk) > before


def test_undo_brings_a_confirmed_segments_flag_and_words_before_back(coder, transcript, flagged):
    services.segment_review_confirm(actor=coder, segment=flagged)
    done = services.segment_undo(coder=coder, transcript=transcript)
    segment = _fresh(flagged)
    assert "needs a look again" in done
    assert (segment.needs_review, segment.review_before) == (True, "her money back")


def test_a_lead_confirms_any_coders_segment(lead, flagged):
    services.segment_review_confirm(actor=lead, segment=flagged)
    assert not _fresh(flagged).needs_review


def test_another_coder_may_not_confirm_a_segment_that_is_not_theirs(researcher, flagged):
    with pytest.raises(PermissionDenied):
        services.segment_review_confirm(actor=researcher, segment=flagged)
    assert _fresh(flagged).needs_review


def test_confirming_a_segment_that_is_not_flagged_is_refused(coder, transcript, code):
    segment = code_words(coder, transcript, code, "agreed a plan")
    with pytest.raises(ValidationError, match="already"):
        services.segment_review_confirm(actor=coder, segment=segment)


def test_recoding_a_flagged_segment_clears_its_words_before(coder, category, flagged):
    services.segment_update(actor=coder, segment=flagged, node=category)
    segment = _fresh(flagged)
    assert (segment.needs_review, segment.review_before, segment.review_version) == (
        False, "", None,
    )  # fmt: skip


# --- The page ----------------------------------------------------------------------------


def test_the_page_shows_a_flagged_segment_with_its_words_before_and_now(
    client, coder, study, flagged
):
    client.force_login(coder)
    page = client.get(_page(study)).content.decode()
    assert "<del>her money back</del>" in page
    assert '<mark class="quote-words">her own account back</mark>' in page
    assert f'id="review-{flagged.pk}"' in page and ">Confirm<" in page


def test_the_page_lists_each_carry_over_with_its_counts_newest_first(
    client, lead, coder, study, transcript, code, flagged
):
    code_words(coder, transcript, code, "agreed a plan")
    _correct(lead, transcript, "How did the long meeting about her money go?", position=0)
    client.force_login(coder)
    page = client.get(_page(study)).content.decode()
    newest, oldest = CarryOver.objects.order_by("-at", "-pk")
    assert page.index(f'id="carry-{newest.pk}"') < page.index(f'id="carry-{oldest.pk}"')
    assert f"version {transcript.version}</strong> (correction by lead" in page
    assert "2 segments carried: 0 in place, 2 moved with their words, none needs" in page
    assert "1 segment carried: 0 in place, 0 moved with their words, <strong>1 needs a" in page


def test_a_viewer_reads_the_page_but_is_offered_no_buttons(client, viewer, study, flagged):
    client.force_login(viewer)
    page = client.get(_page(study)).content.decode()
    assert "her own account back" in page
    assert 'name="action"' not in page


def test_a_viewer_cannot_confirm(client, viewer, flagged):
    client.force_login(viewer)
    assert _post(client, flagged, "confirm").status_code == 403
    assert _fresh(flagged).needs_review


def test_a_coder_is_offered_confirm_only_on_their_own_segments(client, researcher, study, flagged):
    client.force_login(researcher)
    page = client.get(_page(study)).content.decode()
    assert 'value="confirm"' not in page and 'value="remove"' in page


def test_an_outsider_gets_404(client, outsider, study, flagged):
    client.force_login(outsider)
    assert client.get(_page(study)).status_code == 404
    assert _post(client, flagged, "confirm").status_code == 404


def test_confirming_without_javascript_redirects_back_to_the_list(client, coder, flagged):
    client.force_login(coder)
    answer = _post(client, flagged, "confirm")
    assert answer.status_code == 302 and answer["Location"] == _page(flagged.transcript.study)
    assert not _fresh(flagged).needs_review


def test_confirming_with_htmx_answers_the_segments_item_done(client, coder, flagged):
    client.force_login(coder)
    answer = _post(client, flagged, "confirm", HX_Request="true")
    page = answer.content.decode()
    assert answer.status_code == 200 and f'id="review-{flagged.pk}"' in page
    assert "Confirmed “Money”" in page


def test_confirming_twice_with_htmx_says_why_not_in_the_item(client, coder, flagged):
    client.force_login(coder)
    _post(client, flagged, "confirm")
    page = _post(client, flagged, "confirm", HX_Request="true").content.decode()
    assert 'role="alert"' in page and "already" in page


def test_removing_from_the_page_deletes_the_segment(client, coder, flagged):
    client.force_login(coder)
    assert _post(client, flagged, "remove").status_code == 302
    assert not CodedSegment.objects.filter(pk=flagged.pk).exists()


def test_an_unknown_action_changes_nothing(client, coder, flagged):
    client.force_login(coder)
    _post(client, flagged, "approve")
    assert _fresh(flagged).needs_review


def test_confirming_a_segment_of_another_study_is_404(client, lead, flagged):
    other = study_services.study_create(creator=lead, title="Another study")
    client.force_login(lead)
    url = reverse("codebook-review-segment", args=[other.slug, flagged.pk])
    assert client.post(url, {"action": "confirm"}).status_code == 404
    assert _fresh(flagged).needs_review


def test_independent_coding_hides_another_coders_flagged_segment(
    client, lead, coder, researcher, study, transcript, code
):
    theirs = code_words(researcher, transcript, code, "her money back")
    services.transcript_coding_set(actor=lead, transcript=transcript, independent=True)
    _correct(lead, transcript)
    client.force_login(coder)
    assert f'id="review-{theirs.pk}"' not in client.get(_page(study)).content.decode()
    assert _post(client, theirs, "remove").status_code == 404
    client.force_login(lead)
    assert f'id="review-{theirs.pk}"' in client.get(_page(study)).content.decode()


def test_the_page_filters_by_transcript(client, lead, coder, study, worker, code, flagged):
    user = study_services.participant_nominate(actor=lead, worker=worker).service_user
    other = make_transcript(study, lead, user)
    theirs = code_words(coder, other, code, "her money back")
    _correct(lead, other)
    client.force_login(coder)
    page = client.get(_page(study, transcript=other.pk)).content.decode()
    assert f'id="review-{theirs.pk}"' in page and f'id="review-{flagged.pk}"' not in page


def test_a_transcript_not_on_the_list_is_a_field_error_not_a_500(client, coder, study, flagged):
    client.force_login(coder)
    answer = client.get(_page(study, transcript="abc"))
    assert answer.status_code == 200 and "field-invalid" in answer.content.decode()


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, lead, coder, study, transcript, code, flagged, django_assert_num_queries
):
    for words in ("She wanted", "from the appointee", "felt it"):
        code_words(coder, transcript, code, words)
    _correct(
        lead,
        transcript,
        CORRECTED.replace("She wanted", "She asked for").replace("felt", "thought"),
    )
    client.force_login(coder)
    client.get(_page(study))  # warm the session
    # Session, user, membership, the filter's transcripts, the segments, the carry-overs,
    # then the quotes' transcripts, turns, dyads and quotation consent: none per row.
    with django_assert_num_queries(10):
        page = client.get(_page(study)).content.decode()
    assert page.count('class="card" id="review-') == 3


def test_the_coding_page_header_says_how_many_need_a_look(client, coder, transcript, flagged):
    client.force_login(coder)
    url = reverse("code-transcript", args=[transcript.study.slug, transcript.pk])
    page = client.get(url).content.decode()
    assert "1 needs a look" in page
    assert f"{_page(transcript.study)}?transcript={transcript.pk}" in page


def test_the_codebook_page_links_the_review_list(client, viewer, study):
    client.force_login(viewer)
    page = client.get(reverse("codebook", args=[study.slug])).content.decode()
    assert _page(study) in page


# --- The API -----------------------------------------------------------------------------


def test_the_segment_list_filters_a_transcripts_flagged_segments(
    api_as, coder, study, transcript, code, flagged
):
    code_words(coder, transcript, code, "agreed a plan")
    answer = api_as(coder).get(
        _api(study, "segments/"), {"transcript": transcript.pk, "needs_review": "1"}
    )
    assert [row["id"] for row in answer.json()["segments"]] == [flagged.pk]


def test_the_review_list_gives_the_words_before_and_now(api_as, viewer, study, flagged):
    answer = api_as(viewer).get(_api(study, "segment-reviews/"))
    assert answer.status_code == 200
    (row,) = answer.json()["results"]
    assert (row["id"], row["review_before"], row["text"]) == (
        flagged.pk, "her money back", "her own account back",
    )  # fmt: skip
    assert (row["pseudonym"], row["node_name"], row["coder"]) == ("MHW1", "Money", "coder")


def test_the_review_list_hides_another_coders_segment_under_independent_coding(
    api_as, lead, coder, researcher, study, transcript, code
):
    code_words(researcher, transcript, code, "her money back")
    services.transcript_coding_set(actor=lead, transcript=transcript, independent=True)
    _correct(lead, transcript)
    assert api_as(coder).get(_api(study, "segment-reviews/")).json()["results"] == []
    assert len(api_as(lead).get(_api(study, "segment-reviews/")).json()["results"]) == 1


def test_the_api_confirms_a_flagged_segment(api_as, coder, study, flagged):
    answer = api_as(coder).post(_api(study, f"segments/{flagged.pk}/confirm/"))
    assert answer.status_code == 200 and answer.json()["needs_review"] is False


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("researcher", 403)])
def test_the_api_refuses_confirming_to_others_than_its_coder_or_a_lead(
    api_as, personas, persona, status, study, flagged
):
    answer = api_as(personas[persona]).post(_api(study, f"segments/{flagged.pk}/confirm/"))
    assert answer.status_code == status
    assert _fresh(flagged).needs_review


def test_the_api_answers_400_when_the_segment_is_not_flagged(api_as, coder, study, flagged):
    api_as(coder).post(_api(study, f"segments/{flagged.pk}/confirm/"))
    answer = api_as(coder).post(_api(study, f"segments/{flagged.pk}/confirm/"))
    assert answer.status_code == 400


def test_the_api_answers_404_for_a_segment_of_another_study(api_as, lead, flagged):
    other = study_services.study_create(creator=lead, title="Another study")
    answer = api_as(lead).post(_api(other, f"segments/{flagged.pk}/confirm/"))
    assert answer.status_code == 404
    assert _fresh(flagged).needs_review


def test_the_api_lists_carry_overs_with_their_counts(api_as, viewer, study, transcript, flagged):
    answer = api_as(viewer).get(_api(study, "carry-overs/"), {"transcript": transcript.pk})
    (row,) = answer.json()["results"]
    assert (row["version"], row["kind"], row["by"], row["note"]) == (
        transcript.version, "corrected", "lead", "misheard",
    )  # fmt: skip
    assert (row["carried"], row["kept"], row["shifted"], row["flagged"]) == (1, 0, 0, 1)


def test_the_api_refuses_a_filter_that_is_not_a_number(api_as, coder, study, flagged):
    assert api_as(coder).get(_api(study, "carry-overs/"), {"transcript": "x"}).status_code == 400


def test_the_api_lists_read_in_a_fixed_number_of_queries(
    api_as, lead, coder, study, transcript, code, flagged, django_assert_num_queries
):
    code_words(coder, transcript, code, "felt it")
    _correct(lead, transcript, CORRECTED.replace("felt", "thought"))
    client = api_as(coder)
    # The membership, the count and the page (the API authenticates without a session).
    with django_assert_num_queries(3):
        assert len(client.get(_api(study, "segment-reviews/")).json()["results"]) == 2
    with django_assert_num_queries(3):
        assert len(client.get(_api(study, "carry-overs/")).json()["results"]) == 2


# --- Withdrawal --------------------------------------------------------------------------


def test_removing_everything_erases_the_carry_overs_with_the_transcript(lead, worker, flagged):
    study_services.withdrawal_record(actor=lead, participant=worker, choice="remove_all")
    assert not CarryOver.objects.exists()


def test_an_analysed_transcript_keeps_its_carry_overs_and_words_before(lead, worker, flagged):
    study_services.withdrawal_record(actor=lead, participant=worker, choice="remove_unanalysed")
    assert CarryOver.objects.filter(transcript=flagged.transcript).exists()
    assert _fresh(flagged).review_before == "her money back"
