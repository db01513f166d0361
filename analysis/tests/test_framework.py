"""Framework matrices: summaries saved and versioned by who and when, a stale edit
refused (never a silent overwrite), viewers reading but not writing, outsiders seeing
nothing, bad input as field errors, the table exported, the cell's segments beside it,
and a withdrawal with removal taking the participant's row and summaries away."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from analysis import framework as reads
from analysis import services_framework as services
from analysis.models import Framework, FrameworkSummary, FrameworkSummaryVersion
from coding import services as coding_services
from studies import services as study_services
from studies.access import Action, require
from studies.erasure import ERASED, KEPT_WITH_ANALYSED_TRANSCRIPT, participant_data_models


@pytest.fixture
def framework(study, lead, known):
    return services.framework_create(
        actor=lead, study=study, name="Control by participant",
        themes=[{"node": known.theme.pk, "below": True}, {"node": known.team.pk}],
    )  # fmt: skip


@pytest.fixture
def dyad_framework(study, lead, known):
    return services.framework_create(
        actor=lead, study=study, name="Control by dyad", cases="dyads",
        themes=[{"node": known.theme.pk, "below": True}],
    )  # fmt: skip


def _save(framework, node, user, text, version, participant):
    return services.summary_save(
        actor=user, framework=framework, node=node, participant=participant, text=text,
        version=version,
    )  # fmt: skip


def _cell_url(study, framework, case, node) -> str:
    return reverse("framework-cell", args=[study.slug, framework.pk, case, node])


@pytest.fixture
def cell_url(study, framework, known) -> str:
    """The page of MHW1's cell under the explanatory theme."""
    return _cell_url(study, framework, known.worker.pk, known.theme.pk)


# --- Services ------------------------------------------------------------------------------


def test_each_save_is_a_new_version_kept_with_who_and_when(framework, known, lead, coder):
    first = _save(framework, known.theme, coder, "Wants her money back.", 0, known.worker)
    second = _save(framework, known.theme, lead, "Wants control back.", 1, known.worker)
    assert (first.pk, second.version, second.text) == (second.pk, 2, "Wants control back.")
    versions = list(FrameworkSummaryVersion.objects.filter(summary=second).order_by("version"))
    assert [(v.version, v.text, v.edited_by) for v in versions] == [
        (1, "Wants her money back.", coder), (2, "Wants control back.", lead)
    ]  # fmt: skip
    assert versions[0].edited_at <= versions[1].edited_at


def test_a_stale_save_is_refused_with_who_changed_it(framework, known, lead, coder):
    _save(framework, known.theme, coder, "First words.", 0, known.worker)
    _save(framework, known.theme, coder, "Second words.", 1, known.worker)
    with pytest.raises(services.SummaryConflict) as refused:
        _save(framework, known.theme, lead, "My words on version 1.", 1, known.worker)
    assert "coder saved this summary (now version 2" in refused.value.message_dict["version"][0]
    assert refused.value.current.text == "Second words."
    assert FrameworkSummary.objects.get().text == "Second words."


def test_two_first_saves_of_an_empty_cell_keep_the_first(framework, known, lead, coder):
    _save(framework, known.theme, coder, "Mine.", 0, known.worker)
    with pytest.raises(services.SummaryConflict):
        _save(framework, known.theme, lead, "Also mine.", 0, known.worker)
    assert FrameworkSummary.objects.get().text == "Mine."


def test_saving_the_same_text_again_makes_no_new_version(framework, known, coder):
    _save(framework, known.theme, coder, "Same.", 0, known.worker)
    again = _save(framework, known.theme, coder, "Same.  ", 1, known.worker)
    assert again.version == 1 and FrameworkSummaryVersion.objects.count() == 1


def test_a_viewer_may_not_write_a_summary(framework, known, viewer):
    with pytest.raises(PermissionDenied):
        _save(framework, known.theme, viewer, "No.", 0, known.worker)


