"""Pages: Follow/Following buttons (plain forms), the list of follows, saved searches from the
library, digest preferences on the account page, the digest preview, and the one-click
unsubscribe that works without signing in (RFC 8058)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from hub import uow
from hub.blueprints.follows import bp, digest, links, service
from hub.blueprints.follows.sending import render as render_digest
from hub.errors import Conflict, HubError
from hub.extensions import db
from hub.i18n import current_locale
from hub.models import User
from hub.models.follow import CADENCES, FOLLOW_KINDS

CADENCE_LABELS = {"off": _l("Never"), "daily": _l("Every day"), "weekly": _l("Every week")}
ALERT_LABELS = {"off": _l("No alert"), "daily": _l("Daily alert"), "weekly": _l("Weekly alert")}
LIBRARY_PARAMS = ("q", "language", "type", "theme", "country", "region", "year_from", "year_to",
                  "sort", "cross_language")


def _back(default: str):
    """Back to the page the form was on (same site only)."""
    target = request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return redirect(target)
    return redirect(default)


def _user():
    return current_user._get_current_object()


@bp.post("/follows")
@login_required
def follow_form():
    """Follow (or, with `action=unfollow`, stop following) a tag, region or member."""
    kind, value = request.form.get("kind", ""), request.form.get("value", "")
    if kind not in FOLLOW_KINDS:
        abort(400)
    existing = service.find_follow(_user(), kind, value)
    try:
        if request.form.get("action") == "unfollow":
            if existing is not None:
                service.unfollow(existing)
                flash(_l("You no longer follow “%(label)s”.",
                         label=service.follow_label(existing, current_locale())), "info")
        elif existing is None:
            row = service.follow(_user(), kind, value)
            flash(_l("You follow “%(label)s”: what is new comes in your digest.",
                     label=service.follow_label(row, current_locale())), "info")
    except HubError:
        abort(400)
    return _back(url_for("follows.follows_page"))


@bp.get("/account/follows")
@login_required
def follows_page():
    """What you follow and your saved searches, with mute, unfollow and alert controls."""
    locale = current_locale()
    follows = [(f, service.follow_label(f, locale), service.follow_value(f))
               for f in service.follows_of(_user())]
    searches = service.saved_searches_of(_user())
    return render_template("follows/follows.html", follows=follows, searches=searches,
                           alert_labels=ALERT_LABELS, library_params=_library_params,
                           choices=_choices(locale))


def _choices(locale: str) -> dict:
    """Every offered tag and every region, labelled, to follow from the list page."""
    import sqlalchemy as sa

    from hub.models import Region, Tag
    from hub.reference.names import region_name

    tags = db.session.scalars(sa.select(Tag).where(Tag.retired.is_(False))
                              .order_by(Tag.position, Tag.id))
    regions = db.session.scalars(sa.select(Region).order_by(Region.position))
    return {"tags": [(t.slug, t.label(locale)) for t in tags],
            "regions": [(r.code, region_name(r.code, locale)) for r in regions]}


def _library_params(query: dict) -> dict:
    return {k: v for k, v in (query or {}).items() if k in LIBRARY_PARAMS}


@bp.post("/account/follows/<int:follow_id>")
@login_required
def change_follow(follow_id: int):
    """Mute, unmute or remove one follow."""
    row = service.get_follow(_user(), follow_id)
    action = request.form.get("action")
    if action == "mute":
        service.set_muted(row, True)
    elif action == "unmute":
        service.set_muted(row, False)
    elif action == "unfollow":
        service.unfollow(row)
    else:
        abort(400)
    return redirect(url_for("follows.follows_page"))


@bp.post("/account/saved-searches")
@login_required
def save_search():
    """Save the library's current search (every parameter) with a name and an alert."""
    name = (request.form.get("name") or "").strip()[:200]
    alert = request.form.get("alert") or "off"
    query = {}
    for key in LIBRARY_PARAMS:
        values = [v for v in request.form.getlist(key) if v != ""]
        if not values:
            continue
        query[key] = values if key in ("language", "type", "theme", "country", "region") \
            else values[0]
    if not name or alert not in CADENCES:
        flash(_l("Give the search a name to save it."), "error")
        return _back(url_for("library.search_page"))
    try:
        search = service.create_saved_search(_user(), {"name": name, "query": query,
                                                       "alert": alert})
    except HubError:
        abort(400)
    flash(_l("Search “%(name)s” saved.", name=search.name), "info")
    return _back(url_for("follows.follows_page"))


