"""Writing vignettes and questions, and the study's interview settings: versions,
validation of what is written, and who may write it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from interviews import services
from interviews.models import (
    InterviewSettings,
    Question,
    SessionVignette,
    Vignette,
    VignetteVersion,
)
from interviews.plan import session_pages
from studies import services as study_services
from studies.models import Study


def _titles(study) -> list[str]:
    return [v.current.title for v in Vignette.objects.filter(study=study).order_by("position")]


@pytest.fixture
def other_study(outsider):
    return Study.objects.get(memberships__user=outsider)


@pytest.fixture
def answered(online, vignettes):
    """The first follow-up question, answered on page 1 of MHW1's online session."""
    session, _token = online
    page = session_pages(session)[0]
    question = page.questions[0]
    services.answers_save(session=session, page=page, answers={question.pk: "They will cope."})
    return question


@pytest.fixture
def choice_question(study, lead):
    return services.question_create(
        actor=lead, study=study, prompt="Who should act?", kind="choice",
        choices=["The worker", "The family"],
    )  # fmt: skip


# --- Vignettes ---------------------------------------------------------------------------


def test_a_new_vignette_starts_at_version_1(study, lead):
    vignette = services.vignette_create(
        actor=lead, study=study, title="  Ana at work ", text=" Ana wants to go back to work. "
    )
    vignette.refresh_from_db()
    assert vignette.current.number == 1
    assert (vignette.current.title, vignette.current.text) == (
        "Ana at work",
        "Ana wants to go back to work.",
    )
    assert list(vignette.versions.values_list("number", flat=True)) == [1]


def test_new_vignettes_go_to_the_end_of_the_order(study, lead, vignettes):
    added = services.vignette_create(actor=lead, study=study, title="Story 6", text="Six.")
    assert _titles(study)[-1] == "Story 6"
    assert added.position == max(v.position for v in vignettes) + 1


def test_a_vignette_needs_a_title_and_text(study, lead):
    with pytest.raises(ValidationError) as error:
        services.vignette_create(actor=lead, study=study, title="  ", text="")
    assert set(error.value.message_dict) == {"title", "text"}
    assert not Vignette.objects.filter(study=study).exists()


def test_editing_a_vignette_no_session_has_shown_changes_it_in_place(lead, vignettes):
    vignette = vignettes[0]
    version = vignette.current
    services.vignette_update(
        actor=lead, vignette=vignette, title="Story one", text="Better words.",
        validation_status="draft",
    )  # fmt: skip
    vignette.refresh_from_db()
    assert vignette.current_id == version.pk
    assert (vignette.current.number, vignette.current.title) == (1, "Story one")
    assert vignette.current.text == "Better words."
    assert VignetteVersion.objects.filter(vignette=vignette).count() == 1


def test_editing_a_shown_vignette_makes_a_new_version(lead, vignettes, online):
    vignette = vignettes[0]
    services.vignette_update(
        actor=lead, vignette=vignette, title="Story one", text="Better words.",
        validation_status="draft",
    )  # fmt: skip
    vignette.refresh_from_db()
    assert vignette.current.number == 2
    assert (vignette.current.title, vignette.current.text) == ("Story one", "Better words.")
    first = vignette.versions.get(number=1)
    assert (first.title, first.text) == (
        "Story 1",
        "Someone in story 1 wants to do something *new*.",
    )


def test_a_session_keeps_the_version_it_showed_after_an_edit(lead, vignettes, online):
    session, _token = online
    vignette = vignettes[0]
    shown = SessionVignette.objects.get(session=session, vignette=vignette)
    services.vignette_update(
        actor=lead, vignette=vignette, title="Story one", text="Better words.",
        validation_status="draft",
    )  # fmt: skip
    shown.refresh_from_db()
    assert shown.version.number == 1
    assert shown.version.title == "Story 1"
    page = next(p for p in session_pages(session) if p.vignette == vignette)
    assert page.version.title == "Story 1"


