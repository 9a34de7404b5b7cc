"""The expertise vocabulary as the Secretariat maintains it: add, rename, retire.

Retired tags stay on the profiles that have them but are no longer offered. The caller commits.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from hub import access
from hub.blueprints.members.search import words
from hub.errors import InvalidInput, NotFound
from hub.extensions import db
from hub.models import Tag

LOCALES = ("en", "fr", "es")


def tag_dict(tag: Tag, locale: str, *, full: bool = False) -> dict:
    data = {"slug": tag.slug, "label": tag.label(locale), "description": tag.description(locale),
            "group": tag.group}
    if full:
        data.update(
            retired=tag.retired, position=tag.position,
            labels={loc: getattr(tag, f"label_{loc}") for loc in LOCALES},
            descriptions={loc: getattr(tag, f"description_{loc}") for loc in LOCALES},
        )
    return data


def list_tags(*, include_retired: bool = False) -> list[Tag]:
    query = sa.select(Tag).order_by(Tag.position, Tag.slug)
    if not include_retired:
        query = query.where(Tag.retired.is_(False))
    return list(db.session.scalars(query))


def get_tag(slug: str) -> Tag:
    tag = db.session.scalar(sa.select(Tag).where(Tag.slug == slug))
    if tag is None:
        raise NotFound()
    return tag


def _apply(tag: Tag, data: dict, locale: str) -> None:
    for loc, text in (data.get("labels") or {}).items():
        setattr(tag, f"label_{loc}", text.strip())
    for loc, text in (data.get("descriptions") or {}).items():
        setattr(tag, f"description_{loc}", text.strip())
    if data.get("label"):
        setattr(tag, f"label_{locale}", data["label"].strip())
    if "description" in data:
        setattr(tag, f"description_{locale}", data["description"].strip())
    for key in ("group", "retired", "position"):
        if key in data:
            setattr(tag, key, data[key])


def create_tag(data: dict, user, locale: str) -> Tag:
    """A new tag; labels in all three languages are required."""
    access.require_secretariat(user)
    labels = dict(data.get("labels") or {})
    if data.get("label"):
        labels.setdefault(locale, data["label"])
    missing = [loc for loc in LOCALES if not (labels.get(loc) or "").strip()]
    if missing:
        raise InvalidInput(fields={"labels": [
            str(_l("A label is needed in every language: %(langs)s.", langs=", ".join(missing)))
        ]})
    slug = data.get("slug") or "-".join(words(labels["en"]))[:60]
    if db.session.scalar(sa.select(Tag.id).where(Tag.slug == slug)) or not slug:
        raise InvalidInput(fields={"slug": [str(_l("This slug is taken."))]})
    position = (db.session.scalar(sa.select(sa.func.max(Tag.position))) or 0) + 1
    tag = Tag(slug=slug, group=data["group"], position=position, retired=False,
              label_en="", label_fr="", label_es="",
              description_en="", description_fr="", description_es="")
    _apply(tag, {**data, "labels": labels, "label": None}, locale)
    db.session.add(tag)
    db.session.flush()
    return tag


def update_tag(tag: Tag, data: dict, user, locale: str) -> Tag:
    """Rename (labels, descriptions), regroup, retire or bring back a tag."""
    access.require_secretariat(user)
    _apply(tag, data, locale)
    return tag
