"""A new personal link stops the old one. Nobody does that by accident: while a link is
live, replacing it has to be confirmed, on the page and in the service."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from studies import services
from studies.models import ParticipantLink


def test_a_live_link_is_not_replaced_without_saying_so(lead, worker):
    _link, token = services.link_issue(actor=lead, participant=worker)
    with pytest.raises(ValidationError) as refused:
        services.link_issue(actor=lead, participant=worker)
    assert "stops it at once" in refused.value.message_dict["replace_link"][0]
    assert services.link_resolve(token) is not None
    assert ParticipantLink.objects.filter(participant=worker).count() == 1


def test_a_confirmed_replacement_stops_the_old_link(lead, worker):
    _link, old = services.link_issue(actor=lead, participant=worker)
    _link, new = services.link_issue(actor=lead, participant=worker, replace=True)
    assert services.link_resolve(old) is None
    assert services.link_resolve(new) is not None


def test_an_expired_or_stopped_link_needs_no_confirmation(lead, worker):
    link, _token = services.link_issue(actor=lead, participant=worker)
    ParticipantLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    services.link_issue(actor=lead, participant=worker)
    services.link_revoke(actor=lead, participant=worker)
    _link, token = services.link_issue(actor=lead, participant=worker)
    assert services.link_resolve(token) is not None


def test_the_participant_page_asks_before_replacing_a_live_link(client, lead, study, worker):
    client.force_login(lead)
    _link, token = services.link_issue(actor=lead, participant=worker)
    detail = client.get(reverse("participant-detail", args=[study.slug, worker.pk]))
    assert 'name="replace"' in detail.content.decode()
    url = reverse("participant-link", args=[study.slug, worker.pk])
    refused = client.post(url, follow=True)
    assert "stops it at once" in refused.content.decode()
    assert services.link_resolve(token) is not None
    made = client.post(url, {"replace": "1"})
    assert made.status_code == 200
    assert services.link_resolve(token) is None
