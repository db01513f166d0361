"""Making interview sessions: the vignette order each one is given and stores, who may
make them and for whom, and what a withdrawal with removal takes away."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from interviews import services
from interviews.models import (
    InterviewSession,
    Response,
    SessionVignette,
    SpeakerTurn,
    Transcript,
)
from studies import services as study_services
from tests.factories import give_consent


def _order(session) -> list[int]:
    return list(session.vignettes.order_by("position").values_list("vignette_id", flat=True))


def _recruit(study, lead, count: int, role_code: str = "MHW") -> list:
    """`count` consented participants of a role recruited first."""
    role = study.roles.get(code=role_code)
    people = []
    for _ in range(count):
        person = study_services.participant_add(actor=lead, study=study, role=role, site=None)
        give_consent(person, lead)
        people.append(person)
    return people


def _nominated(worker, lead):
    """The consented service user `worker` nominates."""
    service_user = study_services.participant_nominate(actor=lead, worker=worker).service_user
    give_consent(service_user, lead)
    return service_user


def _interview_all(people, lead) -> list[InterviewSession]:
    """A session for each, in turn: every other one interviewed in person to the end, the
    rest left open online (open sessions count towards balance as completed ones do)."""
    sessions = []
    for index, person in enumerate(people):
        if index % 2:
            session, _token = services.session_create(
                actor=lead, participant=person, mode="in_person"
            )
            services.session_start(actor=lead, session=session)
            services.session_complete(actor=lead, session=session)
        else:
            session, _token = services.session_create(actor=lead, participant=person, mode="online")
        sessions.append(session)
    return sessions


def _position_counts(sessions) -> Counter:
    rows = SessionVignette.objects.filter(session__in=sessions)
    return Counter(rows.values_list("vignette_id", "position"))


@pytest.fixture
def counterbalanced(study, lead):
    services.interview_settings_update(actor=lead, study=study, order_policy="counterbalanced")


# --- The stored order --------------------------------------------------------------------


def test_a_session_stores_every_vignette_once_with_its_current_version(online, vignettes):
    session, _token = online
    rows = list(session.vignettes.order_by("position"))
    assert [row.position for row in rows] == [0, 1, 2, 3, 4]
    assert sorted(row.vignette_id for row in rows) == sorted(v.pk for v in vignettes)
    assert all(row.version_id == row.vignette.current_id for row in rows)


def test_the_order_is_fixed_when_the_session_is_made(lead, vignettes, online):
    session, _token = online
    before = list(session.vignettes.order_by("position").values_list("vignette_id", "version_id"))
    services.vignette_move(actor=lead, vignette=vignettes[4], offset=-4)
    services.vignette_archive(actor=lead, vignette=vignettes[1])
    after = list(session.vignettes.order_by("position").values_list("vignette_id", "version_id"))
    assert after == before


def test_a_session_made_with_a_policy_remembers_it(study, lead, vignettes, consented_worker):
    services.interview_settings_update(actor=lead, study=study, order_policy="random")
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="online"
    )
    services.interview_settings_update(actor=lead, study=study, order_policy="fixed")
    session.refresh_from_db()
    assert session.order_policy == "random"


def test_the_fixed_policy_shows_the_vignettes_in_their_own_order(
    study, lead, vignettes, consented_worker
):
    services.interview_settings_update(actor=lead, study=study, order_policy="fixed")
    services.vignette_move(actor=lead, vignette=vignettes[4], offset=-4)
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="online"
    )
    expected = [vignettes[i].pk for i in (4, 0, 1, 2, 3)]
    assert _order(session) == expected


def test_a_random_order_shows_every_vignette_once(study, lead, vignettes, consented_worker):
    services.interview_settings_update(actor=lead, study=study, order_policy="random")
    session, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="online"
    )
    assert sorted(_order(session)) == sorted(v.pk for v in vignettes)


# --- Counterbalancing --------------------------------------------------------------------


@pytest.mark.parametrize("participants", [8, 16])
def test_counterbalancing_puts_every_vignette_in_every_position_within_one(
    study, lead, vignettes, counterbalanced, participants
):
    sessions = _interview_all(_recruit(study, lead, participants), lead)
    counts = _position_counts(sessions)
    assert len(counts) == len(vignettes) ** 2  # every vignette has been in every position
    assert max(counts.values()) - min(counts.values()) <= 1


def test_ten_participants_see_each_vignette_twice_in_each_position(
    study, lead, vignettes, counterbalanced
):
    sessions = _interview_all(_recruit(study, lead, 10), lead)
    counts = _position_counts(sessions)
    assert len(counts) == 25
    assert set(counts.values()) == {2}


def test_the_first_counterbalanced_session_takes_the_designs_first_order(
    vignettes, counterbalanced, online
):
    session, _token = online
    # The first row of the Williams design for five: 0, 1, 4, 2, 3.
    assert _order(session) == [vignettes[i].pk for i in (0, 1, 4, 2, 3)]


def test_an_abandoned_sessions_order_is_given_to_the_next_participant(
    study, lead, vignettes, counterbalanced
):
    first, second, third = _recruit(study, lead, 3)
    kept, _token = services.session_create(actor=lead, participant=first, mode="online")
    abandoned, _token = services.session_create(actor=lead, participant=second, mode="online")
    services.session_abandon(actor=lead, session=abandoned)
    given, _token = services.session_create(actor=lead, participant=third, mode="online")
    assert _order(given) == _order(abandoned)
    assert _order(given) != _order(kept)


def test_service_users_sessions_do_not_count_towards_workers_balance(
    study, lead, vignettes, counterbalanced
):
    nominating, worker = _recruit(study, lead, 2)
    service_user = _nominated(nominating, lead)
    theirs, _token = services.session_create(actor=lead, participant=service_user, mode="online")
    first_worker, _token = services.session_create(actor=lead, participant=worker, mode="online")
    second_worker, _token = services.session_create(
        actor=lead, participant=nominating, mode="online"
    )
    # Each role starts from the design's first order and moves on only with its own.
    assert _order(first_worker) == _order(theirs)
    assert _order(second_worker) != _order(first_worker)


def test_with_dyad_same_order_a_service_user_is_given_their_workers_order(
    study, lead, vignettes, counterbalanced
):
    services.interview_settings_update(actor=lead, study=study, dyad_same_order=True)
    other, partner = _recruit(study, lead, 2)
    service_user = _nominated(partner, lead)
    others, _token = services.session_create(actor=lead, participant=other, mode="online")
    partners, _token = services.session_create(actor=lead, participant=partner, mode="in_person")
    theirs, _token = services.session_create(actor=lead, participant=service_user, mode="online")
    assert _order(theirs) == _order(partners)
    # Without the partner, counterbalancing would have given the service user the first
    # order, which the other worker has.
    assert _order(theirs) != _order(others)


def test_with_dyad_same_order_a_worker_is_given_their_service_users_order(
    study, lead, vignettes, counterbalanced
):
    services.interview_settings_update(actor=lead, study=study, dyad_same_order=True)
    other, partner = _recruit(study, lead, 2)
    service_user = _nominated(partner, lead)
    others, _token = services.session_create(actor=lead, participant=other, mode="online")
    theirs, _token = services.session_create(actor=lead, participant=service_user, mode="online")
    partners, _token = services.session_create(actor=lead, participant=partner, mode="online")
    assert _order(partners) == _order(theirs)
    # Balanced among workers alone, the partner would not repeat the other worker's order.
    assert _order(partners) == _order(others)


def test_with_dyad_same_order_an_abandoned_partners_order_is_not_shared(
    study, lead, vignettes, counterbalanced
):
    services.interview_settings_update(actor=lead, study=study, dyad_same_order=True)
    other, partner = _recruit(study, lead, 2)
    service_user = _nominated(partner, lead)
    services.session_create(actor=lead, participant=other, mode="online")
    partners, _token = services.session_create(actor=lead, participant=partner, mode="online")
    services.session_abandon(actor=lead, session=partners)
    theirs, _token = services.session_create(actor=lead, participant=service_user, mode="online")
    assert _order(theirs) != _order(partners)


def test_without_dyad_same_order_a_service_user_is_balanced_on_their_own(
    study, lead, vignettes, counterbalanced
):
    other, partner = _recruit(study, lead, 2)
    service_user = _nominated(partner, lead)
    others, _token = services.session_create(actor=lead, participant=other, mode="online")
    partners, _token = services.session_create(actor=lead, participant=partner, mode="online")
    theirs, _token = services.session_create(actor=lead, participant=service_user, mode="online")
    assert _order(theirs) == _order(others)
    assert _order(theirs) != _order(partners)


def test_moving_a_vignette_during_data_collection_keeps_the_balance(
    study, lead, vignettes, counterbalanced
):
    people = _recruit(study, lead, 8)
    before = _interview_all(people[:2], lead)
    services.vignette_move(actor=lead, vignette=vignettes[0], offset=1)
    after = _interview_all(people[2:], lead)
    counts = _position_counts(before + after)
    assert len(counts) == 25
    assert max(counts.values()) - min(counts.values()) <= 1


# --- Who gets a session ------------------------------------------------------------------


def test_a_participant_has_one_open_session_at_a_time(lead, consented_worker, online):
    with pytest.raises(ValidationError, match="already has an open session"):
        services.session_create(actor=lead, participant=consented_worker, mode="in_person")
    assert InterviewSession.objects.filter(participant=consented_worker).count() == 1


def test_after_an_abandoned_session_a_new_one_can_be_made(lead, consented_worker, online):
    session, _token = online
    services.session_abandon(actor=lead, session=session)
    again, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    assert again.pk != session.pk
    assert InterviewSession.objects.filter(participant=consented_worker).count() == 2


def test_a_withdrawn_participant_gets_no_session(lead, vignettes, consented_worker):
    study_services.withdrawal_record(actor=lead, participant=consented_worker, choice="keep")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.session_create(actor=lead, participant=consented_worker, mode="online")
    assert not InterviewSession.objects.filter(participant=consented_worker).exists()


def test_a_participant_who_declined_gets_no_session(lead, vignettes, worker):
    study_services.participant_set_status(actor=lead, participant=worker, status="declined")
    with pytest.raises(ValidationError, match="declined"):
        services.session_create(actor=lead, participant=worker, mode="online")
    assert not InterviewSession.objects.filter(participant=worker).exists()


def test_no_session_is_made_without_vignettes(lead, consented_worker):
    with pytest.raises(ValidationError, match="at least one vignette"):
        services.session_create(actor=lead, participant=consented_worker, mode="online")
    assert not InterviewSession.objects.exists()


def test_no_session_is_made_when_every_vignette_is_archived(lead, vignettes, consented_worker):
    for vignette in vignettes:
        services.vignette_archive(actor=lead, vignette=vignette)
    with pytest.raises(ValidationError, match="at least one vignette"):
        services.session_create(actor=lead, participant=consented_worker, mode="online")
    assert not InterviewSession.objects.exists()


def test_an_unknown_mode_is_refused(lead, vignettes, consented_worker):
    with pytest.raises(ValidationError) as error:
        services.session_create(actor=lead, participant=consented_worker, mode="by_phone")
    assert "mode" in error.value.message_dict
    assert not InterviewSession.objects.exists()


def test_the_interviewer_must_be_in_the_study_team(lead, outsider, vignettes, consented_worker):
    with pytest.raises(ValidationError) as error:
        services.session_create(
            actor=lead, participant=consented_worker, mode="in_person", interviewer=outsider
        )
    assert "interviewer" in error.value.message_dict
    assert not InterviewSession.objects.exists()


def test_an_online_session_comes_with_a_link_to_the_participant(lead, consented_worker, online):
    session, token = online
    link = study_services.link_resolve(token)
    assert link is not None
    assert link.participant == consented_worker
    assert session.mode == "online"


def test_an_in_person_session_comes_without_a_link(lead, vignettes, consented_worker):
    session, token = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    assert token is None
    assert session.mode == "in_person"
    assert not consented_worker.links.exists()


def test_a_researcher_may_make_a_session(researcher, vignettes, consented_worker):
    session, _token = services.session_create(
        actor=researcher, participant=consented_worker, mode="online"
    )
    assert session.created_by == researcher
    assert InterviewSession.objects.filter(participant=consented_worker).count() == 1


@pytest.mark.parametrize(
    ("persona", "refusal"),
    [
        ("coder", PermissionDenied),
        ("viewer", PermissionDenied),
        ("consent_admin", PermissionDenied),
        ("outsider", Http404),
    ],
)
def test_only_members_who_recruit_make_sessions(
    personas, vignettes, consented_worker, persona, refusal
):
    with pytest.raises(refusal):
        services.session_create(
            actor=personas[persona], participant=consented_worker, mode="online"
        )
    assert not InterviewSession.objects.exists()
    assert not consented_worker.links.exists()


@pytest.mark.parametrize(
    ("persona", "refusal"),
    [("coder", PermissionDenied), ("viewer", PermissionDenied), ("outsider", Http404)],
)
def test_only_members_who_recruit_abandon_sessions(online, personas, persona, refusal):
    session, _token = online
    with pytest.raises(refusal):
        services.session_abandon(actor=personas[persona], session=session)
    session.refresh_from_db()
    assert session.status == "not_started"


# --- Erasure -----------------------------------------------------------------------------


def test_a_withdrawal_with_removal_erases_sessions_answers_and_transcripts(
    study, lead, consent_admin, vignettes, consented_worker, online, answer_all
):
    session, _token = online
    answer_all(session)
    services.session_complete(session=session)
    later, _token = services.session_create(
        actor=lead, participant=consented_worker, mode="in_person"
    )
    assert Transcript.objects.filter(participant=consented_worker).exists()
    study_services.withdrawal_record(
        actor=consent_admin, participant=consented_worker, choice="remove_all"
    )
    assert not InterviewSession.objects.filter(participant=consented_worker).exists()
    assert not SessionVignette.objects.filter(session__in=[session.pk, later.pk]).exists()
    assert not Response.objects.filter(session__in=[session.pk, later.pk]).exists()
    assert not Transcript.objects.filter(participant=consented_worker).exists()
    assert not SpeakerTurn.objects.exists()


def test_a_withdrawal_with_removal_reports_the_interview_rows_it_erased(
    lead, consent_admin, consented_worker, online, answer_all
):
    session, _token = online
    given = answer_all(session)
    services.session_complete(session=session)
    turns = SpeakerTurn.objects.filter(transcript__session=session).count()
    withdrawal = study_services.withdrawal_record(
        actor=consent_admin, participant=consented_worker, choice="remove_all"
    )
    assert withdrawal.erased == {
        "interviews.InterviewSession": 1,
        "interviews.SessionVignette": 5,
        "interviews.Response": len(given),
        "interviews.Transcript": 1,
        "interviews.SpeakerTurn": turns,
        "interviews.TranscriptVersion": 1,
        "studies.ParticipantLink": 1,
    }


def test_a_withdrawal_with_removal_leaves_other_participants_interviews(
    study, lead, consent_admin, vignettes, consented_worker, online, answer_all
):
    (other,) = _recruit(study, lead, 1)
    theirs, _token = services.session_create(actor=lead, participant=other, mode="online")
    given = answer_all(theirs)
    services.session_complete(session=theirs)
    study_services.withdrawal_record(
        actor=consent_admin, participant=consented_worker, choice="remove_all"
    )
    assert InterviewSession.objects.filter(participant=other).count() == 1
    assert Response.objects.filter(session=theirs).count() == len(given)
    assert Transcript.objects.get(participant=other).turns.exists()


def test_a_withdrawal_that_keeps_the_data_keeps_the_interview(
    consent_admin, consented_worker, online, answer_all
):
    session, _token = online
    given = answer_all(session)
    services.session_complete(session=session)
    study_services.withdrawal_record(
        actor=consent_admin, participant=consented_worker, choice="keep"
    )
    assert Response.objects.filter(session=session).count() == len(given)
    assert Transcript.objects.filter(session=session).exists()
