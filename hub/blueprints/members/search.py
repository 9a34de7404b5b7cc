"""The directory's search rows: accent-folded text in one table, kept in step with profiles.

Session events collect the members a flush touched; before the commit their rows are rebuilt
in the same transaction, so a rolled-back change leaves no trace. Bulk SQL statements bypass
the events: code that uses them calls `reindex_members` (or `flask --app hub members reindex`).
"""

import unicodedata

import regex
import sqlalchemy as sa
import sqlalchemy.orm as so

from hub import uow
from hub.models import (
    Member,
    MemberLanguage,
    MemberSearchEntry,
    MemberSocialLink,
    MemberTag,
    Tag,
)
from hub.models.base import utcnow

_WORD = regex.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    """Lower-case, accent-free words: "Traité d'Enfants" -> ["traite", "d", "enfants"]."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _WORD.findall(plain)


def fold(*texts: str | None) -> str:
    """Texts as one searchable string with a leading and trailing space ('' when empty)."""
    found = [w for text in texts for w in words(text)]
    return f" {' '.join(found)} " if found else ""


def entry_values(member: Member) -> dict:
    """The search row of a member, computed from its loaded profile."""
    tags = [link.tag for link in member.tag_links]
    labels = [getattr(t, f"label_{loc}") for t in tags for loc in ("en", "fr", "es")]
    labels += [t.slug.replace("-", " ") for t in tags]
    return {
        "status": member.status,
        "sort_name": " ".join(words(member.name))[:200],
        "country_code": member.country_code,
        "region_code": member.country.region_code if member.country else "",
        "survivor_led": bool(member.survivor_led),
        "tag_ids": f" {' '.join(str(t.id) for t in tags)} ",
        "languages": f" {' '.join(member.languages)} ",
        "name_text": fold(member.name, member.acronym, member.slug.replace("-", " ")),
        "tag_text": fold(*labels),
        "body_text": fold(member.description, *(link.note for link in member.tag_links)),
    }


def reindex_members(session: so.Session, member_ids=None, progress=None) -> int:
    """Rebuild the search rows of these members (all when None); returns how many.
    `progress(done, total)`, if given, hears of each member done."""
    query = sa.select(Member).options(
        so.selectinload(Member.tag_links),
        so.selectinload(Member.language_links),
        so.joinedload(Member.country),
    )
    if member_ids is not None:
        ids = sorted(set(member_ids))
        if not ids:
            return 0
        query = query.where(Member.id.in_(ids))
    members = session.scalars(query).all()
    existing = {
        e.member_id: e
        for e in session.scalars(
            sa.select(MemberSearchEntry).where(
                MemberSearchEntry.member_id.in_([m.id for m in members])
            )
        )
    }
    now = utcnow()
    for done, member in enumerate(members, 1):
        if progress:
            progress(done, len(members))
        values = entry_values(member)
        entry = existing.get(member.id)
        if entry is None:
            session.add(MemberSearchEntry(member_id=member.id, indexed_at=now, **values))
        elif any(getattr(entry, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(entry, key, value)
            entry.indexed_at = now
    return len(members)


def _touched_member(session, obj) -> tuple | None:
    if isinstance(obj, Member) and obj not in session.deleted:
        return (("member", obj.id),)
    if isinstance(obj, MemberTag | MemberLanguage | MemberSocialLink):
        return (("member", obj.member_id),)
    if isinstance(obj, Tag):
        return (("tag", obj.id),)
    return None


def _reindex_touched(session, touched: set) -> None:
    """Bring the touched members' search rows in step, in the same transaction."""
    pending = {key for kind, key in touched if kind == "member"}
    retagged = {key for kind, key in touched if kind == "tag"}
    if retagged:
        pending |= set(session.scalars(
            sa.select(MemberTag.member_id).where(MemberTag.tag_id.in_(retagged))
        ))
    pending.discard(None)
    if pending:
        reindex_members(session, pending)


def install() -> None:
    """Register with the session-event collector (once per process)."""
    uow.watch(uow.Watcher("member_search", collect=_touched_member,
                          before_commit=_reindex_touched))
