import socket

import pytest

from tests.network_guard import NetworkAccessBlocked, attempts


def test_the_network_guard_refuses_other_hosts_and_remembers_the_attempt():
    with socket.socket() as sock, pytest.raises(NetworkAccessBlocked):
        sock.connect(("192.0.2.10", 80))
    with pytest.raises(NetworkAccessBlocked):
        socket.getaddrinfo("example.org", 443)
    assert attempts == ["192.0.2.10:80", "name lookup of example.org"]
    attempts.clear()  # tripped on purpose: do not fail this test at teardown


def test_the_network_guard_lets_loopback_through():
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", 9))  # nothing listens on the discard port here
    assert attempts == []
