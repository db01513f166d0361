from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from studies import services
from studies.models import ConsentRecord, ParticipantLink
from studies.ratelimit import BAD_TOKENS_ALLOWED
from tests.factories import DATA_PROTECTION, enter_link


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


@pytest.fixture
def link_id(client, token):
    """The id of the worker's link, entered in `client` as the participant would."""
    return enter_link(client, token)


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
    _, new = services.link_issue(actor=lead, participant=worker, replace=True)
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


@pytest.mark.parametrize(
    "address",
    [
        ("participant-enter", ["not-a-real-token"]),
        ("participant-enter-at", ["not-a-real", "start/"]),
    ],
)
def test_a_bad_link_gets_a_page_that_reveals_nothing(client, study, token, address):
    name, args = address
    response = client.get(reverse(name, args=args))
    assert response.status_code == 404
    body = response.content.decode()
    assert "This link is not working" in body
    assert study.title not in body
    assert "vl_link" not in response.cookies


def test_many_bad_links_from_one_address_are_slowed_down(client, db):
    for number in range(BAD_TOKENS_ALLOWED):
        client.get(reverse("participant-enter", args=[f"guess-{number}"]))
    assert client.get(reverse("participant-enter", args=["guess-again"])).status_code == 429


def test_a_participant_reads_the_sheet_and_consents_online(
    client, study, worker, documents, link_id
):
    welcome = client.get(reverse("participant-welcome", args=[link_id]))
    assert "We ask about five stories." in welcome.content.decode()
    assert welcome["X-Robots-Tag"] == "noindex, nofollow"
    url = reverse("participant-online-consent", args=[link_id])
    clauses = {c.governs: c for c in documents.clauses.all()}
    missing = client.post(url, {"signed_name": "Jo Doe"})
    assert "required clause" in missing.content.decode()
    assert not ConsentRecord.objects.exists()
    done = client.post(
        url, {f"clause_{clauses['participation'].pk}": "on", "signed_name": "Jo Doe"}
    )
    assert done["Location"] == reverse("participant-consent-done", args=[link_id])
    record = ConsentRecord.objects.get()
    assert (record.method, record.recorded_by, record.signed_name) == ("online", None, "Jo Doe")
    assert services.consent_status(worker).refused == {"quotation"}
    worker.refresh_from_db()
    assert worker.status == "consented"
    copy = client.get(reverse("participant-consent-copy", args=[link_id]))
    assert copy["Content-Type"] == "application/pdf"  # its words: test_consent_pdf.py
    assert copy.content.startswith(b"%PDF-")


def test_the_consent_page_marks_which_boxes_are_needed(client, documents, link_id):
    body = client.get(reverse("participant-online-consent", args=[link_id])).content.decode()
    assert body.count('data-required-clause="true"') == 1
    assert body.count('data-required-clause="false"') == 1
    assert "js/consent.js" in body


def test_a_revoked_link_stops_at_once_even_for_an_open_page(
    client, lead, worker, documents, link_id
):
    url = reverse("participant-online-consent", args=[link_id])
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


def test_the_consent_form_waits_for_the_data_protection_basis(client, study, lead, link_id):
    form = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.clause_add(actor=lead, document=form, text="I take part.", governs="participation")
    services.document_publish(actor=lead, document=form)
    page = client.get(reverse("participant-online-consent", args=[link_id])).content.decode()
    assert "not ready yet" in page
    services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    page = client.get(reverse("participant-online-consent", args=[link_id])).content.decode()
    assert "I agree" in page


# --- The token is traded for a cookie ---------------------------------------------------


def _link_id_of(token: str) -> int:
    return services.link_resolve(token).pk


def _another_link(study, lead):
    """A live link of a second worker in the same study."""
    other = services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    return services.link_issue(actor=lead, participant=other)[0]


def _refused(response) -> bool:
    return response.status_code == 404 and "This link is not working" in response.content.decode()


