"""What every export does to text people wrote before it goes into CSV, XLSX or DOCX.

`cell(text)` defuses formulas (a leading `=`, `+`, `-`, `@`, tab or carriage return would make
a spreadsheet run the text: it gets a leading apostrophe) and removes the characters the
formats cannot hold (XML 1.0 allows no C0 control but tab, line feed and carriage return, no
lone surrogate and no U+FFFE/U+FFFF; a CSV keeps the same rule so every export reads alike).
`text(value)` only removes the characters, for prose in a Word document.
"""

import regex

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UNHOLDABLE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text(value) -> str:
    """The value as text without the characters XML (so XLSX and DOCX) cannot store."""
    if value is None:
        return ""
    return _UNHOLDABLE.sub("", str(value))


def cell(value) -> str:
    """User-written text for a spreadsheet cell: characters removed, formulas defused."""
    cleaned = text(value)
    return "'" + cleaned if cleaned.startswith(FORMULA_STARTS) else cleaned