def test_a_new_version_no_session_has_shown_is_edited_in_place(lead, vignettes, online):
    vignette = vignettes[0]
    for text in ("Second words.", "Third words."):
        services.vignette_update(
            actor=lead, vignette=vignette, title="Story 1", text=text, validation_status="draft"
        )
    vignette.refresh_from_db()
    assert list(vignette.versions.values_list("number", "text")) == [
        (1, "Someone in story 1 wants to do something *new*."),
        (2, "Third words."),
    ]


def test_new_sessions_show_the_newest_version(study, lead, vignettes, online):
    vignette = vignettes[0]
    services.vignette_update(
        actor=lead, vignette=vignette, title="Story one", text="Better words.",
        validation_status="draft",
    )  # fmt: skip
    other = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    session, _token = services.session_create(actor=lead, participant=other, mode="in_person")
    shown = SessionVignette.objects.get(session=session, vignette=vignette)
    assert (shown.version.number, shown.version.title) == (2, "Story one")


def test_changing_status_and_notes_of_a_shown_vignette_makes_no_new_version(
    lead, vignettes, online
):
    vignette = vignettes[0]
    services.vignette_update(
        actor=lead, vignette=vignette, title="Story 1",
        text="Someone in story 1 wants to do something *new*.",
        validation_status="focus_group", validation_notes=" The group found it plausible. ",
    )  # fmt: skip
    vignette.refresh_from_db()
    assert vignette.validation_status == "focus_group"
    assert vignette.validation_notes == "The group found it plausible."
    assert vignette.current.number == 1
    assert vignette.versions.count() == 1


def test_an_unknown_validation_status_is_refused(lead, vignettes):
    vignette = vignettes[0]
    with pytest.raises(ValidationError) as error:
        services.vignette_update(
            actor=lead, vignette=vignette, title="Changed", text="Changed.",
            validation_status="approved",
        )  # fmt: skip
    assert "validation_status" in error.value.message_dict
    vignette.refresh_from_db()
    assert vignette.current.title == "Story 1"


def test_an_archived_vignette_is_left_out_of_new_sessions(study, lead, vignettes, consented_worker):
    services.vignette_archive(actor=lead, vignette=vignettes[2])
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="online"
    )
    shown = set(session.vignettes.values_list("vignette_id", flat=True))
    assert shown == {v.pk for v in vignettes} - {vignettes[2].pk}


def test_archiving_leaves_sessions_that_showed_the_vignette_as_they_were(lead, vignettes, online):
    session, _token = online
    services.vignette_archive(actor=lead, vignette=vignettes[2])
    assert set(session.vignettes.values_list("vignette_id", flat=True)) == {v.pk for v in vignettes}


def test_an_unarchived_vignette_returns_to_new_sessions(lead, vignettes, consented_worker):
    services.vignette_archive(actor=lead, vignette=vignettes[2])
    services.vignette_archive(actor=lead, vignette=vignettes[2], archived=False)
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="online"
    )
    assert vignettes[2].pk in set(session.vignettes.values_list("vignette_id", flat=True))


def test_a_vignette_no_session_has_shown_can_be_deleted(study, lead, vignettes):
    services.vignette_delete(actor=lead, vignette=vignettes[4])
    assert not Vignette.objects.filter(pk=vignettes[4].pk).exists()
    assert _titles(study) == ["Story 1", "Story 2", "Story 3", "Story 4"]


def test_a_shown_vignette_cannot_be_deleted(lead, vignettes, online):
    with pytest.raises(ValidationError, match="archive it instead"):
        services.vignette_delete(actor=lead, vignette=vignettes[0])
    assert Vignette.objects.filter(pk=vignettes[0].pk).exists()


def test_moving_a_vignette_up_reorders_the_vignettes(study, lead, vignettes):
    services.vignette_move(actor=lead, vignette=vignettes[3], offset=-2)
    assert _titles(study) == ["Story 1", "Story 4", "Story 2", "Story 3", "Story 5"]
    positions = list(
        Vignette.objects.filter(study=study).order_by("position").values_list("position", flat=True)
    )
    assert positions == [0, 1, 2, 3, 4]


