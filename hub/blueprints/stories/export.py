"""The Secretariat's advocacy export: published stories of a period and audience, as CSV or
as a Word dossier (.docx, written with python-docx) ready to edit.

Only stories whose status is `published` appear, so a withdrawn story (status
`consent_withdrawn`, text erased) never does, whatever the period.
"""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from hub import exports
from hub.blueprints.stories import service
from hub.extensions import db
from hub.i18n import format_date
from hub.models import Member, Story
from hub.periods import Period
from hub.reference.names import country_name

COLUMNS = ("id", "title", "member", "country", "themes", "audiences", "language",
           "storyteller", "published_at", "body")


def stories_for(period: Period, audience: str | None) -> list[Story]:
    """Published stories whose publication falls in the period, for the audience (any
    publishable audience when none is given), oldest first."""
    query = (sa.select(Story)
             .where(Story.status == "published", Story.published_at >= period.starts_at,
                    Story.published_at < period.ends_before)
             .options(so.selectinload(Story.themes), so.selectinload(Story.audience_rows))
             .order_by(Story.published_at, Story.id))
    found = []
    for story in db.session.scalars(query):
        audiences = service.publishable_audiences(story)
        if audiences and (audience is None or audience in audiences):
            found.append(story)
    return found


def rows(stories: list[Story], locale: str) -> list[dict]:
    members = {m.id: m for m in db.session.scalars(
        sa.select(Member).where(Member.id.in_({s.member_id for s in stories})))}
    out = []
    for story in stories:
        out.append({
            "id": story.id,
            "title": story.title,
            "member": members[story.member_id].name,
            "country": (country_name(story.country_code, locale)
                        if story.country_code else ""),
            "country_code": story.country_code or "",
            "themes": "; ".join(t.label(locale) for t in story.themes),
            "audiences": "; ".join(str(service.AUDIENCE_LABELS[a])
                                   for a in service.publishable_audiences(story)),
            "language": story.language,
            "storyteller": str(service.TELLER_LABELS.get(story.teller, story.teller)),
            "published_at": story.published_at.date().isoformat(),
            "body": story.body,
        })
    return out


def to_csv(data: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([exports.cell(row[c]) for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_docx(data: list[dict], period: Period, audience: str | None) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(_("Stories for advocacy"), level=0)
    scope = _("Published from %(start)s to %(end)s", start=format_date(period.start),
              end=format_date(period.end))
    if audience:
        scope += " · " + str(service.AUDIENCE_LABELS[audience])
    document.add_paragraph(scope)
    if not data:
        document.add_paragraph(_("No story was published for this period and audience."))
    for row in data:
        document.add_heading(exports.text(row["title"]), level=1)
        facts = document.add_paragraph()
        for label, value in ((_("Member"), row["member"]), (_("Country"), row["country"]),
                             (_("Themes"), row["themes"]), (_("Audiences"), row["audiences"]),
                             (_("Published"), format_date(row["published_at"]))):
            run = facts.add_run(f"{label}: ")
            run.bold = True
            facts.add_run(f"{exports.text(value)}\n")
        for paragraph in exports.text(row["body"]).split("\n\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
