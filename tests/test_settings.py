"""The one settings module, configured by environment: each case runs in a fresh
interpreter so that the environment is read exactly as at start-up."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG_VARIABLES = (
    "DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG",
    "SESSION_IDLE_MINUTES", "EMAIL_URL", "MEDIA_S3_BUCKET", "MEDIA_S3_ENDPOINT_URL",
    "DB_PREPARED_STATEMENTS",
)  # fmt: skip

READ_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
from config.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "db_options": db.get("OPTIONS", {}),
    "debug": settings.DEBUG, "eager": app.conf.task_always_eager,
    "broker": app.conf.broker_url, "backend": app.conf.result_backend,
    "cache": settings.CACHES["default"]["BACKEND"], "storage": settings.STORAGES["default"],
    "session_age": settings.SESSION_COOKIE_AGE,
    "serializer": app.conf.task_serializer, "accept": list(app.conf.accept_content),
    "acks_late": app.conf.task_acks_late, "time_limit": app.conf.task_time_limit,
    "email": settings.EMAIL_BACKEND, "secret_len": len(settings.SECRET_KEY),
}))
"""


def _run(code_or_args, **env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="config.settings")
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def _settings(**env) -> dict:
    result = _run(READ_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_it_uses_sqlite_in_the_project_and_runs_tasks_inline():
    found = _settings()
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(PROJECT_DIR / "db.sqlite3")
    assert found["eager"] is True
    assert found["debug"] is True
    assert found["cache"].endswith("LocMemCache")
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    assert found["secret_len"] >= 50


def test_database_url_switches_to_postgresql():
    found = _settings(DATABASE_URL="postgres://vl:pw@db.internal:5433/vignettes")
    assert found["engine"] == "django.db.backends.postgresql"
    assert (found["name"], found["host"]) == ("vignettes", "db.internal")


def test_postgresql_prepares_statements_unless_a_pooler_needs_them_off():
    url = "postgres://vl:pw@db.internal:5433/vignettes"
    options = _settings(DATABASE_URL=url)["db_options"]
    assert options == {"server_side_binding": True, "prepare_threshold": 5}
    assert _settings(DATABASE_URL=url, DB_PREPARED_STATEMENTS="false")["db_options"] == {}


def test_uploads_are_local_files_by_default_and_go_to_s3_when_a_bucket_is_named():
    assert _settings()["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    found = _settings(MEDIA_S3_BUCKET="vl-media", MEDIA_S3_ENDPOINT_URL="https://s3.example.org")
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert found["storage"]["OPTIONS"]["bucket_name"] == "vl-media"
    assert found["storage"]["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert found["storage"]["OPTIONS"]["default_acl"] == "private"


def test_redis_url_switches_celery_and_the_cache_to_redis():
    found = _settings(REDIS_URL="redis://cache.internal:6379/2")
    assert found["eager"] is False
    assert found["broker"] == found["backend"] == "redis://cache.internal:6379/2"
    assert found["cache"].endswith("RedisCache")


def test_celery_speaks_json_only_acks_late_and_has_time_limits():
    found = _settings()
    assert found["serializer"] == "json"
    assert found["accept"] == ["json"]
    assert found["acks_late"] is True
    assert found["time_limit"] > 0


PRODUCTION = {
    "DJANGO_ENV": "production",
    "ALLOWED_HOSTS": "vignettes.example.org",
}


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(READ_SETTINGS, **PRODUCTION)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run(READ_SETTINGS, DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_sessions_end_after_thirty_idle_minutes():
    found = _settings(**PRODUCTION, SECRET_KEY=secrets.token_urlsafe(50))
    assert found["debug"] is False
    assert found["session_age"] == 30 * 60


def test_the_idle_time_is_configurable():
    assert _settings(SESSION_IDLE_MINUTES="5")["session_age"] == 300


def test_check_deploy_is_clean_in_production():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("value", ["staging", "prod"])
def test_an_unknown_environment_name_is_refused(value):
    result = _run(READ_SETTINGS, DJANGO_ENV=value)
    assert result.returncode != 0
    assert "DJANGO_ENV must be" in result.stderr


def test_the_embedded_default_runs_a_task_inline_without_a_broker_warning():
    """With nothing configured, tasks run in the process: kombu must not warn about a
    broker host (it used to, on every pause alert)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from config.celery import ping; "
         "print(ping.apply_async().get()['worker'])"],
        cwd=PROJECT_DIR, env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "kombu" not in result.stderr and "No hostname" not in result.stderr
