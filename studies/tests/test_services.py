import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from studies import services
from studies.models import Membership, Role, Study, User
from tests.factories import UserFactory


def test_creating_a_study_makes_the_creator_its_lead(lead):
    study = services.study_create(creator=lead, title="Housing and risk")
    assert Membership.objects.get(study=study, user=lead).role == "lead"
    assert study.slug == "housing-and-risk"
    assert study.status == "setup"


def test_a_new_study_has_the_worker_and_service_user_roles(lead):
    study = services.study_create(creator=lead, title="Housing and risk")
    roles = list(Role.objects.filter(study=study).values_list("code", "label", "recruitment"))
    assert roles == [
        ("MHW", "Mental health worker", "first"),
        ("SU", "Service user", "nominated"),
    ]


def test_two_studies_with_one_title_get_different_addresses(lead):
    first = services.study_create(creator=lead, title="Same title")
    second = services.study_create(creator=lead, title="Same title")
    third = services.study_create(creator=lead, title="Same title")
    assert [first.slug, second.slug, third.slug] == ["same-title", "same-title-2", "same-title-3"]


def test_a_title_that_is_a_page_name_gets_another_address(lead):
    assert services.study_create(creator=lead, title="New").slug == "new-2"


def test_a_blank_title_is_refused_and_nothing_is_created(lead):
    with pytest.raises(ValidationError) as error:
        services.study_create(creator=lead, title="   ")
    assert "title" in error.value.message_dict
    assert not Study.objects.exists()


def test_a_coder_cannot_edit_the_study(study, coder):
    with pytest.raises(PermissionDenied):
        services.study_update(actor=coder, study=study, title="Mine now")
    study.refresh_from_db()
    assert study.title == "Risk and recovery"


def test_an_outsider_gets_not_found_when_editing(study, outsider):
    with pytest.raises(Http404):
        services.study_update(actor=outsider, study=study, title="Mine now")


def test_an_unknown_status_is_refused(study, lead):
    with pytest.raises(ValidationError) as error:
        services.study_update(actor=lead, study=study, status="finished")
    assert "status" in error.value.message_dict


def test_adding_an_unknown_email_invites_a_new_account(
    study, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_add(
            actor=lead, study=study, email="New.Person@Example.org", role="coder"
        )
    user = membership.user
    assert user.email == "New.Person@Example.org"
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["New.Person@Example.org"]
    assert "Risk and recovery" in message.subject
    assert "/accounts/reset/" in message.body


def test_adding_an_existing_account_matches_email_without_case_and_sends_nothing(
    study, lead, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_add(
            actor=lead, study=study, email="KNOWN@example.org", role="viewer"
        )
    assert membership.user == existing
    assert mail.outbox == []
    assert User.objects.filter(email__iexact="known@example.org").count() == 1


def test_adding_someone_twice_is_refused_with_a_message(study, lead, coder):
    with pytest.raises(ValidationError) as error:
        services.membership_add(actor=lead, study=study, email=coder.email, role="viewer")
    assert error.value.message_dict["email"] == ["This person is already a member of the study."]
    assert Membership.objects.get(study=study, user=coder).role == "coder"


def test_an_unknown_team_role_is_refused(study, lead):
    with pytest.raises(ValidationError):
        services.membership_add(actor=lead, study=study, email="x@example.org", role="owner")
    assert not User.objects.filter(email="x@example.org").exists()


def test_the_last_lead_cannot_step_down(study, lead):
    membership = Membership.objects.get(study=study, user=lead)
    with pytest.raises(ValidationError, match="at least one lead"):
        services.membership_change_role(actor=lead, membership=membership, role="researcher")
    membership.refresh_from_db()
    assert membership.role == "lead"


def test_the_last_lead_cannot_be_removed(study, lead):
    membership = Membership.objects.get(study=study, user=lead)
    with pytest.raises(ValidationError, match="at least one lead"):
        services.membership_remove(actor=lead, membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_lead_may_step_down_once_there_is_another_lead(study, lead, researcher):
    other = Membership.objects.get(study=study, user=researcher)
    services.membership_change_role(actor=lead, membership=other, role="lead")
    mine = Membership.objects.get(study=study, user=lead)
    services.membership_change_role(actor=lead, membership=mine, role="viewer")
    assert Membership.objects.get(study=study, user=lead).role == "viewer"


def test_adding_a_site_with_a_taken_name_is_refused(study, lead):
    services.site_add(actor=lead, study=study, name="Riverside CMHT", borough="Northgate")
    with pytest.raises(ValidationError) as error:
        services.site_add(actor=lead, study=study, name="riverside cmht")
    assert "name" in error.value.message_dict
    assert study.sites.count() == 1


def test_rotating_the_api_token_replaces_the_old_one(lead):
    first = services.api_token_rotate(user=lead)
    second = services.api_token_rotate(user=lead)
    assert first.key != second.key
    lead.refresh_from_db()
    assert lead.auth_token.key == second.key


def test_an_email_taken_as_another_accounts_username_is_refused_clearly(study, lead):
    UserFactory(username="shared@example.org", email="someone.else@example.org")
    with pytest.raises(ValidationError) as error:
        services.membership_add(actor=lead, study=study, email="Shared@example.org", role="coder")
    assert "username" in error.value.message_dict["email"][0]
    assert not study.memberships.filter(user__username="shared@example.org").exists()
