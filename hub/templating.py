"""What every template may use: the locale, the language switch, navigation and home panels.

Features add their navigation entries and home-page panels through `add_nav_item` and
`add_home_panel`, so the base layout never needs to know which features exist.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hub.i18n import (
    current_locale,
    format_date,
    format_datetime,
    format_list,
    format_month,
    format_number,
    format_percent,
    format_time,
    text_direction,
)

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
ROLE_LABELS = {
    "member": _l("Member staff"),
    "focal_point": _l("Focal point"),
    "secretariat": _l("Secretariat"),
    "admin": _l("Administrator"),
}


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: Any
    # Who sees the entry: "all", "signed_in" or "secretariat".
    audience: str = "all"
    position: int = 100


def add_nav_item(app: Flask, item: NavItem) -> None:
    app.extensions.setdefault("hub_nav", []).append(item)


def add_home_panel(app: Flask, template: str) -> None:
    app.extensions.setdefault("hub_home_panels", []).append(template)


def add_profile_panel(app: Flask, template: str) -> None:
    """A section a feature adds to a member's profile page (the template sees `member`)."""
    app.extensions.setdefault("hub_profile_panels", []).append(template)


def _visible(item: NavItem) -> bool:
    if item.audience == "all":
        return True
    if not current_user.is_authenticated:
        return False
    return item.audience == "signed_in" or current_user.is_secretariat


def nav_items() -> list[dict]:
    items = sorted(current_app.extensions.get("hub_nav", []), key=lambda i: i.position)
    return [
        {
            "url": url_for(item.endpoint),
            "label": item.label,
            "active": request.endpoint == item.endpoint,
        }
        for item in items
        if _visible(item)
    ]


def url_with_lang(code: str) -> str:
    """This page's address with `lang` set, for the language switch."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def language_choices() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]


def errors_by_field(errors: dict | None) -> dict[str, list[str]]:
    """An API-shaped error dict ({"social_media.0.url": [...]}) grouped by the form field that
    shows it ({"social_media": [...]}), so each message lands next to its field."""
    grouped: dict[str, list[str]] = {}
    for name, messages in (errors or {}).items():
        grouped.setdefault(str(name).split(".")[0], []).extend(messages)
    return grouped


def init_templating(app: Flask) -> None:
    add_nav_item(app, NavItem("main.home", _l("Home"), position=0))
    app.jinja_env.globals.update(
        current_locale=current_locale,
        text_direction=text_direction,
        nav_items=nav_items,
        url_with_lang=url_with_lang,
        language_choices=language_choices,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        home_panels=lambda: current_app.extensions.get("hub_home_panels", []),
        profile_panels=lambda: current_app.extensions.get("hub_profile_panels", []),
    )
    # Numbers, percentages, dates, times and lists in the reader's locale, as functions and as
    # filters: {{ value|format_percent }} shows 45.2 as "45.2%" in English, "45,2 %" in French.
    formatting = {
        "format_date": format_date, "format_datetime": format_datetime,
        "format_time": format_time, "format_number": format_number,
        "format_percent": format_percent, "format_list": format_list,
        "format_month": format_month,
    }
    app.jinja_env.globals.update(formatting)
    app.jinja_env.filters.update(formatting)
