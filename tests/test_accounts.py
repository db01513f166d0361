import re
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from studies import services
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def member(db):
    return UserFactory(username="mara")


def _log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_member_logs_in_and_lands_on_my_studies(client, member):
    response = _log_in(client, "mara", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_shows_an_error_and_no_session(client, member):
    response = _log_in(client, "mara", "not the password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_logging_out_ends_the_session(client, member):
    client.force_login(member)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_repeated_failed_logins_are_throttled_even_with_the_right_password(
    client, member, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, "mara", "wrong guess").status_code == 200
    assert _log_in(client, "mara", "wrong guess").status_code == 429
    locked = _log_in(client, "mara", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_lockout_of_one_user_does_not_lock_another(client, member, settings):
    UserFactory(username="other")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "mara", "wrong guess")
    assert _log_in(client, "other", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short pw 1", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_new_passwords_are_refused(client, member, new_password, message):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_a_strong_new_password_is_accepted(client, member):
    client.force_login(member)
    new = "walk the dog by the canal at dawn"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("password_change_done")
    member.refresh_from_db()
    assert member.check_password(new)


def test_an_invited_person_sets_a_password_through_the_emailed_link_and_logs_in(
    client, study, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_add(actor=lead, study=study, email="new@example.org", role="coder")
    link = re.search(r"http://\S+/accounts/reset/\S+", mail.outbox[0].body).group(0)
    form_page = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert form_page.context["validlink"]
    new = "a kettle of ten teacups"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert _log_in(client, "new@example.org", new)["Location"] == reverse("home")
    assert client.get(reverse("study-dashboard", args=[study.slug])).status_code == 200


def test_sessions_are_renewed_by_use_but_not_on_every_request(client, member, settings):
    client.force_login(member)
    client.get(reverse("home"))
    session = Session.objects.get()
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)

    client.get(reverse("home"))  # refreshed less than a minute ago: no write
    assert Session.objects.get().expire_date == soon

    stored = client.session
    stored["_refreshed_at"] = int(time.time()) - 120
    stored.save()
    Session.objects.filter(pk=session.pk).update(expire_date=soon)
    client.get(reverse("home"))  # a minute has passed: the idle clock restarts
    renewed = Session.objects.get().expire_date
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((renewed - expected).total_seconds()) < 30


def test_an_idle_session_has_ended(client, member):
    client.force_login(member)
    client.get(reverse("home"))
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
