"""Support contacts belong to a role: a worker who stops is not told about their care
plan. They show, with numbers a phone can call, wherever a participant might need them:
after stopping, on the thank-you page and after withdrawing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from studies import services
from studies.markdown import render
from tests.factories import enter_link, give_consent

WORKER_SUPPORT = "Staff wellbeing: **0808 157 0192**, or email wellbeing@example.org."


def test_phone_numbers_and_addresses_become_links_but_dates_and_markup_do_not():
    html = render(
        "Call 020 7946 0321 or +44 (20) 7946 0958, or write to team@example.org.\n"
        "Since 2026-03-04. <a href='https://example.org'>x</a>",
        contact_links=True,
    )
    assert '<a href="tel:02079460321">020 7946 0321</a>' in html
    assert '<a href="tel:+442079460958">+44 (20) 7946 0958</a>' in html
    assert '<a href="mailto:team@example.org">team@example.org</a>' in html
    assert "tel:20260304" not in html
    assert "<a href='https" not in html and "&lt;a href=" in html


def test_vignettes_keep_their_numbers_as_text():
    assert "tel:" not in render("She rang 0808 157 0192 at midnight.")


def test_support_contacts_can_change_after_recruitment_but_the_code_cannot(lead, study, worker):
    role = worker.role
    services.role_update(
        actor=lead, role=role, code=role.code, label=role.label, support_text=WORKER_SUPPORT
    )
    role.refresh_from_db()
    assert role.support_text == WORKER_SUPPORT
    with pytest.raises(ValidationError, match="recruitment has started"):
        services.role_update(actor=lead, role=role, code="MHX", label=role.label)


def test_support_contacts_with_control_characters_are_refused(lead, study):
    role = study.roles.get(code="SU")
    with pytest.raises(ValidationError) as refused:
        services.role_update(
            actor=lead, role=role, code=role.code, label=role.label, support_text="Call\x07 us"
        )
    assert "support_text" in refused.value.message_dict


def test_the_role_page_edits_support_contacts_once_recruitment_has_started(
    client, lead, study, worker
):
    client.force_login(lead)
    url = reverse("role-edit", args=[study.slug, worker.role.pk])
    page = client.get(url).content.decode()
    assert 'name="support_text"' in page and "disabled" in page
    response = client.post(url, {"support_text": WORKER_SUPPORT})
    assert response.status_code == 302
    worker.role.refresh_from_db()
    assert (worker.role.code, worker.role.support_text) == ("MHW", WORKER_SUPPORT)


@pytest.fixture
def worker_with_support(lead, study, worker):
    services.role_update(
        actor=lead, role=worker.role, code="MHW", label=worker.role.label,
        support_text=WORKER_SUPPORT,
    )  # fmt: skip
    give_consent(worker, lead)
    return worker


def test_the_withdrawn_page_shows_the_roles_support(client, lead, worker_with_support):
    _link, token = services.link_issue(actor=lead, participant=worker_with_support)
    link_id = enter_link(client, token)
    response = client.post(
        reverse("participant-withdraw-self", args=[link_id]), {"choice": "keep", "confirm": "on"}
    )
    html = response.content.decode()
    assert "You have withdrawn" in html, html
    assert '<a href="tel:08081570192">0808 157 0192</a>' in html
