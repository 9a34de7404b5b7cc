"""Writing the audit log: rows for Secretariat and admin changes, collected from the session
at flush time, and `record()` for what is not a row change (exports, erases, reopenings).

Changes are read from SQLAlchemy's attribute history after each flush and inserted on the
session's own connection, so they belong to the transaction of the change: a rollback takes
them away too, and a commit cannot keep the change without its row. Personal data and story
text are never copied: those fields are recorded as "changed" (`REDACTED`).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import has_request_context

from hub.extensions import db
from hub.models.audit import AuditEntry
from hub.models.base import utcnow

# What stands for a value the log must not keep (story text, names, e-mail addresses).
REDACTED = "(changed, not recorded)"
_PRIVATE_FIELDS = {
    "story": {"title", "body", "pending_correction"},
    "resource": {"body"},
    "user": {"email", "name", "password_hash"},
}
_IGNORED_FIELDS = {"updated_at", "created_at", "last_used_at", "id"}


class AuditImmutable(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


@dataclass(frozen=True)
class Actor:
    """Who acts when there is no signed-in user (the CLI, background jobs)."""

    id: int | None
    role: str


_actor_override: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user=None, role: str = "system"):
    """Attribute the changes made inside the block to `user` (a User), or to the system."""
    actor = Actor(user.id, user.role) if user is not None else Actor(None, role)
    token = _actor_override.set(actor)
    try:
        yield actor
    finally:
        _actor_override.reset(token)


def current_actor() -> Actor | None:
    """The CLI's or job's actor, else the signed-in user; None when nobody is known."""
    override = _actor_override.get()
    if override is not None:
        return override
    if not has_request_context():
        return None
    from flask_login import current_user

    with db.session.no_autoflush:
        user = current_user._get_current_object() if current_user else None
        if user is None or not user.is_authenticated:
            return None
        return Actor(user.id, user.role)


def _audited(actor: Actor | None) -> bool:
    return actor is not None and actor.role in ("secretariat", "admin", "system")


def jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return REDACTED
    return value


def entry(actor: Actor | None, action: str, object_type: str, object_id, changes=None,
          note: str = "") -> dict:
    return {
        "at": utcnow(), "actor_id": actor.id if actor else None,
        "actor_role": actor.role if actor else "", "action": action[:60],
        "object_type": object_type[:40], "object_id": str(object_id if object_id is not None
                                                          else "")[:80],
        "changes": changes or {}, "note": (note or "")[:4000],
    }


def record(action: str, object_type: str, object_id=None, changes=None, *, note: str = "",
           actor: Actor | None = None, session=None) -> None:
    """Add a row for something that is not a row change (an export, an erase); the caller's
    transaction carries it."""
    session = session or db.session
    session.add(AuditEntry(**entry(actor or current_actor(), action, object_type, object_id,
                                   {k: [jsonable(v[0]), jsonable(v[1])]
                                    for k, v in (changes or {}).items()}, note)))


def record_export(what: str, *, period=None, fmt: str = "", **details) -> None:
    """Every export: who (the signed-in user, whatever their role), what, for which period."""
    changes = {"format": [None, fmt]} if fmt else {}
    if period is not None:
        changes["period"] = [None, getattr(period, "id", str(period))]
    for key, value in details.items():
        if value not in (None, ""):
            changes[key] = [None, value]
    actor = current_actor()
    record("export", what, None, changes, actor=actor)


# ----------------------------------------------------------------- reading the session


def column_changes(obj, kind: str, object_type: str) -> dict:
    """{field: [old, new]} of the mapped columns that changed (all set ones on create)."""
    state = sa.inspect(obj)
    private = _PRIVATE_FIELDS.get(object_type, set())
    changes = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _IGNORED_FIELDS:
            continue
        history = state.attrs[key].history
        if kind == "create":
            new = state.attrs[key].value
            if new in (None, "", [], {}):
                continue
            old = None
        elif kind == "delete":
            old, new = state.attrs[key].loaded_value, None
            if old is so.attributes.NO_VALUE:
                continue
        else:
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
        if key in private:
            changes[key] = [REDACTED if old not in (None, "") else None,
                            REDACTED if new not in (None, "") else None]
        else:
            changes[key] = [jsonable(old), jsonable(new)]
    return changes


def _describe(obj, kind: str, actor: Actor | None):
    """(actor, action, object_type, object_id, changes) for an object the log follows."""
    from hub.models import (
        Activity,
        ActivityChange,
        IndicatorDefinition,
        Invitation,
        MemberRevision,
        Resource,
        Story,
        StoryTransition,
        SurvivorLedRequest,
        Tag,
        User,
    )
    from hub.models.indicator_target import IndicatorSignoff, IndicatorTarget

    if isinstance(obj, User):
        changes = column_changes(obj, kind, "user")
        if kind == "update" and set(changes) == {"last_login_at"}:
            # A Secretariat or admin signing in is part of the trail; members' are not.
            if obj.role in ("secretariat", "admin"):
                return Actor(obj.id, obj.role), "user.sign_in", "user", obj.id, {}
            return None
        changes.pop("last_login_at", None)
        if "erased_at" in changes:
            return None  # `privacy.service.erase` records the erase, without the erased data
        if not changes or not _audited(actor):
            return None
        return actor, f"user.{kind}", "user", obj.id, changes
    if not _audited(actor):
        return None
    if isinstance(obj, MemberRevision):
        if kind != "create" or obj.reason == "import":
            return None
        changes = {c["field"]: [c["old"], c["new"]] for c in obj.changes or []}
        return actor, f"member.{obj.reason}", "member", obj.member_id, changes
    if isinstance(obj, ActivityChange):
        if kind != "create":
            return None
        return (actor, f"activity.{obj.action}", "activity", obj.activity_id,
                {k: v if isinstance(v, list) and len(v) == 2 else [None, v]
                 for k, v in (obj.changes or {}).items()})
    if isinstance(obj, Activity) and kind == "delete":
        return actor, "activity.delete", "activity", obj.id, {"title": [obj.title, None]}
    if isinstance(obj, StoryTransition):
        if kind != "create":
            return None
        changes = {"status": [obj.from_status, obj.to_status]}
        if obj.comment:
            changes["comment"] = [None, REDACTED]
        return actor, f"story.{obj.action}", "story", obj.story_id, changes
    if isinstance(obj, Story) and kind in ("create", "update"):
        changes = column_changes(obj, kind, "story")
        for key in ("status", "submitted_at", "published_at", "withdrawn_at"):
            changes.pop(key, None)  # the transition row tells these
        if not changes:
            return None
        return actor, f"story.{kind}", "story", obj.id, changes
    if isinstance(obj, SurvivorLedRequest) and kind == "update":
        changes = column_changes(obj, kind, "survivor_led_request")
        if "state" not in changes:
            return None
        return (actor, f"member.survivor_led_{obj.state}", "member", obj.member_id,
                {"survivor_led_request": changes["state"], "value": [None, obj.value]})
    if isinstance(obj, Invitation) and kind == "create":
        return actor, "user.invite", "user", obj.user_id, {}
    simple = {Tag: "tag", IndicatorDefinition: "indicator_definition", Resource: "resource",
              IndicatorTarget: "indicator_target", IndicatorSignoff: "indicator_signoff"}
    for cls, object_type in simple.items():
        if isinstance(obj, cls):
            changes = column_changes(obj, kind, object_type)
            if object_type == "indicator_signoff":
                if kind == "delete":
                    return None  # a reopening, recorded with its reason by `reopen`
                changes.pop("figures", None)  # the stored report; its digest stays
            if not changes and kind == "update":
                return None
            return actor, f"{object_type}.{kind}", object_type, _object_id(obj), changes
    return None


def _object_id(obj):
    from hub.models import Tag
    from hub.models.indicator_target import IndicatorSignoff, IndicatorTarget

    if isinstance(obj, Tag):
        return obj.slug
    if isinstance(obj, IndicatorTarget):
        return f"{obj.code}/{obj.period}"
    if isinstance(obj, IndicatorSignoff):
        return obj.period
    return getattr(obj, "id", "")


def _after_flush(session, _context) -> None:
    """Turn this flush's changes into audit rows, on the same connection and transaction."""
    groups = (("create", session.new), ("update", session.dirty), ("delete", session.deleted))
    candidates = [(kind, obj) for kind, objects in groups for obj in objects
                  if type(obj).__name__ in _FOLLOWED]
    if not candidates:
        return
    actor = current_actor()
    rows = []
    for kind, obj in candidates:
        if kind == "update" and not session.is_modified(obj, include_collections=False):
            continue
        described = _describe(obj, kind, actor)
        if described is not None:
            rows.append(entry(*described))
    if rows:
        session.connection().execute(AuditEntry.__table__.insert(), rows)


def _before_flush(session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted
                                            or session.is_modified(obj)):
            raise AuditImmutable("audit rows are never changed or deleted")


def _guard_statements(execute_state) -> None:
    """Bulk UPDATE/DELETE of audit rows through the ORM only from `prune` (flagged)."""
    if not (execute_state.is_update or execute_state.is_delete):
        return
    table = getattr(execute_state.statement, "table", None)
    if table is not None and getattr(table, "name", None) == AuditEntry.__tablename__:
        if execute_state.is_delete and execute_state.execution_options.get("audit_prune"):
            return
        raise AuditImmutable("audit rows are never changed or deleted")


_FOLLOWED = {
    "User", "MemberRevision", "ActivityChange", "Activity", "StoryTransition", "Story",
    "SurvivorLedRequest", "Invitation", "Tag", "IndicatorDefinition", "Resource",
    "IndicatorTarget", "IndicatorSignoff",
}
_installed = False


def install() -> None:
    """Listen on every session (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    sa.event.listen(so.Session, "before_flush", _before_flush)
    sa.event.listen(so.Session, "after_flush", _after_flush)
    sa.event.listen(so.Session, "do_orm_execute", _guard_statements)
