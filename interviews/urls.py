from django.urls import path

from .views import participate, team, transcripts

link = "p/<int:link_id>/"
study = "studies/<slug:slug>/"
session = study + "sessions/<int:pk>/"
transcript = study + "transcripts/<int:pk>/"

urlpatterns = [
    # The participant's way through the vignettes, through their personal link
    path(link + "start/", participate.start, name="participant-start"),
    path(link + "about-you/", participate.about, name="participant-about"),
    path(link + "page/<int:number>/", participate.page, name="participant-page"),
    path(link + "page/<int:number>/save/", participate.autosave, name="participant-autosave"),
    path(link + "finish/", participate.finish, name="participant-finish"),
    path(link + "thanks/", participate.thanks, name="participant-thanks"),
    path(link + "paused/", participate.paused, name="participant-paused"),
    # Vignettes, questions and settings
    path(study + "vignettes/", team.vignettes, name="vignettes"),
    path(study + "vignettes/<int:pk>/", team.vignette_edit, name="vignette-edit"),
    path(study + "vignettes/<int:pk>/<str:action>/", team.vignette_action, name="vignette-action"),
    path(study + "vignettes/preview/<int:role_pk>/", team.preview, name="vignette-preview"),
    path(study + "questions/new/", team.question_edit, name="question-add"),
    path(study + "questions/<int:pk>/", team.question_edit, name="question-edit"),
    path(study + "questions/<int:pk>/delete/", team.question_delete, name="question-delete"),
    path(study + "interview-settings/", team.interview_settings, name="interview-settings"),
    # Sessions
    path(study + "sessions/", team.sessions, name="sessions"),
    path(session, team.session_detail, name="session-detail"),
    path(session + "stops/<int:pause_pk>/check-in/", team.pause_check_in, name="pause-check-in"),
    path(session + "conduct/<int:number>/", team.session_conduct, name="session-conduct"),
    path(session + "recording/", transcripts.recording_upload, name="recording-upload"),
    path(session + "<str:action>/", team.session_action, name="session-action"),
    # Transcripts, their recordings and the redaction log
    path(study + "transcripts/", transcripts.transcripts, name="transcripts"),
    path(study + "transcripts/import/", transcripts.transcript_import, name="transcript-import"),
    path(
        study + "transcripts/import/<int:pk>/",
        transcripts.transcript_import_map,
        name="transcript-import-map",
    ),  # fmt: skip
    path(transcript, transcripts.transcript_detail, name="transcript-detail"),
    path(transcript + "turns/<int:position>/", transcripts.transcript_turn, name="transcript-turn"),
    path(transcript + "redact/", transcripts.transcript_redact, name="transcript-redact"),
    path(transcript + "ready/", transcripts.transcript_ready, name="transcript-ready"),
    path(transcript + "vignettes/", transcripts.transcript_vignettes, name="transcript-vignettes"),
    path(transcript + "versions/", transcripts.transcript_versions, name="transcript-versions"),
    path(transcript + "export.<str:fmt>", transcripts.transcript_export, name="transcript-export"),
    path(study + "recordings/<int:pk>/audio/", transcripts.recording_audio, name="recording-audio"),
    path(
        study + "recordings/<int:pk>/delete/",
        transcripts.recording_delete,
        name="recording-delete",
    ),  # fmt: skip
    path(study + "redactions/", transcripts.redaction_log, name="redaction-log"),
    # Answers
    path(study + "responses/", team.responses, name="responses"),
    path(study + "responses.csv", team.responses_csv, name="responses-csv"),
    path(study + "dyads/<int:pk>/answers/", team.dyad_answers, name="dyad-answers"),
]
