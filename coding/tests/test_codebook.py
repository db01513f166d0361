"""The codebook services: the tree, the version check, merge and split bookkeeping,
deletion with its choice about segments, and the analytic trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from coding import selectors, services
from coding.models import CodebookEvent, CodedSegment, Memo, Node, RemovedSegment
from coding.tests.conftest import span


def _segment(coder, transcript, node, words):
    start, end = span(transcript, words)
    return services.segment_create(
        coder=coder, transcript=transcript, node=node, start=start, end=end
    )


def _kinds(study) -> list[str]:
    return list(CodebookEvent.objects.filter(study=study).values_list("kind", flat=True))


def test_it_allows_the_same_name_under_different_parents_but_not_twice_under_one(
    study, lead, category
):
    services.node_create(actor=lead, study=study, name="Trust", parent=category)
    other = services.node_create(actor=lead, study=study, name="Safety", kind="category")
    assert services.node_create(actor=lead, study=study, name="Trust", parent=other)
    with pytest.raises(ValidationError, match="called “trust” under that parent"):
        services.node_create(actor=lead, study=study, name="trust", parent=category)
    assert Node.objects.filter(study=study, name__iexact="trust").count() == 2


def test_it_refuses_a_bad_colour_kind_or_name_and_changes_nothing(study, lead):
    for bad in ({"colour": "red"}, {"kind": "theme"}, {"name": "  "}, {"name": "a\x07b"}):
        with pytest.raises(ValidationError):
            services.node_create(actor=lead, study=study, **{"name": "Code", **bad})
    assert not Node.objects.filter(study=study).exists()
    assert not CodebookEvent.objects.filter(study=study).exists()


def test_it_refuses_a_change_made_to_a_stale_version(study, lead, coder, code):
    services.node_update(actor=lead, node=code, version=1, definition="Money matters.")
    with pytest.raises(ValidationError, match="now version 2") as refused:
        services.node_update(actor=coder, node=code, version=1, name="Finances")
    assert "version" in refused.value.message_dict
    code.refresh_from_db()
    assert (code.name, code.definition, code.version) == ("Money", "Money matters.", 2)


def test_it_records_each_kind_of_change_with_before_and_after(study, lead, code):
    services.node_update(
        actor=lead, node=code, version=1, name="Finances", colour="#AA0000",
        when_to_use="Talk of money", kind="category", why="broader",
    )  # fmt: skip
    events = {e.kind: e for e in CodebookEvent.objects.filter(study=study)}
    assert set(events) == {"create", "rename", "recolour", "define", "retype"}
    assert events["rename"].detail["before"] == "Money"
    assert events["rename"].detail["after"] == "Finances"
    assert events["define"].detail["after"] == {"when_to_use": "Talk of money"}
    assert events["rename"].why == "broader"
    assert events["rename"].actor == lead


def test_it_moves_a_node_and_refuses_to_move_it_under_its_own_descendant(study, lead, code):
    theme = services.node_create(actor=lead, study=study, name="Theme", kind="descriptive_theme")
    category = services.node_create(
        actor=lead, study=study, name="Cat", kind="category", parent=theme
    )
    services.node_move(actor=lead, node=code, version=1, parent=category)
    code.refresh_from_db()
    assert code.parent == category and code.version == 2
    assert selectors.node_descendant_ids(node=theme) == {category.pk, code.pk}
    theme.refresh_from_db()
    with pytest.raises(ValidationError, match="its own descendant"):
        services.node_move(actor=lead, node=theme, version=theme.version, parent=code)
    theme.refresh_from_db()
    assert theme.parent is None
    assert _kinds(study).count("move") == 1


def test_it_reorders_siblings(study, lead):
    a, b, c = (services.node_create(actor=lead, study=study, name=n) for n in "ABC")
    services.node_reorder(actor=lead, node=c, version=1, position=0)
    order = list(
        Node.objects.filter(study=study).order_by("position").values_list("name", flat=True)
    )
    assert order == ["C", "A", "B"]
    assert "reorder" in _kinds(study)


def test_it_merges_segments_memos_and_children_collapsing_exact_duplicates(
    study, lead, coder, transcript, code, category
):
    target = services.node_create(actor=lead, study=study, name="Finances")
    same = _segment(coder, transcript, code, "her money back")
    _segment(coder, transcript, target, "her money back")
    moved = _segment(lead, transcript, code, "felt it was safe")
    memo = services.memo_create(author=coder, study=study, title="Money", node=code, segment=same)
    child = services.node_create(actor=lead, study=study, name="Appointee", parent=code)

    services.node_merge(actor=lead, source=code, target=target, version=1, why="Same idea")

    assert not Node.objects.filter(pk=code.pk).exists()
    assert target.segments.count() == 2  # the duplicate collapsed into the target's own
    assert CodedSegment.objects.get(pk=moved.pk).node == target
    assert RemovedSegment.objects.filter(segment_id=same.pk).exists()
    memo.refresh_from_db()
    assert memo.node == target and memo.segment is not None and memo.segment.node == target
    child.refresh_from_db()
    assert child.parent == target
    event = CodebookEvent.objects.get(study=study, kind="merge")
    assert (event.actor, event.why) == (lead, "Same idea")
    assert event.detail["source"]["name"] == "Money"
    assert (event.detail["segments_moved"], event.detail["segments_collapsed"]) == (1, 1)
    assert list(event.nodes.all()) == [target]


def test_it_refuses_to_merge_into_a_descendant_or_without_a_reason(study, lead, category, code):
    services.node_move(actor=lead, node=code, version=1, parent=category)
    with pytest.raises(ValidationError, match="own descendant"):
        services.node_merge(actor=lead, source=category, target=code, version=1, why="x")
    other = services.node_create(actor=lead, study=study, name="Other")
    with pytest.raises(ValidationError, match="Say why"):
        services.node_merge(actor=lead, source=other, target=category, version=1, why=" ")
    assert Node.objects.filter(study=study).count() == 3


def test_it_splits_chosen_segments_into_a_new_sibling(study, lead, coder, transcript, code):
    kept = _segment(coder, transcript, code, "her money back")
    chosen = _segment(coder, transcript, code, "felt it was safe")
    new = services.node_split(
        actor=lead, node=code, version=1, segment_ids=[chosen.pk], name="Safety", why="two ideas"
    )
    assert list(new.segments.values_list("pk", flat=True)) == [chosen.pk]
    assert list(code.segments.values_list("pk", flat=True)) == [kept.pk]
    assert (new.parent_id, new.kind, new.position) == (code.parent_id, code.kind, 1)
    event = CodebookEvent.objects.get(study=study, kind="split")
    assert event.detail["segments"] == [chosen.pk]
    with pytest.raises(ValidationError, match="not coded with this node"):
        services.node_split(actor=lead, node=code, version=1, segment_ids=[chosen.pk], name="X")


def test_it_counts_what_a_deletion_touches_then_moves_segments_to_the_parent(
    study, lead, coder, transcript, category, code
):
    services.node_move(actor=lead, node=code, version=1, parent=category)
    _segment(coder, transcript, code, "her money back")
    _segment(coder, transcript, category, "her money back")  # the parent has it already
    _segment(coder, transcript, code, "felt it was safe")
    services.memo_create(author=coder, study=study, title="On money", node=code)
    code.refresh_from_db()
    assert selectors.node_deletion_impact(node=code) == {"segments": 2, "memos": 1, "children": 0}

    outcome = services.node_delete(actor=lead, node=code, version=2, segments="to_parent")

    assert outcome["segments_moved"] == 1 and outcome["segments_collapsed"] == 1
    assert category.segments.count() == 2
    assert Memo.objects.get(title="On money").node == category
    assert "delete" in _kinds(study)


def test_it_deletes_a_nodes_segments_when_asked_and_keeps_memos_on_the_study(
    study, lead, coder, transcript, code
):
    segment = _segment(coder, transcript, code, "her money back")
    memo = services.memo_create(author=coder, study=study, title="About it", node=code)
    with pytest.raises(ValidationError, match="no parent"):
        services.node_delete(actor=lead, node=code, version=1, segments="to_parent")
    assert CodedSegment.objects.filter(pk=segment.pk).exists()
    services.node_delete(actor=lead, node=code, version=1, segments="delete")
    assert not CodedSegment.objects.filter(pk=segment.pk).exists()
    memo.refresh_from_db()
    assert memo.node is None


def test_it_moves_a_deleted_nodes_children_up_to_its_parent(study, lead, category, code):
    services.node_move(actor=lead, node=code, version=1, parent=category)
    services.node_delete(actor=lead, node=category, version=1, segments="delete")
    code.refresh_from_db()
    assert code.parent is None


def test_every_codebook_change_moves_the_coding_revision_on(study, lead, code):
    before = selectors.coding_revision(study_id=study.pk)
    services.node_update(actor=lead, node=code, version=1, name="Cash")
    assert selectors.coding_revision(study_id=study.pk) == before + 1


def test_viewers_cannot_change_the_codebook_and_outsiders_are_not_told_it_exists(
    study, viewer, outsider, code
):
    with pytest.raises(PermissionDenied):
        services.node_create(actor=viewer, study=study, name="Mine")
    with pytest.raises(Http404):
        services.node_update(actor=outsider, node=code, version=1, name="Theirs")
    code.refresh_from_db()
    assert code.name == "Money"


def test_new_nodes_without_a_colour_take_the_least_used_one_in_turn(study, coder):
    from coding.selectors import NODE_COLOURS

    chosen = services.node_create(actor=coder, study=study, name="Chosen", colour="#4e79a7")
    made = [services.node_create(actor=coder, study=study, name=f"Code {n}") for n in range(3)]
    assert chosen.colour == "#4e79a7"
    assert [node.colour for node in made] == list(NODE_COLOURS[1:4])
