"""Pages: the expertise directory, profiles and their editing, the expertise map, stale
profiles and requests, the vocabulary, a member's people, and accepting an invitation."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from hub import access
from hub.access import secretariat_required
from hub.blueprints.auth.views import safe_next
from hub.blueprints.members import (
    bp,
    directory,
    export,
    forms,
    history,
    people,
    service,
    tags,
)
from hub.blueprints.members.schemas import DirectoryQuerySchema
from hub.errors import HubError, InvalidInput
from hub.extensions import db
from hub.i18n import current_locale
from hub.models.member import SOCIAL_PLATFORMS
from hub.reference.languages import LANGUAGES, language_name
from hub.reference.names import country_name
from hub.templating import errors_by_field

EXPORT_LIMIT = 10_000  # members in one CSV


def _back(member) -> str:
    """Where a one-click action returns: a local `next`, else the profile."""
    if request.form.get("next"):
        return safe_next(request.form["next"])
    return url_for("members.profile", ref=member.slug)


@bp.get("/members")
def directory_page():
    """The directory with plain links and a GET form; bad filters show as a 422 page."""
    raw = {key: request.args.getlist(key) for key in ("tag", "region", "country", "language")}
    raw.update({k: request.args[k] for k in ("q", "page", "survivor_led", "sort")
                if request.args.get(k)})
    errors = DirectoryQuerySchema().validate(raw)
    locale, signed_in = current_locale(), current_user.is_authenticated
    found, status = None, 200
    if not errors:
        args = DirectoryQuerySchema().load(raw)
        try:
            found = directory.search(args, locale=locale, signed_in=signed_in)
        except InvalidInput as error:
            errors = error.fields
    if errors:
        status = 422
    return render_template(
        "members/directory.html", found=found, errors=errors, args=request.args,
        tag_choices=tags.list_tags(), locale=locale,
        member_dict=lambda m: service.member_dict(m, locale, public=not signed_in),
        link=_filter_link, page_link=_page_link,
    ), status


@bp.get("/members.csv")
def directory_csv():
    """The members the directory's search and filters find (every page) as CSV, with the
    fields the reader may see; bad filters answer 422."""
    raw = {key: request.args.getlist(key) for key in ("tag", "region", "country", "language")}
    raw.update({k: request.args[k] for k in ("q", "survivor_led", "sort")
                if request.args.get(k)})
    errors = DirectoryQuerySchema().validate(raw)
    if errors:
        raise InvalidInput(fields=errors)
    args = DirectoryQuerySchema().load(raw)
    args.update(page=1, per_page=EXPORT_LIMIT)
    locale, signed_in = current_locale(), current_user.is_authenticated
    found = directory.search(args, locale=locale, signed_in=signed_in)
    rows = [service.member_dict(m, locale, public=not signed_in) for m in found["members"]]
    return Response(export.to_csv(rows), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="members.csv"'})


def _page_link(page: int, **changes) -> str:
    """The directory address of another page of the same results (or in another order)."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    args.update({k: [v] for k, v in changes.items()})
    return url_for("members.directory_page", **args)


def _filter_link(name: str, value: str, *, add: bool) -> str:
    """The directory address with one filter value added or removed (back to page 1)."""
    args = request.args.to_dict(flat=False)
    args.pop("page", None)
    values = [v for v in args.get(name, []) if v != value]
    if add:
        values.append(value)
    args[name] = values
    return url_for("members.directory_page", **args)


@bp.get("/members/coverage")
@login_required
def coverage():
    """The expertise map: which tags each region (or country) covers, and the gaps."""
    by = request.args.get("by", "region")
    if by not in ("region", "country"):
        abort(404)
    return render_template("members/coverage.html",
                           data=directory.coverage(by, current_locale()), by=by)


@bp.get("/members/stale")
@secretariat_required
def stale():
    """Profiles not reviewed by their member for 12 months, and survivor_led requests."""
    return render_template("members/stale.html", rows=history.stale_members(),
                           requests=service.pending_requests(), form=FlaskForm())


