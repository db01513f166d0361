"""The memos list (filters, search, writing and changing one's own memos) and the
thematic development table (counts by role at each level, its CSV)."""

import csv
import io

import pytest
from django.urls import reverse

from coding import services
from coding.models import Memo


def _url(name, study, *args):
    return reverse(name, args=[study.slug, *args])


@pytest.fixture
def memos(study, lead, coder, coded, transcript):
    services.memo_create(author=lead, study=study, title="Where I stand", kind="reflexive",
                         text="I trust workers who plan with people.")  # fmt: skip
    services.memo_create(author=coder, study=study, title="Money and control", node=coded,
                         text="Appointees hold more than the purse.")  # fmt: skip
    services.memo_create(author=coder, study=study, title="A safe feeling", transcript=transcript,
                         kind="theoretical", text="Safety is felt, not assessed.")  # fmt: skip


def _titles(client, study, **filters) -> list[str]:
    answer = client.get(_url("memos", study), filters)
    assert answer.status_code == 200
    return [memo.title for memo in answer.context["memos"]]


def test_it_filters_memos_by_type_author_subject_and_words(client, study, viewer, coder, coded,
                                                           memos):  # fmt: skip
    client.force_login(viewer)
    assert len(_titles(client, study)) == 3
    assert _titles(client, study, kind="reflexive") == ["Where I stand"]
    assert sorted(_titles(client, study, author=coder.pk)) == [
        "A safe feeling",
        "Money and control",
    ]
    assert _titles(client, study, about=f"node:{coded.pk}") == ["Money and control"]
    assert _titles(client, study, about="transcripts") == ["A safe feeling"]
    assert _titles(client, study, about="study") == ["Where I stand"]
    assert _titles(client, study, q="purse") == ["Money and control"]
    assert _titles(client, study, q="safety felt") == ["A safe feeling"]


def test_it_links_each_memo_to_what_it_is_about(client, study, viewer, coded, transcript, memos):
    client.force_login(viewer)
    page = client.get(_url("memos", study)).content.decode()
    assert f'href="{_url("codebook", study)}#node-{coded.pk}"' in page
    assert f'href="{_url("transcript-detail", study, transcript.pk)}"' in page


def test_it_lets_a_viewer_read_but_not_write_and_hides_memos_from_outsiders(
    client, study, viewer, outsider, memos
):
    client.force_login(viewer)
    assert "Write a memo" not in client.get(_url("memos", study)).content.decode()
    assert (
        client.post(_url("memos", study), {"title": "Mine", "kind": "analytic"}).status_code == 403
    )
    client.force_login(outsider)
    assert client.get(_url("memos", study)).status_code == 404
    assert Memo.objects.count() == 3


def test_it_writes_a_memo_about_a_segment_started_from_it(client, study, coder, coded):
    segment = coded.segments.first()
    client.force_login(coder)
    page = client.get(_url("memos", study), {"start": f"segment:{segment.pk}"}).content.decode()
    assert segment.text in page
    answer = client.post(_url("memos", study), {
        "title": "On this passage", "kind": "analytic", "about": f"segment:{segment.pk}",
    })  # fmt: skip
    assert answer.status_code == 302
    memo = Memo.objects.get(title="On this passage")
    assert (memo.segment, memo.transcript, memo.author) == (segment, segment.transcript, coder)


def test_it_refuses_a_memo_without_a_title_and_saves_nothing(client, study, coder):
    client.force_login(coder)
    answer = client.post(_url("memos", study), {"title": " ", "kind": "analytic", "about": "study"})
    assert answer.status_code == 400
    assert "Give the memo a title." in answer.content.decode()
    assert not Memo.objects.exists()


def test_it_lets_only_the_author_change_a_memo(client, study, lead, coder, memos):
    memo = Memo.objects.get(title="Money and control")
    client.force_login(lead)
    assert client.get(_url("memo-edit", study, memo.pk)).status_code == 403
    assert client.post(_url("memo-delete", study, memo.pk)).status_code == 403
    client.force_login(coder)
    changed = {"title": "Money is control", "kind": "theoretical", "text": "Yes."}
    answer = client.post(_url("memo-edit", study, memo.pk), changed)
    assert answer.status_code == 302
    memo.refresh_from_db()
    assert (memo.title, memo.kind, memo.text) == ("Money is control", "theoretical", "Yes.")


def test_it_counts_segments_and_participants_by_role_at_each_level(
    client, study, viewer, coded, category
):
    client.force_login(viewer)
    answer = client.get(_url("themes", study))
    rows = {row.node.name: (row.counts.segments, row.counts.participants, by_role)
            for row, by_role in answer.context["cells"]}  # fmt: skip
    # Roles in order: MHW, SU. The category adds its own SU segment to its code's two.
    assert rows["Control"] == (3, 2, [(2, 1), (1, 1)])
    assert rows["Money"] == (2, 1, [(2, 1), (0, 0)])


def test_it_downloads_the_table_as_csv_kept_by_no_cache(client, study, lead, coder, coded):
    services.node_create(actor=lead, study=study, name="=SUM(A1)", parent=coded)
    client.force_login(coder)
    answer = client.get(_url("themes-csv", study))
    assert "no-store" in answer["Cache-Control"]
    lines = list(csv.reader(io.StringIO(answer.content.decode().lstrip("\ufeff"))))
    assert lines[0] == [
        "level", "path", "kind", "name", "segments", "participants",
        "MHW segments", "MHW participants", "SU segments", "SU participants",
    ]  # fmt: skip
    assert lines[1] == ["1", "Control", "Category", "Control", "3", "2", "2", "1", "1", "1"]
    assert lines[3][3] == "'=SUM(A1)"


def test_it_hides_the_table_from_outsiders(client, study, outsider):
    client.force_login(outsider)
    assert client.get(_url("themes", study)).status_code == 404
    assert client.get(_url("themes-csv", study)).status_code == 404


def test_it_reads_the_table_in_a_fixed_number_of_queries(
    client, study, lead, coder, coded, category, django_assert_num_queries
):
    for number in range(5):
        services.node_create(actor=lead, study=study, name=f"Code {number}", parent=category)
    client.force_login(coder)
    client.get(_url("themes", study))
    # session, user, membership with study, the nodes, the roll-up, the roles
    with django_assert_num_queries(6):
        assert client.get(_url("themes", study)).status_code == 200


def test_it_lists_memos_in_a_fixed_number_of_queries(
    client, study, lead, coder, coded, transcript, memos, django_assert_num_queries
):
    segment = coded.segments.first()
    for number in range(4):
        services.memo_create(author=coder, study=study, title=f"Memo {number}", segment=segment)
    client.force_login(coder)
    client.get(_url("memos", study))
    # session, user, membership with study, authors, nodes, transcripts, the memos
    with django_assert_num_queries(7):
        assert client.get(_url("memos", study)).status_code == 200
