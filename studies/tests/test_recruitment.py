from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from studies import services
from studies.models import (
    Dyad,
    Participant,
    ParticipantContact,
    RecruitmentEvent,
    RecruitmentStatus,
)
from studies.services.recruitment import NEXT_STATUSES


@pytest.fixture
def mhw(study):
    return study.roles.get(code="MHW")


@pytest.fixture
def su(study):
    return study.roles.get(code="SU")


@pytest.fixture
def site(study, lead):
    return services.site_add(actor=lead, study=study, name="Riverside", borough="Northgate")


def _add(lead, study, mhw, site, **contact):
    return services.participant_add(actor=lead, study=study, role=mhw, site=site, **contact)


def test_workers_get_pseudonyms_in_order(study, lead, mhw, site):
    first, second, third = (_add(lead, study, mhw, site) for _ in range(3))
    assert [first.pseudonym, second.pseudonym, third.pseudonym] == ["MHW1", "MHW2", "MHW3"]


def test_a_pseudonym_is_never_reused_even_after_withdrawal(study, lead, mhw, site):
    first = _add(lead, study, mhw, site)
    services.withdrawal_record(actor=lead, participant=first, choice="remove_all")
    assert _add(lead, study, mhw, site).pseudonym == "MHW2"


def test_a_withdrawn_participant_cannot_be_deleted(study, lead, mhw, site):
    first = _add(lead, study, mhw, site)
    services.withdrawal_record(actor=lead, participant=first, choice="keep")
    with pytest.raises(ProtectedError):
        Participant.objects.filter(pk=first.pk).delete()


def test_the_database_refuses_a_duplicate_pseudonym(study, lead, mhw, site):
    first = _add(lead, study, mhw, site)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(
            study=study, role=mhw, site=site, number=99, pseudonym=first.pseudonym
        )


def test_adding_a_worker_records_identified_and_keeps_contact_apart(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site, name="Alex Doe", email="alex@example.org")
    assert worker.status == "identified"
    assert list(worker.recruitment_events.values_list("status", flat=True)) == ["identified"]
    contact = ParticipantContact.objects.get(participant=worker)
    assert (contact.name, contact.email) == ("Alex Doe", "alex@example.org")


def test_a_service_user_cannot_be_added_directly(study, lead, su, site):
    with pytest.raises(ValidationError) as error:
        services.participant_add(actor=lead, study=study, role=su, site=site)
    assert "nomination" in error.value.message_dict["role"][0]
    assert not Participant.objects.exists()


def test_a_site_of_another_study_is_refused(study, lead, mhw, outsider):
    other = services.site_add(
        actor=outsider, study=outsider.memberships.get().study, name="Elsewhere"
    )
    with pytest.raises(ValidationError) as error:
        services.participant_add(actor=lead, study=study, role=mhw, site=other)
    assert "site" in error.value.message_dict
    assert not Participant.objects.filter(study=study).exists()


def test_a_coder_cannot_recruit(study, coder, mhw, site):
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=coder, study=study, role=mhw, site=site)


def test_a_nomination_creates_the_service_user_at_the_workers_site_and_the_dyad(
    study, lead, mhw, site
):
    worker = _add(lead, study, mhw, site)
    dyad = services.participant_nominate(actor=lead, worker=worker, name="Sam Roe")
    service_user = dyad.service_user
    assert service_user.pseudonym == "SU1"
    assert service_user.site == site
    assert dyad.worker == worker
    assert service_user.contact.name == "Sam Roe"
    assert "Nominated by MHW1" in service_user.recruitment_events.get().note


