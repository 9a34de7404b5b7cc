"""/api/v1/activities (shared/API.md, "Capacity development"), participants as
sub-resources and the history of changes."""

from __future__ import annotations

from flask_login import current_user, login_required

from hub import access
from hub.api.docs import request_body
from hub.api.input import load_body
from hub.blueprints.activities import api_bp, service
from hub.blueprints.activities.schemas import (
    ActivityCreateSchema,
    ActivityHistorySchema,
    ActivityListSchema,
    ActivityQuerySchema,
    ActivityReadSchema,
    ActivitySchema,
    ParticipationCreateSchema,
    ParticipationSchema,
    ParticipationUpdateSchema,
)
from hub.i18n import current_locale


def load_json(schema, *, partial: bool = False) -> dict:
    return load_body(schema, partial=partial)


def _dict(activity) -> dict:
    return service.activity_dict(activity, current_locale(), current_user)


def _participation(activity, p) -> dict:
    return service.participation_dict(p, {})


@api_bp.get("")
@api_bp.arguments(ActivityQuerySchema, location="query")
@api_bp.response(200, ActivityListSchema)
def list_activities(args):
    """Activities under filters: `when=upcoming|past|all`, kind, mode, theme, region, country,
    member (led, attended or organised), start/end overlap; newest first, upcoming soonest."""
    items, total = service.list_activities(args, current_user)
    return {"items": [_dict(a) for a in items], "total": total, "page": args["page"],
            "per_page": args["per_page"]}


@api_bp.post("")
@login_required
@api_bp.response(201, ActivityReadSchema)
@request_body(api_bp, ActivityCreateSchema)
def create_activity():
    """Record an activity (the Secretariat, or member staff for an activity their
    organisation organises); leads and participants given here are confirmed."""
    access.require(service.can_create(current_user))
    data = load_json(ActivityCreateSchema())
    activity = service.create_activity(data, current_user)
    return _dict(activity)


@api_bp.get("/<int:activity_id>")
@api_bp.response(200, ActivityReadSchema)
def get_activity(activity_id):
    """An activity with its leads, participants (pending reports only for those concerned)
    and linked resources."""
    return _dict(service.get_activity(activity_id))


@api_bp.patch("/<int:activity_id>")
@login_required
@api_bp.response(200, ActivityReadSchema)
@request_body(api_bp, ActivitySchema)
def update_activity(activity_id):
    """Change the fields given (the Secretariat or the organiser's staff). `lead_members` /
    `participant_members` replace that role's confirmed members."""
    activity = service.get_activity(activity_id)
    access.require(service.can_manage(current_user, activity))
    data = load_json(ActivitySchema(), partial=True)
    service.update_activity(activity, data, current_user)
    return _dict(activity)


@api_bp.get("/<int:activity_id>/history")
@login_required
@api_bp.response(200, ActivityHistorySchema)
def activity_history(activity_id):
    """Every recorded change to the activity and its participants, oldest first."""
    activity = service.get_activity(activity_id)
    changes = service.history(activity)
    manager = service.can_manage(current_user, activity)
    names = service.change_authors(changes, current_user)
    items = []
    for change in changes:
        member = change.changes.get("member") if isinstance(change.changes, dict) else None
        # Pending and declined reports are visible only to those concerned.
        if (member and change.action.startswith("participant") and not manager
                and member != current_user.member_id and _hidden(activity, member)):
            continue
        items.append(service.change_dict(change, names))
    return {"items": items}


def _hidden(activity, member_id) -> bool:
    return not any(p.member_id == member_id and p.status == "confirmed"
                   for p in activity.participations)


@api_bp.get("/<int:activity_id>/participants")
@api_bp.response(200, ParticipationSchema(many=True))
def list_participants(activity_id):
    """Leads first, then participants; pending and declined reports only for those concerned."""
    return _dict(service.get_activity(activity_id))["participants"]


@api_bp.post("/<int:activity_id>/participants")
@login_required
@api_bp.response(201, ParticipationSchema)
@request_body(api_bp, ParticipationCreateSchema)
def add_participant(activity_id):
    """`{"member", "role", "staff_count"}`: recorded (confirmed) by the Secretariat or the
    organiser; a member reporting its own participation is `pending` until confirmed.
    409 when the member is already recorded."""
    activity = service.get_activity(activity_id)
    data = load_json(ParticipationCreateSchema())
    p = service.add_participation(activity, data, current_user)
    return _participation(activity, p)


@api_bp.get("/<int:activity_id>/participants/<participation_id>")
@api_bp.response(200, ParticipationSchema)
def get_participant(activity_id, participation_id):
    activity = service.get_activity(activity_id)
    return _participation(activity, service.get_participation(activity, participation_id,
                                                              current_user))


@api_bp.patch("/<int:activity_id>/participants/<participation_id>")
@login_required
@api_bp.response(200, ParticipationSchema)
@request_body(api_bp, ParticipationUpdateSchema)
def update_participant(activity_id, participation_id):
    """Confirm or decline (`status`; Secretariat or organiser), or change `role` and
    `staff_count` (also the member itself while its report is pending)."""
    activity = service.get_activity(activity_id)
    p = service.get_participation(activity, participation_id, current_user)
    access.require(service.may_change_participation(current_user, activity, p))
    data = load_json(ParticipationUpdateSchema())
    service.update_participation(activity, p, data, current_user)
    return _participation(activity, p)


@api_bp.delete("/<int:activity_id>/participants/<participation_id>")
@login_required
@api_bp.response(204)
def remove_participant(activity_id, participation_id):
    """Remove a participation (Secretariat or organiser; a member its own pending report)."""
    activity = service.get_activity(activity_id)
    p = service.get_participation(activity, participation_id, current_user)
    service.remove_participation(activity, p, current_user)
