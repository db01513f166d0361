"""Walks every URL pattern and API route of the project and proves that an anonymous
request is refused unless the route is on the explicit public allow-list below. It
keeps guarding every route that later issues add: a new public page must be added here,
on purpose, with a reason."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Route names anyone may open without signing in, and why.
PUBLIC_ROUTES = {
    "login": "the way in",
    "password_reset": "forgotten passwords",
    "password_reset_done": "says an email was sent",
    "password_reset_confirm": "the emailed link (carries its own token)",
    "password_reset_complete": "says the new password is saved",
    "healthz": "load balancers and monitoring",
    "participant-enter": "a participant's personal link (its token is the credential, traded "
    "for a cookie scoped to the link's pages)",
    "participant-enter-at": "a deeper address of a participant's personal link",
    "participant-welcome": "a participant's pages (the link's cookie is the credential)",
    "participant-online-consent": "a participant's personal link",
    "participant-consent-done": "a participant's personal link",
    "participant-consent-copy": "a participant's personal link",
    "participant-withdraw-self": "a participant's personal link",
    "participant-start": "a participant's personal link",
    "participant-about": "a participant's personal link",
    "participant-page": "a participant's personal link",
    "participant-autosave": "a participant's personal link",
    "participant-finish": "a participant's personal link",
    "participant-thanks": "a participant's personal link",
    "participant-paused": "a participant's personal link",
    "admin:login": "the admin's own login page",
    "admin:logout": "logging out needs no login",
    "api:auth-token": "the API's way in: a username and password for a token (throttled)",
    "api-schema": "describes the API, holds no data; a newcomer reads it before a token",
    "api-docs": "the schema as a page, holds no data",
}

SAMPLE_VALUES = {
    "int": "1",
    "slug": "some-study",
    "str": "anything",
    "uuid": str(uuid.uuid4()),
    "path": "some/path",
    "link_token": "some-token",
    "drf_format_suffix": ".json",
}


def _routes(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), name


def _concrete_path(pattern: str) -> str:
    """A real path for a route pattern: converters and regex groups get sample values."""
    path = re.sub(r"\\.\(\?P<format>[^)]*\)", ".json", pattern)
    path = re.sub(r"\(\?P<pk>[^)]*\)", "1", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "some-study", path)
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES[m.group(1) or "str"], path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path


ROUTES = sorted(set(_routes(get_resolver())), key=lambda route: route[0])


def test_the_walk_finds_the_routes_we_know_about():
    names = {name for _, name in ROUTES}
    assert {"home", "study-dashboard", "member-update", "api:study-list", "api:membership-detail",
            "api-schema", "healthz", "admin:index"} <= names  # fmt: skip
    assert len(ROUTES) > 40


def test_every_public_route_still_exists():
    names = {name for _, name in ROUTES}
    assert set(PUBLIC_ROUTES) <= names


def _refused(response) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return location.startswith(("/accounts/login/", "/admin/login/"))
    return False


@pytest.mark.parametrize(("pattern", "name"), [r for r in ROUTES if r[1] not in PUBLIC_ROUTES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_requests_are_refused(client, db, pattern, name, method):
    path = _concrete_path(pattern)
    response = getattr(client, method)(path)
    assert _refused(response), (
        f"{method.upper()} {path} ({name}) answered {response.status_code} to an anonymous "
        "request. Refuse it, or add the route to PUBLIC_ROUTES with a reason."
    )


@pytest.mark.parametrize(("pattern", "name"), [r for r in ROUTES if r[1] in PUBLIC_ROUTES])
def test_public_routes_answer_anonymous_visitors(client, db, pattern, name):
    response = client.get(_concrete_path(pattern))
    assert response.status_code < 500


def test_route_names_are_unique_so_reverse_finds_the_page_meant():
    """Two routes with one name make reverse() pick one silently (a page link that
    lands in the API, say). Format-suffix variants of one API route are the same route."""
    patterns_by_name: dict[str, set[str]] = {}
    for pattern, name in ROUTES:
        if name:
            base = re.sub(
                r"\\\.\(\?P<format>[^)]*\)/\?\$$|<drf_format_suffix:format>$", "", pattern
            )
            patterns_by_name.setdefault(name, set()).add(base.rstrip("$").rstrip("/"))
    clashes = {name: sorted(found) for name, found in patterns_by_name.items() if len(found) > 1}
    assert clashes == {}