def test_moving_a_vignette_down_reorders_the_vignettes(study, lead, vignettes):
    services.vignette_move(actor=lead, vignette=vignettes[0], offset=1)
    assert _titles(study) == ["Story 2", "Story 1", "Story 3", "Story 4", "Story 5"]


def test_moving_past_either_end_stops_at_the_end(study, lead, vignettes):
    services.vignette_move(actor=lead, vignette=vignettes[1], offset=-10)
    services.vignette_move(actor=lead, vignette=vignettes[2], offset=10)
    assert _titles(study) == ["Story 2", "Story 1", "Story 4", "Story 5", "Story 3"]


# --- Questions ---------------------------------------------------------------------------


def test_a_choice_question_keeps_its_options(study, lead):
    question = services.question_create(
        actor=lead, study=study, prompt="Who should act?", kind="choice",
        choices=[" The worker ", "", "The family"],
    )  # fmt: skip
    question.refresh_from_db()
    assert question.choices == ["The worker", "The family"]


@pytest.mark.parametrize(
    "choices",
    [[], ["Only one"], ["Only one", "  "], ["Yes", "yes"], ["Yes", " Yes "]],
    ids=["none", "one", "one-and-blank", "same-but-case", "same-but-spaces"],
)
def test_a_choice_question_needs_two_distinct_options(study, lead, choices):
    with pytest.raises(ValidationError) as error:
        services.question_create(
            actor=lead, study=study, prompt="Who should act?", kind="choice", choices=choices
        )
    assert "choices" in error.value.message_dict
    assert not Question.objects.filter(study=study).exists()


def test_a_closing_question_cannot_belong_to_a_vignette(study, lead, vignettes):
    before = Question.objects.count()
    with pytest.raises(ValidationError) as error:
        services.question_create(
            actor=lead, study=study, prompt="Anything else?", stage="closing",
            vignette=vignettes[0],
        )  # fmt: skip
    assert "vignette" in error.value.message_dict
    assert Question.objects.count() == before


def test_a_question_cannot_follow_another_studys_vignette(study, lead, outsider, other_study):
    theirs = services.vignette_create(actor=outsider, study=other_study, title="T", text="Theirs.")
    with pytest.raises(ValidationError) as error:
        services.question_create(actor=lead, study=study, prompt="Why?", vignette=theirs)
    assert "vignette" in error.value.message_dict
    assert not Question.objects.filter(study=study).exists()


def test_a_question_cannot_be_for_another_studys_role(study, lead, other_study):
    theirs = other_study.roles.get(code="MHW")
    with pytest.raises(ValidationError) as error:
        services.question_create(actor=lead, study=study, prompt="Why?", role=theirs)
    assert "role" in error.value.message_dict
    assert not Question.objects.filter(study=study).exists()


def test_a_question_for_one_role_of_the_study_is_kept(study, lead):
    service_users = study.roles.get(code="SU")
    question = services.question_create(actor=lead, study=study, prompt="Why?", role=service_users)
    question.refresh_from_db()
    assert question.role == service_users


@pytest.mark.parametrize(
    ("low", "high"), [(5, 5), (5, 1), (1, 22)], ids=["flat", "upside-down", "too-many-steps"]
)
def test_a_scale_must_run_upwards_in_at_most_twenty_steps(study, lead, low, high):
    with pytest.raises(ValidationError) as error:
        services.question_create(
            actor=lead, study=study, prompt="How likely?", kind="scale", scale_min=low,
            scale_max=high,
        )  # fmt: skip
    assert "scale_max" in error.value.message_dict
    assert not Question.objects.filter(study=study).exists()


@pytest.mark.parametrize(("low", "high"), [(1, 2), (0, 20), (-10, 10)])
def test_a_scale_within_the_bounds_is_kept(study, lead, low, high):
    question = services.question_create(
        actor=lead, study=study, prompt="How likely?", kind="scale", scale_min=low,
        scale_max=high,
    )  # fmt: skip
    question.refresh_from_db()
    assert (question.scale_min, question.scale_max) == (low, high)


