"""The privacy notice and its acceptance, and the admin's erase page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hub import access, uow
from hub.blueprints.privacy import bp, service
from hub.errors import HubError
from hub.extensions import db
from hub.i18n import current_locale
from hub.models import User


@bp.get("/privacy")
def notice():
    """What the hub stores, why and for how long, in the page's language (en, fr, es)."""
    language = current_locale() if current_locale() in service.PRIVACY_LANGUAGES else "en"
    return render_template("privacy/notice.html", language=language,
                           version=service.PRIVACY_VERSION, updated=service.PRIVACY_DATE,
                           body=f"privacy/v{service.PRIVACY_VERSION}.{language}.html")


@bp.post("/privacy/accept")
@login_required
def accept():
    """The signed-in person accepts the current version of the notice."""
    service.accept(current_user)
    flash(_("Thank you: you accepted version %(version)d of the privacy notice.",
            version=service.PRIVACY_VERSION), "success")
    return redirect(url_for("main.home"))


@bp.route("/users/<int:user_id>/erase", methods=["GET", "POST"])
@access.requires(access.is_admin)
def erase_page(user_id):
    """An admin erases a person, with a reason (a confirmation page first)."""
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    error = None
    if request.method == "POST":
        try:
            service.erase(user_id, request.form.get("reason", ""), current_user)
        except HubError as failure:
            uow.rollback()
            if failure.status in (403, 404):
                raise
            error = " ".join(m for ms in (failure.fields or {}).values() for m in ms) or str(
                failure.message)
        else:
            flash(_("The person was erased."), "success")
            return redirect(url_for("audit.log_page", object_type="user",
                                    object_id=user_id))
    return render_template("privacy/erase.html", person=person, error=error), \
        422 if error else 200
