"""Reading the audit log: filters shared by the page, the API and the CSV export, the rows'
JSON shape, and pruning past the retention period."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from hub import access, jobs
from hub.errors import InvalidInput
from hub.extensions import db
from hub.models import AuditEntry, User
from hub.models.base import utcnow

CSV_COLUMNS = ("id", "at", "actor_id", "actor", "actor_role", "action", "object_type",
               "object_id", "changes", "note")


def require_secretariat(user) -> None:
    access.require_secretariat(user, _l("Only the Secretariat may read the audit log."))


def _day(raw, name: str, problems: dict) -> date | None:
    if not raw:
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        problems[name] = [str(_l("Not a date: use YYYY-MM-DD."))]
        return None


def query_from(args) -> sa.Select:
    """The rows the filters ask for, newest first: `actor` (id or e-mail), `action` (exact, or
    a prefix ending in "." such as `story.`), `object_type`, `object_id`, `since`/`until`
    (dates, both inclusive). 422 names the bad filter."""
    problems: dict = {}
    query = sa.select(AuditEntry)
    actor = (args.get("actor") or "").strip()
    if actor:
        if actor.isdigit() and len(actor) < 12:
            query = query.where(AuditEntry.actor_id == int(actor))
        else:
            user_id = db.session.scalar(sa.select(User.id).where(
                sa.func.lower(User.email) == actor.lower()))
            query = query.where(AuditEntry.actor_id == (user_id or -1))
    action = (args.get("action") or "").strip()
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True)
                            if action.endswith(".") else AuditEntry.action == action)
    for name in ("object_type", "object_id"):
        value = (args.get(name) or "").strip()
        if value:
            query = query.where(getattr(AuditEntry, name) == value[:80])
    since = _day(args.get("since"), "since", problems)
    until = _day(args.get("until"), "until", problems)
    if since and until and since > until:
        problems["until"] = [str(_l("The end comes before the start."))]
    if problems:
        raise InvalidInput(fields=problems)
    if since:
        query = query.where(AuditEntry.at >= datetime.combine(since, time.min, UTC))
    if until:
        query = query.where(AuditEntry.at < datetime.combine(until + timedelta(days=1),
                                                            time.min, UTC))
    return query.order_by(AuditEntry.id.desc())


def actor_names(rows) -> dict[int, str]:
    """Display names of the rows' actors; an erased person is only "erased person"."""
    ids = {r.actor_id for r in rows if r.actor_id is not None}
    if not ids:
        return {}
    names = {}
    for user in db.session.scalars(sa.select(User).where(User.id.in_(ids))):
        names[user.id] = (str(_l("Erased person")) if user.erased_at
                          else user.name or user.email)
    return names


def entry_dict(row: AuditEntry, names: dict) -> dict:
    return {
        "id": row.id, "at": row.at.isoformat(),
        "actor": {"id": row.actor_id, "name": names.get(row.actor_id) or
                  ("system" if row.actor_id is None else ""), "role": row.actor_role},
        "action": row.action, "object_type": row.object_type, "object_id": row.object_id,
        "changes": row.changes or {}, "note": row.note or "",
    }


def page(query: sa.Select, page: int, per_page: int) -> dict:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    names = actor_names(rows)
    return {"items": [entry_dict(r, names) for r in rows], "total": total, "page": page,
            "per_page": per_page}


def _cell(value) -> str:
    text = value if isinstance(value, str) else str(value)
    # A cell starting with = + - @ (or tab, CR) would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(query: sa.Select):
    """The rows as CSV lines, read in batches so a long log streams."""
    import json

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    last_id = None
    while True:
        batch_query = query if last_id is None else query.where(AuditEntry.id < last_id)
        rows = list(db.session.scalars(batch_query.limit(500)))
        if not rows:
            return
        names = actor_names(rows)
        buffer.seek(0)
        buffer.truncate()
        for r in rows:
            writer.writerow([_cell(v) for v in (
                r.id, r.at.isoformat(), r.actor_id or "", names.get(r.actor_id, ""),
                r.actor_role, r.action, r.object_type, r.object_id,
                json.dumps(r.changes or {}, ensure_ascii=False, sort_keys=True), r.note or "")])
        yield buffer.getvalue()
        last_id = rows[-1].id


def cutoff(months: int, now: datetime | None = None) -> datetime:
    """The first moment kept: the start of the month `months` whole months before this one."""
    now = now or utcnow()
    index = now.year * 12 + now.month - 1 - months
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def prune(months: int, now: datetime | None = None) -> int:
    """Delete rows older than the retention period (the only delete the log allows); the
    caller commits. Returns how many went."""
    if months < 1:
        raise InvalidInput(fields={"months": [str(_l("Keep at least one month."))]})
    result = db.session.execute(
        sa.delete(AuditEntry).where(AuditEntry.at < cutoff(months, now)),
        execution_options={"audit_prune": True, "synchronize_session": False},
    )
    return result.rowcount or 0


@jobs.periodic("audit.prune", day="1", hour="3", minute="45")
def prune_job() -> int:
    """On the first of each month: drop audit rows past HUB_AUDIT_RETENTION_MONTHS."""
    from flask import current_app

    return prune(int(current_app.config["AUDIT_RETENTION_MONTHS"]))
