"""Sending mail: SMTP when HUB_MAIL_SERVER is set, else a file per message under DATA_DIR/mail."""

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from hub.models.base import utcnow

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str, *, html: str | None = None,
              headers: dict[str, str] | None = None) -> Path | None:
    """Send one plain-text message (with an HTML alternative and extra headers when given);
    returns the saved file when no SMTP server is configured.

    Failing to send is logged and re-raised: callers decide whether the action still stands.
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = str(subject)
    message["Message-ID"] = make_msgid(domain="hub.ecpat.example")
    # 8bit keeps long links on one line in saved messages and mail clients alike.
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(str(body), cte="8bit")
    if html is not None:
        message.add_alternative(str(html), subtype="html", cte="8bit")

    if not config.get("MAIL_SERVER"):
        folder = Path(config["DATA_DIR"]) / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        path = folder / f"{stamp}-{to.replace('@', '_at_').replace('/', '_')}.eml"
        path.write_bytes(bytes(message))
        log.info("Mail to %s, %r, saved to %s", to, str(subject), path)
        return path

    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send mail to %s, %r", to, str(subject))
        raise
    log.info("Mail to %s, %r, sent", to, str(subject))
    return None