@bp.route("/members/tags", methods=["GET", "POST"])
@secretariat_required
def manage_tags():
    """The vocabulary (Secretariat): add a tag here, rename or retire on each tag's page."""
    form, status = forms.TagForm(), 200
    if form.validate_on_submit():
        try:
            tags.create_tag(_tag_data(form), current_user, current_locale())
        except HubError as error:
            db.session.rollback()
            form.label_en.errors = [m for ms in (error.fields or {}).values() for m in ms]
            status = 422
        else:
            flash(_l("The tag is added."), "info")
            return redirect(url_for("members.manage_tags"))
    return render_template("members/tags.html", form=form,
                           tags=tags.list_tags(include_retired=True)), status


def _tag_data(form) -> dict:
    return {
        "group": form.group.data,
        "labels": {loc: getattr(form, f"label_{loc}").data or "" for loc in tags.LOCALES},
        "descriptions": {loc: getattr(form, f"description_{loc}").data or ""
                         for loc in tags.LOCALES},
        "retired": bool(form.retired.data),
    }


@bp.route("/members/tags/<slug>", methods=["GET", "POST"])
@secretariat_required
def edit_tag(slug: str):
    """Rename a tag in any language, or retire it (Secretariat)."""
    tag = tags.get_tag(slug)
    form = forms.TagForm(obj=tag)
    if form.validate_on_submit():
        data = _tag_data(form)
        data["labels"] = {k: v for k, v in data["labels"].items() if v.strip()}
        tags.update_tag(tag, data, current_user, current_locale())
        flash(_l("The tag is saved."), "info")
        return redirect(url_for("members.manage_tags"))
    return render_template("members/tag_edit.html", form=form, tag=tag)


@bp.get("/members/<ref>")
def profile(ref: str):
    """A member's profile: the public subset for visitors; history for the Secretariat."""
    member = service.visible_member(ref, current_user)
    locale = current_locale()
    signed_in = current_user.is_authenticated
    context = {"member": member, "data": service.member_dict(member, locale, public=not signed_in),
               "can_edit": service.can_edit(current_user, member), "form": FlaskForm()}
    if signed_in:
        context.update(
            pending=service.pending_request(member),
            last_reviewed=history.last_reviewed(member),
            review_due=history.review_due(member),
            can_review=current_user.role == "focal_point" and service.is_own(current_user, member),
            can_manage=people.can_manage(current_user, member),
            staff=[p for p in people.people(member) if p.active and p.password_hash],
            revisions=history.revisions(member) if current_user.is_secretariat else [],
        )
    return render_template("members/profile.html", **context)


def _payload_from_form(member, form_data) -> dict:
    """The profile form as the API's write shape, so both go through one validation."""
    split = lambda text: [p.strip() for p in (text or "").replace(";", ",").split(",")  # noqa: E731
                          if p.strip()]
    payload = {
        "name": form_data.get("name", ""),
        "acronym": form_data.get("acronym") or None,
        "country": form_data.get("country", ""),
        "countries": split(form_data.get("countries")),
        "kind": form_data.get("kind", "organisation"),
        "description": form_data.get("description", ""),
        "website": form_data.get("website") or None,
        "languages": split(form_data.get("languages")),
        "survivor_led": form_data.get("survivor_led") == "y",
        "social_media": [],
        "tags": [],
    }
    for line in (form_data.get("social_media") or "").splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2:
            payload["social_media"].append({"platform": parts[0].lower(), "url": parts[1].strip()})
        elif parts:
            payload["social_media"].append({"platform": "other", "url": parts[0]})
    for slug in form_data.getlist("tag"):
        payload["tags"].append({
            "slug": slug,
            "centre_of_expertise": form_data.get(f"centre-{slug}") == "y",
            "note": form_data.get(f"note-{slug}", ""),
        })
    if current_user.is_secretariat:
        payload["status"] = form_data.get("status", member.status)
        for key in ("joined_on", "left_on"):
            payload[key] = form_data.get(key) or None
    return payload


