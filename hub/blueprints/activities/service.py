"""Capacity development activities: who may see and change what, validation, writes and
the history of every change.

Activities and their confirmed participants are seen by everyone; a pending or declined
report only by its member, the organiser and the Secretariat. The Secretariat records any
activity; member staff record activities their organisation organises (and the organiser's
staff manage them). What the Secretariat or the organiser records is confirmed; a member's
report of its own participation is `pending` until one of them confirms it, and only
confirmed rows count for indicator 4.2. The caller commits.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hub import access
from hub.access import signed_in
from hub.errors import Conflict, InvalidInput, NotFound
from hub.extensions import db
from hub.models import (
    Activity,
    ActivityChange,
    ActivityParticipation,
    Country,
    Member,
    Region,
    Resource,
    Tag,
    User,
)
from hub.models.base import utcnow
from hub.reference.names import country_name, region_name
from hub.signals import record_usage

KIND_LABELS = {
    "training": _l("Training"),
    "webinar": _l("Webinar"),
    "workshop": _l("Workshop"),
    "exchange_visit": _l("Exchange visit"),
    "mentoring": _l("Mentoring"),
    "conference_session": _l("Conference session"),
    "other": _l("Other"),
}
MODE_LABELS = {"online": _l("Online"), "in_person": _l("In person"), "hybrid": _l("Hybrid")}
ROLE_LABELS = {"lead": _l("Lead"), "participant": _l("Participant")}
STATUS_LABELS = {"pending": _l("Awaiting confirmation"), "confirmed": _l("Confirmed"),
                 "declined": _l("Declined")}
SCALAR_FIELDS = {"title": "title", "description": "description", "kind": "kind",
                 "starts_on": "start_date", "ends_on": "end_date", "mode": "mode",
                 "region": "region_code", "country": "country_code"}


def can_create(user) -> bool:
    return signed_in(user) and (user.is_secretariat or user.member_id is not None)


def can_manage(user, activity: Activity) -> bool:
    """The Secretariat, or staff of the organising member."""
    if not signed_in(user):
        return False
    return user.is_secretariat or (
        user.member_id is not None and user.member_id == activity.organiser_member_id)


def can_see_participation(user, activity: Activity, p: ActivityParticipation) -> bool:
    if p.status == "confirmed":
        return True
    return can_manage(user, activity) or (signed_in(user) and user.member_id == p.member_id)


def may_change_participation(user, activity: Activity, p: ActivityParticipation) -> bool:
    """The Secretariat or the organiser; the member itself while its report is pending."""
    return can_manage(user, activity) or (
        signed_in(user) and user.member_id == p.member_id and p.status == "pending")


def get_activity(activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None:
        raise NotFound()
    return activity


def get_participation(activity: Activity, participation_id: int | str,
                      user) -> ActivityParticipation:
    """A participation by its id, or by the member's slug; NotFound if hidden from the user."""
    if isinstance(participation_id, str) and not participation_id.isdigit():
        p = next((x for x in activity.participations
                  if db.session.get(Member, x.member_id).slug == participation_id), None)
    else:
        row_id = access.as_id(participation_id)  # None past the integer range: not there
        p = db.session.get(ActivityParticipation, row_id) if row_id else None
    if p is None or p.activity_id != activity.id or not can_see_participation(user, activity, p):
        raise NotFound()
    return p


# ------------------------------------------------------------------ reading


def participation_dict(p: ActivityParticipation, members: dict[int, Member]) -> dict:
    member = members.get(p.member_id) or db.session.get(Member, p.member_id)
    return {
        "id": p.id, "member": p.member_id, "member_slug": member.slug,
        "member_name": member.name, "role": p.role, "staff_count": p.staff_count,
        "status": p.status, "self_reported": _self_reported(p),
        "confirmed_at": p.confirmed_at, "created_at": p.created_at,
    }


def _self_reported(p: ActivityParticipation) -> bool:
    """Reported by the member's own staff rather than recorded by the Secretariat/organiser."""
    return p.reported_by_id is not None and p.reported_by_id != p.confirmed_by_id


