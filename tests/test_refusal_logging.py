"""A refusal (403) is the access rules working: one INFO line in the server log, never a
warning with a traceback that buries real faults."""

import logging


def _request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


def test_it_logs_a_refused_page_as_one_info_line_without_a_traceback(client, study, coder, caplog):
    client.force_login(coder)
    caplog.set_level(logging.INFO)
    response = client.get(f"/studies/{study.slug}/edit/")
    assert response.status_code == 403
    [record] = _request_records(caplog)
    assert record.levelno == logging.INFO
    assert record.exc_info is None
    assert "\n" not in caplog.text.strip()
    assert f"/studies/{study.slug}/edit/" in record.getMessage()


def test_it_logs_a_refused_api_call_at_info(api_as, study, coder, caplog):
    caplog.set_level(logging.INFO)
    response = api_as(coder).post(
        f"/api/v1/studies/{study.slug}/sites/", {"name": "Clinic"}, format="json"
    )
    assert response.status_code == 403
    [record] = _request_records(caplog)
    assert (record.levelno, record.exc_info) == (logging.INFO, None)


def test_it_still_logs_other_client_errors_as_warnings(client, coder, caplog):
    client.force_login(coder)
    caplog.set_level(logging.INFO)
    assert client.get("/studies/no-such-study/edit/").status_code == 404
    [record] = _request_records(caplog)
    assert record.levelno == logging.WARNING