@pytest.mark.parametrize(
    ("text", "field"),
    [("Bad\x0bchar", "text"), ("x" * 10_001, "text")],
)
def test_bad_summary_text_is_a_field_error(framework, known, coder, text, field):
    with pytest.raises(ValidationError) as refused:
        _save(framework, known.theme, coder, text, 0, known.worker)
    assert field in refused.value.message_dict
    assert not FrameworkSummary.objects.exists()


def test_a_summary_of_a_node_outside_the_framework_is_refused(framework, known, coder):
    with pytest.raises(ValidationError) as refused:
        _save(framework, known.money, coder, "Not a column.", 0, known.worker)
    assert "node" in refused.value.message_dict


def test_a_framework_names_nodes_of_its_own_study_only(study, lead, outsider):
    other = outsider.memberships.get().study
    foreign = coding_services.node_create(actor=outsider, study=other, name="Theirs")
    with pytest.raises(ValidationError) as refused:
        services.framework_create(
            actor=lead, study=study, name="Mixed", themes=[{"node": foreign.pk}]
        )
    assert "themes" in refused.value.message_dict
    assert not Framework.objects.exists()


def test_a_framework_name_with_a_control_character_is_a_field_error(study, lead, known):
    with pytest.raises(ValidationError) as refused:
        services.framework_create(
            actor=lead, study=study, name="Bad\x07", themes=[{"node": known.team.pk}]
        )
    assert "name" in refused.value.message_dict


def test_a_dyad_summary_names_both_people_of_the_dyad(dyad_framework, known, coder):
    dyad = known.worker.dyad_as_worker
    summary = services.summary_save(
        actor=coder, framework=dyad_framework, node=known.theme, dyad=dyad, text="Agree.",
        version=0,
    )  # fmt: skip
    assert (summary.participant, summary.partner, summary.dyad) == (
        known.worker, known.service_user, dyad
    )  # fmt: skip


# --- The grid and its cells ----------------------------------------------------------------


def test_the_grid_has_a_row_per_interviewed_participant_and_counts_each_cell(
    framework, known, lead, coder, django_assert_num_queries
):
    _save(framework, known.theme, coder, "Wants control.", 0, known.worker)
    access = _access(lead, framework)
    with django_assert_num_queries(4):  # codebook, cases, summaries, segment counts
        grid = reads.framework_grid(framework=framework, user=lead, access=access)
    labels = [case.label for case, _cells in grid.rows]
    assert labels == ["MHW1", "MHW2", "SU1"]
    cells = {case.label: cells for case, cells in grid.rows}
    assert [c.segments for c in cells["MHW1"]] == [2, 0]
    assert [c.segments for c in cells["SU1"]] == [1, 0]
    assert cells["MHW1"][0].summary.text == "Wants control."


def test_a_coder_counts_only_their_own_segments_on_a_transcript_coded_independently(
    framework, known, lead, coder
):
    coding_services.transcript_coding_set(
        actor=lead, transcript=known.worker_transcript, independent=True
    )
    counts = {
        case.label: cells[0].segments
        for case, cells in reads.framework_grid(
            framework=framework, user=coder, access=_access(coder, framework)
        ).rows
    }
    assert counts == {"MHW1": 1, "MHW2": 0, "SU1": 1}  # the lead's overlapping one is hidden


def test_the_dyad_grid_counts_both_accounts(dyad_framework, known, lead):
    grid = reads.framework_grid(
        framework=dyad_framework, user=lead, access=_access(lead, dyad_framework)
    )
    assert [(case.label, [c.segments for c in cells]) for case, cells in grid.rows] == [
        ("MHW1 and SU1", [3])
    ]


def _access(user, framework):
    return require(user, framework.study, Action.ANALYSE)


def test_the_cell_page_shows_the_segments_beside_the_form(
    client, study, framework, known, coder, cell_url
):
    client.force_login(coder)
    answer = client.get(cell_url)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "She wanted her money back" in page and 'name="text"' in page