def activity_dict(activity: Activity, locale: str, user) -> dict:
    shown = [p for p in activity.participations if can_see_participation(user, activity, p)]
    ids = {p.member_id for p in shown}
    if activity.organiser_member_id:
        ids.add(activity.organiser_member_id)
    members = {m.id: m for m in db.session.scalars(sa.select(Member).where(Member.id.in_(ids)))} \
        if ids else {}
    visible = sorted(shown, key=lambda p: (p.role != "lead", members[p.member_id].name))
    confirmed = [p for p in visible if p.status == "confirmed"]
    organiser = members.get(activity.organiser_member_id)
    region = activity.region_code
    return {
        "id": activity.id,
        "title": activity.title,
        "description": activity.description,
        "kind": activity.kind,
        "themes": [t.slug for t in activity.themes],
        "starts_on": activity.start_date,
        "ends_on": activity.end_date,
        "mode": activity.mode,
        "region": region,
        "country": activity.country_code,
        "organiser": activity.organiser_member_id,
        "lead_members": [p.member_id for p in confirmed if p.role == "lead"],
        "participant_members": [p.member_id for p in confirmed if p.role == "participant"],
        "participants": [participation_dict(p, members) for p in visible],
        "resources": [r.id for r in activity.resources if r.visibility == "public"
                      or signed_in(user)],
        "labels": {
            "kind": str(KIND_LABELS.get(activity.kind, activity.kind)),
            "mode": str(MODE_LABELS.get(activity.mode, activity.mode)),
            "themes": {t.slug: t.label(locale) for t in activity.themes},
            "region": region_name(region, locale) if region else None,
            "country": country_name(activity.country_code, locale)
            if activity.country_code else None,
            "organiser": organiser.name if organiser else str(_("ECPAT International "
                                                                 "Secretariat")),
            "members": {str(m.id): m.name for m in members.values()},
        },
        "can_edit": can_manage(user, activity),
        "created_at": activity.created_at,
        "updated_at": activity.updated_at,
    }


def list_activities(args: dict, user) -> tuple[list[Activity], int]:
    """Activities under the filters, upcoming ones soonest first, past ones latest first
    (`sort=title`: by title)."""
    today = utcnow().date()
    query = sa.select(Activity)
    when = args.get("when", "all")
    if when == "upcoming":
        query = query.where(Activity.end_date >= today)
    elif when == "past":
        query = query.where(Activity.end_date < today)
    if args.get("kind"):
        query = query.where(Activity.kind.in_(args["kind"]))
    if args.get("mode"):
        query = query.where(Activity.mode.in_(args["mode"]))
    if args.get("region"):
        query = query.where(Activity.region_code.in_(args["region"]))
    if args.get("country"):
        query = query.where(Activity.country_code.in_([c.upper() for c in args["country"]]))
    if args.get("theme"):
        query = query.where(Activity.themes.any(Tag.slug.in_(args["theme"])))
    if args.get("start"):
        query = query.where(Activity.end_date >= args["start"])
    if args.get("end"):
        query = query.where(Activity.start_date <= args["end"])
    if args.get("member"):
        member = find_member(args["member"], "member")
        query = query.where(sa.or_(
            Activity.organiser_member_id == member.id,
            Activity.participations.any(sa.and_(
                ActivityParticipation.member_id == member.id,
                ActivityParticipation.status == "confirmed"))))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    if args.get("sort") == "title":
        query = query.order_by(sa.func.lower(Activity.title), Activity.start_date, Activity.id)
    elif when == "upcoming":
        query = query.order_by(Activity.start_date, Activity.id)
    else:
        query = query.order_by(Activity.start_date.desc(), Activity.id.desc())
    page, per_page = args.get("page", 1), args.get("per_page", 20)
    rows = list(db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)))
    return rows, total


def member_record(member: Member, user) -> dict:
    """A member's activities led, attended and organised, for its profile."""
    query = (sa.select(ActivityParticipation, Activity)
             .join(Activity, Activity.id == ActivityParticipation.activity_id)
             .where(ActivityParticipation.member_id == member.id)
             .order_by(Activity.start_date.desc()))
    led, attended, pending = [], [], []
    for p, activity in db.session.execute(query):
        if p.status == "confirmed":
            (led if p.role == "lead" else attended).append((activity, p))
        elif can_see_participation(user, activity, p):
            pending.append((activity, p))
    organised = list(db.session.scalars(
        sa.select(Activity).where(Activity.organiser_member_id == member.id)
        .order_by(Activity.start_date.desc())))
    return {"led": led, "attended": attended, "pending": pending, "organised": organised}


# ------------------------------------------------------------------ references


def find_member(ref, field: str) -> Member:
    text = str(ref).strip()
    member = access.resolve_member(text)
    if member is None:
        raise InvalidInput(fields={field: [_("Unknown member: %(ref)s.", ref=text[:80])]})
    return member


