"""No page asks another origin for anything, and none carries inline script or style,
so the Content-Security-Policy (self only) can hold."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self.inline_styles = 0
        self._in_script_without_src = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "poster", "data"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if "style" in attrs or tag == "style":
            self.inline_styles += 1
        if any(name.startswith("on") for name in attrs):
            self.inline_scripts += 1
        self._in_script_without_src = tag == "script" and not attrs.get("src")

    def handle_data(self, data):
        if self._in_script_without_src and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag):
        self._in_script_without_src = False


def _page_names(study):
    return [
        reverse("home"),
        reverse("study-create"),
        reverse("study-dashboard", args=[study.slug]),
        reverse("study-edit", args=[study.slug]),
        reverse("study-members", args=[study.slug]),
        reverse("api-token"),
        reverse("password_change"),
        reverse("api-docs"),
    ]


def _assert_self_contained(response):
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    parser = _Resources()
    parser.feed(response.content.decode())
    external = [url for url in parser.urls if url.startswith(("http:", "https:", "//"))]
    assert external == []
    assert parser.inline_scripts == 0
    assert parser.inline_styles == 0


def test_signed_in_pages_load_nothing_from_elsewhere(client, study, lead):
    client.force_login(lead)
    for url in _page_names(study):
        _assert_self_contained(client.get(url))


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_public_pages_load_nothing_from_elsewhere(client, db, name):
    _assert_self_contained(client.get(reverse(name)))
