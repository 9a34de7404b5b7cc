"""The moderation queue (shared/API.md, "Governance"): what waits for the Secretariat, for how
many working days, what is overdue, and the reviewers' reminders.

A story waits from its last submission while it is `submitted` or `approved` (not yet
published), and a published story's correction waits from when it was sent. Working days are
Monday to Friday (UTC); the day of submission does not count, so a story sent on a Friday
has waited one working day on Monday. It is overdue once it has waited more than
`HUB_MODERATION_SLA_DAYS` (default 5) working days.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from hub.extensions import db
from hub.models import Country, Member, Reminder, Story, User
from hub.models.base import utcnow

log = logging.getLogger(__name__)

WAITING_STATUSES = ("submitted", "approved")
REMINDER_KIND = "story_overdue"
REMIND_EVERY = timedelta(days=7)


def working_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def sla_days() -> int:
    return int(current_app.config["MODERATION_SLA_DAYS"])


def waiting_since(story: Story) -> datetime | None:
    if story.status == "published" and story.pending_correction is not None:
        return story.correction_submitted_at
    return story.submitted_at


def waiting_days(story: Story, today: date | None = None) -> int:
    since = waiting_since(story)
    if since is None:
        return 0
    return working_days_between(since.date(), today or utcnow().date())


def _queue_query():
    region = sa.select(Country.region_code).where(
        Country.code == sa.func.coalesce(Story.country_code, Member.country_code)
    ).scalar_subquery()
    waiting = sa.or_(Story.status.in_(WAITING_STATUSES),
                     sa.and_(Story.status == "published", Story.pending_correction.is_not(None)))
    since = sa.case((Story.status == "published", Story.correction_submitted_at),
                    else_=Story.submitted_at)
    return (sa.select(Story, Member.name, region.label("region"))
            .join(Member, Member.id == Story.member_id)
            .where(waiting).order_by(since, Story.id))


def queue(filters: dict | None = None, today: date | None = None) -> list[dict]:
    """The waiting stories, oldest first, as plain items (the API's shape plus the story),
    filtered by `language`, `region`, `storyteller` and `overdue`."""
    filters = filters or {}
    query = _queue_query()
    if filters.get("language"):
        query = query.where(Story.language == filters["language"])
    if filters.get("storyteller"):
        query = query.where(Story.teller == filters["storyteller"])
    limit = sla_days()
    items = []
    for story, member_name, region in db.session.execute(query):
        if filters.get("region") and region != filters["region"]:
            continue
        days = waiting_days(story, today)
        item = {
            "id": story.id, "title": story.title, "status": story.status,
            "kind": "correction" if story.status == "published" else "review",
            "member": story.member_id, "member_name": member_name, "language": story.language,
            "region": region, "storyteller": story.teller,
            "submitted_at": waiting_since(story), "waiting_days": days,
            "overdue": days > limit, "story": story,
        }
        if filters.get("overdue") is not None and item["overdue"] != filters["overdue"]:
            continue
        items.append(item)
    return items


def item_dict(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "story"}


def summary(today: date | None = None) -> dict:
    """For the Secretariat's home panel: how many wait, how many are overdue, the oldest."""
    items = queue(today=today)
    overdue = [i for i in items if i["overdue"]]
    return {"waiting": len(items), "overdue": len(overdue), "sla_days": sla_days(),
            "oldest": items[0] if items else None}


# ----------------------------------------------------------------- reminders


def _last_reminder(story_id: int) -> datetime | None:
    return db.session.scalar(sa.select(sa.func.max(Reminder.sent_at)).where(
        Reminder.kind == REMINDER_KIND, Reminder.object_id == str(story_id)))


def due_reminders(now: datetime | None = None) -> list[dict]:
    """Overdue stories whose reviewers were not reminded since the story became overdue, or
    not for a week."""
    now = now or utcnow()
    due = []
    for item in queue(filters={"overdue": True}, today=now.date()):
        last = _last_reminder(item["id"])
        since = waiting_since(item["story"])
        if last is None or (since is not None and last < since) or now - last >= REMIND_EVERY:
            due.append(item)
    return due


def send_reminders(now: datetime | None = None) -> int:
    """Mail the Secretariat's reviewers about each story that is due a reminder, recording
    each reminder (the caller commits). Returns how many stories were reminded about. A
    mail that cannot be sent is logged; the others go."""
    from hub.mail import send_mail

    now = now or utcnow()
    items = due_reminders(now)
    if not items:
        return 0
    reviewers = list(db.session.scalars(sa.select(User).where(
        User.role.in_(("secretariat", "admin")), User.active.is_(True),
        User.erased_at.is_(None)).order_by(User.id)))
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    for item in items:
        sent = 0
        for user in reviewers:
            with force_locale(user.locale or "en"):
                subject = _("A story has waited %(days)d working days for review",
                            days=item["waiting_days"])
                body = "\n".join([
                    _("Story: %(title)s", title=item["title"]),
                    _("Member: %(member)s", member=item["member_name"]),
                    _("Waiting: %(days)d working days (the limit is %(limit)d).",
                      days=item["waiting_days"], limit=sla_days()),
                    "", _("Open it in the hub:"), f"{base}/stories/{item['id']}",
                ])
            try:
                send_mail(user.email, subject, body)
                sent += 1
            except Exception:  # one failed address must not stop the others
                log.warning("Moderation reminder to %s not sent", user.email)
        db.session.add(Reminder(kind=REMINDER_KIND, object_id=str(item["id"]),
                                recipients=sent, sent_at=now))
    db.session.flush()
    return len(items)