def _members(refs, field: str) -> list[Member]:
    found, bad = [], []
    for ref in refs or []:
        try:
            found.append(find_member(ref, field))
        except InvalidInput:
            bad.append(str(ref)[:80])
    if bad:
        raise InvalidInput(fields={field: [_("Unknown member: %(ref)s.", ref=", ".join(bad))]})
    return list(dict.fromkeys(found))


def _tags(slugs) -> list[Tag]:
    slugs = list(dict.fromkeys(slugs or []))
    rows = {t.slug: t for t in db.session.scalars(sa.select(Tag).where(Tag.slug.in_(slugs)))} \
        if slugs else {}
    bad = [s for s in slugs if s not in rows]
    if bad:
        raise InvalidInput(fields={"themes": [_("Unknown theme: %(slugs)s.",
                                                slugs=", ".join(bad))]})
    return [rows[s] for s in slugs]


def _resources(ids, user) -> list[Resource]:
    ids = list(dict.fromkeys(ids or []))
    rows = {r.id: r for r in db.session.scalars(sa.select(Resource).where(Resource.id.in_(ids)))} \
        if ids else {}
    bad = [str(i) for i in ids if i not in rows]
    if bad:
        raise InvalidInput(fields={"resources": [_("Unknown resource: %(ids)s.",
                                                   ids=", ".join(bad))]})
    return [rows[i] for i in ids]


# ------------------------------------------------------------------ writing


def _record(activity: Activity, user, action: str, changes: dict) -> None:
    db.session.add(ActivityChange(activity_id=activity.id, changed_by_id=user.id,
                                  action=action, changes=_jsonable(changes)))


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _apply_fields(activity: Activity, data: dict, user, *, creating: bool) -> dict:
    """Copy validated scalar fields, themes, place, organiser and resources; returns
    {field: [before, after]} for what changed."""
    changes: dict = {}

    def put(field, attr, value):
        before = getattr(activity, attr)
        if before != value:
            changes[field] = [before, value]
            setattr(activity, attr, value)

    for field in ("title", "description", "kind", "mode"):
        if field in data:
            value = (data[field] or "").strip() if field in ("title", "description") \
                else data[field]
            if field == "title" and not value:
                raise InvalidInput(fields={"title": [_("A title is required.")]})
            put(field, field, value)
    if "starts_on" in data:
        put("starts_on", "start_date", data["starts_on"])
    if "ends_on" in data:
        put("ends_on", "end_date", data["ends_on"] or activity.start_date)
    elif creating:
        put("ends_on", "end_date", activity.start_date)
    if activity.start_date and activity.end_date and activity.end_date < activity.start_date:
        raise InvalidInput(fields={"ends_on": [_("The end date is before the start date.")]})
    if "country" in data or "region" in data:
        country_code = data.get("country", activity.country_code) or None
        region_code = data.get("region", activity.region_code) or None
        if "country" in data and data["country"] and "region" not in data:
            region_code = None
        if country_code:
            country = db.session.get(Country, country_code.upper())
            if country is None:
                raise InvalidInput(fields={"country": [_("Unknown country code.")]})
            country_code = country.code
            if region_code and region_code != country.region_code:
                raise InvalidInput(fields={"region": [
                    _("The country is not in this region.")]})
            region_code = country.region_code
        if region_code and db.session.get(Region, region_code) is None:
            raise InvalidInput(fields={"region": [_("Unknown region code.")]})
        put("country", "country_code", country_code)
        put("region", "region_code", region_code)
    if "themes" in data:
        tags = _tags(data["themes"])
        before = [t.slug for t in activity.themes]
        if sorted(before) != sorted(t.slug for t in tags):
            changes["themes"] = [before, [t.slug for t in tags]]
            activity.themes = tags
    if "resources" in data:
        resources = _resources(data["resources"], user)
        before = [r.id for r in activity.resources]
        if sorted(before) != sorted(r.id for r in resources):
            changes["resources"] = [before, [r.id for r in resources]]
            activity.resources = resources
    if "organiser" in data or creating:
        ref = data.get("organiser")
        if user.is_secretariat:
            organiser = find_member(ref, "organiser") if ref not in (None, "") else None
        else:
            organiser = find_member(ref, "organiser") if ref not in (None, "") else user.member
            access.require(organiser is not None and organiser.id == user.member_id,
                           _("You can only record activities your organisation organises."))
        put("organiser", "organiser_member_id", organiser.id if organiser else None)
    return changes


