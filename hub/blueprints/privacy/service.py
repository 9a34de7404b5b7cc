"""What the hub holds about a person, and erasing it.

The export gathers the account, its role and organisation, token names and dates (never the
tokens), their contributions and their usage events, found by the same pseudonymous key the
usage log writes. Erasure removes name, e-mail, password, tokens and invitations; every
reference to the person in the organisation's records (author of a story or resource,
reviewer, recorder) is cleared, so the work stays and shows as the organisation's; their usage
events get a fresh random key, so they count but link to nobody. The caller commits.
"""

import secrets
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from hub import access
from hub.errors import InvalidInput, NotFound
from hub.extensions import db
from hub.models import (
    ActivityParticipation,
    ApiToken,
    MemberRevision,
    Resource,
    Story,
    UsageEvent,
    User,
)
from hub.models.base import utcnow

# The privacy notice's version: raise it (and add templates/privacy/v<N>.<lang>.html) when
# the notice changes; everyone is then asked to accept the new one.
PRIVACY_VERSION = 1
PRIVACY_DATE = date(2026, 12, 1)
PRIVACY_LANGUAGES = ("en", "fr", "es")


def needs_acceptance(user) -> bool:
    return (user.privacy_version or 0) < PRIVACY_VERSION


def accept(user) -> None:
    user.privacy_version = PRIVACY_VERSION
    user.privacy_accepted_at = utcnow()


def usage_key(user_id: int) -> str:
    from hub.blueprints.usage.log import derive_secret, user_key

    return user_key(derive_secret(current_app.config["SECRET_KEY"]), user_id)


def _iso(value):
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict:
    """Everything the hub holds about `user`, as JSON values."""
    member = user.member
    tokens = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.id))
    stories = db.session.scalars(sa.select(Story).where(Story.author_id == user.id)
                                 .order_by(Story.id))
    resources = db.session.scalars(sa.select(Resource).where(Resource.created_by_id == user.id)
                                   .order_by(Resource.id))
    revisions = db.session.scalars(sa.select(MemberRevision).where(
        MemberRevision.user_id == user.id).order_by(MemberRevision.id))
    reports = db.session.scalars(sa.select(ActivityParticipation).where(
        ActivityParticipation.reported_by_id == user.id).order_by(ActivityParticipation.id))
    # After an erase the person's events carry a random key: nothing links them any more.
    key = None if user.erased_at else usage_key(user.id)
    events = [] if key is None else db.session.scalars(
        sa.select(UsageEvent).where(UsageEvent.user_key == key)
        .order_by(UsageEvent.occurred_at, UsageEvent.id))
    return {
        "account": {
            "id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "member": ({"id": member.id, "slug": member.slug, "name": member.name}
                       if member else None),
            "locale": user.locale, "active": user.active, "created_at": _iso(user.created_at),
            "last_login_at": _iso(user.last_login_at), "erased_at": _iso(user.erased_at),
            "privacy_version_accepted": user.privacy_version,
            "privacy_accepted_at": _iso(user.privacy_accepted_at),
        },
        "roles": [user.role],
        "follows": _rows_of("Follow", user),
        "saved_searches": _rows_of("SavedSearch", user),
        "notification_preferences": _rows_of("NotificationPreference", user),
        "tokens": [{"name": t.name, "prefix": t.prefix, "created_at": _iso(t.created_at),
                    "last_used_at": _iso(t.last_used_at), "revoked_at": _iso(t.revoked_at)}
                   for t in tokens],
        "contributions": {
            "stories": [{"id": s.id, "title": s.title, "status": s.status,
                         "created_at": _iso(s.created_at)} for s in stories],
            "resources": [{"id": r.id, "title": r.title, "created_at": _iso(r.created_at)}
                          for r in resources],
            "profile_changes": [{"member": r.member_id, "at": _iso(r.valid_from),
                                 "fields": [c["field"] for c in r.changes or []]}
                                for r in revisions],
            "participation_reports": [{"activity": p.activity_id, "status": p.status,
                                       "staff_count": p.staff_count} for p in reports],
        },
        "usage": {
            "pseudonymous_key": key,
            "events": [{"at": _iso(e.occurred_at), "type": e.event_type,
                        "object_type": e.object_type, "object_id": e.object_id,
                        "channel": e.channel} for e in events],
        },
    }


def _rows_of(model_name: str, user: User) -> list[dict]:
    """The person's rows of a model that other features keep per person (follows, saved
    searches, preferences), every column but secrets."""
    import hub.models as models

    model = getattr(models, model_name, None)
    if model is None or not hasattr(model, "user_id"):
        return []
    keys = [c.key for c in sa.inspect(model).column_attrs
            if "token" not in c.key and "hash" not in c.key]
    order = list(sa.inspect(model).primary_key)
    rows = db.session.scalars(sa.select(model).where(model.user_id == user.id)
                              .order_by(*order))
    return [{k: _plain(getattr(row, k)) for k in keys} for row in rows]


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def erase(user_id: int, reason, by) -> User:
    """Erase a person (admin, with a reason); 404 unknown, 409 already erased or oneself."""
    from hub.blueprints.audit import record
    from hub.errors import Conflict

    access.require(access.is_admin(by), _l("Only an administrator may erase a person."))
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput(fields={"reason": [str(_l("Say why the person is erased."))]})
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    if user.erased_at is not None:
        raise Conflict(_l("This person was already erased."))
    if user.id == by.id:
        raise Conflict(_l("You cannot erase your own account."))
    key = usage_key(user.id)
    # The person's usage counts stay (members' indicators), under a key that links to no one.
    db.session.execute(sa.update(UsageEvent).where(UsageEvent.user_key == key)
                       .values(user_key="erased-" + secrets.token_hex(20)))
    for table in db.metadata.sorted_tables:
        if table.name == "user":
            continue
        for column in table.columns:
            for fk in column.foreign_keys:
                if fk.column.table.name != "user":
                    continue
                if fk.ondelete == "CASCADE" or not column.nullable:
                    db.session.execute(table.delete().where(column == user.id))
                else:
                    db.session.execute(table.update().where(column == user.id)
                                       .values({column.name: None}))
    user.email = f"erased-{user.id}@erased.invalid"
    user.name = ""
    user.password_hash = None
    user.locale = None
    user.active = False
    user.last_login_at = None
    user.erased_at = utcnow()
    record("user.erase", "user", user.id, {}, note=reason.strip()[:2000])
    db.session.flush()
    db.session.expire_all()
    return user
