"""The activity list taken away: a CSV with the participants, and an iCalendar feed."""

from datetime import timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event

from hub.csv_export import csv_bytes
from hub.models.base import utcnow


def _names(item: dict, ids) -> str:
    return "; ".join(item["labels"]["members"].get(str(i), "") for i in ids)


def to_csv(items: list[dict]) -> bytes:
    """One row per activity: its facts, leads, and participants with their staff counts."""
    header = [_("Id"), _("Title"), _("Kind"), _("Mode"), _("Start"), _("End"), _("Country"),
              _("Region"), _("Organiser"), _("Themes"), _("Leads"), _("Participants")]
    rows = []
    for item in items:
        labels = item["labels"]
        participants = "; ".join(
            f'{p["member_name"]} ({p["staff_count"]})' if p.get("staff_count")
            else p["member_name"]
            for p in item["participants"]
            if p["role"] == "participant" and p["status"] == "confirmed")
        rows.append([item["id"], item["title"], labels["kind"], labels["mode"],
                     item["starts_on"].isoformat(), item["ends_on"].isoformat(),
                     labels["country"] or "", labels["region"] or "", labels["organiser"],
                     "; ".join(labels["themes"].get(s, s) for s in item["themes"]),
                     _names(item, item["lead_members"]), participants])
    return csv_bytes(header, rows)


def to_ics(items: list[dict], public_url: str) -> bytes:
    """An iCalendar (RFC 5545) feed: one all-day event per activity, linking to its page."""
    calendar = Calendar()
    calendar.add("prodid", "-//ECPAT International//Network Hub//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Capacity development activities"))
    stamp = utcnow()
    base = public_url.rstrip("/")
    for item in items:
        event = Event()
        host = base.split("://", 1)[-1]
        event.add("uid", f"activity-{item['id']}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", item["title"])
        event.add("dtstart", item["starts_on"])
        # All-day events end on the day after their last day (DTEND is exclusive).
        event.add("dtend", item["ends_on"] + timedelta(days=1))
        event.add("url", f"{base}/activities/{item['id']}")
        where = ", ".join(x for x in (item["labels"]["country"], item["labels"]["region"]) if x)
        if where:
            event.add("location", where)
        lines = [item["labels"]["kind"], item["labels"]["mode"],
                 _("Organised by %(organiser)s", organiser=item["labels"]["organiser"])]
        if item.get("description"):
            lines += ["", item["description"]]
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return calendar.to_ical()
