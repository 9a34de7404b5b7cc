"""Pages: sign in, sign out, forgotten password, account settings and API tokens."""

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from hub.blueprints.auth import bp, forms, limits, messages, service
from hub.blueprints.auth.session import sign_in_browser, sign_out_browser
from hub.errors import HubError
from hub.i18n import LOCALE_COOKIE

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def safe_next(target: str | None) -> str:
    """A local path to return to after sign-in; anything pointing elsewhere goes home."""
    if target:
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/")
                and "\\" not in target and not any(c in target for c in "\r\n\x00")):
            return target
    return url_for("main.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@limits.sign_in
def sign_in():
    """The sign-in form; one message for any failure, so it does not reveal who has an account."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = forms.SignInForm()
    status = 200
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is not None:
            sign_in_browser(user)
            service.record_sign_in(user)
            return redirect(safe_next(request.args.get("next")))
        flash(messages.BAD_CREDENTIALS, "error")
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("auth/sign_in.html", form=form), status


@bp.post("/sign-out")
def sign_out():
    """End the session, on the server too, and go home."""
    service.record_sign_out(current_user)
    sign_out_browser()
    flash(_l("You have signed out."), "info")
    return redirect(url_for("main.home"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session of yours, in every browser, and revoke all your API tokens."""
    service.record_sign_out(current_user)
    service.end_all_sessions(current_user)
    sign_out_browser()
    flash(messages.SIGNED_OUT_EVERYWHERE, "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limits.password_reset
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the account exists."""
    form = forms.ResetRequestForm()
    if form.validate_on_submit():
        user = service.find_user(form.email.data)
        if user is not None and user.active:
            messages.send_reset_mail(user)
        flash(messages.RESET_SENT, "info")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password from an e-mailed link; an expired or used link explains itself."""
    user = service.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 404
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            service.set_password(user, form.password.data)
        except HubError as error:
            form.password.errors = list(error.fields["password"])
        else:
            service.end_all_sessions(user)
            flash(_l("Your password is set. You can sign in now."), "info")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form)


def _account_page(token_form, new_token=None) -> str:
    language_form = forms.LanguageForm(locale=current_user.locale or "")
    language_form.locale.choices = [("", _l("As my browser asks"))] + [
        (code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]
    ]
    return render_template(
        "auth/account.html",
        tokens=service.active_tokens(current_user),
        token_form=token_form,
        language_form=language_form,
        revoke_form=FlaskForm(),
        everywhere_form=FlaskForm(),
        new_token=new_token,
    )


@bp.get("/account")
@login_required
def account():
    """Your account: language, and personal API tokens."""
    return _account_page(forms.TokenForm())


@bp.post("/account/language")
@login_required
def set_language():
    """Save the language the hub speaks to you in."""
    form = forms.LanguageForm()
    form.locale.choices = [("", "")] + [(c, c) for c in current_app.config["LANGUAGES"]]
    if not form.validate_on_submit():
        abort(400)
    current_user.locale = form.locale.data or None
    response = redirect(url_for("auth.account"))
    if form.locale.data:
        response.set_cookie(LOCALE_COOKIE, form.locale.data, max_age=365 * 86400, samesite="Lax")
    return response


@bp.post("/account/tokens")
@login_required
def create_token():
    """Create a token and show it once."""
    form = forms.TokenForm()
    if not form.validate_on_submit():
        return _account_page(form), 422
    _, new_token = service.create_token(current_user, form.name.data)
    page = _account_page(forms.TokenForm(formdata=None), new_token)
    return page, 201, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of your tokens."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    service.revoke_token(current_user, token_id)
    flash(_l("The token is revoked."), "info")
    return redirect(url_for("auth.account"))