def test_an_answered_question_can_be_reworded(answered, lead):
    services.question_update(actor=lead, question=answered, prompt="What happens next, then?")
    answered.refresh_from_db()
    assert answered.prompt == "What happens next, then?"


def test_an_answered_question_cannot_change_kind(answered, lead):
    with pytest.raises(ValidationError) as error:
        services.question_update(
            actor=lead, question=answered, kind="choice", choices=["Good", "Bad"]
        )
    assert "kind" in error.value.message_dict
    answered.refresh_from_db()
    assert (answered.kind, answered.choices) == ("text", [])


def test_an_answered_choice_question_cannot_change_its_options(lead, online, choice_question):
    session, _token = online
    page = session_pages(session)[0]
    services.answers_save(session=session, page=page, answers={choice_question.pk: "The worker"})
    with pytest.raises(ValidationError) as error:
        services.question_update(
            actor=lead, question=choice_question, choices=["The worker", "Nobody"]
        )
    assert "choices" in error.value.message_dict
    choice_question.refresh_from_db()
    assert choice_question.choices == ["The worker", "The family"]


def test_an_answered_scale_question_keeps_its_range(lead, study, online):
    session, _token = online
    scale = services.question_create(
        actor=lead, study=study, prompt="How worried?", kind="scale", scale_min=1, scale_max=5
    )
    page = session_pages(session)[0]
    services.answers_save(session=session, page=page, answers={scale.pk: "4"})
    with pytest.raises(ValidationError) as error:
        services.question_update(actor=lead, question=scale, scale_max=7)
    assert "scale_max" in error.value.message_dict
    scale.refresh_from_db()
    assert (scale.scale_min, scale.scale_max) == (1, 5)


def test_an_answered_question_cannot_move_to_the_closing_page(answered, lead):
    with pytest.raises(ValidationError) as error:
        services.question_update(actor=lead, question=answered, stage="closing")
    assert "stage" in error.value.message_dict
    answered.refresh_from_db()
    assert answered.stage == "vignette"


def test_an_unanswered_choice_question_can_change_its_options(lead, choice_question):
    services.question_update(actor=lead, question=choice_question, choices=["The worker", "Nobody"])
    choice_question.refresh_from_db()
    assert choice_question.choices == ["The worker", "Nobody"]


def test_an_answered_question_cannot_be_deleted(answered, lead):
    with pytest.raises(ValidationError, match="cannot be deleted"):
        services.question_delete(actor=lead, question=answered)
    assert Question.objects.filter(pk=answered.pk).exists()


def test_an_unanswered_question_can_be_deleted(lead, vignettes):
    question = Question.objects.get(stage="closing")
    services.question_delete(actor=lead, question=question)
    assert not Question.objects.filter(pk=question.pk).exists()


# --- Who may author ----------------------------------------------------------------------


def _everything(study) -> tuple:
    """All authored state of the study, to show that a refused change changed nothing."""
    return (
        list(
            Vignette.objects.filter(study=study).values_list(
                "pk", "position", "archived", "validation_status", "current_id"
            )
        ),
        list(
            VignetteVersion.objects.filter(vignette__study=study).values_list(
                "pk", "number", "title", "text"
            )
        ),
        list(Question.objects.filter(study=study).values_list("pk", "prompt", "kind", "position")),
    )


AUTHORING = {
    "vignette_create": lambda actor, study, vignette, question: services.vignette_create(
        actor=actor, study=study, title="New", text="New words."
    ),
    "vignette_update": lambda actor, study, vignette, question: services.vignette_update(
        actor=actor,
        vignette=vignette,
        title="Changed",
        text="Changed.",
        validation_status="validated",
    ),  # fmt: skip
    "vignette_archive": lambda actor, study, vignette, question: services.vignette_archive(
        actor=actor, vignette=vignette
    ),
    "vignette_delete": lambda actor, study, vignette, question: services.vignette_delete(
        actor=actor, vignette=vignette
    ),
    "vignette_move": lambda actor, study, vignette, question: services.vignette_move(
        actor=actor, vignette=vignette, offset=1
    ),
    "question_create": lambda actor, study, vignette, question: services.question_create(
        actor=actor, study=study, prompt="New question?"
    ),
    "question_update": lambda actor, study, vignette, question: services.question_update(
        actor=actor, question=question, prompt="Changed?"
    ),
    "question_delete": lambda actor, study, vignette, question: services.question_delete(
        actor=actor, question=question
    ),
}


