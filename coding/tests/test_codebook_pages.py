"""The codebook pages and the analytic trail: who may read and change them, what a
refusal says, the conflict message, and merge, split, move and delete as a person
goes through them."""

from django.urls import reverse

from coding import services
from coding.models import CodebookEvent, CodedSegment, Node


def _url(name, study, *args):
    return reverse(name, args=[study.slug, *args])


def test_it_shows_a_viewer_the_tree_with_counts_rolled_up_but_no_changes(
    client, study, viewer, coded, category
):
    client.force_login(viewer)
    page = client.get(_url("codebook", study)).content.decode()
    assert "Money" in page and "Control" in page
    # The category counts its own segment and its code's two, from two participants.
    assert "3 segments · 2 participants" in page
    assert "2 segments · 1 participant" in page
    assert "Add a node" not in page and "Merge" not in page
    assert client.post(_url("codebook", study), {"name": "Sneaky"}).status_code == 403
    assert client.get(_url("codebook-node-edit", study, coded.pk)).status_code == 403
    assert not Node.objects.filter(name="Sneaky").exists()


def test_it_shows_an_outsider_nothing(client, study, outsider, coded):
    client.force_login(outsider)
    pages = (
        ("codebook", ()), ("codebook-trail", ()), ("codebook-node-edit", (coded.pk,)),
        ("codebook-node-delete", (coded.pk,)),
    )  # fmt: skip
    for name, args in pages:
        assert client.get(_url(name, study, *args)).status_code == 404


def test_it_shows_the_codebook_tab_to_those_who_may_read_data(client, study, viewer, lead):
    client.force_login(viewer)
    page = client.get(_url("study-dashboard", study)).content.decode()
    assert f'href="{_url("codebook", study)}"' in page


def test_it_lets_a_coder_add_a_node_under_a_parent(client, study, coder, category):
    client.force_login(coder)
    answer = client.post(
        _url("codebook", study),
        {"name": "Trust", "kind": "code", "parent": category.pk, "colour": "#aa3300"},
    )
    node = Node.objects.get(name="Trust")
    assert answer.status_code == 302 and answer.url.endswith(f"#node-{node.pk}")
    assert (node.parent, node.colour, node.created_by) == (category, "#aa3300", coder)


def test_it_refuses_a_name_taken_under_the_same_parent_with_a_message(
    client, study, coder, coded, category
):
    client.force_login(coder)
    answer = client.post(
        _url("codebook", study),
        {"name": "money", "kind": "code", "parent": category.pk, "colour": "#aa3300"},
    )
    assert answer.status_code == 400
    assert "There is a node called “money” under that parent already." in answer.content.decode()
    assert Node.objects.filter(name__iexact="money").count() == 1


def test_it_defines_a_node_and_records_before_and_after(client, study, coder, coded):
    client.force_login(coder)
    answer = client.post(
        _url("codebook-node-edit", study, coded.pk),
        {"version": 1, "name": "Money worries", "kind": "code", "colour": "#4e79a7",
         "definition": "Talk of money running short.", "why": "clearer"},
    )  # fmt: skip
    assert answer.status_code == 302
    coded.refresh_from_db()
    assert (coded.name, coded.definition, coded.version) == (
        "Money worries", "Talk of money running short.", 2
    )  # fmt: skip
    kinds = set(
        CodebookEvent.objects.filter(kind__in=["rename", "define"]).values_list("kind", flat=True)
    )
    assert kinds == {"rename", "define"}


def test_it_names_who_changed_a_node_since_and_keeps_the_typed_text(
    client, study, lead, coder, coded
):
    services.node_update(actor=lead, node=coded, version=1, definition="The lead's words.")
    client.force_login(coder)
    answer = client.post(
        _url("codebook-node-edit", study, coded.pk),
        {"version": 1, "name": "Money", "kind": "code", "colour": "#4e79a7",
         "definition": "My own definition."},
    )  # fmt: skip
    page = answer.content.decode()
    assert answer.status_code == 409
    assert f"{lead} changed “Money” (now version 2) after you opened version 1" in page
    assert "My own definition." in page  # what they typed, still in the form
    assert "The lead&#x27;s words." in page  # what is there now, beside it
    assert 'name="version" value="2"' in page
    coded.refresh_from_db()
    assert coded.definition == "The lead's words."


def test_it_refuses_to_move_a_node_under_its_own_descendant(client, study, coder, coded, category):
    client.force_login(coder)
    answer = client.post(
        _url("codebook-node-move", study, category.pk), {"version": 1, "parent": coded.pk}
    )
    assert answer.status_code == 400
    assert "cannot move under itself or its own descendant" in answer.content.decode()
    coded.refresh_from_db()
    category.refresh_from_db()
    assert (category.parent, coded.parent) == (None, category)


