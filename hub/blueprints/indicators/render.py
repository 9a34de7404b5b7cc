"""The API's shapes of a computed report, localised: figures, breakdowns, and the reasons
each member, country or resource counts or not ("4 qualifying actions")."""

from flask_babel import gettext as _
from flask_babel import ngettext

from hub.blueprints.indicators import definitions
from hub.blueprints.indicators.compute import Report, Result, Subject
from hub.i18n import format_date, format_list
from hub.reference.names import country_name, region_name


def indicator_dict(result: Result, by: str | None, report: Report) -> dict:
    spec = result.spec
    return {
        "code": result.code,
        "name": str(spec.name),
        "definition": definitions.definition_text(result.code, result.version),
        "definition_version": result.version.version,
        "params": dict(result.version.params),
        "value": result.value,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "unit": spec.unit,
        "breakdown": result.breakdown(by, report.region_order) if by else [],
        **target_dict(result, report),
    }


def target_dict(result: Result, report: Report) -> dict:
    """Baseline, target and progress (governance.progress); beside a live computation of a
    signed-off period, the signed value and whether it moved since."""
    from hub.blueprints.indicators.governance import progress

    set_ = report.targets.get(result.code) or {}
    baseline, target = set_.get("baseline"), set_.get("target")
    data = {"baseline": baseline, "target": target,
            "progress": progress(result.value, baseline, target)}
    if report.signed_values is not None:
        signed = report.signed_values.get(result.code)
        data["signed_off_value"] = signed
        data["changed_since_signoff"] = signed != result.value
    return data


def report_dict(report: Report, by: str | None = None) -> dict:
    """`GET /api/v1/indicators`: the period and every indicator; `signed_off` when the
    figures are a sign-off's (or, with `live`, beside one)."""
    data = {
        "period": report.period.to_dict(),
        "generated_at": report.generated_at.isoformat(timespec="seconds"),
        "by": by,
        "indicators": [indicator_dict(r, by, report) for r in report.results.values()],
        "signed_off": report.signed_off,
    }
    if report.signed_values is not None:
        data["live"] = True
    return data


def _member_ref(report: Report, member_id: int, locale: str) -> dict:
    state = report.members.get(member_id)
    profile = report.profiles.get(member_id)
    country = profile.country if profile else None
    return {"id": member_id, "slug": state.slug if state else None,
            "name": state.name if state else None, "country": country}


def _names(report: Report, member_ids, readable: bool) -> str:
    return _join([report.members[m].name for m in member_ids if m in report.members], readable)


def _join(words: list[str], readable: bool) -> str:
    return format_list(words) if readable else ", ".join(words)


def _day(value, readable: bool) -> str:
    return format_date(value) if readable else value.isoformat()


def _quote(title: str) -> str:
    return f"\u2018{title}\u2019"


