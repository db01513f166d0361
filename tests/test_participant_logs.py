"""A participant's personal link is a secret: whoever holds it can read and change their
answers, download their consent with their name, or withdraw them. This walks a whole
participant flow through gunicorn, configured as the Dockerfile runs it, and reads
everything the server logged: no token may be in it."""

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from interviews import services as interview_services
from interviews.models import Response
from studies import services
from tests.factories import DATA_PROTECTION, UserFactory, give_consent
from tests.fixtures import shared_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
STORIES = 3


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """Cookies kept, redirects followed by hand so every address is seen."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=10) as response:
                location = response.headers.get("Location", "")
                return response.status, location, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def follow(self, path: str, data: dict | None = None) -> tuple[str, str]:
        status, location, html = self.request(path, data)
        while status == 302:
            path = location
            status, location, html = self.request(path)
        assert status == 200, (path, status)
        return path, html


def _fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrfmiddlewaretoken|tab|tok_q\d+)" value="([^"]*)"', html))


@pytest.fixture
def gunicorn(postgres, transactional_db, tmp_path):
    """gunicorn with the Dockerfile's configuration, on the tests' database."""
    port, log_path = _free_port(), tmp_path / "gunicorn.log"
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DATABASE_URL=shared_database_url(), DJANGO_ENV="development", DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50), LOG_LEVEL="INFO",
    )  # fmt: skip
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
        "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "2",
        "--access-logfile", "-",
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
                    break
                except OSError:
                    assert process.poll() is None and time.monotonic() < deadline, (
                        log_path.read_text()
                    )
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}", log_path
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture
def online_link():
    lead = UserFactory(username="lead")
    study = services.study_create(creator=lead, title="Logs")
    services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
    for number in range(1, STORIES + 1):
        interview_services.vignette_create(
            actor=lead, study=study, title=f"Story {number}", text=f"Story {number}."
        )
    interview_services.question_create(
        actor=lead, study=study, prompt="What happens next?", required=True
    )
    worker = services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    give_consent(worker, lead)
    return interview_services.session_create(actor=lead, participant=worker, mode="online")


@pytest.mark.services
def test_a_whole_participant_flow_under_gunicorn_leaves_no_token_in_the_logs(gunicorn, online_link):
    base, log_path = gunicorn
    session, token = online_link
    browser = Browser(base)
    path, html = browser.follow(f"/p/{token}/start/")
    assert token not in path
    for number in range(1, STORIES + 1):
        assert path.endswith(f"/page/{number}/")
        fields = _fields(html)
        [question] = [name[4:] for name in fields if name.startswith("tok_")]
        answer = {question: f"Answer on page {number}"}
        status, _, _ = browser.request(path + "save/", {**fields, **answer})
        assert status == 200
        path, html = browser.follow(path, {**fields, **answer, "action": "next"})
    assert path.endswith("/finish/")
    path, html = browser.follow(path, _fields(html))  # "Send my answers"
    assert path.endswith("/thanks/")

    # Refusals that name the address: a post without its CSRF cookie, a bad token.
    stranger = Browser(base)
    assert stranger.request(f"/p/{token}/page/1/", {"q1": "x"})[0] == 403
    assert stranger.request(f"/p/{'x' * 43}/")[0] == 404
    time.sleep(0.5)  # the access log line is written after the response

    logged = log_path.read_text()
    assert token not in logged
    assert "x" * 43 not in logged
    assert logged.count("/p/[link]/") >= 3  # the lines were there, without the token
    stored = Response.objects.filter(session=session).order_by("pk")
    assert [r.text for r in stored] == [f"Answer on page {n}" for n in range(1, STORIES + 1)]
