"""Uploaded files: type sniffed from the bytes, sanitised names, storage outside static, text.

Files live in DATA_DIR/uploads under a random name; the original (sanitised) name is used only
in Content-Disposition when the file is downloaded through the API.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import secrets
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import regex
from flask import current_app
from flask_babel import lazy_gettext as _l

from hub.api.base import HubError

log = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TXT = "text/plain"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt", TXT: ".txt"}
# Uncompressed size beyond which a DOCX/ODT is refused as a probable zip bomb.
MAX_UNZIPPED = 300 * 1024 * 1024


class TooLarge(HubError):
    status = 413
    code = "too_large"


class UnsupportedType(HubError):
    status = 415
    code = "unsupported_type"


def max_upload_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def upload_dir() -> Path:
    path = Path(current_app.config["DATA_DIR"]) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sanitise_filename(name: str | None, mime: str) -> str:
    """The last path component, without control or reserved characters, with the extension
    of the sniffed type: "../../etc/passwd" -> "passwd.txt", "C:\\x\\ré<s>.pdf" -> "rés.pdf"."""
    name = unicodedata.normalize("NFC", name or "")
    name = regex.split(r"[/\\]", name)[-1]
    name = regex.sub(r"[\p{C}<>:\"|?*]", "", name).strip().lstrip(".").strip()
    stem, _, _ = name.rpartition(".") if "." in name else (name, "", "")
    stem = regex.sub(r"\s+", " ", stem)[:150].strip() or "file"
    return stem + EXTENSIONS[mime]


def sniff(path: Path) -> str | None:
    """The MIME type from the content itself, or None when it is not one we accept."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    return TXT if _is_utf8_text(path) else None


def _sniff_zip(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if ("mimetype" in names and "content.xml" in names
                    and archive.read("mimetype").strip() == ODT.encode()):
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _is_utf8_text(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 16):
            if b"\x00" in chunk:
                return False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@dataclass
class StoredFile:
    filename: str
    stored_name: str
    mime_type: str
    size: int
    sha256: str
    path: Path


def store_upload(upload) -> StoredFile:
    """Copy an uploaded file (werkzeug FileStorage) into the uploads folder, checking its size
    and sniffing its type; raises TooLarge (413) or UnsupportedType (415) and keeps nothing."""
    limit = max_upload_bytes()
    folder = upload_dir()
    stored_name = secrets.token_hex(16)
    target = folder / stored_name
    digest, size = hashlib.sha256(), 0
    try:
        with open(target, "xb") as out:
            while chunk := upload.stream.read(1 << 16):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(_l("The file is larger than %(mb)s MB.",
                                      mb=limit // (1024 * 1024)))
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UnsupportedType(_l("The file is empty."))
        mime = sniff(target)
        if mime is None:
            raise UnsupportedType(_l("Only PDF, DOCX, ODT and UTF-8 text files are accepted."))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return StoredFile(sanitise_filename(upload.filename, mime), stored_name, mime, size,
                      digest.hexdigest(), target)


def stored_path(stored_name: str) -> Path:
    # stored_name comes from the database and is always token_hex; checked anyway.
    if not regex.fullmatch(r"[0-9a-f]{32}", stored_name):
        raise ValueError("bad stored file name")
    return upload_dir() / stored_name


def remove(stored_name: str) -> None:
    try:
        stored_path(stored_name).unlink(missing_ok=True)
    except (ValueError, OSError):
        log.warning("could not remove upload %s", stored_name)


def extract_text(path: Path, mime: str) -> tuple[str, str]:
    """(text, state) with state ok/empty/failed, from a child process with bounded time and
    memory: a corrupt, encrypted or endless file yields "failed", never an exception."""
    seconds = float(current_app.config.get("EXTRACT_TIMEOUT", 30))
    memory_mb = int(current_app.config.get("EXTRACT_MEMORY_MB", 768))
    if mime == TXT:  # nothing to parse; read it here
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read(2_000_000)
        return text, ("ok" if text.strip() else "empty")
    root = str(Path(__file__).resolve().parents[3])
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": root, "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "hub.blueprints.library.extract", mime, str(path),
             str(memory_mb), str(seconds)],
            capture_output=True, timeout=seconds + 5, env=env, cwd=root, check=False,
        )
    except subprocess.TimeoutExpired:
        log.warning("text extraction of %s timed out", path.name)
        return "", "failed"
    if done.returncode != 0:
        return "", "failed"
    text = done.stdout.decode("utf-8", errors="replace")
    return text, ("ok" if text.strip() else "empty")


def copy_file(source: Path) -> str:
    """Store a copy of a local file (demo data); returns its stored name."""
    stored_name = secrets.token_hex(16)
    shutil.copyfile(source, upload_dir() / stored_name)
    return stored_name
