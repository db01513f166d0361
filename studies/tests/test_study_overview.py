"""The study overview summarises the study as it is: recruitment, consent, sessions and
transcripts, with what needs attention, and calls only unbuilt parts unbuilt."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from interviews.models import InterviewSession, SessionPause, Transcript, TranscriptStatus
from studies.demo import DEMO_STUDY_SLUG
from studies.models import ConsentRecord, Membership, Study
from studies.overview import count_of


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Study.objects.get(slug=DEMO_STUDY_SLUG)


def overview_as(client, study, username: str) -> str:
    client.force_login(Membership.objects.get(study=study, user__username=username).user)
    html = client.get(reverse("study-dashboard", args=[study.slug])).content.decode()
    return re.sub(r"\s+", " ", html)


def test_it_summarises_each_part_of_the_study_with_its_counts(client, demo):
    html = overview_as(client, demo, "demo-lead")
    consented = (
        ConsentRecord.objects.filter(participant__study=demo).values("participant").distinct()
    )
    completed = InterviewSession.objects.filter(study=demo, status="completed").count()
    drafts = Transcript.objects.filter(study=demo, status=TranscriptStatus.DRAFT).count()
    for title in ("Recruitment", "Consent", "Sessions", "Transcripts"):
        assert f">{title}</h2>" in html
    assert f"{consented.count()} participants consented" in html
    assert f"{completed} sessions completed" in html
    assert f"{drafts} transcripts to check</a>" in html
    assert reverse("transcripts", args=[demo.slug]) in html


def test_it_flags_a_stop_that_waits_for_its_check_in(client, demo):
    waiting = SessionPause.objects.filter(session__study=demo, outcome__in=("", "not_reached"))
    before = waiting.count()
    session = InterviewSession.objects.filter(study=demo).order_by("pk").first()
    SessionPause.objects.create(session=session, page_number=1)
    html = overview_as(client, demo, "demo-lead")
    assert f"{count_of(before + 1, 'stop')} waiting for a check-in" in html


def test_it_shows_a_consent_admin_consent_but_no_research_data(client, demo):
    html = overview_as(client, demo, "demo-consent")
    assert ">Consent</h2>" in html and reverse("audit-trail", args=[demo.slug]) in html
    assert ">Sessions</h2>" not in html and ">Transcripts</h2>" not in html
    assert reverse("study-sample", args=[demo.slug]) not in html


def test_it_calls_only_the_parts_not_built_yet_unbuilt(client, demo):
    html = overview_as(client, demo, "demo-coder")
    start = html.index("<h2>Not built yet</h2>")
    unbuilt = html[start : html.index("</ul>", start)]
    assert "Matrices" in unbuilt and "REFI-QDA" in unbuilt
    for built in ("Consent", "Transcripts", "Vignettes", "interviews", "Coding"):
        assert built not in unbuilt