def test_a_viewer_reads_the_cell_without_a_form_and_cannot_post(
    client, study, framework, known, viewer, coder, cell_url
):
    _save(framework, known.theme, coder, "Read me.", 0, known.worker)
    client.force_login(viewer)
    page = client.get(cell_url).content.decode()
    assert "Read me." in page and 'name="text"' not in page
    assert client.post(cell_url, {"text": "Mine now.", "version": 1}).status_code == 403
    assert FrameworkSummary.objects.get().text == "Read me."


def test_an_outsider_gets_404_for_every_framework_page(
    client, study, framework, known, outsider, cell_url
):
    client.force_login(outsider)
    for url in (
        reverse("frameworks", args=[study.slug]),
        reverse("framework", args=[study.slug, framework.pk]),
        cell_url,
        reverse("framework-xlsx", args=[study.slug, framework.pk]),
    ):
        assert client.get(url).status_code == 404


def test_a_plain_post_saves_and_returns_to_the_grid(
    client, study, framework, known, coder, cell_url
):
    client.force_login(coder)
    answer = client.post(cell_url, {"text": "Plain post.", "version": 0})
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"#case-{known.worker.pk}")
    assert FrameworkSummary.objects.get().text == "Plain post."


def test_an_htmx_save_answers_the_form_in_place_with_the_new_version(
    client, study, framework, known, coder, cell_url
):
    client.force_login(coder)
    answer = client.post(cell_url, {"text": "In place.", "version": 0}, HTTP_HX_REQUEST="true")
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Saved: version 1." in page and 'name="version" value="1"' in page


def test_a_stale_post_keeps_the_typed_text_and_shows_the_other(
    client, study, framework, known, coder, lead, cell_url
):
    _save(framework, known.theme, lead, "The lead's words.", 0, known.worker)
    client.force_login(coder)
    answer = client.post(cell_url, {"text": "My words.", "version": 0})
    page = answer.content.decode()
    assert answer.status_code == 409
    assert "The lead&#x27;s words." in page and "My words." in page
    assert 'name="version" value="1"' in page
    assert FrameworkSummary.objects.get().text == "The lead's words."