def _participant_specs(data: dict) -> dict[int, dict] | None:
    """{member id: {"role", "staff_count"}} from lead_members / participant_members /
    participants, or None when none of them is given. A member in two roles is refused."""
    if not any(k in data for k in ("lead_members", "participant_members", "participants")):
        return None
    specs: dict[int, dict] = {}
    entries = [(m, "lead", None) for m in _members(data.get("lead_members"), "lead_members")]
    entries += [(m, "participant", None)
                for m in _members(data.get("participant_members"), "participant_members")]
    for item in data.get("participants") or []:
        entries.append((find_member(item["member"], "participants"), item.get("role",
                        "participant"), item.get("staff_count")))
    for member, role, staff in entries:
        if member.id in specs and specs[member.id]["role"] != role:
            raise InvalidInput(fields={"participant_members": [
                _("%(member)s cannot be both a lead and a participant.", member=member.name)]})
        spec = specs.setdefault(member.id, {"role": role, "staff_count": 0})
        if staff is not None:
            spec["staff_count"] = staff
    return specs


def _sync_confirmed(activity: Activity, specs: dict[int, dict], user) -> list[dict]:
    """Make the confirmed participants exactly `specs` (recorded by the Secretariat or the
    organiser, so confirmed); pending reports of members not listed are left alone."""
    now = utcnow()
    current = {p.member_id: p for p in activity.participations}
    events = []
    for member_id, spec in specs.items():
        p = current.get(member_id)
        if p is None:
            activity.participations.append(ActivityParticipation(
                member_id=member_id, role=spec["role"], staff_count=spec["staff_count"],
                status="confirmed", reported_by_id=user.id, confirmed_by_id=user.id,
                confirmed_at=now))
            events.append({"member": member_id, "role": spec["role"], "status": "confirmed",
                           "staff_count": spec["staff_count"], "change": "added"})
            continue
        changed = {}
        if p.role != spec["role"]:
            changed["role"] = [p.role, spec["role"]]
            p.role = spec["role"]
        if spec["staff_count"] and p.staff_count != spec["staff_count"]:
            changed["staff_count"] = [p.staff_count, spec["staff_count"]]
            p.staff_count = spec["staff_count"]
        if p.status != "confirmed":
            changed["status"] = [p.status, "confirmed"]
            p.status, p.confirmed_by_id, p.confirmed_at = "confirmed", user.id, now
        if changed:
            events.append({"member": member_id, "change": "updated", **changed})
    for member_id, p in current.items():
        if member_id not in specs and p.status == "confirmed":
            activity.participations.remove(p)
            events.append({"member": member_id, "role": p.role, "change": "removed"})
    return events


def create_activity(data: dict, user) -> Activity:
    """A new activity with its leads and participants (confirmed: recorded by the
    Secretariat or the organiser)."""
    access.require(can_create(user))
    activity = Activity(created_by_id=user.id)
    changes = _apply_fields(activity, data, user, creating=True)
    specs = _participant_specs(data) or {}
    db.session.add(activity)
    db.session.flush()
    changes["participants"] = _sync_confirmed(activity, specs, user)
    _record(activity, user, "create", changes)
    db.session.flush()
    return activity


def update_activity(activity: Activity, data: dict, user) -> dict:
    """Change the fields given (the Secretariat or the organiser's staff); returns what
    changed (nothing recorded when nothing did)."""
    access.require(can_manage(user, activity))
    changes = _apply_fields(activity, data, user, creating=False)
    specs = _participant_specs(data)
    if specs is not None:
        # A PATCH with only one of the lists leaves the other role's members where they are.
        for role, key in (("lead", "lead_members"), ("participant", "participant_members")):
            if key not in data and "participants" not in data:
                for p in activity.participations:
                    if p.role == role and p.status == "confirmed" and p.member_id not in specs:
                        specs[p.member_id] = {"role": role, "staff_count": p.staff_count}
        events = _sync_confirmed(activity, specs, user)
        if events:
            changes["participants"] = events
    if changes:
        activity.updated_at = utcnow()
        _record(activity, user, "update", changes)
    db.session.flush()
    return changes


