"""Random sequences of consent, re-consent, withdrawal and capture attempts, checking
after every step that the consent gate agrees with a simple model of the rules."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studies import services
from studies.models import AttributeValue, ConsentRecord, ParticipantContact, ParticipantLink
from studies.services import ConsentRequired
from tests.factories import UserFactory

OPTIONAL = ("recording", "quotation")
PURPOSES = ("participation", *OPTIONAL)
PEOPLE = st.sampled_from(range(2))

operations = st.lists(
    st.one_of(
        st.tuples(st.just("publish"), st.booleans()),  # new version; requires re-consent?
        st.tuples(st.just("consent"), PEOPLE, st.sets(st.sampled_from(OPTIONAL))),
        st.tuples(st.just("withdraw"), PEOPLE, st.sampled_from(["keep", "remove_all"])),
        st.tuples(st.just("capture"), PEOPLE, st.sampled_from(PURPOSES)),
    ),
    max_size=12,
)  # fmt: skip


class Model:
    """What the rules say, kept apart from the code under test."""

    def __init__(self):
        self.version = 0
        self.reconsent_from = 0  # consents to versions below this are no longer current
        self.people = {}

    def allowed(self, person: int, purpose: str) -> bool:
        state = self.people.get(person, {})
        if state.get("withdrawn") or "version" not in state:
            return False
        if state["version"] < self.reconsent_from:
            return False
        return purpose == "participation" or purpose in state["agreed"]


def _publish(study, actor, reconsent: bool):
    draft = services.document_draft(actor=actor, study=study, kind="consent_form")
    if not draft.clauses.exists():
        services.clause_add(actor=actor, document=draft, text="Take part", governs="participation")
        for purpose in OPTIONAL:
            services.clause_add(
                actor=actor, document=draft, text=purpose, governs=purpose, required=False
            )
    return services.document_publish(actor=actor, document=draft, requires_reconsent=reconsent)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=operations)
def test_the_gate_matches_the_rules_after_every_step(steps):
    with transaction.atomic():
        lead = UserFactory()
        study = services.study_create(creator=lead, title="Property")
        mhw = study.roles.get(code="MHW")
        people = [
            services.participant_add(
                actor=lead, study=study, role=mhw, site=None, name=f"Person {n}"
            )
            for n in range(2)
        ]
        age = services.attribute_create(actor=lead, study=study, label="Age", kind="number")
        model = Model()
        for step in steps:
            kind = step[0]
            if kind == "publish":
                document = _publish(study, lead, step[1])
                model.version = document.version
                if document.requires_reconsent:
                    model.reconsent_from = document.version
            elif kind == "consent":
                _, who, agreed = step
                person = people[who]
                form = services.published_document(study, "consent_form")
                state = model.people.setdefault(who, {})
                if form is None or state.get("withdrawn"):
                    continue
                answers = {
                    c.pk: c.governs == "participation" or c.governs in agreed
                    for c in form.clauses.all()
                }
                services.consent_record(
                    actor=lead, participant=person, answers=answers, signed_name="P",
                    method="paper",
                )  # fmt: skip
                state.update(version=form.version, agreed=set(agreed))
            elif kind == "withdraw":
                _, who, choice = step
                state = model.people.setdefault(who, {})
                if state.get("withdrawn"):
                    continue
                services.withdrawal_record(actor=lead, participant=people[who], choice=choice)
                state.update(withdrawn=True, removed=choice == "remove_all")
            else:
                _, who, purpose = step
                # A capture path: the gate first, then the data.
                try:
                    services.require_consent(people[who], purpose)
                except ConsentRequired:
                    passed = False
                else:
                    passed = True
                    services.attribute_values_save(
                        actor=lead, participant=people[who], answers={age.pk: 40}
                    )
                assert passed == model.allowed(who, purpose), (step, model.people)

            for who, person in enumerate(people):
                state = model.people.get(who, {})
                for purpose in PURPOSES:
                    try:
                        services.require_consent(person, purpose)
                        gate = True
                    except ConsentRequired:
                        gate = False
                    assert gate == model.allowed(who, purpose), (who, purpose, model.people)
                if state.get("removed"):
                    assert not AttributeValue.objects.filter(participant=person).exists()
                    assert not ParticipantContact.objects.filter(participant=person).exists()
                    assert not ParticipantLink.objects.filter(participant=person).exists()
                    # What must stay, stays.
                    if "version" in state:
                        assert ConsentRecord.objects.filter(participant=person).exists()
        transaction.set_rollback(True)
