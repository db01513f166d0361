"""Transcript files are read in a Celery task, not in the request: the upload is stored
under a random name, the page (or an API client) polls until it is read or refused,
the task claims its import once and deletes the file either way, and a file built to
make work is refused at a cap in seconds."""

import io
import time
import zipfile
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from interviews import importers, services, tasks
from interviews.models import TranscriptImport
from interviews.tests.files import consented

HTMX = {"HTTP_HX_REQUEST": "true"}
TXT = b"Interviewer: How did it go?\n\nSarah: It went well."
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def tiny_paragraphs_docx(xml_bytes: int) -> bytes:
    """A Word file of one-letter paragraphs whose XML unpacks to about `xml_bytes`."""
    paragraph = "<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    body = paragraph * (xml_bytes // len(paragraph))
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
        )
    return saved.getvalue()


@pytest.fixture
def participant(study, lead):
    return consented(study, lead)


@pytest.fixture
def waiting(lead, participant):
    """An upload stored and queued, its task not run yet (the commit has not happened)."""
    return services.transcript_import_start(
        actor=lead, participant=participant, filename="Sarah Jones interview.txt", data=TXT
    )


def map_url(upload) -> str:
    return reverse("transcript-import-map", args=[upload.study.slug, upload.pk])


# --- The stored file and the task --------------------------------------------------------


def test_the_upload_is_stored_under_a_random_name_until_it_is_read(waiting):
    assert waiting.status == "parsing"
    assert waiting.extension == ".txt"
    name = waiting.file.name
    assert name.startswith(f"transcript-imports/{waiting.study_id}/")
    assert "Sarah" not in name
    assert default_storage.exists(name)
    services.transcript_import_parse(upload_id=waiting.pk)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.progress, waiting.file.name) == ("parsed", 100, "")
    assert waiting.speakers == ["Interviewer", "Sarah"]
    assert not default_storage.exists(name)


