"""Backup and restore: `flask --app hub backup DIR`, `flask --app hub restore DIR`.

A backup is a folder: `manifest.json` (schema revision, row counts), `database/<table>.jsonl`
(every row of every table, one JSON object a line, tables in dependency order, so the same
backup restores into SQLite or PostgreSQL), `uploads/` (the files), and `settings.json` (the
settings in force, without secrets: keys, passwords and the passwords in URLs are left out).
Restoring puts the rows back in one transaction, then the files, then rebuilds the search index
and the directory's search rows from the restored database.
"""

import base64
import json
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic.migration import MigrationContext
from flask import Flask

from hub import uow
from hub.config import DefaultConfig
from hub.extensions import db

FORMAT = 1
BATCH = 1000
_SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|_KEY$")
_URL_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]*@")


class BackupError(Exception):
    """A backup that cannot be made or restored, with the reason for the person running it."""


def _encode(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _decoder(column: sa.Column) -> Callable:
    column_type = column.type
    if isinstance(column_type, sa.types.TypeDecorator):
        column_type = column_type.impl_instance
    try:
        kind = column_type.python_type
    except NotImplementedError:
        kind = object
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    if kind is time:
        return time.fromisoformat
    if kind is Decimal:
        return Decimal
    if kind is bytes:
        return base64.b64decode
    return lambda value: value


def _revision(connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def safe_settings(config) -> dict:
    """The hub's settings without secrets, for the record (a restore does not apply them)."""
    settings = {}
    for name in sorted(n for n in dir(DefaultConfig) if n.isupper()):
        if _SECRET_NAME.search(name):
            continue
        value = config.get(name)
        if isinstance(value, str):
            value = _URL_CREDENTIALS.sub("***@", value)
        elif not isinstance(value, int | float | bool | type(None) | list | tuple | dict):
            value = str(value)
        settings[name] = value
    return settings


def backup(app: Flask, target: Path, echo: Callable[[str], None] = print) -> dict:
    """Write a backup into `target` (a new or empty folder); returns the row counts."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty.")
    (target / "database").mkdir(parents=True)
    counts = {}
    with db.engine.connect() as connection:
        revision = _revision(connection)
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execution_options(yield_per=BATCH).execute(
                table.select().order_by(*order))
            with open(target / "database" / f"{table.name}.jsonl", "w", encoding="utf-8") as out:
                count = 0
                for row in rows:
                    record = {key: _encode(value) for key, value in row._mapping.items()}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
            counts[table.name] = count
    uploads = Path(app.config["DATA_DIR"]) / "uploads"
    if uploads.is_dir():
        shutil.copytree(uploads, target / "uploads")
    else:
        (target / "uploads").mkdir()
    (target / "settings.json").write_text(
        json.dumps(safe_settings(app.config), indent=2, ensure_ascii=False) + "\n")
    from hub import __version__

    manifest = {"format": FORMAT, "hub_version": __version__, "revision": revision,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "tables": counts}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    echo(f"Backed up {sum(counts.values())} rows of {len(counts)} tables "
         f"and {sum(1 for p in (target / 'uploads').rglob('*') if p.is_file())} files "
         f"to {target}.")
    return counts


def _rows(path: Path, table: sa.Table) -> Iterator[list[dict]]:
    decoders = {column.name: _decoder(column) for column in table.columns}
    batch = []
    with open(path, encoding="utf-8") as source:
        for line in source:
            record = json.loads(line)
            batch.append({key: None if value is None else decoders[key](value)
                          for key, value in record.items()})
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _holds_data(connection) -> bool:
    from hub.models import Member, User

    return any(connection.scalar(sa.select(sa.func.count()).select_from(model)) for model in
               (User.__table__, Member.__table__))


def restore(app: Flask, source: Path, *, replace: bool = False,
            echo: Callable[[str], None] = print) -> dict:
    """Put a backup back: the database (brought to the backup's schema revision first when
    it is new), the uploaded files, then the search index rebuilt. Refuses a hub that holds
    members or accounts unless `replace`, and a backup of another schema revision."""
    from flask_migrate import upgrade

    source = Path(source)
    try:
        manifest = json.loads((source / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} holds no readable backup: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    with db.engine.connect() as connection:
        current = _revision(connection)
    if current is None:
        upgrade(revision=manifest["revision"] or "head")
    elif current != manifest["revision"]:
        raise BackupError(
            f"The backup is of schema revision {manifest['revision']}, this database is at "
            f"{current}: restore into an empty database, or with the hub version that made it.")
    tables = db.metadata.sorted_tables
    with db.engine.begin() as connection:
        if _holds_data(connection) and not replace:
            raise BackupError("This hub holds members or accounts; pass --replace to replace "
                              "everything in it with the backup.")
        for table in reversed(tables):
            connection.execute(table.delete())
        for table in tables:
            path = source / "database" / f"{table.name}.jsonl"
            if path.exists():
                for batch in _rows(path, table):
                    connection.execute(table.insert(), batch)
            expected = manifest["tables"].get(table.name, 0)
            found = connection.scalar(sa.select(sa.func.count()).select_from(table))
            if found != expected:
                raise BackupError(f"{table.name}: {found} rows restored, {expected} backed up.")
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, tables)
    _restore_uploads(app, source / "uploads")
    upgrade()  # a no-op unless the backup was of an older revision than this hub's
    _rebuild_search(app)
    echo(f"Restored {sum(manifest['tables'].values())} rows and the uploaded files from "
         f"{source}; the search index is rebuilt.")
    return manifest["tables"]


def _reset_sequences(connection, tables) -> None:
    for table in tables:
        if "id" not in table.c or not isinstance(table.c.id.type, sa.Integer):
            continue
        sequence = connection.scalar(
            sa.text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": f'"{table.name}"'})
        if sequence:
            connection.execute(sa.text(
                f'SELECT setval(:sequence, COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1,'
                " false)"), {"sequence": sequence})


def _restore_uploads(app: Flask, source: Path) -> None:
    uploads = Path(app.config["DATA_DIR"]) / "uploads"
    if uploads.exists():
        shutil.rmtree(uploads)
    if source.is_dir():
        shutil.copytree(source, uploads)
    else:
        uploads.mkdir(parents=True)


def _rebuild_search(app: Flask) -> None:
    """The library's index and the directory's search rows, from the restored database."""
    import sqlalchemy.orm as so

    from hub.blueprints.library import indexing
    from hub.blueprints.members.search import reindex_members

    idx = indexing.get_index(app)
    with so.Session(db.engine) as session:
        idx.rebuild(indexing.iter_docs(session))
    indexing.drain(app, wait=60)
    with uow.transaction() as session:
        reindex_members(session)
