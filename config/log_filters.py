"""Filters for the project's logging configuration (settings.LOGGING)."""

import logging
import re

from gunicorn.glogging import Logger


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


# A personal link's token in an address: `/p/` and then a path segment that is not all
# digits (the participants' own pages are addressed by the link's number instead).
_LINK_TOKEN = re.compile(r"(/p/)(?=[^/\s\"'?#]*[^0-9/\s\"'?#])[^/\s\"'?#]+")


def redact_link_tokens(text: str) -> str:
    return _LINK_TOKEN.sub(r"\1[link]", text)


class RedactLinkTokens(logging.Filter):
    """Takes personal-link tokens out of every log line.

    A browser sends a token only once, to the address it was emailed, which trades it
    for a cookie; but that one request line still reaches the access log, and a bad
    token reaches Django's "Not Found" warning. Whoever reads logs must not be able to
    act as a participant, so the line is rewritten before any handler writes it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_link_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class GunicornLogger(Logger):
    """gunicorn's own logs (the access log above all) through the same filter
    (config/gunicorn.conf.py)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(RedactLinkTokens())
