"""Playwright setup: the system Chromium, as Playwright cannot download its own here."""

import os

import pytest

from tests.fixtures import need_service

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Checked here rather than in a function-scoped fixture: the session-scoped browser
    # is launched before any of those run.
    need_service(os.path.exists(CHROMIUM), f"needs Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        # Keeps Chromium from phoning home, which the network guard would not see.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM
    # calls from a thread with a running loop unless told it is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def transactional_db(_allow_orm_beside_playwright, transactional_db):
    # pytest-django's autouse live-server helper sets the database up before any autouse
    # fixture here, so it would flush it after the variable is gone; depending on the
    # variable's fixture makes the flush happen while it is still set.
    return transactional_db
