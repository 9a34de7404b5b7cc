"""The indicators the hub computes, their parameters, and the version in force for a period.

Version 1 of each indicator is the code's default; the Secretariat adds versions (new
parameters from a given day) through the API or `flask --app hub indicators define`. A period
is computed under the version in force on its LAST day: closed periods keep their version when
a threshold changes later, and the reporting year in progress follows the latest decision.
"""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from hub.errors import InvalidInput
from hub.extensions import db
from hub.models import IndicatorDefinition

BUILTIN_FROM = date(1900, 1, 1)


@dataclass(frozen=True)
class Param:
    name: str
    default: int
    minimum: int
    maximum: int
    label: object


@dataclass(frozen=True)
class Spec:
    code: str
    name: object
    # Lazy strings joined with a space, formatted with the version's parameters.
    definition: tuple
    unit: str  # "percent" or "count"
    subject: str  # what /members lists: "member", "country" or "resource"
    params: tuple[Param, ...] = field(default_factory=tuple)
    # 4.2a and 4.2b are parts of 4.2 and share its versions.
    versioned_as: str | None = None

    @property
    def version_code(self) -> str:
        return self.versioned_as or self.code


THRESHOLD = Param("threshold", 3, 1, 1000, _l("Qualifying actions needed"))
MIN_MANIFESTATIONS = Param("min_manifestations", 3, 1, 5, _l("Manifestations needed"))

_MEMBERS_IN_PERIOD = _l(
    "Denominator: member organisations whose membership was active on at least one day of "
    "the period.")

SPECS: dict[str, Spec] = {spec.code: spec for spec in (
    Spec("2.4", _l("Members contributing stories for global advocacy and to local media"),
         (_l("Number of members with at least one story published in the period whose intended "
            "audiences include global advocacy or local media (a story later withdrawn still "
            "counts for the period it was published in)."),),
         "count", "member"),
    Spec("2.5", _l("Members with an active online social media identity"),
         (_l("Number of members active on the period's last day whose profile, as it stood that "
            "day, lists at least one social media presence."),),
         "count", "member"),
    Spec("3.2", _l("Knowledge products developed jointly by the Secretariat and members"),
         (_l("Number of library resources published in the period that the Secretariat "
            "co-authored with at least one member organisation (language versions of one "
            "product count once)."),),
         "count", "resource"),
    Spec("3.4", _l("ECPAT Country Overviews jointly produced"),
         (_l("Number of country overviews published in the period that the Secretariat "
            "co-authored with at least one member organisation (language versions of one "
            "overview count once)."),),
         "count", "resource"),
    Spec("4.2", _l("Members participating in capacity development and contributing to shared "
                   "platforms"),
         (_l("Percentage of members that (a) led or took part in (confirmed) at least one "
            "activity overlapping the period AND (b) in the period created a library resource "
            "or submitted a story (imported history included), or are an author of a resource "
            "published in the period."), _MEMBERS_IN_PERIOD),
         "percent", "member"),
    Spec("4.2a", _l("Members participating in or leading capacity development (4.2 a)"),
         (_l("Percentage of members that led or took part in (confirmed) at least one activity "
            "overlapping the period."), _MEMBERS_IN_PERIOD),
         "percent", "member", versioned_as="4.2"),
    Spec("4.2b", _l("Members contributing to shared information platforms (4.2 b)"),
         (_l("Percentage of members that in the period created a library resource or submitted "
            "a story (imported history included), or are an author of a resource published "
            "in the period."), _MEMBERS_IN_PERIOD),
         "percent", "member", versioned_as="4.2"),
    Spec("4.3", _l("Countries whose membership covers at least three key SEC priorities"),
         (_l("Percentage of countries where ECPAT is represented (the primary country of at "
            "least one member active on the period's last day) whose active members together "
            "cover at least %(min_manifestations)s of the five SEC manifestations, as their "
            "profiles stood that day."),),
         "percent", "country", (MIN_MANIFESTATIONS,)),
    Spec("4.4", _l("Countries whose membership includes survivor organisations"),
         (_l("Percentage of countries where ECPAT is represented with at least one "
            "survivor-led member active on the period's last day, as profiles stood that day."),),
         "percent", "country"),
    Spec("4.5", _l("Members actively using the Network Hub"),
         (_l("Percentage of members whose users made at least %(threshold)s qualifying actions "
            "in the period. Qualifying: every logged action except signing in and out; "
            "monthly counts (pruned or imported months) count for months wholly inside the "
            "period."), _MEMBERS_IN_PERIOD),
         "percent", "member", (THRESHOLD,)),
)}
CODES = tuple(SPECS)
VERSIONED_CODES = tuple(code for code, spec in SPECS.items() if spec.versioned_as is None)