@bp.route("/members/<ref>/edit", methods=["GET", "POST"])
@login_required
def edit(ref: str):
    """Edit a profile (own focal point or Secretariat); invalid input changes nothing."""
    member = service.visible_member(ref, current_user)
    access.require(service.can_edit(current_user, member))
    form, errors, status = forms.ProfileForm(), {}, 200
    values = service.member_dict(member, current_locale())
    if form.validate_on_submit():
        payload = _payload_from_form(member, request.form)
        try:
            _, requested = service.update_member(member, payload, current_user)
        except InvalidInput as error:
            db.session.rollback()
            errors, status = errors_by_field(error.fields), 422
            values = {**values, **payload}
        else:
            flash(_l("The profile is saved."), "info")
            if requested:
                flash(_l("The change to survivor-led awaits the Secretariat's confirmation."),
                      "info")
            return redirect(url_for("members.profile", ref=member.slug))
    elif request.method == "POST":
        status = 400
    return render_template(
        "members/edit.html", member=member, values=values, errors=errors, form=form,
        chosen_tags={t["slug"]: t for t in values["tags"]},
        tag_choices=[t for t in tags.list_tags(include_retired=True)
                     if not t.retired or t.slug in {x["slug"] for x in values["tags"]}],
        country_choices=_country_choices(), platforms=SOCIAL_PLATFORMS,
        language_hint=", ".join(f"{c} ({language_name(c, current_locale())})"
                                for c in LANGUAGES[:7]),
    ), status


def _country_choices() -> list[tuple[str, str]]:
    from hub.reference.regions import country_regions

    locale = current_locale()
    return sorted(((code, country_name(code, locale)) for code in country_regions()),
                  key=lambda item: item[1].casefold())


@bp.post("/members/<ref>/review")
@login_required
def review(ref: str):
    """One click: the focal point confirms the profile is still correct."""
    member = service.visible_member(ref, current_user)
    if not FlaskForm().validate_on_submit():
        abort(400)
    service.confirm_review(member, current_user)
    flash(_l("Thank you: the profile is marked as reviewed."), "info")
    return redirect(_back(member))


@bp.post("/members/<ref>/survivor-led")
@login_required
def decide_survivor_led(ref: str):
    """The Secretariat confirms or rejects a survivor_led request."""
    member = service.visible_member(ref, current_user)
    if not FlaskForm().validate_on_submit():
        abort(400)
    service.decide_survivor_led(member, request.form.get("confirm") == "1", current_user)
    flash(_l("The decision is recorded."), "info")
    return redirect(_back(member))


@bp.route("/members/<ref>/people", methods=["GET", "POST"])
@login_required
def manage_people(ref: str):
    """The member's people: invite by e-mail, deactivate leavers, appoint focal points."""
    member = service.visible_member(ref, current_user)
    access.require(people.can_manage(current_user, member))
    form, status = forms.InvitationForm(), 200
    if not current_user.is_secretariat:
        form.role.choices = [SelectChoice("member", _l("Member staff"))]
    if form.validate_on_submit():
        data = {"email": form.email.data, "name": form.name.data, "role": form.role.data}
        try:
            people.invite(member, data, current_user)
        except HubError as error:
            db.session.rollback()
            form.email.errors = [m for ms in (error.fields or {}).values() for m in ms] or [
                str(error.message)]
            status = 422
        else:
            flash(_l("The invitation is sent to %(email)s.", email=data["email"]), "info")
            return redirect(url_for("members.manage_people", ref=member.slug))
    elif request.method == "POST":
        status = 422
    return render_template("members/people.html", member=member, form=form,
                           people=people.people(member), action_form=FlaskForm()), status


@bp.post("/members/<ref>/people/<int:user_id>")
@login_required
def update_person(ref: str, user_id: int):
    """Deactivate, reactivate, or change a person's role."""
    member = service.visible_member(ref, current_user)
    if not FlaskForm().validate_on_submit():
        abort(400)
    data = {}
    if request.form.get("active") in ("0", "1"):
        data["active"] = request.form["active"] == "1"
    if request.form.get("role") in ("member", "focal_point"):
        data["role"] = request.form["role"]
    people.update_person(member, user_id, data, current_user)
    flash(_l("Saved."), "info")
    return redirect(url_for("members.manage_people", ref=member.slug))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Set a password from an invitation link; the link then stops working."""
    invitation = people.invitation_for(token)
    if invitation is None:
        return render_template("members/invitation_invalid.html"), 404
    form = forms.AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            people.accept(invitation, form.password.data)
        except HubError as error:
            form.password.errors = list((error.fields or {}).get("password", []))
        else:
            flash(_l("Your password is set. You can sign in now."), "info")
            return redirect(url_for("auth.sign_in"))
    return render_template("members/invitation.html", form=form, invitation=invitation)

