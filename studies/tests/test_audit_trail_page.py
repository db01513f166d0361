"""The audit trail as people read it: when it happened and when it was recorded, who
acted (a participant's own link included), and details in words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studies import services
from studies.audit_text import OWN_LINK, PLATFORM, audit_lines
from studies.models import AuditAction, AuditEvent
from tests.factories import publish_consent_form


@pytest.fixture
def form(study, lead):
    return publish_consent_form(study, lead)


def consent(participant, form, *, actor, method: str, refuse=(), given_at=None):
    answers = {clause.pk: clause.governs not in refuse for clause in form.clauses.all()}
    return services.consent_record(
        actor=actor, participant=participant, signed_name="A participant", method=method,
        answers=answers, given_at=given_at,
    )  # fmt: skip


def trail(client, study) -> str:
    return client.get(reverse("audit-trail", args=[study.slug])).content.decode()


@pytest.mark.django_db
def test_it_shows_when_a_paper_consent_was_given_and_when_it_was_entered(
    client, lead, study, worker, form
):
    signed = timezone.now() - timedelta(days=40)
    consent(worker, form, actor=lead, method="paper", given_at=signed)
    event = AuditEvent.objects.get(action=AuditAction.CONSENT_GIVEN)
    assert event.happened_at == signed

    client.force_login(lead)
    html = trail(client, study)
    assert timezone.localtime(signed).strftime("%-d %b %Y") in html
    assert timezone.localtime(event.at).strftime("%-d %b %Y") in html


@pytest.mark.django_db
def test_it_writes_refused_clauses_in_words(client, lead, study, worker, form):
    consent(worker, form, actor=lead, method="verbal", refuse={"recording", "quotation"})
    client.force_login(lead)
    html = trail(client, study)
    assert "said no to use of anonymised quotes and audio recording" in html
    assert "refused:" not in html and "quotation" not in html


@pytest.mark.django_db
def test_it_names_the_participants_own_link_for_an_online_consent(
    client, lead, study, worker, form
):
    consent(worker, form, actor=None, method="online")
    client.force_login(lead)
    html = trail(client, study)
    assert OWN_LINK in html
    assert "Consent form version 1, online; agreed to every clause." in html


@pytest.mark.django_db
def test_it_words_erasures_by_what_was_removed_and_the_platforms_own_acts(study, worker):
    erasure = AuditEvent(
        study=study, participant=worker, action=AuditAction.ERASURE,
        detail={"rows": {"interviews.Response": 12, "interviews.Transcript": 1}},
    )  # fmt: skip
    retention = AuditEvent(
        study=study, action=AuditAction.RETENTION,
        detail={"kind": "audio", "rows": 3, "months": 24},
    )  # fmt: skip
    erased, retained = audit_lines([erasure, retention])
    assert erased.details == "Removed 12 responses and 1 transcript."
    assert erased.who == OWN_LINK
    assert retained.who == PLATFORM
    assert retained.details == "3 rows of audio deleted, 24 months after the study closed."
