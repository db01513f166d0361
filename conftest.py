"""Project-wide test setup: the network guard and the shared fixtures in tests/."""

pytest_plugins = ["tests.fixtures", "tests.network_guard"]