def test_entering_a_link_sets_a_cookie_for_its_pages_only_and_leaves_the_token_behind(
    client, token
):
    response = client.get(reverse("participant-enter", args=[token]))
    home = reverse("participant-welcome", args=[_link_id_of(token)])
    assert response.status_code == 302
    assert response["Location"] == home == f"/p/{_link_id_of(token)}/"
    cookie = response.cookies["vl_link"]
    assert cookie["path"] == home
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert token not in cookie.value
    welcome = client.get(response["Location"])
    assert welcome.status_code == 200
    assert token not in welcome.content.decode()


def test_a_deep_address_with_the_token_leads_to_the_same_page_by_the_links_id(client, token):
    response = client.get(reverse("participant-enter-at", args=[token, "consent/"]))
    link_id = _link_id_of(token)
    assert response["Location"] == reverse("participant-online-consent", args=[link_id])
    assert response.cookies["vl_link"]["path"] == f"/p/{link_id}/"


@pytest.mark.parametrize(
    "rest", ["../admin/", "../../admin/", "studies/x/", "start/../../studies/", "%2e%2e/admin/"]
)
def test_a_deep_address_to_anything_but_the_participants_pages_goes_to_the_welcome_page(
    client, token, rest
):
    response = client.get(f"/p/{token}/{rest}")
    assert response.status_code == 302
    assert response["Location"] == reverse("participant-welcome", args=[_link_id_of(token)])


def test_a_deep_address_cannot_lead_to_another_links_pages(client, study, lead, token):
    rest = f"../{_another_link(study, lead).pk}/consent/"
    response = client.get(reverse("participant-enter-at", args=[token, rest]))
    assert response["Location"] == reverse("participant-welcome", args=[_link_id_of(token)])


def test_a_page_without_the_links_cookie_is_refused(client, study, token):
    response = client.get(reverse("participant-welcome", args=[_link_id_of(token)]))
    assert _refused(response)
    assert study.title not in response.content.decode()


def test_a_cookie_for_another_link_is_refused(client, study, lead, link_id):
    other_id = _another_link(study, lead).pk
    assert client.get(reverse("participant-welcome", args=[link_id])).status_code == 200
    assert _refused(client.get(reverse("participant-welcome", args=[other_id])))


@pytest.mark.parametrize("how", ["revoked", "replaced"])
def test_a_cookie_stops_working_when_its_link_is_revoked_or_replaced(
    client, lead, worker, link_id, how
):
    url = reverse("participant-welcome", args=[link_id])
    assert client.get(url).status_code == 200
    if how == "revoked":
        services.link_revoke(actor=lead, participant=worker)
    else:
        services.link_issue(actor=lead, participant=worker, replace=True)
    assert _refused(client.get(url))


@pytest.mark.parametrize("tamper", ["signature", "link id", "unsigned", "empty"])
def test_a_tampered_cookie_is_refused(client, study, lead, link_id, tamper):
    value = client.cookies["vl_link"].value
    named_id, hash_part, signature = value.split(":")
    assert client.get(reverse("participant-welcome", args=[link_id])).status_code == 200
    other_id = _another_link(study, lead).pk
    forged = {
        "signature": f"{named_id}:{hash_part}:{signature[::-1]}",
        "link id": f"{other_id}:{hash_part}:{signature}",
        "unsigned": f"{named_id}:{hash_part}",
        "empty": "",
    }[tamper]
    assert forged != value
    client.cookies["vl_link"] = forged
    target = other_id if tamper == "link id" else link_id
    assert _refused(client.get(reverse("participant-welcome", args=[target])))


def test_participant_pages_send_only_the_sites_origin_as_referer(client, token):
    entered = client.get(reverse("participant-enter", args=[token]))
    welcome = client.get(entered["Location"])
    refused = client.get(reverse("participant-enter", args=["not-a-real-token"]))
    for response in (entered, welcome, refused):
        assert response["Referrer-Policy"] == "strict-origin"