@bp.post("/account/saved-searches/<int:search_id>")
@login_required
def change_saved_search(search_id: int):
    """Change a saved search's alert, or delete it."""
    search = service.get_saved_search(_user(), search_id)
    if request.form.get("action") == "delete":
        service.delete_saved_search(search)
    elif request.form.get("alert") in CADENCES:
        service.update_saved_search(_user(), search, {"alert": request.form["alert"]})
    else:
        abort(400)
    return redirect(url_for("follows.follows_page"))


@bp.post("/account/digest-preferences")
@login_required
def save_preferences():
    """Save how often the digest comes."""
    cadence = request.form.get("digest")
    if cadence not in CADENCES:
        abort(400)
    service.update_preferences(_user(), {"digest": cadence})
    flash(_l("Your digest preference is saved."), "info")
    return redirect(url_for("auth.account") + "#digest")


@bp.post("/account/feed-token")
@login_required
def feed_token():
    """Create (or replace) the personal feed token, or revoke it; a new one is shown once."""
    from hub.blueprints.follows.feeds import personal_urls

    if request.form.get("action") == "revoke":
        service.revoke_feed_tokens(_user())
        flash(_l("Your personal feed addresses no longer work."), "info")
        return redirect(url_for("auth.account") + "#feeds")
    token = service.new_feed_token(_user())
    return render_template("follows/feed_token.html", urls=personal_urls(token)), 201, {
        "Cache-Control": "no-store"}


@bp.get("/account/digest")
@login_required
def digest_preview():
    """The next digest as it would be mailed now, in your language."""
    d = digest.digest_for(_user())
    subject, text, html = render_digest(d, send_id=None, locale=current_locale())
    return render_template("follows/preview.html", digest=d, subject=subject, text=text,
                           follow_label=lambda f: service.follow_label(f, current_locale()),
                           html_size=len(html.encode()) + len(text.encode()))


def library_search_params(args) -> dict[str, list[str]]:
    """The library search parameters of a request's arguments (no paging), for the save
    form and the feed link."""
    return {key: [v for v in args.getlist(key) if v != ""] for key in LIBRARY_PARAMS
            if any(v != "" for v in args.getlist(key))}


def digest_panel_context() -> dict:
    """What the account page's digest section shows (a Jinja global)."""
    preference = service.preferences_of(current_user)
    return {"preference": preference, "choices": [(c, CADENCE_LABELS[c]) for c in CADENCES],
            "feed_token": service.has_feed_token(current_user)}


@bp.record_once
def _globals(state):
    from hub.blueprints.main.guards import allow_signed_link_posts

    state.app.jinja_env.globals["digest_panel_context"] = digest_panel_context
    state.app.jinja_env.globals["library_search_params"] = library_search_params
    allow_signed_link_posts("follows.unsubscribe")


# ------------------------------------------------------------------ unsubscribe


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """GET shows one button; POST (that button, or a mail client's RFC 8058 one-click
    `List-Unsubscribe=One-Click`) switches the digest and every alert off. The signed token
    is the authority, so no sign-in or CSRF token is needed; a bad token is a 404."""
    user_id = links.unsubscribe_user_id(token)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        abort(404)
    if request.method == "GET":
        return render_template("follows/unsubscribe.html", token=token, done=False)
    service.switch_mail_off(user)
    return render_template("follows/unsubscribe.html", token=token, done=True)


@bp.errorhandler(Conflict)
def _conflict(_error):
    """Already so: back to the list, with nothing of the refused change kept."""
    uow.rollback()
    return redirect(url_for("follows.follows_page"))
