"""On-disk layout: a pointer file naming the current index generation, plus a rebuild journal.

    <path>/CURRENT          name of the live generation directory (replaced with os.replace)
    <path>/gen-<n>/         a complete Whoosh index
    <path>/REBUILDING       name of the generation a rebuild is filling, while it runs
    <path>/<gen>.journal    updates made during that rebuild, replayed before the switch
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from whoosh import fields
from whoosh.columns import VarBytesColumn

from .analysis import (
    ALL_FIELD_LANGUAGES,
    WORD_RE,
    exact_analyzer,
    field_language,
    index_analyzer,
    spelling_analyzer,
)

CURRENT = "CURRENT"
REBUILDING = "REBUILDING"
SEP = "\x1f"


def make_schema() -> fields.Schema:
    """Per-language text fields plus a packed facet column and stored display fields."""
    spec: dict[str, fields.FieldType] = {
        "id": fields.ID(stored=True, unique=True),
        "language": fields.ID(stored=True),
        "visibility": fields.ID,
        "title": fields.STORED,
        "summary": fields.STORED,
        "body": fields.STORED,
        # Facet values for every document, read per segment without touching stored fields.
        "facets": fields.COLUMN(VarBytesColumn()),
        "spelling": fields.TEXT(analyzer=spelling_analyzer(), phrase=False),
    }
    for lang in ALL_FIELD_LANGUAGES:
        # Unfolded, unstemmed words, for accent-aware ranking; per language like the others,
        # so a query reads only the postings of the documents it ranks.
        spec[f"exact_{lang}"] = fields.TEXT(analyzer=exact_analyzer(), phrase=False)
        an = index_analyzer(lang)
        for name in ("title", "summary", "body"):
            # No positions: phrases are matched through the pair terms of index_analyzer.
            spec[f"{name}_{lang}"] = fields.TEXT(analyzer=an, phrase=False)
    return fields.Schema(**spec)


def pack_facets(doc: dict) -> bytes:
    """Encode the filterable values of a document into one column value."""
    pub = doc.get("published_on")
    ordinal = pub.toordinal() if isinstance(pub, dt.date) else 0
    vals = [
        str(int(doc["id"])),
        (doc.get("language") or "").lower(),
        doc.get("type") or "",
        ",".join(doc.get("themes") or ()),
        ",".join(c.upper() for c in doc.get("countries") or ()),
        ",".join(doc.get("regions") or ()),
        str(ordinal),
        "1" if doc.get("visibility", "public") == "network" else "0",
        # Word counts of title, summary, body: the length norms for BM25 scoring.
        *(str(len(WORD_RE.findall(doc.get(k) or ""))) for k in ("title", "summary", "body")),
    ]
    return SEP.join(v.replace(SEP, " ") for v in vals).encode("utf-8")


EMPTY_ROW = (0, "", "", (), (), (), 0, None, False, (0, 0, 0))


def unpack_facets(raw: bytes) -> tuple:
    """(id, language, type, themes, countries, regions, date ordinal, year, network, lengths)."""
    if not raw:
        return EMPTY_ROW
    parts = raw.decode("utf-8").split(SEP)
    did, lang, typ, themes, countries, regions, ordinal, net = parts[:8]
    o = int(ordinal)
    year = dt.date.fromordinal(o).year if o else None
    lengths = tuple(int(x) for x in parts[8:11]) if len(parts) >= 11 else (0, 0, 0)
    return (int(did), lang, typ, _split(themes), _split(countries), _split(regions), o, year,
            net == "1", lengths)


def _split(s: str) -> tuple[str, ...]:
    return tuple(s.split(",")) if s else ()


def to_fields(doc: dict, schema: fields.Schema | None = None) -> dict:
    """Whoosh document for a hub resource dict (only the fields `schema` has, when given: an
    index built before a field was added keeps taking updates until it is rebuilt)."""
    lang = field_language(doc.get("language"))
    title = doc.get("title") or ""
    summary = doc.get("summary") or ""
    body = doc.get("body") or ""
    out = {
        "id": str(int(doc["id"])),
        "language": (doc.get("language") or "").lower(),
        "visibility": doc.get("visibility") or "public",
        "title": title,
        "summary": summary,
        "body": body,
        "facets": pack_facets(doc),
        "spelling": f"{title}\n{summary}\n{body}",
        f"exact_{lang}": f"{title}\n{summary}\n{body}",
        f"title_{lang}": title,
        f"summary_{lang}": summary,
        f"body_{lang}": body,
    }
    if schema is not None:
        out = {k: v for k, v in out.items() if k in schema}
    return out


def read_current(root: Path) -> str | None:
    """Name of the live generation, or None."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name or None


def write_current(root: Path, name: str) -> None:
    """Atomically point CURRENT at a generation."""
    tmp = root / f".{CURRENT}.{os.getpid()}.tmp"
    tmp.write_text(name, encoding="utf-8")
    os.replace(tmp, root / CURRENT)


def new_generation_name() -> str:
    return f"gen-{time.time_ns():020d}-{os.getpid()}"


def cleanup(root: Path, keep: Iterable[str]) -> None:
    """Remove generation directories not in `keep` (best effort: others may still read them)."""
    keep = set(keep)
    for p in root.glob("gen-*"):
        if p.is_dir() and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
        elif p.suffix == ".journal" and p.stem not in keep:
            p.unlink(missing_ok=True)


def journal_target(root: Path) -> str | None:
    """The generation a rebuild in progress is filling, if any."""
    try:
        return (root / REBUILDING).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def journal_append(root: Path, gen: str, op: str, payload) -> None:
    """Record an update/delete made while a rebuild runs (one JSON line, O_APPEND)."""
    line = json.dumps({"op": op, "data": payload}, default=_json_default) + "\n"
    fd = os.open(root / f"{gen}.journal", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def journal_read(root: Path, gen: str) -> list[tuple[str, object]]:
    """Operations journaled for a generation, in order."""
    path = root / f"{gen}.journal"
    if not path.exists():
        return []
    ops = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            data = rec["data"]
            if rec["op"] == "update_many":
                for doc in data:
                    if doc.get("published_on"):
                        doc["published_on"] = dt.date.fromisoformat(doc["published_on"][:10])
            ops.append((rec["op"], data))
    return ops


def _json_default(obj):
    if isinstance(obj, dt.date):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")
