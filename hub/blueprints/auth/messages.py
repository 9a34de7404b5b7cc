"""Texts shared by the accounts pages, API and e-mails."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from hub.blueprints.auth import service
from hub.mail import send_mail
from hub.models import User

BAD_CREDENTIALS = _l("Wrong e-mail address or password.")
RESET_SENT = _l(
    "If an account exists for this address, we have sent it a link to set a new password."
)
RESET_INVALID = _l("This link is not valid any more. Ask for a new one.")


def send_reset_mail(user: User) -> None:
    """E-mail a single-use reset link, in the user's own language."""
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        hours = current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600
        body = render_template(
            "auth/mail_reset.txt", user=user, link=service.reset_link(user), hours=hours
        )
        # Asking for a link writes nothing: no commit to wait for.
        send_mail(user.email, str(_l("Set a new password for the ECPAT Network Hub")), body,
                  after_commit=False)
