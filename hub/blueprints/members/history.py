"""Profile history (see `hub.models.profile`): full snapshots with field-level changes,
reviews, stale profiles, and the profile as it stood at any past instant."""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from hub.extensions import db
from hub.models import Member, MemberReview, MemberRevision
from hub.models.base import utcnow

STALE_AFTER = timedelta(days=365)
SNAPSHOT_FIELDS = (
    "slug", "name", "acronym", "country", "countries", "kind", "survivor_led", "languages",
    "description", "website", "social_media", "tags", "status", "joined_on", "left_on",
)


def jsonable(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def snapshot(member: Member) -> dict:
    """The profile as plain JSON values: codes and slugs, no labels."""
    return {
        "slug": member.slug,
        "name": member.name,
        "acronym": member.acronym,
        "country": member.country_code,
        "countries": [c.code for c in member.countries],
        "kind": member.kind,
        "survivor_led": bool(member.survivor_led),
        "languages": list(member.languages),
        "description": member.description or "",
        "website": member.website,
        "social_media": [{"platform": s.platform, "url": s.url} for s in member.social_media],
        "tags": sorted(
            ({"slug": link.tag.slug, "centre_of_expertise": bool(link.centre_of_expertise),
              "note": link.note or ""} for link in member.tag_links),
            key=lambda t: t["slug"],
        ),
        "status": member.status,
        "joined_on": jsonable(member.joined_on),
        "left_on": jsonable(member.left_on),
    }


def diff(before: dict | None, after: dict) -> list[dict]:
    before = before or {}
    return [
        {"field": key, "old": before.get(key), "new": after[key]}
        for key in SNAPSHOT_FIELDS
        if before.get(key) != after[key]
    ]


def _has_revisions(member: Member) -> bool:
    return db.session.scalar(
        sa.select(MemberRevision.id).where(MemberRevision.member_id == member.id).limit(1)
    ) is not None


def record(member: Member, user, *, reason: str, before: dict | None) -> list[dict]:
    """Add a revision when the profile changed; returns the changes (empty: nothing stored).

    A member made before history existed (demo, import) first gets a baseline revision dated
    from its creation, so `profile_as_of` also answers for the time before its first edit.
    """
    after = snapshot(member)
    if before is not None and not _has_revisions(member):
        db.session.add(MemberRevision(
            member_id=member.id, valid_from=member.created_at or utcnow(), user_id=None,
            reason="import", changes=[], snapshot=before,
        ))
    changes = diff(before, after)
    if not changes:
        return []
    db.session.add(MemberRevision(
        member_id=member.id, valid_from=utcnow(), user_id=getattr(user, "id", None),
        reason=reason, changes=changes, snapshot=after,
    ))
    return changes


def revisions(member: Member) -> list[MemberRevision]:
    """Newest first, with who made them."""
    return list(db.session.scalars(
        sa.select(MemberRevision).options(so.joinedload(MemberRevision.user))
        .where(MemberRevision.member_id == member.id)
        .order_by(MemberRevision.valid_from.desc(), MemberRevision.id.desc())
    ))


def profile_as_of(member_id: int, when: datetime) -> dict | None:
    """The member's profile snapshot at `when`; None when it was not in the hub yet.

    Members never edited through the hub have no revision: their current profile counts
    from `created_at` on.
    """
    row = db.session.scalar(
        sa.select(MemberRevision)
        .where(MemberRevision.member_id == member_id, MemberRevision.valid_from <= when)
        .order_by(MemberRevision.valid_from.desc(), MemberRevision.id.desc()).limit(1)
    )
    if row is not None:
        return row.snapshot
    member = db.session.get(Member, member_id)
    if member is None or _has_revisions(member) or member.created_at > when:
        return None
    return snapshot(member)


def add_review(member: Member, user) -> MemberReview:
    review = MemberReview(member_id=member.id, user_id=user.id, reviewed_at=utcnow())
    db.session.add(review)
    return review


def last_reviewed(member: Member) -> datetime | None:
    return db.session.scalar(
        sa.select(sa.func.max(MemberReview.reviewed_at)).where(MemberReview.member_id == member.id)
    )


def review_due(member: Member, now: datetime | None = None) -> bool:
    """Whether the member's own review is older than 12 months (or never happened and the
    profile is older than that)."""
    now = now or utcnow()
    last = last_reviewed(member)
    last = last if last is not None else None
    reference = last or member.created_at
    return reference is None or now - _aware(reference) > STALE_AFTER


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def stale_members(now: datetime | None = None) -> list[tuple[Member, datetime | None]]:
    """Active members whose last review by the member is over 12 months old, oldest first."""
    now = now or utcnow()
    last = (
        sa.select(MemberReview.member_id, sa.func.max(MemberReview.reviewed_at).label("at"))
        .group_by(MemberReview.member_id).subquery()
    )
    cutoff = now - STALE_AFTER
    reference = sa.func.coalesce(last.c.at, Member.created_at)
    rows = db.session.execute(
        sa.select(Member, last.c.at)
        .outerjoin(last, last.c.member_id == Member.id)
        .where(Member.status == "active", reference < cutoff)
        .order_by(reference, Member.name)
    ).all()
    return [(member, at) for member, at in rows]
