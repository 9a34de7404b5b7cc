"""Template mistakes that only show on some pages, found by reading every template."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "hub" / "templates"
# `{% set _ = ... %}` replaces the translation function for the rest of the template: every
# later `_("...")` then fails (the directory answered 500 whenever it had a second page).
SHADOWING = re.compile(r"{%-?\s*(?:set|for)\s+(?:[\w\s,]*,\s*)?(_|gettext|ngettext|_l)\s*[=,]|"
                       r"{%-?\s*for\s+(_|gettext|ngettext)\s+in\b")


def test_no_template_assigns_the_translation_functions():
    found = [
        f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()}"
        for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SHADOWING.search(line)
    ]
    assert not found, "\n".join(found)
