import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from studies import services
from studies.models import AttributeValue
from tests.factories import give_consent


@pytest.fixture
def worker(worker, lead):
    """The shared worker, consented: nothing is collected about anyone without consent."""
    give_consent(worker, lead)
    return worker


@pytest.fixture
def age(study, lead):
    return services.attribute_create(
        actor=lead, study=study, label="Age", kind="number", required=True,
        min_value=18, max_value=99,
    )  # fmt: skip


@pytest.fixture
def gender(study, lead):
    return services.attribute_create(
        actor=lead, study=study, label="Gender", kind="single", choices=["Woman", "Man"]
    )


@pytest.fixture
def supports(study, lead):
    return services.attribute_create(
        actor=lead, study=study, label="Support received", kind="multiple",
        choices=["Care coordinator", "Peer support", "Housing"],
    )  # fmt: skip


def test_answers_are_stored_in_their_kinds_form(lead, worker, age, gender, supports, study):
    started = services.attribute_create(actor=lead, study=study, label="Started", kind="date")
    services.attribute_values_save(actor=lead, participant=worker, answers={
        age.pk: "41", gender.pk: "Woman", supports.pk: ["Housing", "Care coordinator"],
        started.pk: "2019-04-01",
    })  # fmt: skip
    stored = dict(AttributeValue.objects.values_list("attribute__label", "value"))
    assert stored == {
        "Age": 41, "Gender": "Woman", "Support received": ["Care coordinator", "Housing"],
        "Started": "2019-04-01",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("age", "17", "Enter 18 or more."),
        ("age", "120", "Enter 99 or less."),
        ("age", "forty", "Enter a number."),
        ("age", "nan", "Enter a number."),
        ("gender", "Other", "Choose one of the listed options."),
        ("supports", ["Housing", "Money"], "Choose only from the listed options."),
    ],
)
def test_a_bad_answer_is_refused_with_a_message_and_nothing_is_saved(
    request, lead, worker, age, gender, supports, field, raw, message
):
    attribute = request.getfixturevalue(field)
    answers = {age.pk: "40", gender.pk: "Man", attribute.pk: raw}
    with pytest.raises(ValidationError) as error:
        services.attribute_values_save(actor=lead, participant=worker, answers=answers)
    assert error.value.message_dict == {f"attribute_{attribute.pk}": [message]}
    assert not AttributeValue.objects.exists()


def test_a_required_answer_left_empty_is_named(lead, worker, age, gender):
    with pytest.raises(ValidationError) as error:
        services.attribute_values_save(
            actor=lead, participant=worker, answers={age.pk: "", gender.pk: "Man"}
        )
    assert error.value.message_dict == {f"attribute_{age.pk}": ["This question needs an answer."]}


def test_a_bad_date_is_refused(lead, worker, study):
    started = services.attribute_create(actor=lead, study=study, label="Started", kind="date")
    with pytest.raises(ValidationError):
        services.attribute_values_save(
            actor=lead, participant=worker, answers={started.pk: "31/02/2020"}
        )


def test_clearing_an_answer_removes_it(lead, worker, gender):
    services.attribute_values_save(actor=lead, participant=worker, answers={gender.pk: "Man"})
    services.attribute_values_save(actor=lead, participant=worker, answers={gender.pk: ""})
    assert not AttributeValue.objects.exists()


def test_a_question_for_the_other_role_is_refused(lead, worker, study):
    su_only = services.attribute_create(
        actor=lead, study=study, label="Diagnosis", kind="text", role=study.roles.get(code="SU")
    )
    with pytest.raises(ValidationError, match="Not a question"):
        services.attribute_values_save(
            actor=lead, participant=worker, answers={su_only.pk: "Depression"}
        )


def test_a_choice_question_needs_two_distinct_options(lead, study):
    with pytest.raises(ValidationError) as error:
        services.attribute_create(actor=lead, study=study, label="X", kind="single", choices=["A"])
    assert "choices" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.attribute_create(
            actor=lead, study=study, label="X", kind="single", choices=["A", "a"]
        )


def test_an_answered_questions_kind_and_used_options_stay(lead, worker, gender):
    services.attribute_values_save(actor=lead, participant=worker, answers={gender.pk: "Woman"})
    with pytest.raises(ValidationError) as error:
        services.attribute_update(
            actor=lead, attribute=gender, label="Gender", kind="text", choices=[]
        )
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.attribute_update(
            actor=lead, attribute=gender, label="Gender", kind="single", choices=["Man", "Other"]
        )
    assert "Woman" in error.value.message_dict["choices"][0]
    services.attribute_update(
        actor=lead, attribute=gender, label="Gender identity", kind="single",
        choices=["Woman", "Man", "Non-binary"],
    )  # fmt: skip
    gender.refresh_from_db()
    assert gender.choices == ["Woman", "Man", "Non-binary"]


