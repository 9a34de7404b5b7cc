"""The directory taken away as CSV: the rows the reader's search finds, with the fields the
reader may see (the public ones for anonymous visitors, the whole profile for members)."""

from flask_babel import gettext as _

from hub.csv_export import csv_bytes


def _columns() -> list[tuple[str, str, object]]:
    """(field of the member's dict, header, the cell from the dict), in the file's order."""
    return [
        ("slug", _("Id"), lambda m: m["slug"]),
        ("name", _("Name"), lambda m: m["name"]),
        ("acronym", _("Acronym"), lambda m: m.get("acronym") or ""),
        ("kind", _("Kind"), lambda m: m["labels"].get("kind", "")),
        ("country", _("Country"), lambda m: m["labels"]["country"]),
        ("region", _("Region"), lambda m: m["labels"]["region"]),
        ("countries", _("Also works in"), lambda m: "; ".join(m["labels"]["countries"])),
        ("languages", _("Working languages"), lambda m: "; ".join(m["labels"]["languages"])),
        ("survivor_led", _("Survivor-led"), lambda m: _("yes") if m["survivor_led"]
         else _("no")),
        ("tags", _("Expertise"), lambda m: "; ".join(
            t["label"] + (" ★" if t.get("centre_of_expertise") else "") for t in m["tags"])),
        ("website", _("Website"), lambda m: m.get("website") or ""),
        ("social_media", _("Social media"), lambda m: "; ".join(
            s["url"] for s in m["social_media"])),
        ("joined_on", _("Member since"), lambda m: m["joined_on"].isoformat()
         if m.get("joined_on") else ""),
        ("description", _("Description"), lambda m: m.get("description") or ""),
    ]


def to_csv(members: list[dict]) -> bytes:
    """One row per member; a column only for a field the member dicts carry."""
    present = set(members[0]) if members else {"slug", "name", "country", "region"}
    columns = [c for c in _columns() if c[0] in present]
    return csv_bytes([header for _key, header, _cell in columns],
                     ([cell(m) for _key, _header, cell in columns] for m in members))
