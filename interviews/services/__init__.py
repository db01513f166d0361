"""Every operation that changes state in interviews: one transaction each, asking
studies.access and, before anything from a participant is stored, the consent gate."""

from .authoring import (
    interview_settings_for,
    interview_settings_update,
    question_create,
    question_delete,
    question_update,
    vignette_archive,
    vignette_create,
    vignette_delete,
    vignette_move,
    vignette_update,
    vignette_version_used,
)
from .sessions import (
    answer_clean,
    answers_save,
    missing_required,
    page_complete,
    resume_page,
    session_abandon,
    session_answers,
    session_complete,
    session_create,
    session_pause,
    session_start,
)
from .transcripts import INTERVIEWER, compose, transcript_from_session

__all__ = [
    "INTERVIEWER",
    "answer_clean",
    "answers_save",
    "compose",
    "interview_settings_for",
    "interview_settings_update",
    "missing_required",
    "page_complete",
    "question_create",
    "question_delete",
    "question_update",
    "resume_page",
    "session_abandon",
    "session_answers",
    "session_complete",
    "session_create",
    "session_pause",
    "session_start",
    "transcript_from_session",
    "vignette_archive",
    "vignette_create",
    "vignette_delete",
    "vignette_move",
    "vignette_update",
    "vignette_version_used",
]