def test_a_worker_nominates_once_and_is_told_why(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    services.participant_nominate(actor=lead, worker=worker)
    with pytest.raises(ValidationError, match="already nominated"):
        services.participant_nominate(actor=lead, worker=worker)
    assert Participant.objects.filter(role__code="SU").count() == 1


def test_a_dyad_of_two_workers_is_refused(study, lead, mhw, site):
    one, two = _add(lead, study, mhw, site), _add(lead, study, mhw, site)
    with pytest.raises(ValidationError) as error:
        services.dyad_create(actor=lead, worker=one, service_user=two)
    assert "service_user" in error.value.message_dict
    assert not Dyad.objects.exists()


def test_the_database_keeps_each_person_in_one_dyad(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    dyad = services.participant_nominate(actor=lead, worker=worker)
    other = _add(lead, study, mhw, site)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dyad.objects.create(study=study, worker=other, service_user=dyad.service_user)


def test_pairing_a_service_user_already_in_a_dyad_is_explained(study, lead, mhw, site):
    dyad = services.participant_nominate(actor=lead, worker=_add(lead, study, mhw, site))
    other = _add(lead, study, mhw, site)
    with pytest.raises(ValidationError) as error:
        services.dyad_create(actor=lead, worker=other, service_user=dyad.service_user)
    assert "already in a dyad" in error.value.message_dict["service_user"][0]


def test_status_changes_are_events_with_who_when_and_note(study, lead, researcher, mhw, site):
    worker = _add(lead, study, mhw, site)
    services.participant_set_status(
        actor=researcher, participant=worker, status="approached", note="Met at team meeting"
    )
    worker.refresh_from_db()
    assert worker.status == "approached"
    event = worker.recruitment_events.last()
    assert (event.status, event.by, event.note) == ("approached", researcher, "Met at team meeting")


def test_a_step_can_be_dated_earlier_but_not_in_the_future_or_out_of_order(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    RecruitmentEvent.objects.filter(participant=worker).update(
        at=timezone.now() - timedelta(days=10)
    )
    services.participant_set_status(
        actor=lead, participant=worker, status="approached",
        at=timezone.now() - timedelta(days=5),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.participant_set_status(
            actor=lead, participant=worker, status="consented",
            at=timezone.now() + timedelta(days=1),
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.participant_set_status(
            actor=lead, participant=worker, status="consented",
            at=timezone.now() - timedelta(days=7),
        )  # fmt: skip
    worker.refresh_from_db()
    assert worker.status == "approached"


def test_a_withdrawn_participants_recruitment_is_final(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    services.withdrawal_record(actor=lead, participant=worker, choice="keep")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.participant_set_status(actor=lead, participant=worker, status="consented")


def test_an_unknown_status_is_refused(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    with pytest.raises(ValidationError):
        services.participant_set_status(actor=lead, participant=worker, status="keen")


def test_a_bad_contact_email_is_refused_and_nothing_is_created(study, lead, mhw, site):
    with pytest.raises(ValidationError) as error:
        _add(lead, study, mhw, site, email="not-an-email")
    assert "email" in error.value.message_dict
    assert not Participant.objects.exists()


def test_roles_cannot_change_once_recruitment_started(study, lead, mhw, site):
    services.role_update(actor=lead, role=mhw, code="CW", label="Care worker")
    _add(lead, study, mhw, site)
    with pytest.raises(ValidationError, match="recruitment has started"):
        services.role_update(actor=lead, role=mhw, code="MHW", label="Mental health worker")
    mhw.refresh_from_db()
    assert mhw.code == "CW"


def test_a_bad_role_code_is_refused(study, lead, mhw):
    for code in ("", "mh w", "1AB", "TOOLONGCODE1"):
        with pytest.raises(ValidationError):
            services.role_update(actor=lead, role=mhw, code=code, label="Worker")


def test_a_site_with_participants_cannot_be_removed(study, lead, mhw, site):
    _add(lead, study, mhw, site)
    with pytest.raises(ValidationError, match="rename it instead"):
        services.site_remove(actor=lead, site=site)
    assert study.sites.filter(pk=site.pk).exists()


def test_withdrawal_is_not_a_plain_status_change(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    with pytest.raises(ValidationError, match="record it as a withdrawal"):
        services.participant_set_status(actor=lead, participant=worker, status="withdrawn")
    worker.refresh_from_db()
    assert worker.status == "identified"


def test_it_refuses_a_step_back_from_interviewed_to_identified_and_says_why(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    for status in ("consented", "interviewed"):
        services.participant_set_status(actor=lead, participant=worker, status=status)
    with pytest.raises(ValidationError) as error:
        services.participant_set_status(actor=lead, participant=worker, status="identified")
    assert error.value.message_dict["status"] == [
        "MHW1 is interviewed, the last recruitment step: it cannot move to identified."
    ]
    worker.refresh_from_db()
    assert worker.status == "interviewed"
    assert worker.recruitment_events.count() == 3


def test_it_names_the_steps_that_may_follow(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    with pytest.raises(ValidationError) as error:
        services.participant_set_status(actor=lead, participant=worker, status="interviewed")
    assert error.value.message_dict["status"] == [
        "MHW1 is identified: the next step is approached, consented or declined, not interviewed."
    ]


def test_it_lets_a_rescheduled_interview_and_a_change_of_mind_be_recorded(study, lead, mhw, site):
    worker = _add(lead, study, mhw, site)
    for status in ("declined", "approached", "consented", "interview_scheduled",
                   "interview_scheduled", "interviewed"):  # fmt: skip
        services.participant_set_status(actor=lead, participant=worker, status=status)
    worker.refresh_from_db()
    assert worker.status == "interviewed"


def test_every_status_has_its_next_steps_decided():
    assert set(NEXT_STATUSES) == set(RecruitmentStatus.values)