@dataclass(frozen=True)
class Version:
    code: str
    version: int
    valid_from: date
    params: dict
    note: str = ""

    def to_dict(self) -> dict:
        return {"code": self.code, "version": self.version,
                "valid_from": self.valid_from.isoformat(), "params": dict(self.params),
                "note": self.note}


def spec(code: str) -> Spec | None:
    return SPECS.get(code)


def builtin(code: str) -> Version:
    params = {p.name: p.default for p in SPECS[code].params}
    return Version(code, 1, BUILTIN_FROM, params)


def versions(code: str) -> list[Version]:
    """All versions of an indicator (the built-in one first), oldest first."""
    code = SPECS[code].version_code
    rows = db.session.scalars(
        sa.select(IndicatorDefinition).where(IndicatorDefinition.code == code)
        .order_by(IndicatorDefinition.version)
    )
    found = [builtin(code)]
    for row in rows:
        found.append(Version(code, row.version, row.valid_from,
                             {**found[0].params, **(row.params or {})}, row.note or ""))
    return found


def all_in_force(on: date) -> dict[str, Version]:
    """The version of every indicator in force on a day (one query)."""
    rows = db.session.scalars(
        sa.select(IndicatorDefinition).order_by(IndicatorDefinition.version)
    ).all()
    result = {}
    for code in VERSIONED_CODES:
        base = builtin(code)
        candidates = [base] + [
            Version(code, row.version, row.valid_from, {**base.params, **(row.params or {})},
                    row.note or "")
            for row in rows if row.code == code and row.valid_from <= on
        ]
        # The version with the latest start on or before `on`; on the same start, the newest.
        result[code] = max(candidates, key=lambda v: (v.valid_from, v.version))
    for code, item in SPECS.items():
        if item.versioned_as:
            result[code] = result[item.versioned_as]
    return result


def in_force(code: str, on: date) -> Version:
    return all_in_force(on)[code]


def definition_text(code: str, version: Version) -> str:
    """The definition in the current locale, with the version's parameters filled in."""
    return " ".join(str(part) % version.params for part in SPECS[code].definition)


def add_version(code: str, params: dict, valid_from: date, *, note: str = "",
                user_id: int | None = None) -> Version:
    """Record a new version of an indicator's parameters from `valid_from` on.

    Raises InvalidInput (422) for an unknown indicator or parameter, or a value out of range.
    """
    item = SPECS.get(code)
    if item is None or item.versioned_as:
        raise InvalidInput(fields={"code": [str(_l(
            "Unknown indicator %(code)s: one of %(codes)s.", code=code[:20],
            codes=", ".join(VERSIONED_CODES)))]})
    allowed = {p.name: p for p in item.params}
    problems: dict[str, list[str]] = {}
    clean = {}
    if not isinstance(params, dict):
        params = {}
        problems["params"] = [str(_l("Give the parameters as an object."))]
    for name, value in params.items():
        param = allowed.get(name)
        if param is None:
            problems.setdefault("params", []).append(str(_l(
                "Indicator %(code)s has no parameter %(name)s.", code=code, name=str(name)[:40])))
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not (
                param.minimum <= value <= param.maximum):
            problems.setdefault(name, []).append(str(_l(
                "Give a whole number from %(min)s to %(max)s.", min=param.minimum,
                max=param.maximum)))
            continue
        clean[name] = value
    if not clean and "params" not in problems and not problems:
        problems["params"] = [str(_l("Give at least one parameter to change."))]
    if problems:
        raise InvalidInput(fields=problems)
    current = versions(code)
    number = current[-1].version + 1
    db.session.add(IndicatorDefinition(
        code=code, version=number, valid_from=valid_from, params=clean, note=note or "",
        created_by_id=user_id))
    db.session.flush()
    return Version(code, number, valid_from, {**current[0].params, **clean}, note or "")
