"""Shared fixtures: personas in a study, API clients, and the real services.

Personas are members of the `study` fixture with fixed roles (`lead`, `researcher`,
`coder`, `consent_admin`, `viewer`) plus an `outsider` who belongs to another study.
Service fixtures skip when the service is missing, unless REQUIRE_SERVICES=1 (set by
CI), where a missing service fails the test.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from config.celery import app as celery_app
from studies import services
from studies.models import Membership
from tests.factories import UserFactory

PROJECT_DIR = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def django_process_output(code: str, **env: str) -> str:
    """Runs `code` in a fresh interpreter with Django set up from these environment
    variables (and no DATABASE_URL unless given), as another web process would start;
    returns the last line it printed."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=PROJECT_DIR,
        env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def need_service(available: bool, reason: str) -> None:
    """Skips the test when a service is missing, or fails it under REQUIRE_SERVICES=1."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this is a failure)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashers cost ~0.3 s a password by design; tests create hundreds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files (scans, recordings) go to a temporary folder, never the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """API throttles count requests in the cache; each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- Personas ------------------------------------------------------------------------


@pytest.fixture
def lead(db):
    return UserFactory(username="lead", first_name="Lena", last_name="Lead")


@pytest.fixture
def study(lead):
    return services.study_create(creator=lead, title="Risk and recovery")


def _member(study, username: str, role: str):
    user = UserFactory(username=username)
    Membership.objects.create(study=study, user=user, role=role)
    return user


@pytest.fixture
def researcher(study):
    return _member(study, "researcher", Membership.Role.RESEARCHER)


@pytest.fixture
def coder(study):
    return _member(study, "coder", Membership.Role.CODER)


@pytest.fixture
def consent_admin(study):
    return _member(study, "consent_admin", Membership.Role.CONSENT_ADMIN)


@pytest.fixture
def viewer(study):
    return _member(study, "viewer", Membership.Role.VIEWER)


@pytest.fixture
def outsider(db):
    """Leads a study of their own, and is in no way part of `study`."""
    user = UserFactory(username="outsider")
    services.study_create(creator=user, title="Another team's study")
    return user


@pytest.fixture
def worker(study, lead):
    """MHW1 of `study`, just identified, with no contact details."""
    mhw = study.roles.get(code="MHW")
    return services.participant_add(actor=lead, study=study, role=mhw, site=None)


@pytest.fixture
def personas(lead, researcher, coder, consent_admin, viewer, outsider):
    return {
        "lead": lead,
        "researcher": researcher,
        "coder": coder,
        "consent_admin": consent_admin,
        "viewer": viewer,
        "outsider": outsider,
        "anonymous": None,
    }


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_as():
    """api_as(user) gives an API client authenticated as that user (None: anonymous)."""

    def make(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


# --- Background tasks ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _celery_inline():
    """Tasks run inline unless a test asks for the real worker (`celery_worker`)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True


# --- Real services -------------------------------------------------------------------


AUDIT_TABLE = "studies_auditevent"


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_trail_trigger():
    """On PostgreSQL the audit table refuses TRUNCATE (studies migration 0011), and the
    flush after each transactional or live-server test is one TRUNCATE of every table.
    Only here, in the harness, is that trigger switched off for the flush, inside the
    flush's own transaction, so a failed flush leaves it on."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    sql_flush = DatabaseOperations.sql_flush

    def sql_flush_past_the_trigger(self, style, tables, **options):
        statements = sql_flush(self, style, tables, **options)
        if AUDIT_TABLE not in tables:
            return statements
        table = self.quote_name(AUDIT_TABLE)
        trigger = self.quote_name("studies_auditevent_no_truncate")
        return [
            f"ALTER TABLE {table} DISABLE TRIGGER {trigger};",
            *statements,
            f"ALTER TABLE {table} ENABLE TRIGGER {trigger};",
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush_past_the_trigger)
        yield


@pytest.fixture
def postgres(db):
    from django.db import connection

    need_service(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")
    return connection


@pytest.fixture(scope="session")
def redis_url():
    url = settings.REDIS_URL
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            need_service(False, f"Redis at {url} does not answer: {exc}")
    need_service(bool(url), "needs Redis: set REDIS_URL")
    return url


def shared_database_url() -> str:
    """The address of the tests' own PostgreSQL database, for a process the tests start
    (a worker, a server) to read what a test committed; empty on SQLite."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return ""
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )


@pytest.fixture(scope="session")
def _celery_worker_process(redis_url, django_db_setup, tmp_path_factory):
    """A real `celery worker` process on its own queue, for the whole session.

    It reads the same test database as the tests (on PostgreSQL), so tasks see data the
    test committed (use `transactional_db`).
    """
    queue = f"test-{uuid.uuid4().hex[:8]}"
    # Files the worker stores (an export, an import's upload) go where the tests read them.
    media = tmp_path_factory.mktemp("worker-media")
    env = dict(os.environ, CELERY_QUEUE=queue, REDIS_URL=redis_url, MEDIA_ROOT=str(media))
    if shared_database_url():
        env["DATABASE_URL"] = shared_database_url()
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    log = log_path.open("w")
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--pool=solo", "--queues", queue, "--hostname", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--loglevel=INFO",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=log)
    celery_app.conf.task_default_queue = queue
    try:
        yield process, queue, log_path, media
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def celery_worker(_celery_worker_process, settings):
    """Tasks go through Redis to the real worker process during this test, which shares
    its folder of stored files."""
    process, queue, log_path, media = _celery_worker_process
    settings.MEDIA_ROOT = media
    celery_app.conf.task_always_eager = False
    from config.celery import ping

    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"The Celery worker exited:\n{log_path.read_text()[-3000:]}")
        try:
            assert ping.apply_async(queue=queue).get(timeout=5)["answer"] == "pong"
            break
        except Exception:
            if time.monotonic() > deadline:
                pytest.fail(f"The Celery worker never answered:\n{log_path.read_text()[-3000:]}")
    yield process
    celery_app.conf.task_always_eager = True
