"""The UI locale: which of the hub's languages a page or an API message is written in.

The UI locale is not a document's content language (a column on resources and stories).
"""

import copy
from datetime import date, datetime

import flask_babel
from babel import Locale
from babel import dates as babel_dates
from babel import lists as babel_lists
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


# ---------------------------------------------------------------- numbers, dates and lists
# Everything a person reads goes through these, in the reader's locale ("45,2 %", "1 juil.
# 2025", "A, B et C"); machine-readable output (the API's fields, CSV dates) stays ISO.


def babel_locale() -> Locale:
    return babel_get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])


def format_percent(value, digits: int = 1) -> str:
    """A percentage held as 0-100 (the API's `value`), with `digits` decimals: "45,2 %"."""
    if value is None:
        return "–"
    locale = babel_locale()
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (digits, digits)
    return pattern.apply(value / 100, locale)


def format_number(value) -> str:
    """A count or a decimal with the locale's separators ("12 345"); None as a dash."""
    if value is None:
        return "–"
    return flask_babel.format_decimal(value)


def _as_date(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return value


def format_date(value, format: str = "medium") -> str:
    """A day in the reader's words ("1 juil. 2025"); a datetime shows its (UTC) day."""
    if value is None or value == "":
        return ""
    value = _as_date(value)
    if isinstance(value, datetime):
        return flask_babel.format_date(value, format)
    return babel_dates.format_date(value, format, locale=babel_locale())


def format_datetime(value, format: str = "medium") -> str:
    if value is None or value == "":
        return ""
    return flask_babel.format_datetime(_as_date(value), format)


def format_time(value, format: str = "short") -> str:
    if value is None or value == "":
        return ""
    return flask_babel.format_time(_as_date(value), format)


def format_month(value) -> str:
    """A month ("2025-07", or a date in it) as the locale names it: "Jul 2025", "juil. 2025"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(f"{value[:7]}-01")
    return babel_dates.format_skeleton("yMMM", value, locale=babel_locale())


def format_list(items, style: str = "standard") -> str:
    """Items joined as the locale joins them ("A, B et C"); empty items are left out."""
    words = [str(item) for item in items if item not in (None, "")]
    return babel_lists.format_list(words, style=style, locale=babel_locale()) if words else ""
