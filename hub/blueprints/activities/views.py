"""Pages: the activity list (upcoming and past, filtered by theme, region and kind), an
activity with its participants and history, the forms, and a member's record on its profile."""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from marshmallow import ValidationError

from hub import access
from hub.api.errors import flatten_fields
from hub.blueprints.activities import bp, exports, service
from hub.blueprints.activities.schemas import (
    ActivityCreateSchema,
    ActivityQuerySchema,
    ActivitySchema,
    ParticipationCreateSchema,
)
from hub.errors import Forbidden, HubError, InvalidInput
from hub.extensions import db
from hub.i18n import current_locale
from hub.models import Member, Tag
from hub.reference.names import region_name
from hub.reference.regions import REGION_CODES
from hub.templating import errors_by_field

PER_PAGE = 20
EXPORT_LIMIT = 5000  # activities in one CSV or calendar feed


def _choices() -> dict:
    locale = current_locale()
    return {
        "kinds": [(k, str(v)) for k, v in service.KIND_LABELS.items()],
        "modes": [(k, str(v)) for k, v in service.MODE_LABELS.items()],
        "themes": [(t.slug, t.label(locale)) for t in db.session.query(Tag).order_by(Tag.slug)
                   if not getattr(t, "retired", False)],
        "regions": [(code, region_name(code, locale)) for code in REGION_CODES],
        "members": [(m.id, m.name) for m in db.session.query(Member).order_by(Member.name)],
    }


@bp.get("/activities")
def list_page():
    """Upcoming (soonest first) or past (latest first) activities, with GET filters; bad
    filters show as a 422 page."""
    raw = {key: request.args.getlist(key) for key in ("kind", "theme", "region")}
    raw.update({k: request.args[k] for k in ("when", "page", "member", "sort")
                if request.args.get(k)})
    raw.setdefault("when", "upcoming")
    raw["per_page"] = PER_PAGE
    errors, items, total, status = {}, [], 0, 200
    try:
        args = ActivityQuerySchema().load(raw)
        found, total = service.list_activities(args, current_user)
        items = [service.activity_dict(a, current_locale(), current_user) for a in found]
    except ValidationError as error:
        errors, status = flatten_fields(error.messages), 422
        args = {"when": "upcoming", "page": 1}
    except InvalidInput as error:
        errors, status = error.fields or {}, 422
        args = {"when": "upcoming", "page": 1}
    return render_template(
        "activities/list.html", items=items, total=total, args=args, errors=errors,
        query=request.args, choices=_choices(), per_page=PER_PAGE,
        can_create=service.can_create(current_user), link=_link,
    ), status


def _filtered(default_when: str) -> list[dict]:
    """Every activity (no pages) under the list page's filters; bad filters answer 422."""
    raw = {key: request.args.getlist(key) for key in ("kind", "theme", "region", "mode",
                                                       "country")}
    raw.update({k: request.args[k] for k in ("when", "member", "sort", "start", "end")
                if request.args.get(k)})
    raw.setdefault("when", default_when)
    raw = {k: v for k, v in raw.items() if v not in ([], [""])}
    try:
        args = ActivityQuerySchema().load(raw)
    except ValidationError as error:
        raise InvalidInput(fields=flatten_fields(error.messages)) from None
    args["per_page"] = EXPORT_LIMIT
    found, _total = service.list_activities(args, current_user)
    return [service.activity_dict(a, current_locale(), current_user) for a in found]


@bp.get("/activities.csv")
def export_csv():
    """The activities of the list page's filters, with their participants, as CSV."""
    body = exports.to_csv(_filtered("all"))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="activities.csv"'})


@bp.get("/activities.ics")
def calendar():
    """An iCalendar feed of the upcoming activities (the list page's filters apply)."""
    body = exports.to_ics(_filtered("upcoming"), current_app.config["PUBLIC_URL"])
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": 'inline; filename="activities.ics"'})


def _link(**changes) -> str:
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        args[key] = [value] if value not in (None, "") else []
    if "page" not in changes:
        args.pop("page", None)
    return url_for("activities.list_page", **args)


@bp.get("/activities/<int:activity_id>")
def activity_page(activity_id):
    """An activity: details, leads and participants, reports awaiting confirmation (for the
    organiser and the Secretariat), a form to report participation, and the history."""
    activity = service.get_activity(activity_id)
    data = service.activity_dict(activity, current_locale(), current_user)
    changes, names = [], {}
    if current_user.is_authenticated:
        changes = service.history(activity)
        names = service.change_authors(changes, current_user)
        manager = service.can_manage(current_user, activity)
        visible = {p["member"] for p in data["participants"]}
        changes = [c for c in changes if manager or not c.action.startswith("participant")
                   or c.changes.get("member") in visible]
    own = None
    if current_user.is_authenticated and current_user.member_id:
        own = next((p for p in data["participants"] if p["member"] == current_user.member_id),
                   None)
    resources = [r for r in activity.resources
                 if r.visibility == "public" or current_user.is_authenticated]
    return render_template(
        "activities/activity.html", activity=activity, data=data, changes=changes,
        names=names, own=own, form=FlaskForm(), resources=resources,
        member_names=data["labels"]["members"], status_labels=service.STATUS_LABELS,
        role_labels=service.ROLE_LABELS, choices=_choices() if data["can_edit"] else None,
    )


