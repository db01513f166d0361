"""Pages and downloads that hold contact details, consent scans or exported data tell
browsers and caches between never to keep them: a shared computer's back button or disk
cache would otherwise hand them to whoever sits down next."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from studies import services
from tests.factories import publish_consent_form


@pytest.fixture
def consented_with_scan(study, lead):
    mhw = study.roles.get(code="MHW")
    worker = services.participant_add(
        actor=lead, study=study, role=mhw, site=None, name="Jo Private", phone="0700 900123"
    )
    form = publish_consent_form(study, lead)
    return services.consent_record(
        actor=lead, participant=worker, signed_name="Jo Private", method="paper",
        answers={clause.pk: True for clause in form.clauses.all()},
        scan=SimpleUploadedFile("signed.pdf", b"%PDF-1.7\n" + b"0" * 32),
    )  # fmt: skip


def _addresses(study, record) -> list[str]:
    slug, participant = study.slug, record.participant_id
    return [
        reverse("participant-contact", args=[slug, participant]),
        reverse("recruitment-log", args=[slug]),
        reverse("consent-csv", args=[slug]),
        reverse("consent-snapshot", args=[slug, record.pk]),
        reverse("consent-scan", args=[slug, record.pk]),
        reverse("study-sample-download", args=[slug, "csv"]),
        reverse("study-sample-download", args=[slug, "xlsx"]),
    ]


def test_it_forbids_storing_every_page_and_download_with_contacts_scans_or_exports(
    client, study, lead, consented_with_scan
):
    client.force_login(lead)
    for address in _addresses(study, consented_with_scan):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "no-store" in response["Cache-Control"], address


def test_it_forbids_storing_contact_details_read_or_changed_through_the_api(
    api_as, study, lead, consented_with_scan
):
    address = (
        f"/api/v1/studies/{study.slug}/participants/{consented_with_scan.participant_id}/contact/"
    )
    api = api_as(lead)
    read = api.get(address)
    changed = api.put(address, {"name": "Jo Private", "email": "", "phone": ""}, format="json")
    for response in (read, changed):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
