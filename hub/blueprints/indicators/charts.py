"""Small SVG charts drawn on the server (no scripts): a trend of values over periods and a
horizontal bar per region. Colours and sizes are attributes, not inline styles, so the
page's Content-Security-Policy (style-src 'self') holds."""

from markupsafe import Markup, escape

from hub.i18n import format_number, format_percent


def _fmt(value, unit: str) -> str:
    """The figure in the reader's locale: "45.2%", "45,2 %"."""
    return format_percent(value) if unit == "percent" else format_number(value)


def trend(points: list[tuple[str, float | int | None]], unit: str, title: str, *,
          baseline: float | None = None, target: float | None = None) -> Markup:
    """Vertical bars, one per period, labelled with the period and the value; the baseline
    (dotted grey) and the target (dashed green) of the last period as horizontal lines."""
    width, height, top, bottom = 320, 140, 18, 24
    lines = [v for v in (baseline, target) if v is not None]
    scale_max = 100 if unit == "percent" else max([v or 0 for _, v in points] + lines + [1])
    slot = width / max(len(points), 1)
    bar = slot * 0.6
    parts = [f'<svg class="chart trend" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(title)}</title>"]
    usable = height - top - bottom
    for i, (label, value) in enumerate(points):
        x = i * slot + (slot - bar) / 2
        h = 0 if value is None else usable * (value / scale_max)
        y = top + usable - h
        text = _fmt(value, unit)
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                     f'fill="#1f5f8b"><title>{escape(label)}: {escape(text)}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" font-size="11" '
                     f'text-anchor="middle">{escape(text)}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 8}" font-size="11" '
                     f'text-anchor="middle">{escape(label)}</text>')
    for kind, value, colour, dash in (("baseline", baseline, "#777", "2 3"),
                                      ("target", target, "#1e8449", "6 3")):
        if value is None:
            continue
        y = top + usable - usable * (value / scale_max)
        parts.append(f'<line class="{kind}" x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" '
                     f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}">'
                     f"<title>{escape(kind)}: {escape(_fmt(value, unit))}</title></line>")
    parts.append(f'<line x1="0" y1="{top + usable}" x2="{width}" y2="{top + usable}" '
                 'stroke="#888" stroke-width="1"/></svg>')
    return Markup("".join(parts))


def regions(rows: list[tuple[str, float | int | None, str]], unit: str, title: str) -> Markup:
    """One horizontal bar per region: (label, value, detail such as "3/7")."""
    label_width, bar_width, row_height = 230, 200, 20
    width = label_width + bar_width + 90
    height = row_height * len(rows) + 6
    scale_max = 100 if unit == "percent" else max([v or 0 for _, v, _ in rows] + [1])
    parts = [f'<svg class="chart regions" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(title)}</title>"]
    for i, (label, value, detail) in enumerate(rows):
        y = i * row_height + 3
        w = 0 if value is None else bar_width * (value / scale_max)
        text = _fmt(value, unit) + (f" ({detail})" if detail else "")
        parts.append(f'<text x="{label_width - 6}" y="{y + 13}" font-size="12" '
                     f'text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{row_height - 6}"'
                     f' fill="#c0392b"><title>{escape(label)}: {escape(text)}</title></rect>')
        parts.append(f'<text x="{label_width + w + 4:.1f}" y="{y + 13}" font-size="11">'
                     f"{escape(text)}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))