def test_it_moves_a_node_to_the_top_and_reorders_it_up(client, study, coder, coded, category):
    client.force_login(coder)
    assert (
        client.post(
            _url("codebook-node-move", study, coded.pk), {"version": 1, "parent": "top"}
        ).status_code
        == 302
    )
    coded.refresh_from_db()
    assert (coded.parent, coded.position) == (None, 1)
    client.post(_url("codebook-node-reorder", study, coded.pk), {"version": 2, "direction": "up"})
    coded.refresh_from_db()
    category.refresh_from_db()
    assert (coded.position, category.position) == (0, 1)


def test_it_merges_only_with_a_reason(client, study, coder, coded, category):
    client.force_login(coder)
    url = _url("codebook-node-merge", study, coded.pk)
    refused = client.post(url, {"version": 1, "target": category.pk, "why": " "})
    assert refused.status_code == 400 and Node.objects.filter(pk=coded.pk).exists()
    assert (
        client.post(url, {"version": 1, "target": category.pk, "why": "the same idea"}).status_code
        == 302
    )
    assert not Node.objects.filter(pk=coded.pk).exists()
    assert CodedSegment.objects.filter(node=category).count() == 3
    assert CodebookEvent.objects.get(kind="merge").why == "the same idea"


def test_it_refuses_a_merge_into_a_descendant_with_a_message(client, study, coder, coded, category):
    client.force_login(coder)
    answer = client.post(
        _url("codebook-node-merge", study, category.pk),
        {"version": 1, "target": coded.pk, "why": "tidy"},
    )
    assert answer.status_code == 400
    assert "cannot be merged into its own descendant" in answer.content.decode()


def test_it_splits_the_chosen_segments_into_a_new_code(client, study, coder, coded):
    client.force_login(coder)
    url = _url("codebook-node-split", study, coded.pk)
    chosen = coded.segments.get(text="I felt it was safe")
    assert "I felt it was safe" in client.get(url).content.decode()
    answer = client.post(url, {"version": 1, "segments": [chosen.pk], "name": "Feeling safe"})
    assert answer.status_code == 302
    chosen.refresh_from_db()
    assert chosen.node.name == "Feeling safe" and coded.segments.count() == 1


def test_it_shows_what_a_deletion_touches_then_moves_the_segments_up(
    client, study, coder, coded, category
):
    client.force_login(coder)
    url = _url("codebook-node-delete", study, coded.pk)
    page = client.get(url).content.decode()
    assert "<strong>2</strong> segments coded with it" in page
    assert client.post(url, {"version": 1, "segments": "to_parent"}).status_code == 302
    assert not Node.objects.filter(pk=coded.pk).exists()
    assert CodedSegment.objects.filter(node=category).count() == 3


def test_it_deletes_the_segments_when_asked(client, study, coder, coded):
    client.force_login(coder)
    client.post(_url("codebook-node-delete", study, coded.pk), {"version": 1, "segments": "delete"})
    assert not CodedSegment.objects.filter(text="I felt it was safe").exists()


def test_it_replays_the_trail_in_order_and_one_nodes_history(
    client, study, lead, coder, coded, category
):
    services.node_update(actor=lead, node=coded, version=1, name="Money worries", why="sharper")
    theme = services.node_create(actor=lead, study=study, name="Autonomy", kind="descriptive_theme")
    services.node_move(actor=coder, node=category, version=1, parent=theme)
    client.force_login(coder)
    page = client.get(_url("codebook-trail", study)).content.decode()
    order = [page.index(text) for text in (
        "Created the category “Control”", "Renamed “Money”", "Created the descriptive theme",
        "Moved “Control”")]  # fmt: skip
    assert order == sorted(order)
    assert "Why: sharper" in page and "under “Autonomy”" in page
    history = client.get(_url("codebook-trail", study), {"node": coded.pk}).content.decode()
    assert "Renamed “Money”" in history and "Moved “Control”" not in history
    renames = client.get(_url("codebook-trail", study), {"kind": "rename"}).content.decode()
    assert "Renamed “Money”" in renames and "Created the" not in renames


def test_it_refuses_an_unknown_node_in_the_trail_filter(client, study, viewer):
    client.force_login(viewer)
    assert client.get(_url("codebook-trail", study), {"node": "nope"}).status_code == 400


def test_it_reads_the_codebook_in_a_fixed_number_of_queries(
    client, study, lead, coder, coded, category, django_assert_num_queries
):
    for number in range(5):
        services.node_create(actor=lead, study=study, name=f"Code {number}", parent=category)
    client.force_login(coder)
    client.get(_url("codebook", study))
    # session, user, membership with study, the nodes, the roll-up, the tabs' nothing
    with django_assert_num_queries(5):
        assert client.get(_url("codebook", study)).status_code == 200


def test_the_add_form_offers_the_colour_the_codebook_uses_least(client, study, coder):
    from coding.selectors import NODE_COLOURS

    services.node_create(actor=coder, study=study, name="First", colour=NODE_COLOURS[0])
    client.force_login(coder)
    page = client.get(_url("codebook", study)).content.decode()
    assert f'value="{NODE_COLOURS[1]}"' in page