def test_the_task_is_queued_only_once_the_upload_commits(
    lead, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        upload = services.transcript_import_start(
            actor=lead, participant=participant, filename="t.txt", data=TXT
        )
    assert len(queued) == 1
    upload.refresh_from_db()
    assert upload.status == "parsing"  # nothing ran before the commit
    queued[0]()
    upload.refresh_from_db()
    assert upload.status == "parsed"


def test_running_the_task_twice_reads_the_file_once(waiting, monkeypatch):
    reads = []
    read = importers.read_transcript
    monkeypatch.setattr(
        importers, "read_transcript", lambda *a, **k: reads.append(1) or read(*a, **k)
    )
    tasks.transcript_import_parse(waiting.pk)
    tasks.transcript_import_parse(waiting.pk)
    assert len(reads) == 1
    waiting.refresh_from_db()
    assert waiting.status == "parsed"


def test_a_claim_lost_long_ago_is_taken_again_but_a_fresh_one_is_not(waiting):
    TranscriptImport.objects.filter(pk=waiting.pk).update(claimed_at=timezone.now())
    assert services.transcript_import_parse(upload_id=waiting.pk) is None
    waiting.refresh_from_db()
    assert waiting.status == "parsing"
    lost = timezone.now() - timedelta(minutes=10)
    TranscriptImport.objects.filter(pk=waiting.pk).update(claimed_at=lost)
    assert services.transcript_import_parse(upload_id=waiting.pk).status == "parsed"


def test_reading_that_runs_out_of_time_is_refused_saying_so(waiting, monkeypatch):
    def slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(importers, "read_transcript", slow)
    name = waiting.file.name
    tasks.transcript_import_parse(waiting.pk)
    waiting.refresh_from_db()
    assert waiting.status == "refused"
    assert waiting.error.startswith("Reading this file took too long, so it was stopped.")
    assert not default_storage.exists(name)


def test_the_task_has_its_own_time_limits():
    assert (
        tasks.transcript_import_parse.soft_time_limit,
        tasks.transcript_import_parse.time_limit,
    ) == (60, 90)


def test_discarding_while_reading_deletes_the_file_and_the_task_then_does_nothing(
    lead, waiting, django_capture_on_commit_callbacks
):
    name = waiting.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.transcript_import_discard(actor=lead, upload=waiting)
    assert not default_storage.exists(name)
    assert services.transcript_import_parse(upload_id=waiting.pk) is None
    assert not TranscriptImport.objects.exists()


def test_saving_an_import_still_being_read_is_refused(lead, waiting):
    with pytest.raises(Exception, match="has not been read yet"):
        services.transcript_import_save(actor=lead, upload=waiting, mapping={})


# --- The pages while it is read ------------------------------------------------------------


def test_the_wait_page_polls_every_second_and_refreshes_without_javascript(
    client, lead, waiting, parse_page
):
    client.force_login(lead)
    TranscriptImport.objects.filter(pk=waiting.pk).update(progress=40)
    response = client.get(map_url(waiting))
    assert response.status_code == 200
    page = parse_page(response)
    [poll] = [e for e in page.elements if "hx-trigger" in e.attrs]
    assert (poll.attrs["hx-trigger"], poll.attrs["hx-get"]) == ("every 1s", map_url(waiting))
    [progress] = page.find_all("progress")
    assert progress.attrs["value"] == "40"
    html = response.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'<a href="{map_url(waiting)}">Refresh</a>' in html


def test_a_poll_while_reading_answers_only_the_progress(client, lead, waiting):
    client.force_login(lead)
    response = client.get(map_url(waiting), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'hx-trigger="every 1s"' in html
    assert "HX-Redirect" not in response


def test_a_poll_once_read_sends_the_browser_to_the_speakers(client, lead, waiting):
    client.force_login(lead)
    services.transcript_import_parse(upload_id=waiting.pk)
    response = client.get(map_url(waiting), **HTMX)
    assert response["HX-Redirect"] == map_url(waiting)
    assert "Who is speaking?" in client.get(map_url(waiting)).content.decode()


def test_a_poll_once_refused_sends_the_browser_to_the_form_with_the_reason(
    client, lead, participant, parse_page
):
    client.force_login(lead)
    upload = services.transcript_import_start(
        actor=lead, participant=participant, filename="t.docx", data=b"no zip at all"
    )
    services.transcript_import_parse(upload_id=upload.pk)
    response = client.get(map_url(upload), **HTMX)
    form_url = reverse("transcript-import", args=[upload.study.slug]) + f"?refused={upload.pk}"
    assert response["HX-Redirect"] == form_url
    alert = parse_page(client.get(form_url)).find("div", **{"class": "form-errors"})
    assert "This is not a Word .docx file" in alert.text


def test_an_import_stuck_past_its_time_limits_is_shown_as_refused(client, lead, waiting):
    client.force_login(lead)
    TranscriptImport.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    response = client.get(map_url(waiting))
    assert response["Location"].endswith(f"?refused={waiting.pk}")
    assert "took too long" in client.get(response["Location"]).content.decode()


def test_another_studys_refused_import_is_not_shown_on_the_form(client, lead, study, outsider):
    from studies.models import Study

    theirs = Study.objects.get(memberships__user=outsider)
    upload = services.transcript_import_start(
        actor=outsider, participant=consented(theirs, outsider), filename="t.pdf",
        data=b"%PDF-1.7",
    )  # fmt: skip
    services.transcript_import_parse(upload_id=upload.pk)
    client.force_login(lead)
    response = client.get(reverse("transcript-import", args=[study.slug]), {"refused": upload.pk})
    assert response.status_code == 200
    assert "PDF" not in response.content.decode()


# --- A small file that unpacks to a great deal ----------------------------------------------


@pytest.mark.parametrize(
    ("xml_bytes", "message"),
    [
        (40 * 2**20, "This Word file unpacks to 40 MB of text and formatting, but we read "
                     "at most 20 MB from one transcript"),
        (15 * 2**20, "This Word file has more than 100,000 paragraphs, but we import at most "
                     "100,000 paragraphs from one transcript"),
    ],
    ids=["too-large-to-unpack", "too-many-paragraphs"],
)  # fmt: skip
def test_a_small_word_file_of_tens_of_mb_of_tiny_paragraphs_is_refused_naming_the_limit(
    client, lead, study, participant, xml_bytes, message
):
    data = tiny_paragraphs_docx(xml_bytes)
    assert len(data) < 300_000  # smaller than the 291 KB file of the report
    client.force_login(lead)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("transcript-import", args=[study.slug]),
            {"target": f"participant:{participant.pk}",
             "file": SimpleUploadedFile("interview.docx", data)},
        )  # fmt: skip
    upload = TranscriptImport.objects.get()
    assert (upload.status, upload.turns, upload.file.name) == ("refused", [], "")
    assert upload.error.startswith(message)
    shown = client.get(client.get(response["Location"])["Location"]).content.decode()
    assert message in shown


# --- A real worker ---------------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_reads_the_upload_and_refuses_a_word_bomb(
    postgres, celery_worker, lead
):
    from studies import services as study_services

    # The worker keeps files in the folder it shares with the tests (`celery_worker`).
    study = study_services.study_create(creator=lead, title="Worker study")
    one, two = consented(study, lead), consented(study, lead)
    read = services.transcript_import_start(actor=lead, participant=one, filename="t.txt", data=TXT)
    bomb = services.transcript_import_start(
        actor=lead, participant=two, filename="t.docx", data=tiny_paragraphs_docx(15 * 2**20)
    )
    deadline = time.monotonic() + 60
    while TranscriptImport.objects.filter(status="parsing").exists():
        assert time.monotonic() < deadline, "the worker never finished reading"
        time.sleep(0.2)
    read.refresh_from_db()
    bomb.refresh_from_db()
    assert (read.status, read.speakers, read.file.name) == ("parsed", ["Interviewer", "Sarah"], "")
    assert read.claimed_at is not None
    assert (bomb.status, bomb.turns) == ("refused", [])
    assert "more than 100,000 paragraphs" in bomb.error
