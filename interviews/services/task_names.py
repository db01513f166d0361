"""The names the background tasks of interviews are registered under (interviews/tasks.py).
The services queue a task by its name, so nothing in them imports the task module,
which calls the services: the dependency runs one way, tasks -> services."""

SESSION_PAUSED_ALERT = "interviews.session_paused_alert"
TRANSCRIPT_IMPORT_PARSE = "interviews.transcript_import_parse"
