"""The controlled expertise vocabulary: the five SEC manifestations and the cross-cutting areas.

Labels and descriptions in en, fr and es follow the Luxembourg Terminology Guidelines (2016);
the data lives in `data/expertise_tags.json`, in display order.
"""

import copy
import json
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "expertise_tags.json"
TAG_LOCALES = ("en", "fr", "es")
TAG_GROUPS = ("manifestation", "area")


@cache
def _load() -> tuple[dict, ...]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        tags = json.load(handle)
    for position, tag in enumerate(tags):
        tag["position"] = position
    return tuple(tags)


def expertise_tags() -> list[dict]:
    """The vocabulary in display order: {"slug", "group", "position", "label": {en, fr, es},
    "description": {en, fr, es}}; a fresh copy the caller may change."""
    return copy.deepcopy(list(_load()))


def tag_slugs(group: str | None = None) -> list[str]:
    """The tag slugs in display order, optionally only those of one group."""
    return [tag["slug"] for tag in _load() if group is None or tag["group"] == group]


def tag_model_fields(tag: dict) -> dict:
    """A vocabulary entry flattened to the columns of `hub.models.tag.Tag`."""
    fields = {"slug": tag["slug"], "group": tag["group"], "position": tag["position"]}
    for locale in TAG_LOCALES:
        fields[f"label_{locale}"] = tag["label"][locale]
        fields[f"description_{locale}"] = tag["description"][locale]
    return fields


def tag_label(slug: str, locale: str = "en") -> str:
    """A tag's label in `locale` (en, fr or es; English otherwise); the slug if unknown."""
    for tag in _load():
        if tag["slug"] == slug:
            return tag["label"].get(locale) or tag["label"]["en"]
    return slug