def reason(code: str, subject: Subject, report: Report, locale: str, *,
           readable: bool = False) -> str:
    """Why a subject counts, or why not, in words. The API keeps ISO dates and plain commas
    (its documented form); pages and exports (`readable`) write them in the reader's locale."""
    facts = subject.facts
    if code == "4.5":
        count, threshold = facts["actions"], facts["threshold"]
        text = ngettext("%(num)d qualifying action", "%(num)d qualifying actions", count)
        if count < threshold:
            text += "; " + _("%(threshold)s needed", threshold=threshold)
        return text
    if code in ("4.2", "4.2a", "4.2b"):
        parts = []
        if code != "4.2b":
            for item in facts["activities"]:
                title = _quote(item["title"])
                when = _day(item["start"], readable)
                if item["role"] == "lead":
                    parts.append(_("led %(title)s on %(date)s", title=title, date=when))
                else:
                    parts.append(_("took part in %(title)s on %(date)s", title=title, date=when))
            if not facts["activities"]:
                parts.append(_("no confirmed activity in the period"))
        if code != "4.2a":
            created = facts["created"]
            for title in created:
                parts.append(_("uploaded %(title)s", title=_quote(title)))
            contributions = facts["contributions"]
            extra = contributions.get("resource_create", 0) - len(created)
            if extra > 0:
                parts.append(ngettext("created %(num)d resource", "created %(num)d resources",
                                      extra))
            if contributions.get("story_submit"):
                parts.append(ngettext("submitted %(num)d story", "submitted %(num)d stories",
                                      contributions["story_submit"]))
            for item in facts["authored"]:
                parts.append(_("author of %(title)s published on %(date)s",
                               title=_quote(item["title"]),
                               date=_day(item["published_on"], readable)))
            if not facts["b"]:
                parts.append(_("no contribution to the library or stories in the period"))
        return "; ".join(parts)
    if code == "2.4":
        if not facts["stories"]:
            return _("no story for global advocacy or local media published in the period")
        parts = []
        for story in facts["stories"]:
            title = _quote(story["title"]) if story["title"] else _("story #%(id)s",
                                                                    id=story["id"])
            text = _("published %(title)s on %(date)s", title=title,
                     date=_day(story["published_on"], readable))
            if story["status"] == "consent_withdrawn":
                text += " " + _("(consent withdrawn later)")
            parts.append(text)
        return "; ".join(parts)
    if code == "2.5":
        if not facts["platforms"]:
            return _("no social media presence on the profile")
        return ngettext("%(num)d social media presence: %(list)s",
                        "%(num)d social media presences: %(list)s",
                        len(facts["platforms"]), list=_join(facts["platforms"], readable))
    if code in ("3.2", "3.4"):
        return _("%(title)s published on %(date)s with %(members)s",
                 title=_quote(facts["title"]), date=_day(facts["published_on"], readable),
                 members=_names(report, facts["members"], readable))
    if code == "4.3":
        from hub.blueprints.indicators.population import manifestation_tags

        cache = report.__dict__.setdefault("_labels", {})
        if locale not in cache:
            cache[locale] = {t.slug: t.label(locale) for t in manifestation_tags()}
        labels = cache[locale]
        covered = _join([labels.get(s, s) for s in facts["covered"]], readable) or _("none")
        return _("%(count)s of 5 manifestations covered (%(minimum)s needed): %(list)s; "
                 "members: %(members)s", count=len(facts["covered"]), minimum=facts["minimum"],
                 list=covered, members=_names(report, facts["members"], readable))
    if code == "4.4":
        if facts["survivor_led"]:
            return _("survivor-led: %(members)s",
                     members=_names(report, facts["survivor_led"], readable))
        return _("no survivor-led member among: %(members)s",
                 members=_names(report, facts["members"], readable))
    return ""


def subject_dict(code: str, subject: Subject, report: Report, locale: str, *,
                 readable: bool = False) -> dict:
    spec = definitions.SPECS[code]
    item: dict = {"counted": subject.counted,
                  "reason": reason(code, subject, report, locale, readable=readable),
                  "region": subject.regions[0] if len(subject.regions) == 1 else None}
    if spec.subject == "member":
        item["member"] = _member_ref(report, subject.key, locale)
        if code == "4.5":
            item["qualifying_actions"] = subject.facts["actions"]
        if code.startswith("4.2"):
            item["a"], item["b"] = subject.facts["a"], subject.facts["b"]
    elif spec.subject == "country":
        item["country"] = subject.key
        item["country_name"] = country_name(subject.key, locale)
        item["members"] = [_member_ref(report, m, locale) for m in subject.facts["members"]]
    else:
        facts = subject.facts
        item["resource"] = {"id": facts["id"], "title": facts["title"], "type": facts["type"],
                            "published_on": facts["published_on"].isoformat(),
                            "languages": facts["languages"]}
        item["regions"] = list(subject.regions)
        item["members"] = [_member_ref(report, m, locale) for m in facts["members"]]
    return item


def subjects(code: str, report: Report, locale: str, *, region: str | None = None,
             readable: bool = False) -> list[dict]:
    result = report.results[code]
    chosen = [s for s in result.subjects if region is None or region in s.regions]
    return [subject_dict(code, s, report, locale, readable=readable) for s in chosen]


def region_label(code: str, locale: str) -> str:
    return region_name(code, locale)
