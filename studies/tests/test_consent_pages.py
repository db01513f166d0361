import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from studies import services
from studies.models import AuditEvent, ConsentDocument, ConsentRecord


@pytest.fixture
def form(study, lead):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    services.clause_add(actor=lead, document=draft, text="I take part.", governs="participation")
    services.clause_add(
        actor=lead, document=draft, text="Quotes may be used.", governs="quotation",
        required=False,
    )  # fmt: skip
    return services.document_publish(actor=lead, document=draft)


def _answers(form, **overrides):
    data = {f"clause_{c.pk}": "yes" for c in form.clauses.all()}
    for governs, value in overrides.items():
        clause = form.clauses.get(governs=governs)
        data[f"clause_{clause.pk}"] = value
    return data


def _post_consent(client, study, worker, data):
    return client.post(reverse("participant-consent", args=[study.slug, worker.pk]), data)


BASE = {"method": "paper", "signed_name": "Jo P", "given_on": "2026-05-01", "witness": ""}


def test_a_consent_admin_writes_and_publishes_a_consent_form_by_page(client, study, consent_admin):
    client.force_login(consent_admin)
    start = client.post(reverse("consent-document-start", args=[study.slug, "consent_form"]))
    draft = ConsentDocument.objects.get()
    assert start["Location"] == reverse("consent-document", args=[study.slug, draft.pk])
    url = start["Location"]
    client.post(url, {"step": "text", "title": "Consent form", "body": "Please answer."})
    refused = client.post(url, {"step": "publish"})
    assert "required clause about taking part" in refused.content.decode()
    client.post(
        url, {"step": "clause", "text": "I agree to take part.", "governs": "participation",
              "required": "on"},
    )  # fmt: skip
    assert client.post(url, {"step": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.body, draft.clauses.count()) == ("published", "Please answer.", 1)


def test_recording_consent_in_person_by_page(client, study, researcher, worker, form):
    client.force_login(researcher)
    response = _post_consent(client, study, worker, {**BASE, **_answers(form, quotation="no")})
    assert response.status_code == 302
    record = ConsentRecord.objects.get()
    assert (record.method, record.signed_name, record.recorded_by) == ("paper", "Jo P", researcher)
    assert timezone.localtime(record.given_at).date().isoformat() == "2026-05-01"
    assert services.consent_status(worker).refused == {"quotation"}


def test_an_unanswered_clause_is_a_field_error_and_nothing_is_recorded(
    client, study, researcher, worker, form
):
    client.force_login(researcher)
    data = {**BASE, **_answers(form)}
    quote = form.clauses.get(governs="quotation")
    del data[f"clause_{quote.pk}"]
    response = _post_consent(client, study, worker, data)
    assert response.context["form"].errors[f"clause_{quote.pk}"]
    assert not ConsentRecord.objects.exists()


def test_refusing_a_required_clause_is_explained(client, study, researcher, worker, form):
    client.force_login(researcher)
    response = _post_consent(client, study, worker, {**BASE, **_answers(form, participation="no")})
    assert "needs agreement to every required clause" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_scan_that_is_not_a_document_is_refused_on_the_form(
    client, study, researcher, worker, form
):
    client.force_login(researcher)
    scan = SimpleUploadedFile("form.pdf", b"<html>not a pdf</html>")
    response = _post_consent(client, study, worker, {**BASE, **_answers(form), "scan": scan})
    assert "PDF, PNG or JPEG" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_the_scan_is_downloaded_only_through_the_access_check(
    client, study, consent_admin, researcher, worker, form
):
    client.force_login(researcher)
    scan = SimpleUploadedFile("Jo Private signed.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    _post_consent(client, study, worker, {**BASE, **_answers(form), "scan": scan})
    record = ConsentRecord.objects.get()
    assert "Jo" not in record.scan.name  # stored under a random name
    url = reverse("consent-scan", args=[study.slug, record.pk])
    assert client.get(url).status_code == 403
    client.force_login(consent_admin)
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    record.scan.delete()


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 32


def _downloaded(client, study, record):
    response = client.get(reverse("consent-scan", args=[study.slug, record.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("uploaded_as", ["x.html", "x.svg", "scan"])
def test_it_stores_and_serves_a_scan_by_what_it_is_not_by_its_name(
    client, study, consent_admin, worker, form, uploaded_as
):
    client.force_login(consent_admin)
    scan = SimpleUploadedFile(uploaded_as, PDF, content_type="text/html")
    _post_consent(client, study, worker, {**BASE, **_answers(form), "scan": scan})
    record = ConsentRecord.objects.get()
    assert record.scan.name.endswith(".pdf")
    download = _downloaded(client, study, record)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="consent-{worker.pseudonym}-{record.pk}.pdf"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


@pytest.fixture
def record_with_scan(study, consent_admin, worker, form):
    return services.consent_record(
        actor=consent_admin, participant=worker, answers=_bools(form), signed_name="Jo",
        method="paper", scan=SimpleUploadedFile("signed.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32),
    )  # fmt: skip


def test_a_scan_stored_earlier_under_a_web_extension_is_served_as_what_it_is(
    client, study, consent_admin, record_with_scan
):
    # As stored before uploads were renamed by their content: a PDF kept as .html.
    record_with_scan.scan.save("old.html", ContentFile(PDF))
    assert record_with_scan.scan.name.endswith(".html")
    client.force_login(consent_admin)
    download = _downloaded(client, study, record_with_scan)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Disposition"].endswith('.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_stored_scan_that_is_no_known_document_downloads_as_plain_bytes(
    client, study, consent_admin, record_with_scan
):
    record_with_scan.scan.save("old.svg", ContentFile(b"<svg><script>alert(1)</script></svg>"))
    client.force_login(consent_admin)
    download = _downloaded(client, study, record_with_scan)
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"] == (
        f'attachment; filename="consent-{record_with_scan.participant.pseudonym}-'
        f'{record_with_scan.pk}"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_snapshot_downloads_as_what_was_agreed(client, study, consent_admin, worker, form):
    record = services.consent_record(
        actor=consent_admin, participant=worker, answers=_bools(form), signed_name="Jo",
        method="verbal",
    )  # fmt: skip
    client.force_login(consent_admin)
    response = client.get(reverse("consent-snapshot", args=[study.slug, record.pk]))
    assert response.content.decode() == record.snapshot_html
    assert "attachment" in response["Content-Disposition"]


def _bools(form):
    return {clause.pk: True for clause in form.clauses.all()}


def test_the_consent_overview_filters_and_exports_with_an_audit_entry(
    client, study, lead, consent_admin, worker, form
):
    mhw = study.roles.get(code="MHW")
    other = services.participant_add(actor=lead, study=study, role=mhw, site=None)
    answers = {c.pk: c.governs != "quotation" for c in form.clauses.all()}
    services.consent_record(
        actor=consent_admin, participant=worker, answers=answers, signed_name="Jo", method="paper"
    )
    client.force_login(consent_admin)
    url = reverse("consent-overview", args=[study.slug])
    none_yet = client.get(url, {"state": "none"}).context["rows"]
    assert [row.participant for row in none_yet] == [other]
    refused = client.get(url, {"state": "refused"}).context["rows"]
    assert [row.participant for row in refused] == [worker]
    csv = client.get(reverse("consent-csv", args=[study.slug])).content.decode("utf-8-sig")
    assert 'MHW1,MHW,Consented,1,"In person, on paper"' in csv
    assert AuditEvent.objects.filter(action="data.exported", detail__export="consent status")


def test_the_consent_page_offers_todays_date_in_a_form_browsers_understand(
    client, study, researcher, worker, form
):
    client.force_login(researcher)
    body = client.get(reverse("participant-consent", args=[study.slug, worker.pk])).content
    assert f'value="{timezone.localdate().isoformat()}"' in body.decode()


def test_refused_clauses_are_named_in_words(client, study, consent_admin, worker, form):
    answers = {c.pk: c.governs != "quotation" for c in form.clauses.all()}
    services.consent_record(
        actor=consent_admin, participant=worker, answers=answers, signed_name="Jo", method="paper"
    )
    client.force_login(consent_admin)
    body = client.get(reverse("participant-consent", args=[study.slug, worker.pk])).content
    assert "refused: use of anonymised quotes" in body.decode()


def test_removing_a_clause_with_a_malformed_id_is_a_404_not_an_error(client, study, lead):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    client.force_login(lead)
    url = reverse("consent-document", args=[study.slug, draft.pk])
    assert client.post(url, {"step": "remove-clause", "clause": "abc"}).status_code == 404
