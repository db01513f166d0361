"""A participant's copy of their consent is a PDF that opens on a phone: every clause
with the answer given, their name in whatever script they wrote it, and the hash of
the form as it was agreed."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from studies import services
from studies.models import ConsentMethod
from tests.factories import DATA_PROTECTION, enter_link, publish_consent_form

NAME = "Łukasz Wiśniewski-Σοφία"


def _text(response) -> str:
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def record(study, lead, worker):
    services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    form = publish_consent_form(study, lead)
    answers = {clause.pk: clause.governs != "recording" for clause in form.clauses.all()}
    return services.consent_record(
        actor=lead, participant=worker, answers=answers, signed_name=NAME,
        method=ConsentMethod.PAPER,
    )  # fmt: skip


def test_the_participant_downloads_their_consent_as_a_pdf(client, lead, worker, record):
    _link, token = services.link_issue(actor=lead, participant=worker)
    response = client.get(reverse("participant-consent-copy", args=[enter_link(client, token)]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="my-consent.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = _text(response)
    assert NAME in text
    assert record.snapshot_sha256 in text.replace("\n", "")
    for answer in record.answers.select_related("clause"):
        mark = "Agreed" if answer.agreed else "Not agreed"
        assert f"{mark}: {answer.clause.text}" in text.replace("\n", " ")


def test_the_consent_admin_gets_the_same_pdf_and_a_coder_does_not(
    client, study, consent_admin, coder, record
):
    url = reverse("consent-snapshot", args=[study.slug, record.pk]) + "?as=pdf"
    client.force_login(consent_admin)
    response = client.get(url)
    assert response.status_code == 200 and NAME in _text(response)
    client.force_login(coder)
    assert client.get(url).status_code == 403
