"""Project-wide test setup: the network guard and the shared fixtures in tests/."""

import pytest

pytest_plugins = ["tests.fixtures", "tests.network_guard"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests go last: Playwright keeps an event loop running in the main thread
    until the session ends, and Django refuses database work beside a running loop, so
    any database test after them would fail."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
