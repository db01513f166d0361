"""The study overview's sessions and transcripts (found by name by studies.overview)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from studies.access import Action, StudyAccess
from studies.models import Participant, RecruitmentStatus
from studies.overview import Link, OverviewSection, attention_to, count_of

from .models import (
    ImportStatus,
    InterviewSession,
    PauseOutcome,
    SessionPause,
    SessionStatus,
    Transcript,
    TranscriptImport,
    TranscriptStatus,
)


def _sessions(access: StudyAccess) -> OverviewSection:
    slug = access.study.slug
    url = reverse("sessions", args=[slug])
    counts = InterviewSession.objects.filter(study=access.study).aggregate(
        completed=Count("pk", filter=Q(status=SessionStatus.COMPLETED)),
        open=Count(
            "pk",
            filter=Q(
                status__in=(
                    SessionStatus.NOT_STARTED,
                    SessionStatus.IN_PROGRESS,
                    SessionStatus.PAUSED,
                )
            ),
        ),
    )
    # Same rule as SessionPause.needs_check_in, counted in the database.
    unchecked = SessionPause.objects.filter(
        session__study=access.study, outcome__in=("", PauseOutcome.NOT_REACHED)
    ).count()
    attention = attention_to((unchecked, "stop", "waiting for a check-in", url))
    return OverviewSection(
        title="Sessions",
        figures=[
            f"{count_of(counts['completed'], 'session')} completed",
            f"{counts['open']} open",
        ],
        attention=attention,
        links=[
            Link("Sessions", url),
            Link("Answers side by side", reverse("responses", args=[slug])),
        ],
    )


def _transcripts(access: StudyAccess) -> OverviewSection:
    slug = access.study.slug
    url = reverse("transcripts", args=[slug])
    counts = Transcript.objects.filter(study=access.study).aggregate(
        ready=Count("pk", filter=Q(status=TranscriptStatus.READY)),
        draft=Count("pk", filter=Q(status=TranscriptStatus.DRAFT)),
    )
    # Interviewed, yet nothing to code: no transcript of theirs at all.
    missing = (
        Participant.objects.filter(study=access.study, status=RecruitmentStatus.INTERVIEWED)
        .exclude(Exists(Transcript.objects.filter(participant=OuterRef("pk"))))
        .count()
    )
    waiting = 0
    if access.can(Action.TRANSCRIBE):
        waiting = TranscriptImport.objects.filter(
            study=access.study, status=ImportStatus.PARSED
        ).count()
    attention = attention_to(
        (counts["draft"], "transcript", "to check", url),
        (missing, "interviewed participant", "without a transcript", url),
        (waiting, "upload", "waiting for its speakers to be named", url),
    )
    return OverviewSection(
        title="Transcripts",
        figures=[
            f"{count_of(counts['ready'], 'transcript')} ready for coding",
            f"{counts['draft']} being checked",
        ],
        attention=attention,
        links=[Link("Transcripts", url)],
    )


def overview_sections(*, access: StudyAccess) -> list[OverviewSection]:
    """Sessions and transcripts, for those who may see research data."""
    if not access.can(Action.VIEW_DATA):
        return []
    return [_sessions(access), _transcripts(access)]