def add_participation(activity: Activity, data: dict, user) -> ActivityParticipation:
    """Record a member's participation. By the Secretariat or the organiser: confirmed. By a
    member's staff for their own organisation: a self-report, pending until confirmed."""
    access.require(signed_in(user))
    ref = data.get("member")
    if ref in (None, ""):
        if user.member_id is None:
            raise InvalidInput(fields={"member": [_("Choose a member.")]})
        member = db.session.get(Member, user.member_id)
    else:
        member = find_member(ref, "member")
    manager = can_manage(user, activity)
    access.require(manager or member.id == user.member_id,
                   _("You can only report your own organisation's participation."))
    if any(p.member_id == member.id for p in activity.participations):
        raise Conflict(_("%(member)s is already recorded for this activity.",
                         member=member.name))
    now = utcnow()
    p = ActivityParticipation(member_id=member.id, role=data.get("role") or "participant",
                              staff_count=data.get("staff_count") or 0, reported_by_id=user.id)
    if manager:
        p.status, p.confirmed_by_id, p.confirmed_at = "confirmed", user.id, now
    else:
        p.status = "pending"
    activity.participations.append(p)
    db.session.flush()
    _record(activity, user, "participant_report" if not manager else "participant_add",
            {"member": member.id, "role": p.role, "staff_count": p.staff_count,
             "status": p.status})
    if p.status == "pending":
        record_usage("activity_report", user=user, object_type="activity", object_id=activity.id)
    return p


def update_participation(activity: Activity, p: ActivityParticipation, data: dict,
                         user) -> dict:
    """Confirm or decline (Secretariat or organiser), or change role and staff count (also
    the member itself while its report is pending)."""
    manager = can_manage(user, activity)
    own = signed_in(user) and user.member_id == p.member_id
    access.require(manager or (own and p.status == "pending"))
    access.require(manager or data.get("status", p.status) == p.status,
                   _("Only the Secretariat or the organiser confirms participation."))
    changes = {}
    for field in ("role", "staff_count", "status"):
        if field in data and data[field] is not None and getattr(p, field) != data[field]:
            changes[field] = [getattr(p, field), data[field]]
            setattr(p, field, data[field])
    if "status" in changes:
        if p.status == "confirmed":
            p.confirmed_by_id, p.confirmed_at = user.id, utcnow()
        else:
            p.confirmed_by_id, p.confirmed_at = None, None
    if changes:
        action = {"confirmed": "participant_confirm", "declined": "participant_decline"}.get(
            p.status, "participant_update") if "status" in changes else "participant_update"
        _record(activity, user, action, {"member": p.member_id, **changes})
    db.session.flush()
    return changes


def remove_participation(activity: Activity, p: ActivityParticipation, user) -> None:
    """The Secretariat or the organiser removes anyone; a member withdraws its own report
    while it is pending."""
    manager = can_manage(user, activity)
    own = signed_in(user) and user.member_id == p.member_id
    access.require(manager or (own and p.status == "pending"))
    _record(activity, user, "participant_remove",
            {"member": p.member_id, "role": p.role, "status": p.status})
    activity.participations.remove(p)
    db.session.flush()


def history(activity: Activity) -> list[ActivityChange]:
    return list(db.session.scalars(
        sa.select(ActivityChange).where(ActivityChange.activity_id == activity.id)
        .order_by(ActivityChange.changed_at, ActivityChange.id)))


def change_authors(changes: list[ActivityChange], viewer) -> dict[int, str]:
    """How the author of each change is shown to `viewer`: always the organisation (or the
    Secretariat); the person's name only to the Secretariat and to the person's own
    organisation; never an e-mail address."""
    ids = {c.changed_by_id for c in changes if c.changed_by_id}
    if not ids:
        return {}
    secretariat_viewer = signed_in(viewer) and viewer.is_secretariat
    viewer_member = viewer.member_id if signed_in(viewer) else None
    labels = {}
    for user in db.session.scalars(sa.select(User).where(User.id.in_(ids))):
        organisation = user.member.name if user.member is not None else str(_l("The Secretariat"))
        own = viewer_member is not None and viewer_member == user.member_id
        name = (user.name or "").strip()
        if name and (secretariat_viewer or own):
            labels[user.id] = _("%(name)s (%(organisation)s)", name=name,
                                organisation=organisation)
        else:
            labels[user.id] = organisation
    return labels


def change_dict(change: ActivityChange, names: dict) -> dict:
    return {"id": change.id, "action": change.action, "changes": change.changes,
            "changed_at": change.changed_at, "changed_by": names.get(change.changed_by_id)}