def _payload(form) -> dict:
    """The form as the API's write shape, so both go through one validation."""
    payload = {key: form.get(key, "").strip() for key in
               ("title", "description", "kind", "mode", "starts_on", "ends_on", "region",
                "country")}
    for key in ("ends_on", "region", "country"):
        payload[key] = payload[key] or None
    payload["themes"] = form.getlist("themes")
    payload["lead_members"] = form.getlist("lead_members")
    payload["participant_members"] = form.getlist("participant_members")
    resources = [p.strip() for p in form.get("resources", "").replace(";", ",").split(",")
                 if p.strip()]
    payload["resources"] = resources
    if current_user.is_secretariat:
        payload["organiser"] = form.get("organiser") or None
    return payload


def _form_values(activity=None) -> dict:
    if activity is None:
        return {"themes": [], "lead_members": [], "participant_members": [], "resources": [],
                "organiser": current_user.member_id}
    data = service.activity_dict(activity, current_locale(), current_user)
    return data


@bp.route("/activities/new", methods=["GET", "POST"])
@login_required
def new_activity():
    """Record an activity (the Secretariat, or member staff for their own organisation's)."""
    access.require(service.can_create(current_user))
    return _edit(None)


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@login_required
def edit_activity(activity_id):
    """Edit an activity (the Secretariat or the organiser); invalid input changes nothing."""
    activity = service.get_activity(activity_id)
    access.require(service.can_manage(current_user, activity))
    return _edit(activity)


def _edit(activity):
    form, errors, status = FlaskForm(), {}, 200
    values = _form_values(activity)
    if form.validate_on_submit():
        payload = _payload(request.form)
        schema = ActivityCreateSchema() if activity is None else ActivitySchema()
        try:
            data = schema.load({k: v for k, v in payload.items()
                                if not (k == "resources" and not v and activity is None)})
            if activity is None:
                activity = service.create_activity(data, current_user)
            else:
                service.update_activity(activity, data, current_user)
        except ValidationError as error:
            db.session.rollback()
            errors, status = errors_by_field(flatten_fields(error.messages)), 422
        except InvalidInput as error:
            db.session.rollback()
            errors, status = errors_by_field(error.fields), 422
        else:
            flash(_l("The activity is saved."), "info")
            return redirect(url_for("activities.activity_page", activity_id=activity.id))
        values = {**values, **payload}
        if status == 422 and activity is not None and activity.id is None:
            activity = None
    elif request.method == "POST":
        status = 400
    return render_template("activities/edit.html", activity=activity, values=values,
                           errors=errors, form=form, choices=_choices()), status


@bp.post("/activities/<int:activity_id>/participants")
@login_required
def report_participation(activity_id):
    """A member reports its own participation (pending), or the organiser or Secretariat
    adds a member (confirmed)."""
    activity = service.get_activity(activity_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    raw = {"member": request.form.get("member") or None,
           "role": request.form.get("role") or "participant",
           "staff_count": request.form.get("staff_count") or 0}
    try:
        data = ParticipationCreateSchema().load(raw)
        p = service.add_participation(activity, data, current_user)
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join(m for ms in flatten_fields(error.messages).values() for m in ms), "error")
        return redirect(url_for("activities.activity_page", activity_id=activity.id)), 303
    except Forbidden:
        db.session.rollback()
        raise
    except HubError as error:
        db.session.rollback()
        message = error.message or " ".join(m for ms in (error.fields or {}).values() for m in ms)
        flash(str(message), "error")
        return redirect(url_for("activities.activity_page", activity_id=activity.id)), 303
    if p.status == "pending":
        flash(_l("Thank you: your participation awaits confirmation by the organiser."), "info")
    else:
        flash(_l("The participation is recorded."), "info")
    return redirect(url_for("activities.activity_page", activity_id=activity.id))


@bp.post("/activities/<int:activity_id>/participants/<int:participation_id>")
@login_required
def decide_participation(activity_id, participation_id):
    """Confirm, decline or remove a participation (Secretariat or organiser); a member may
    withdraw its own pending report."""
    activity = service.get_activity(activity_id)
    p = service.get_participation(activity, participation_id, current_user)
    if not FlaskForm().validate_on_submit():
        abort(400)
    action = request.form.get("action")
    if action not in ("confirm", "decline", "remove"):
        abort(400)
    if action == "remove":
        service.remove_participation(activity, p, current_user)
    else:
        access.require(service.can_manage(current_user, activity))
        status = "confirmed" if action == "confirm" else "declined"
        service.update_participation(activity, p, {"status": status}, current_user)
    flash(_l("The participation is updated."), "info")
    return redirect(url_for("activities.activity_page", activity_id=activity.id))


def member_activities(member):
    """For the profile panel: the member's activities led, attended and organised, plus
    reports awaiting confirmation when the viewer may see them."""
    return service.member_record(member, current_user)