def test_a_stale_htmx_post_is_swapped_in_place_as_422(
    client, study, framework, known, coder, lead, cell_url
):
    _save(framework, known.theme, lead, "Theirs.", 0, known.worker)
    client.force_login(coder)
    answer = client.post(cell_url, {"text": "Mine.", "version": 0}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 422
    assert "Someone saved this summary" in answer.content.decode()


def test_the_create_form_shows_field_errors(client, study, known, coder):
    client.force_login(coder)
    answer = client.post(
        reverse("frameworks", args=[study.slug]), {"name": "", "cases": "participants"}
    )
    assert answer.status_code == 400
    assert not Framework.objects.exists()


def test_a_coder_saves_a_framework_from_the_form(client, study, known, coder):
    client.force_login(coder)
    answer = client.post(
        reverse("frameworks", args=[study.slug]),
        {"name": "By case", "cases": "participants", "themes": [known.theme.pk], "below": "on"},
    )
    framework = Framework.objects.get()
    assert answer.status_code == 302
    assert framework.themes == [{"node": known.theme.pk, "below": True}]


# --- Export --------------------------------------------------------------------------------


def test_the_xlsx_holds_the_grid_and_who_edited_each_summary(
    client, study, framework, known, lead, coder
):
    _save(framework, known.theme, coder, "=Control matters.", 0, known.worker)
    client.force_login(lead)
    answer = client.get(reverse("framework-xlsx", args=[study.slug, framework.pk]))
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    grid = [list(row) for row in book["Framework"].iter_rows(values_only=True)]
    assert grid[0] == ["Case", "Control over money", "Team"]
    assert grid[1][:2] == ["MHW1", "'=Control matters."]  # never a formula
    long = [list(row) for row in book["Summaries"].iter_rows(values_only=True)]
    assert long[0][-2:] == ["Last edited by", "Last edited at"]
    assert long[1][:6] == ["MHW1", "Control over money", "'=Control matters.", 2, 1, "coder"]


def test_the_csv_has_a_line_per_case_and_theme(client, study, framework, known, lead, coder):
    _save(framework, known.theme, coder, "Control.", 0, known.worker)
    client.force_login(lead)
    answer = client.get(reverse("framework-csv", args=[study.slug, framework.pk]))
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Case,Theme,Summary")
    assert lines[1].startswith("MHW1,Control over money,Control.,2,1,coder,")
    assert len(lines) == 1 + 3 * 2


def test_a_coder_may_not_download_the_table(client, study, framework, coder):
    client.force_login(coder)
    answer = client.get(reverse("framework-csv", args=[study.slug, framework.pk]))
    assert answer.status_code == 403


# --- Withdrawal ----------------------------------------------------------------------------


def test_the_erasure_registry_classifies_framework_summaries():
    found = set(participant_data_models())
    for label in ("analysis.FrameworkSummary", "analysis.FrameworkSummaryVersion"):
        assert label in found and label in ERASED and label in KEPT_WITH_ANALYSED_TRANSCRIPT


def test_removing_everything_takes_the_row_and_its_summaries(
    framework, dyad_framework, known, lead, coder
):
    _save(framework, known.theme, coder, "About MHW1.", 0, known.worker)
    _save(framework, known.theme, coder, "About SU1.", 0, known.service_user)
    services.summary_save(
        actor=coder, framework=dyad_framework, node=known.theme,
        dyad=known.worker.dyad_as_worker, text="About both.", version=0,
    )  # fmt: skip
    study_services.withdrawal_record(
        actor=lead, participant=known.service_user, choice="remove_all"
    )
    assert list(FrameworkSummary.objects.values_list("text", flat=True)) == ["About MHW1."]
    assert FrameworkSummaryVersion.objects.count() == 1
    labels = [case.label for case in reads.framework_cases(framework)]
    assert "SU1" not in labels and "MHW1" in labels


def test_removing_what_was_not_analysed_keeps_summaries_of_a_coded_account(
    framework, known, lead, coder
):
    _save(framework, known.theme, coder, "About SU1.", 0, known.service_user)
    study_services.withdrawal_record(
        actor=lead, participant=known.service_user, choice="remove_unanalysed"
    )
    assert FrameworkSummary.objects.get().text == "About SU1."


def test_removing_what_was_not_analysed_erases_summaries_of_an_uncoded_account(
    framework, known, lead, coder
):
    _save(framework, known.team, coder, "Said nothing coded.", 0, known.quiet_worker)
    study_services.withdrawal_record(
        actor=lead, participant=known.quiet_worker, choice="remove_unanalysed"
    )
    assert not FrameworkSummary.objects.exists()


def test_the_grid_page_reads_in_a_fixed_number_of_queries(
    client, study, framework, known, lead, coder, django_assert_num_queries
):
    for person in (known.worker, known.service_user, known.quiet_worker):
        _save(framework, known.theme, coder, "Said.", 0, person)
    client.force_login(lead)
    url = reverse("framework", args=[study.slug, framework.pk])
    # session, user, membership, framework, the grid's four (nothing per case or cell),
    # and the session's refreshed expiry in a savepoint
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


def test_a_download_of_the_summaries_is_noted_in_the_audit_trail(client, study, framework, lead):
    from studies.models import AuditEvent

    client.force_login(lead)
    client.get(reverse("framework-xlsx", args=[study.slug, framework.pk]))
    event = AuditEvent.objects.filter(study=study, action="data.exported").latest("pk")
    assert event.actor == lead and event.detail["export"].startswith(f"framework {framework.pk}")
