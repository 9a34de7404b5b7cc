"""The UI locale: which of the hub's languages a page or an API message is written in.

The UI locale is not a document's content language (a column on resources and stories).
"""

from flask import current_app, has_request_context, request
from flask_babel import get_locale as babel_get_locale
from flask_login import current_user

LOCALE_COOKIE = "hub_lang"
# Scripts written right to left; none of the UI languages is one yet, but `dir` follows it.
RTL_LANGUAGES = {"ar", "he", "fa", "ur"}


def supported(code: str | None) -> str | None:
    """`code` if the hub's UI is translated into it, else None."""
    if code and code in current_app.config["LANGUAGES"]:
        return code
    return None


def select_locale() -> str:
    """`?lang=`, then the user's saved preference, then the cookie, then Accept-Language."""
    if not has_request_context():  # command line: English unless force_locale says otherwise
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if (code := supported(request.args.get("lang"))) is not None:
        return code
    if current_user and current_user.is_authenticated and supported(current_user.locale):
        return current_user.locale
    if (code := supported(request.cookies.get(LOCALE_COOKIE))) is not None:
        return code
    best = request.accept_languages.best_match(current_app.config["LANGUAGES"])
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    """The locale of this request as a short code ('en', 'fr', 'es')."""
    return str(babel_get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def text_direction() -> str:
    return "rtl" if current_locale() in RTL_LANGUAGES else "ltr"
