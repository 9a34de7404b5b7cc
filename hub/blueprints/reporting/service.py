"""What a focal point is reminded of, and the reminder mails (at most one per occasion and
`REMIND_EVERY` days while it lasts). The caller commits."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from hub.extensions import db
from hub.models import Activity, ActivityParticipation, Member, Reminder, User
from hub.models.base import utcnow

log = logging.getLogger(__name__)
REMIND_EVERY = timedelta(days=30)


@dataclass
class Item:
    kind: str  # "profile_review" or "participation"
    object_id: int
    text: str
    path: str


def _activities_to_confirm(member: Member, today) -> list[Activity]:
    """Ended activities the member organised with no confirmed participant or lead."""
    confirmed = sa.select(ActivityParticipation.id).where(
        ActivityParticipation.activity_id == Activity.id,
        ActivityParticipation.status == "confirmed").exists()
    return list(db.session.scalars(sa.select(Activity).where(
        Activity.organiser_member_id == member.id, Activity.end_date < today, ~confirmed)
        .order_by(Activity.end_date.desc()).limit(20)))


def reminders_for(member: Member, now: datetime | None = None) -> list[Item]:
    """The member's open reporting tasks, each with one link to act."""
    from hub.blueprints.members import history

    now = now or utcnow()
    items = []
    if member.status == "active" and history.review_due(member, now):
        items.append(Item("profile_review", member.id,
                          _("Your organisation's profile is due for its yearly review."),
                          f"/members/{member.slug}"))
    for activity in _activities_to_confirm(member, now.date()):
        items.append(Item("participation", activity.id,
                          _("“%(title)s” (%(date)s) has no confirmed participation yet.",
                            title=activity.title, date=activity.end_date.isoformat()),
                          f"/activities/{activity.id}"))
    return items


def _recently_reminded(kind: str, object_id: int, now: datetime) -> bool:
    last = db.session.scalar(sa.select(sa.func.max(Reminder.sent_at)).where(
        Reminder.kind == kind, Reminder.object_id == str(object_id)))
    return last is not None and now - last < REMIND_EVERY


def send_reminders(now: datetime | None = None) -> int:
    """One mail per active member's focal point listing the tasks not reminded of in the last
    30 days; returns the number of mails sent. A mail that fails is logged and retried next
    run (its reminder is not recorded)."""
    from hub.mail import send_mail

    now = now or utcnow()
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    sent = 0
    members = db.session.scalars(sa.select(Member).where(Member.status == "active")
                                 .order_by(Member.id))
    for member in members:
        focal_points = list(db.session.scalars(sa.select(User).where(
            User.member_id == member.id, User.role == "focal_point", User.active.is_(True),
            User.erased_at.is_(None)).order_by(User.id)))
        if not focal_points:
            continue
        with force_locale("en"):
            due = [i for i in reminders_for(member, now)
                   if not _recently_reminded(i.kind, i.object_id, now)]
        if not due:
            continue
        delivered = 0
        for user in focal_points:
            with force_locale(user.locale or "en"):
                items = reminders_for(member, now)
                wanted = {(i.kind, i.object_id) for i in due}
                lines = [_("Reporting reminders for %(member)s:", member=member.name), ""]
                for item in items:
                    if (item.kind, item.object_id) in wanted:
                        lines += [f"- {item.text}", f"  {base}{item.path}", ""]
                subject = _("Reporting reminders for %(member)s", member=member.name)
            try:
                send_mail(user.email, subject, "\n".join(lines))
                delivered += 1
                sent += 1
            except Exception:  # the others still get theirs
                log.warning("Reporting reminder to %s not sent", user.email)
        if delivered:
            for item in due:
                db.session.add(Reminder(kind=item.kind, object_id=str(item.object_id),
                                        recipients=delivered, sent_at=now))
    db.session.flush()
    return sent
