"""Sending mail through the jobs worker: SMTP when HUB_MAIL_SERVER is set, else a file per
message under DATA_DIR/mail.

`send_mail` queues a message; the messages of one transaction travel as one job, delivered over
one SMTP connection once the transaction commits (nothing is sent when it rolls back). A job
whose connection fails is retried later (`HUB_MAIL_RETRIES`, `HUB_MAIL_RETRY_DELAY` seconds,
doubling); a message the server refuses alone is retried on its own.
"""

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from hub import jobs
from hub.models.base import utcnow

log = logging.getLogger(__name__)
JOB = "mail.deliver"


class MailNotSent(Exception):
    """No message of the batch could be handed to the SMTP server."""


def send_mail(to: str, subject: str, body: str, *, html: str | None = None,
              headers: dict[str, str] | None = None, after_commit: bool = True) -> None:
    """Queue one plain-text message (with an HTML alternative and extra headers when given).
    With `after_commit` (the default) it goes with the other messages of the current
    transaction once it commits; `after_commit=False` queues it now (for code that writes
    nothing, or that runs after its commit)."""
    _queue([_message(to, subject, body, html=html, headers=headers)], after_commit=after_commit)


def send_many(messages, *, after_commit: bool = True) -> None:
    """Queue (to, subject, body) messages as one batch (one SMTP connection)."""
    _queue([_message(to, subject, body) for to, subject, body in messages],
           after_commit=after_commit)


def _message(to, subject, body, *, html=None, headers=None) -> dict:
    message = {"to": to, "subject": str(subject), "body": str(body),
               "message_id": make_msgid(domain="hub.ecpat.example")}
    if html is not None:
        message["html"] = str(html)
    if headers:
        message["headers"] = {str(k): str(v) for k, v in headers.items()}
    return message


def _queue(batch: list[dict], *, after_commit: bool) -> None:
    if not batch:
        return
    if after_commit:
        for message in batch:
            jobs.after_commit_batch(JOB, message)
    else:
        jobs.enqueue(JOB, batch)


def _recipients(messages) -> str:
    return ", ".join(m["to"] for m in messages)


@jobs.task(JOB, retries="MAIL_RETRIES", retry_delay="MAIL_RETRY_DELAY",
           about=lambda messages: f"mail to {_recipients(messages)}")
def deliver_batch(messages: list[dict]) -> None:
    """Deliver a batch over one connection. Raises MailNotSent (retried) when nothing went;
    the messages refused one by one are queued again, each on its own."""
    sent, failed = deliver(messages)
    if failed and not sent:
        raise MailNotSent(f"{len(failed)} messages not sent")
    for message in failed:
        jobs.enqueue(JOB, [message], delay=float(current_app.config["MAIL_RETRY_DELAY"]))


def _build(message: dict) -> EmailMessage:
    built = EmailMessage()
    built["From"] = current_app.config["MAIL_SENDER"]
    built["To"] = message["to"]
    built["Subject"] = message["subject"]
    built["Message-ID"] = message["message_id"]
    # 8bit keeps long links on one line in saved messages and mail clients alike.
    for name, value in message.get("headers", {}).items():
        built[name] = value
    built.set_content(message["body"], cte="8bit")
    if message.get("html") is not None:
        built.add_alternative(message["html"], subtype="html", cte="8bit")
    return built


def deliver(messages: list[dict]) -> tuple[list[dict], list[dict]]:
    """(sent, failed): the messages written to DATA_DIR/mail, or handed to the SMTP server over
    a single connection. A connection that fails fails every message not yet sent."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        folder = Path(config["DATA_DIR"]) / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        for message in messages:
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
            to = message["to"].replace("@", "_at_").replace("/", "_")
            path = folder / f"{stamp}-{to}.eml"
            path.write_bytes(bytes(_build(message)))
            log.info("Mail to %s, %r, saved to %s", message["to"], message["subject"], path)
        return list(messages), []

    sent, failed = [], []
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]),
                          timeout=float(config["MAIL_TIMEOUT"])) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            for message in messages:
                try:
                    smtp.send_message(_build(message))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                        smtplib.SMTPSenderRefused) as error:
                    log.warning("Mail to %s, %r, refused: %s", message["to"],
                                message["subject"], error)
                    failed.append(message)
                else:
                    log.info("Mail to %s, %r, sent", message["to"], message["subject"])
                    sent.append(message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("SMTP connection to %s failed: %s", config["MAIL_SERVER"], error)
        done = {id(m) for m in sent + failed}
        failed += [m for m in messages if id(m) not in done]
    return sent, failed
