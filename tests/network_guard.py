"""Any attempt of a test to reach a host other than this machine fails the suite.

socket.connect and name lookups are patched for the whole run: loopback addresses and
Unix sockets pass; anything else raises at once and is remembered, and the test that
tried fails at teardown even if the code under test swallowed the exception.
"""

import ipaddress
import socket

import pytest

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkAccessBlocked(RuntimeError):
    pass


attempts: list[str] = []


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]").lower()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(target: str):
    attempts.append(target)
    raise NetworkAccessBlocked(f"Tests may not reach other hosts: tried {target}")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _check_address(sock: socket.socket, address) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse(f"{address[0]}:{address[1]}")


def _guarded_connect(self, address):
    _check_address(self, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    _check_address(self, address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _refuse(f"name lookup of {host}")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config):
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo


@pytest.fixture(autouse=True)
def _no_outside_network():
    attempts.clear()
    yield
    if attempts:
        found = ", ".join(attempts)
        attempts.clear()
        pytest.fail(f"The test tried to reach other hosts: {found}")
