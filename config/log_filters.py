"""Filters for the project's logging configuration (settings.LOGGING)."""

import logging


class RefusalsAsInfo(logging.Filter):
    """Turns Django's record of a 403 into one INFO line.

    A refusal is the access rules working, not a fault: Django logs it as a warning and,
    for a page that raised PermissionDenied, with the whole traceback, which buries real
    problems in the server log. The line keeps the path; the traceback adds nothing.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
            record.exc_info = None
            record.exc_text = None
        return True
