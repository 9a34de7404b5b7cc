"""Targets, baselines and sign-offs (shared/API.md, "Governance").

`report_for(period)` is what the API, the dashboard and the exports read: the stored report of
a signed-off period (exactly as it was signed, whatever changed since), or the live
computation with the reporting year's targets. A sign-off stores the whole `Report` (values,
breakdowns, members counted with their facts, definition versions, targets) through a small
JSON codec that knows only the report's own dataclasses.
"""

import dataclasses
import hashlib
import json
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from hub import access
from hub.blueprints.indicators import compute as compute_module
from hub.blueprints.indicators import definitions, population
from hub.errors import Conflict, InvalidInput, NotFound
from hub.extensions import db
from hub.models import IndicatorSignoff, IndicatorTarget
from hub.models.base import utcnow
from hub.periods import Period, parse_id

_CLASSES = {cls.__name__: cls for cls in (
    compute_module.Report, compute_module.Result, compute_module.Subject,
    population.MemberState, population.Profile, definitions.Version, Period)}


# ----------------------------------------------------------------- the codec


def _encode(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in _CLASSES:
            raise TypeError(f"cannot store a {name}")
        return {"__dc__": name, **{f.name: _encode(getattr(value, f.name))
                                   for f in dataclasses.fields(value)}}
    if isinstance(value, datetime):
        return {"__dt__": value.isoformat()}
    if isinstance(value, date):
        return {"__d__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__t__": [_encode(v) for v in value]}
    if isinstance(value, set | frozenset):
        return {"__s__": sorted((_encode(v) for v in value), key=repr)}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and not any(k.startswith("__") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"__m__": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # lazy strings and the like: their text


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__dc__" in value:
        cls = _CLASSES[value["__dc__"]]
        return cls(**{k: _decode(v) for k, v in value.items() if k != "__dc__"})
    if "__dt__" in value:
        return datetime.fromisoformat(value["__dt__"])
    if "__d__" in value:
        return date.fromisoformat(value["__d__"])
    if "__t__" in value:
        return tuple(_decode(v) for v in value["__t__"])
    if "__s__" in value:
        return {_decode(v) for v in value["__s__"]}
    if "__m__" in value:
        return {_freeze(_decode(k)): _decode(v) for k, v in value["__m__"]}
    return {k: _decode(v) for k, v in value.items()}


def _freeze(key):
    return tuple(key) if isinstance(key, list) else key


def encode_report(report) -> dict:
    return _encode(report)


def decode_report(data: dict):
    return _decode(data)


# ----------------------------------------------------------------- targets


def require_secretariat(user) -> None:
    access.require_secretariat(user, _l("Only the Secretariat may see the network's indicators."))


def _reporting_year(period_id: str) -> Period:
    try:
        period = parse_id(period_id)
    except (InvalidInput, ValueError):
        period = None
    if period is None or not period.id.endswith("July"):
        raise InvalidInput(fields={"period": [str(_l(
            "Targets are set per reporting year, such as 2025July."))]})
    return period


def _number(body: dict, name: str, unit: str, problems: dict) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        problems[name] = [str(_l("Give a number, or null."))]
        return None
    if value < 0 or (unit == "percent" and value > 100) or value > 1e9:
        problems[name] = [str(_l("Give a number from 0 to %(max)s.",
                                 max=100 if unit == "percent" else 1000000000))]
        return None
    return float(value)


def targets_for(period_id: str) -> dict[str, dict]:
    """{code: {"baseline", "target"}} set for a reporting year."""
    rows = db.session.scalars(sa.select(IndicatorTarget).where(
        IndicatorTarget.period == period_id))
    return {r.code: {"baseline": r.baseline, "target": r.target} for r in rows}


def set_target(code: str, period_id: str, body, user) -> IndicatorTarget:
    """Set (or replace) an indicator's baseline and target for a reporting year; the caller
    commits. 404 unknown indicator, 422 bad period or number."""
    require_secretariat(user)
    if code not in definitions.SPECS:
        raise NotFound(_l("There is no indicator %(code)s.", code=code[:20]))
    period = _reporting_year(period_id)
    if not isinstance(body, dict):
        raise InvalidInput(fields={"target": [str(_l("Send a JSON object."))]})
    unit = definitions.SPECS[code].unit
    problems: dict = {}
    baseline = _number(body, "baseline", unit, problems)
    target = _number(body, "target", unit, problems)
    if problems:
        raise InvalidInput(fields=problems)
    row = db.session.scalar(sa.select(IndicatorTarget).where(
        IndicatorTarget.code == code, IndicatorTarget.period == period.id))
    if row is None:
        row = IndicatorTarget(code=code, period=period.id)
        db.session.add(row)
    row.baseline, row.target, row.set_by_id = baseline, target, user.id
    row.set_at = utcnow()
    db.session.flush()
    return row


def progress(value, baseline, target) -> float | None:
    """How far the value has come, in percent: from the baseline to the target when there is
    a baseline (0 at the baseline, 100 at the target), else value against target."""
    if value is None or target is None:
        return None
    start = baseline if baseline is not None else 0
    if target == start:
        return None
    return round(100 * (value - start) / (target - start), 1)


# ----------------------------------------------------------------- sign-offs


def signoff_for(period_id: str) -> IndicatorSignoff | None:
    return db.session.scalar(sa.select(IndicatorSignoff).where(
        IndicatorSignoff.period == period_id))


def signoff_dict(row: IndicatorSignoff) -> dict:
    user = row.signed_by
    by = None
    if user is not None:
        by = str(_l("Erased person")) if user.erased_at else (user.name or user.email)
    return {"by": by, "at": row.signed_at.isoformat(timespec="seconds"), "note": row.note or ""}


def sign_off(body, user) -> IndicatorSignoff:
    """Store the period's figures as computed now; 409 when it is already signed off."""
    require_secretariat(user)
    if not isinstance(body, dict) or not isinstance(body.get("period"), str):
        raise InvalidInput(fields={"period": [str(_l("Give the period to sign off."))]})
    note = body.get("note") or ""
    if not isinstance(note, str):
        raise InvalidInput(fields={"note": [str(_l("Not a valid string."))]})
    period = parse_id(body["period"].strip())
    if signoff_for(period.id) is not None:
        raise Conflict(_l("The period %(period)s is already signed off.", period=period.id))
    report = compute_module.compute(period, explain=True)
    report.targets = targets_for(period.id)
    figures = encode_report(report)
    digest = hashlib.sha256(json.dumps(figures, sort_keys=True).encode()).hexdigest()
    row = IndicatorSignoff(period=period.id, figures=figures, digest=digest, note=note[:2000],
                           signed_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    return row


def reopen(period_id: str, body, user) -> None:
    """An admin reopens a signed-off period with a reason (kept in the audit log)."""
    from hub.blueprints.audit import record

    access.require(access.is_admin(user),
                   _l("Only an administrator may reopen a signed-off period."))
    reason = (body or {}).get("reason") if isinstance(body, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput(fields={"reason": [str(_l("Say why the period is reopened."))]})
    row = signoff_for(period_id)
    if row is None:
        raise NotFound(_l("The period %(period)s is not signed off.", period=period_id[:40]))
    record("indicator_signoff.reopen", "indicator_signoff", row.period,
           {"signed_at": [row.signed_at, None], "digest": [row.digest, None]},
           note=reason.strip()[:2000])
    db.session.delete(row)
    db.session.flush()


def report_for(period: Period, *, live: bool = False, explain: bool = False):
    """The report every reader shows: the signed-off figures, or (`live`, or not signed off)
    the computation now, with targets; a live report of a signed-off period carries the
    signed values for comparison (`signed_values`)."""
    row = signoff_for(period.id)
    if row is not None and not live:
        report = decode_report(row.figures)
        report.signed_off = signoff_dict(row)
        return report
    report = compute_module.compute(period, explain=explain)
    report.targets = targets_for(period.id)
    if row is not None:
        stored = decode_report(row.figures)
        report.signed_off = signoff_dict(row)
        report.signed_values = {code: r.value for code, r in stored.results.items()}
    return report


def signoffs() -> list[IndicatorSignoff]:
    return list(db.session.scalars(sa.select(IndicatorSignoff).order_by(
        IndicatorSignoff.period)))

