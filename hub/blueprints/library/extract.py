"""Text extraction, run as a child process: `python -m hub.blueprints.library.extract MIME PATH`.

The child limits its own memory and CPU before importing any parser, so a hostile or huge
file (a 300-page report, a zip bomb disguised as a DOCX) costs at most those limits and never
the web worker. It prints the text on stdout; exit 0 = text, 3 = unreadable (corrupt or
encrypted). The parent (files.extract_text) also enforces a wall-clock timeout.
"""

from __future__ import annotations

import sys
import time

MAX_CHARS = 2_000_000
UNREADABLE = 3


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def pdf_text(path: str, deadline: float) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted:
        # An empty user password still opens many "protected" PDFs; anything else is
        # stored without text.
        try:
            if not reader.decrypt(""):
                raise ValueError("encrypted")
        except Exception as error:
            raise ValueError("encrypted") from error
    parts, size = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        # Keep what was read so far rather than nothing when the file is very long.
        if size >= MAX_CHARS or time.monotonic() > deadline:
            break
    return "\n".join(parts)


def docx_text(path: str) -> str:
    import docx

    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def odt_text(path: str) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(path)
    parts = [teletype.extractText(el) for el in document.getElementsByType(text.P)]
    parts += [teletype.extractText(el) for el in document.getElementsByType(text.H)]
    return "\n".join(parts)


def txt_text(path: str) -> str:
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read(MAX_CHARS)


EXTRACTORS = {
    "application/pdf": pdf_text,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": docx_text,
    "application/vnd.oasis.opendocument.text": odt_text,
    "text/plain": txt_text,
}


def main(argv: list[str]) -> int:
    mime, path, memory_mb, seconds = argv[0], argv[1], int(argv[2]), float(argv[3])
    _limit(memory_mb, int(seconds) + 2)
    deadline = time.monotonic() + seconds * 0.8
    try:
        text = pdf_text(path, deadline) if mime == "application/pdf" else EXTRACTORS[mime](path)
    except Exception:  # any parser failure means: keep the file, index no text
        return UNREADABLE
    sys.stdout.write(text[:MAX_CHARS])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
