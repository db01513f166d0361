from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from studies import services
from studies.models import ConsentRecord, ParticipantLink
from studies.ratelimit import BAD_TOKENS_ALLOWED
from tests.factories import DATA_PROTECTION


@pytest.fixture
def documents(study, lead):
    services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    sheet = services.document_draft(actor=lead, study=study, kind="information_sheet")
    services.document_update(
        actor=lead, document=sheet, title="About the study", body="We ask about five stories."
    )
    services.document_publish(actor=lead, document=sheet)
    form = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.clause_add(actor=lead, document=form, text="I take part.", governs="participation")
    services.clause_add(
        actor=lead, document=form, text="Quotes may be used.", governs="quotation",
        required=False,
    )  # fmt: skip
    return services.document_publish(actor=lead, document=form)


@pytest.fixture
def token(lead, worker):
    return services.link_issue(actor=lead, participant=worker)[1]


def test_a_link_carries_at_least_128_random_bits_and_only_its_hash_is_stored(lead, worker):
    link, token = services.link_issue(actor=lead, participant=worker)
    assert len(token) >= 43  # 32 random bytes in url-safe base64: 256 bits
    assert not ParticipantLink.objects.filter(token_hash=token).exists()
    assert token not in str(list(ParticipantLink.objects.values()))
    assert services.link_resolve(token) == link


def test_a_link_resolves_in_one_query_to_what_the_orm_would_load(
    lead, worker, token, django_assert_num_queries
):
    with django_assert_num_queries(1):
        link = services.link_resolve(token)
        participant = link.participant
        seen = (participant.study.title, participant.role.code)
    expected = ParticipantLink.objects.select_related("participant__study", "participant__role")
    expected = expected.get(pk=link.pk)
    pairs = [
        (link, expected), (participant, expected.participant),
        (participant.study, expected.participant.study),
        (participant.role, expected.participant.role),
    ]  # fmt: skip
    for loaded, orm in pairs:
        for field in type(orm)._meta.concrete_fields:
            # Same values and types: dates are datetimes on SQLite too.
            ours, theirs = getattr(loaded, field.attname), getattr(orm, field.attname)
            assert (ours, type(ours)) == (theirs, type(theirs)), field.name
        assert not loaded._state.adding
    assert seen == (worker.study.title, worker.role.code)


def test_a_new_link_replaces_the_old_one(lead, worker):
    _, old = services.link_issue(actor=lead, participant=worker)
    _, new = services.link_issue(actor=lead, participant=worker)
    assert services.link_resolve(old) is None
    assert services.link_resolve(new) is not None


def test_expired_revoked_and_withdrawn_links_do_not_resolve(lead, worker, token):
    link = services.link_resolve(token)
    ParticipantLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(1))
    assert services.link_resolve(token) is None
    _, token = services.link_issue(actor=lead, participant=worker)
    services.link_revoke(actor=lead, participant=worker)
    assert services.link_resolve(token) is None
    _, token = services.link_issue(actor=lead, participant=worker)
    services.withdrawal_record(actor=lead, participant=worker, choice="keep")
    assert services.link_resolve(token) is None


def test_a_coder_cannot_make_links(coder, worker):
    with pytest.raises(PermissionDenied):
        services.link_issue(actor=coder, participant=worker)


def test_a_bad_link_gets_a_page_that_reveals_nothing(client, study, token):
    response = client.get(reverse("participant-welcome", args=["not-a-real-token"]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "This link is not working" in body
    assert study.title not in body


def test_many_bad_links_from_one_address_are_slowed_down(client, db):
    for number in range(BAD_TOKENS_ALLOWED):
        client.get(reverse("participant-welcome", args=[f"guess-{number}"]))
    assert client.get(reverse("participant-welcome", args=["guess-again"])).status_code == 429


def test_a_participant_reads_the_sheet_and_consents_online(client, study, worker, documents, token):
    welcome = client.get(reverse("participant-welcome", args=[token]))
    assert "We ask about five stories." in welcome.content.decode()
    assert welcome["X-Robots-Tag"] == "noindex, nofollow"
    url = reverse("participant-online-consent", args=[token])
    clauses = {c.governs: c for c in documents.clauses.all()}
    missing = client.post(url, {"signed_name": "Jo Doe"})
    assert "required clause" in missing.content.decode()
    assert not ConsentRecord.objects.exists()
    done = client.post(
        url, {f"clause_{clauses['participation'].pk}": "on", "signed_name": "Jo Doe"}
    )
    assert done["Location"] == reverse("participant-consent-done", args=[token])
    record = ConsentRecord.objects.get()
    assert (record.method, record.recorded_by, record.signed_name) == ("online", None, "Jo Doe")
    assert services.consent_status(worker).refused == {"quotation"}
    worker.refresh_from_db()
    assert worker.status == "consented"
    copy = client.get(reverse("participant-consent-copy", args=[token]))
    assert copy.content.decode() == record.snapshot_html


def test_the_consent_page_marks_which_boxes_are_needed(client, documents, token):
    body = client.get(reverse("participant-online-consent", args=[token])).content.decode()
    assert body.count('data-required-clause="true"') == 1
    assert body.count('data-required-clause="false"') == 1
    assert "js/consent.js" in body


def test_a_revoked_link_stops_at_once_even_for_an_open_page(client, lead, worker, documents, token):
    url = reverse("participant-online-consent", args=[token])
    assert client.get(url).status_code == 200
    services.link_revoke(actor=lead, participant=worker)
    clause = documents.clauses.get(governs="participation")
    response = client.post(url, {f"clause_{clause.pk}": "on", "signed_name": "Jo"})
    assert response.status_code == 404
    assert not ConsentRecord.objects.exists()


def test_a_researcher_makes_a_link_and_sees_it_once(client, study, researcher, worker):
    client.force_login(researcher)
    response = client.post(reverse("participant-link", args=[study.slug, worker.pk]))
    url = response.context["url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert services.link_resolve(token).participant == worker
    assert response["Cache-Control"] == "no-store"
    page = client.get(reverse("participant-detail", args=[study.slug, worker.pk]))
    assert token not in page.content.decode()


def test_the_consent_form_waits_for_the_data_protection_basis(client, study, lead, token):
    form = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.clause_add(actor=lead, document=form, text="I take part.", governs="participation")
    services.document_publish(actor=lead, document=form)
    page = client.get(reverse("participant-online-consent", args=[token])).content.decode()
    assert "not ready yet" in page
    services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    page = client.get(reverse("participant-online-consent", args=[token])).content.decode()
    assert "I agree" in page
