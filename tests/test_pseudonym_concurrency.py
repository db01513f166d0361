"""Two researchers adding participants at the same moment must never get the same
pseudonym. Needs PostgreSQL: SQLite serialises all writers, so it cannot show a race."""

import threading

import pytest
from django.db import connection

from studies import services
from studies.models import Participant, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.services

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_get_distinct_consecutive_pseudonyms(postgres):
    lead = UserFactory(username="lead")
    study = services.study_create(creator=lead, title="Race")
    role = Role.objects.get(study=study, code="MHW")
    start = threading.Barrier(WRITERS)
    made, failures = [], []

    def add():
        try:
            start.wait(timeout=10)
            made.append(
                services.participant_add(actor=lead, study=study, role=role, site=None).pseudonym
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert sorted(made, key=lambda p: int(p[3:])) == [f"MHW{n}" for n in range(1, WRITERS + 1)]
    assert Participant.objects.filter(study=study).count() == WRITERS
    role.refresh_from_db()
    assert role.next_number == WRITERS + 1
