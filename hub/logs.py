"""Logging from settings (`logging.config.dictConfig`): the hub's records go to stderr, which
gunicorn keeps as its error log, as text or as JSON lines (HUB_LOG_FORMAT=json), each with the
id of the request it belongs to. Secrets that travel in URLs are masked on the way out."""

import json
import logging
import logging.config
import sys
from datetime import UTC, datetime

import regex
from flask import Flask, g, has_app_context

# Personal API tokens, and the single-use tokens of reset and invitation links.
_SECRETS = regex.compile(
    r"(?P<keep>/reset-password/|/invitations/|[?&](?:token|feed_token)=)[^\s/?&#'\"]+"
    r"|(?<![A-Za-z0-9_])hub_[A-Za-z0-9_-]{40,}"
)


def redact(text: str) -> str:
    """The text with tokens replaced by `***`."""
    return _SECRETS.sub(lambda m: (m.group("keep") or "") + "***", text)


class RequestContextFilter(logging.Filter):
    """Adds `request_id` (the request's, or the one a job was queued with by a request; "-"
    elsewhere) and masks tokens in the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_app_context() else "-"
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when the record comes (gunicorn and pytest replace it)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def configure_logging(app: Flask) -> None:
    """The `hub` loggers write to stderr at HUB_LOG_LEVEL in HUB_LOG_FORMAT (text or json)."""
    log_format = str(app.config["LOG_FORMAT"]).lower()
    if log_format not in ("text", "json"):
        raise ValueError(f"HUB_LOG_FORMAT must be text or json, not {log_format!r}")
    logging.config.dictConfig({
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContextFilter}},
        "formatters": {
            "text": {"format": TEXT_FORMAT},
            "json": {"()": JsonFormatter},
        },
        "handlers": {
            "stderr": {"()": StderrHandler, "formatter": log_format, "filters": ["request"]},
        },
        "loggers": {
            "hub": {"level": str(app.config["LOG_LEVEL"]).upper(), "handlers": ["stderr"]},
        },
    })