def test_groups_are_checked_against_the_question(lead, age, gender):
    services.attribute_set_groups(actor=lead, attribute=age, groups=[["Under 40", None, 39]])
    age.refresh_from_db()
    assert age.groups == [["Under 40", None, 39.0]]
    with pytest.raises(ValidationError):
        services.attribute_set_groups(actor=lead, attribute=age, groups=[["Odd", 50, 40]])
    with pytest.raises(ValidationError, match="Not an option"):
        services.attribute_set_groups(
            actor=lead, attribute=gender, groups=[["All", ["Woman", "X"]]]
        )
    with pytest.raises(ValidationError, match="one group only"):
        services.attribute_set_groups(
            actor=lead, attribute=gender, groups=[["A", ["Woman"]], ["B", ["Woman", "Man"]]]
        )


# --- Pages -----------------------------------------------------------------------------


def test_the_form_page_keeps_what_was_typed_when_one_answer_is_wrong(
    client, lead, study, worker, age, gender
):
    client.force_login(lead)
    url = reverse("participant-information", args=[study.slug, worker.pk])
    response = client.post(url, {f"attribute_{age.pk}": "12", f"attribute_{gender.pk}": "Man"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter 18 or more." in body
    assert 'value="Man" selected' in body
    assert 'value="12"' in body
    assert not AttributeValue.objects.exists()
    response = client.post(url, {f"attribute_{age.pk}": "44", f"attribute_{gender.pk}": "Man"})
    assert response.status_code == 302
    assert AttributeValue.objects.count() == 2


def test_adding_a_question_by_page_with_options_one_per_line(client, lead, study):
    client.force_login(lead)
    response = client.post(
        reverse("study-attributes", args=[study.slug]),
        {"label": "Profession", "kind": "single", "choices": "Nurse\r\nSocial worker\r\n\r\n"},
    )
    assert response.status_code == 302
    assert study.attributes.get().choices == ["Nurse", "Social worker"]


def test_groups_typed_as_text_are_saved(client, lead, study, age):
    client.force_login(lead)
    response = client.post(
        reverse("attribute-edit", args=[study.slug, age.pk]),
        {"save-groups": "", "groups": "18 to 34: 18-34\n35 and over: 35-"},
    )
    assert response.status_code == 302
    age.refresh_from_db()
    assert age.groups == [["18 to 34", 18.0, 34.0], ["35 and over", 35.0, None]]


def test_badly_written_groups_show_the_line_at_fault(client, lead, study, age):
    client.force_login(lead)
    response = client.post(
        reverse("attribute-edit", args=[study.slug, age.pk]),
        {"save-groups": "", "groups": "18 to 34: 18-34\nno colon here"},
    )
    assert "Line 2" in response.content.decode()
    age.refresh_from_db()
    assert age.groups == []


def test_questions_move_up_and_down_the_form(client, lead, study, age, gender, supports):
    client.force_login(lead)
    url = reverse("attribute-move", args=[study.slug, supports.pk])
    client.post(url, {"direction": "up"})
    assert list(study.attributes.values_list("label", flat=True)) == [
        "Age", "Support received", "Gender",
    ]  # fmt: skip
    client.post(reverse("attribute-move", args=[study.slug, age.pk]), {"direction": "up"})
    client.post(reverse("attribute-move", args=[study.slug, age.pk]), {"direction": "down"})
    assert list(study.attributes.values_list("label", flat=True)) == [
        "Support received", "Age", "Gender",
    ]  # fmt: skip


def test_nothing_is_recorded_about_someone_who_has_not_consented(client, lead, study, age):
    mhw = study.roles.get(code="MHW")
    newcomer = services.participant_add(actor=lead, study=study, role=mhw, site=None)
    with pytest.raises(services.ConsentRequired):
        services.attribute_values_save(actor=lead, participant=newcomer, answers={age.pk: 40})
    client.force_login(lead)
    url = reverse("participant-information", args=[study.slug, newcomer.pk])
    assert "has no current consent" in client.get(url).content.decode()
    response = client.post(url, {f"attribute_{age.pk}": "40"})
    assert "has not given consent yet" in response.content.decode()
    assert 'value="40"' in response.content.decode()  # what was typed stays on the page
    assert not AttributeValue.objects.filter(participant=newcomer).exists()


MARKUP = 'Ask <script>alert("x")</script> or see <a href="https://elsewhere.example/">this</a>'


def test_it_shows_a_questions_help_text_as_text_on_the_teams_form(client, lead, study, worker):
    services.attribute_create(actor=lead, study=study, label="Town", kind="text", help_text=MARKUP)
    client.force_login(lead)
    page = client.get(reverse("participant-information", args=[study.slug, worker.pk]))
    html = page.content.decode()
    assert "<script>" not in html and '<a href="https://elsewhere.example/"' not in html
    assert "Ask &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; or see &lt;a href=" in html


def test_help_text_that_code_builds_as_html_keeps_its_markup(client, lead):
    # The password rules are Django's own list, marked safe where they are built.
    client.force_login(lead)
    html = client.get(reverse("password_change")).content.decode()
    assert "<ul><li>" in html and "&lt;ul&gt;" not in html
