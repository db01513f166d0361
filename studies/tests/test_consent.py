import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from studies import services
from studies.models import AuditEvent, ConsentDocument, ConsentRecord
from studies.services import ConsentRequired
from tests.factories import publish_consent_form


@pytest.fixture
def form(study, consent_admin):
    return publish_consent_form(study, consent_admin)


def _consent(actor, participant, form, *, refuse=(), **kwargs):
    answers = {clause.pk: clause.governs not in refuse for clause in form.clauses.all()}
    return services.consent_record(
        actor=actor, participant=participant, answers=answers, signed_name="Jo P",
        method="paper", **kwargs,
    )  # fmt: skip


def test_a_published_version_cannot_be_edited(study, consent_admin, form):
    with pytest.raises(ValidationError, match="cannot change"):
        services.document_update(actor=consent_admin, document=form, title="New", body="")
    with pytest.raises(ValidationError, match="cannot change"):
        services.clause_add(actor=consent_admin, document=form, text="x", governs="archiving")
    form.refresh_from_db()
    assert form.title == "Consent form" and form.clauses.count() == 3


def test_editing_after_publication_starts_a_new_draft_with_the_same_clauses(
    study, consent_admin, form
):
    draft = services.document_draft(actor=consent_admin, study=study, kind="consent_form")
    assert (draft.version, draft.status) == (2, "draft")
    assert [c.governs for c in draft.clauses.all()] == ["participation", "recording", "quotation"]
    assert services.document_draft(actor=consent_admin, study=study, kind="consent_form") == draft
    services.document_publish(actor=consent_admin, document=draft)
    form.refresh_from_db()
    assert form.status == "superseded"
    assert services.published_document(study, "consent_form") == draft


def test_a_consent_form_needs_a_required_clause_about_taking_part(study, consent_admin):
    draft = services.document_draft(actor=consent_admin, study=study, kind="consent_form")
    services.clause_add(
        actor=consent_admin, document=draft, text="Recording", governs="recording", required=False
    )
    with pytest.raises(ValidationError, match="taking part"):
        services.document_publish(actor=consent_admin, document=draft)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_coder_cannot_manage_consent_documents(study, coder):
    with pytest.raises(PermissionDenied):
        services.document_draft(actor=coder, study=study, kind="consent_form")


def test_consent_keeps_every_answer_and_a_hashed_snapshot(study, researcher, worker, form):
    record = _consent(researcher, worker, form, refuse={"quotation"}, witness="A. Witness")
    answers = {a.clause.governs: a.agreed for a in record.answers.select_related("clause")}
    assert answers == {"participation": True, "recording": True, "quotation": False}
    assert record.snapshot_sha256 == hashlib.sha256(record.snapshot_html.encode()).hexdigest()
    assert "I agree to anonymised quotes being used." in record.snapshot_html
    assert "Not agreed" in record.snapshot_html and "Jo P" in record.snapshot_html
    worker.refresh_from_db()
    assert worker.status == "consented"
    event = AuditEvent.objects.get(action="consent.given")
    assert event.detail == {"version": 1, "method": "paper", "refused": ["quotation"]}


def test_every_clause_must_be_answered_and_required_ones_agreed(study, researcher, worker, form):
    clauses = list(form.clauses.all())
    with pytest.raises(ValidationError, match="Answer every clause"):
        services.consent_record(
            actor=researcher, participant=worker, answers={clauses[0].pk: True},
            signed_name="Jo", method="paper",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="required clause"):
        _consent(researcher, worker, form, refuse={"participation"})
    assert not ConsentRecord.objects.exists()


def test_consent_cannot_be_dated_in_the_future(study, researcher, worker, form):
    with pytest.raises(ValidationError):
        _consent(researcher, worker, form, given_at=timezone.now() + timezone.timedelta(days=1))


def test_a_scan_is_checked_by_its_content_not_its_name(study, researcher, worker, form):
    fake = SimpleUploadedFile(
        "consent.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        _consent(researcher, worker, form, scan=fake)
    assert "scan" in error.value.message_dict
    real = SimpleUploadedFile("scan.bin", b"%PDF-1.7\n...", content_type="application/octet-stream")
    record = _consent(researcher, worker, form, scan=real)
    assert record.scan.read().startswith(b"%PDF-")
    record.scan.delete()


def test_the_gate_refuses_without_consent(worker):
    with pytest.raises(ConsentRequired, match="has not given consent"):
        services.require_consent(worker)


def test_the_gate_follows_each_clause(study, researcher, worker, form):
    _consent(researcher, worker, form, refuse={"recording"})
    services.require_consent(worker)
    services.require_consent(worker, "quotation")
    with pytest.raises(ConsentRequired, match="did not agree to audio recording"):
        services.require_consent(worker, "recording")


def test_a_new_version_requiring_reconsent_closes_the_gate_until_asked_again(
    study, researcher, consent_admin, worker, form
):
    _consent(researcher, worker, form)
    publish_consent_form(study, consent_admin, reconsent=True)
    assert services.consent_status(worker).needs_reconsent
    with pytest.raises(ConsentRequired, match="asked again"):
        services.require_consent(worker)
    new = services.published_document(study, "consent_form")
    _consent(researcher, worker, new)
    services.require_consent(worker)
    flagged = AuditEvent.objects.get(action="consent.reconsent_required")
    assert flagged.detail == {"version": 2, "participants": 1}


def test_a_new_version_without_reconsent_keeps_earlier_consent_valid(
    study, researcher, consent_admin, worker, form
):
    _consent(researcher, worker, form)
    publish_consent_form(study, consent_admin)
    services.require_consent(worker)


def test_the_gate_is_closed_after_withdrawal(study, lead, researcher, worker, form):
    _consent(researcher, worker, form)
    services.withdrawal_record(actor=lead, participant=worker, choice="keep")
    with pytest.raises(ConsentRequired, match="withdrawn"):
        services.require_consent(worker)


def test_a_viewer_cannot_record_consent(study, viewer, worker, form):
    with pytest.raises(PermissionDenied):
        _consent(viewer, worker, form)


def test_consent_needs_a_published_form(study, researcher, worker):
    with pytest.raises(ValidationError, match="Publish a consent form"):
        services.consent_record(
            actor=researcher, participant=worker, answers={}, signed_name="Jo", method="verbal"
        )
    assert ConsentDocument.objects.count() == 0


def test_the_bulk_status_lets_through_exactly_what_the_gate_lets_through(
    study, lead, researcher, consent_admin, form
):
    mhw = study.roles.get(code="MHW")
    people = [
        services.participant_add(actor=lead, study=study, role=mhw, site=None) for _ in range(6)
    ]
    never, agreed, no_quotes, withdrawn, asked_again, consented_again = people
    for person in (agreed, withdrawn, asked_again, consented_again):
        _consent(researcher, person, form)
    _consent(researcher, no_quotes, form, refuse=("quotation",))
    services.withdrawal_record(actor=lead, participant=withdrawn, choice="keep")
    new_form = publish_consent_form(study, consent_admin, reconsent=True)
    _consent(researcher, consented_again, new_form)

    statuses = services.consent_statuses(p.pk for p in people)

    def gate(person, purpose):
        try:
            services.require_consent(person, purpose)
        except ConsentRequired:
            return False
        return True

    for purpose in ("participation", "quotation", "recording"):
        expected = [gate(person, purpose) for person in people]
        assert [statuses[p.pk].allows(purpose) for p in people] == expected, purpose
    assert [statuses[p.pk].allows("quotation") for p in people] == [
        False, False, False, False, False, True
    ]  # fmt: skip
    assert services.consent_statuses([]) == {}