@pytest.mark.parametrize("operation", AUTHORING)
@pytest.mark.parametrize(
    ("persona", "refusal"),
    [
        ("coder", PermissionDenied),
        ("viewer", PermissionDenied),
        ("consent_admin", PermissionDenied),
        ("outsider", Http404),
    ],
)
def test_only_leads_and_researchers_author_vignettes_and_questions(
    study, vignettes, personas, persona, refusal, operation
):
    question = Question.objects.filter(study=study).first()
    before = _everything(study)
    with pytest.raises(refusal):
        AUTHORING[operation](personas[persona], study, vignettes[0], question)
    assert _everything(study) == before


@pytest.mark.parametrize("operation", AUTHORING)
@pytest.mark.parametrize("persona", ["lead", "researcher"])
def test_leads_and_researchers_may_author_vignettes_and_questions(
    study, vignettes, personas, persona, operation
):
    question = Question.objects.filter(study=study).first()
    before = _everything(study)
    AUTHORING[operation](personas[persona], study, vignettes[0], question)
    assert _everything(study) != before


# --- Interview settings ------------------------------------------------------------------


def test_interview_settings_default_to_counterbalancing_until_chosen(study):
    found = services.interview_settings_for(study)
    assert found.pk is None
    assert found.order_policy == "counterbalanced"


def test_interview_settings_are_saved(study, researcher):
    services.interview_settings_update(
        actor=researcher, study=study, order_policy="fixed", dyad_same_order=True,
        alert_email="team@example.org",
    )  # fmt: skip
    saved = InterviewSettings.objects.get(study=study)
    assert (saved.order_policy, saved.dyad_same_order) == ("fixed", True)
    assert saved.alert_email == "team@example.org"


def test_a_bad_alert_address_is_refused_and_nothing_saved(study, lead):
    with pytest.raises(ValidationError) as error:
        services.interview_settings_update(actor=lead, study=study, alert_email="not an address")
    assert "alert_email" in error.value.message_dict
    assert not InterviewSettings.objects.filter(study=study).exists()


def test_a_bad_alert_address_leaves_earlier_settings_as_they_were(study, lead):
    services.interview_settings_update(actor=lead, study=study, alert_email="team@example.org")
    with pytest.raises(ValidationError):
        services.interview_settings_update(
            actor=lead, study=study, order_policy="fixed", alert_email="team@"
        )
    saved = InterviewSettings.objects.get(study=study)
    assert (saved.order_policy, saved.alert_email) == ("counterbalanced", "team@example.org")


def test_an_unknown_order_policy_is_refused(study, lead):
    with pytest.raises(ValidationError) as error:
        services.interview_settings_update(actor=lead, study=study, order_policy="alphabetical")
    assert "order_policy" in error.value.message_dict
    assert not InterviewSettings.objects.filter(study=study).exists()


def test_a_field_that_is_not_an_interview_setting_is_refused(study, lead):
    with pytest.raises(ValueError, match="order"):
        services.interview_settings_update(actor=lead, study=study, order="fixed")
    assert not InterviewSettings.objects.filter(study=study).exists()


@pytest.mark.parametrize(
    ("persona", "refusal"),
    [
        ("coder", PermissionDenied),
        ("viewer", PermissionDenied),
        ("consent_admin", PermissionDenied),
        ("outsider", Http404),
    ],
)
def test_only_leads_and_researchers_change_interview_settings(study, personas, persona, refusal):
    with pytest.raises(refusal):
        services.interview_settings_update(
            actor=personas[persona], study=study, order_policy="fixed"
        )
    assert not InterviewSettings.objects.filter(study=study).exists()
