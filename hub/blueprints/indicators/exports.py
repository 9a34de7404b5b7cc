"""Exports of a computed report: CSV, XLSX, JSON (the API's shape) and a DHIS2 dataValueSet.

Each takes the `Report` that `compute.compute` returned, so an export, the API and the
dashboard never disagree. XLSX stores numbers as numbers and percentages as fractions shown
with a percent format.
"""

import csv
import io
import json

from flask_babel import gettext as _

from hub import __version__
from hub.blueprints.indicators import definitions, render
from hub.blueprints.indicators.compute import Report

FORMATS = ("csv", "xlsx", "json", "dhis2")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "dhis2": "application/json",
}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "json": "json", "dhis2": "dhis2.json"}
CSV_HEADER = ("period", "start", "end", "code", "name", "unit", "breakdown", "group", "value",
              "numerator", "denominator", "definition_version", "baseline", "target",
              "progress", "signed_off_by", "signed_off_at")


def filename(report: Report, fmt: str) -> str:
    safe = report.period.id.replace("/", "_")
    return f"ecpat-indicators-{safe}.{EXTENSIONS[fmt]}"


def version_labels(report: Report) -> str:
    seen = {}
    for result in report.results.values():
        seen.setdefault(result.version.code, result.version.version)
    return ", ".join(f"{code} v{version}" for code, version in sorted(seen.items()))


def csv_bytes(report: Report, locale: str) -> bytes:
    """One row per indicator (breakdown `total`) and per indicator and region."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    period = report.period
    signed = report.signed_off or {}
    for code, result in report.results.items():
        base = [period.id, period.start.isoformat(), period.end.isoformat(), code,
                str(result.spec.name), result.spec.unit]
        goal = render.target_dict(result, report)
        writer.writerow([*base, "total", "", _blank(result.value), result.numerator,
                                _blank(result.denominator), result.version.version,
                                _blank(goal["baseline"]), _blank(goal["target"]),
                                _blank(goal["progress"]), _blank(signed.get("by")),
                                _blank(signed.get("at"))])
        for row in result.breakdown("region", report.region_order):
            writer.writerow([*base, "region", row["region"], _blank(row["value"]),
                                    row["numerator"], _blank(row["denominator"]),
                                    result.version.version])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _blank(value):
    return "" if value is None else value


def json_bytes(report: Report, locale: str) -> bytes:
    body = render.report_dict(report, "region")
    body["hub_version"] = __version__
    body["definition_versions"] = version_labels(report)
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def dhis2_bytes(report: Report, locale: str) -> bytes:
    """A DHIS2 `dataValueSet`: one value per indicator (data element `ECPAT_<code>`) for the
    network (org unit `ECPAT`) and per region (org unit `ECPAT_<region>`)."""
    values = []
    for code, result in report.results.items():
        element = "ECPAT_" + code.replace(".", "_")
        rows = [("ECPAT", result.value)] + [
            ("ECPAT_" + row["region"], row["value"])
            for row in result.breakdown("region", report.region_order)]
        for org_unit, value in rows:
            if value is not None:
                values.append({"dataElement": element, "period": report.period.id,
                               "orgUnit": org_unit, "value": str(value)})
        # Baseline and target as their own data elements of the network's org unit.
        goal = render.target_dict(result, report)
        for suffix in ("baseline", "target"):
            if goal[suffix] is not None:
                values.append({"dataElement": f"{element}_{suffix.upper()}",
                               "period": report.period.id, "orgUnit": "ECPAT",
                               "value": str(goal[suffix])})
    return json.dumps({"dataValues": values}, indent=1).encode("utf-8")


def xlsx_bytes(report: Report, locale: str, progress=None) -> bytes:
    """Sheets: summary, by region, members counted, definitions, metadata."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title, header, widths):
        ws = book.create_sheet(title[:31])
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(65 + i)].width = width
        cells = []
        for text in header:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        return ws

    def number(ws, value, unit):
        cell = WriteOnlyCell(ws, value=None if value is None else (
            value / 100 if unit == "percent" else value))
        cell.number_format = "0.0%" if unit == "percent" else "0"
        return cell

    def count(ws, value):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "0"
        return cell

    ws = sheet(_("Summary"), [_("Code"), _("Indicator"), _("Value"), _("Numerator"),
                              _("Denominator"), _("Unit"), _("Definition version"),
                              _("Baseline"), _("Target"), _("Progress")],
               [8, 70, 10, 12, 13, 10, 18, 10, 10, 10])
    for code, result in report.results.items():
        goal = render.target_dict(result, report)
        ws.append([code, str(result.spec.name), number(ws, result.value, result.spec.unit),
                   count(ws, result.numerator), count(ws, result.denominator),
                   result.spec.unit, count(ws, result.version.version),
                   number(ws, goal["baseline"], result.spec.unit),
                   number(ws, goal["target"], result.spec.unit),
                   number(ws, goal["progress"], "percent")])
    if progress:
        progress()

    ws = sheet(_("By region"), [_("Code"), _("Region code"), _("Region"), _("Value"),
                                _("Numerator"), _("Denominator")], [8, 30, 34, 10, 12, 13])
    for code, result in report.results.items():
        for row in result.breakdown("region", report.region_order):
            ws.append([code, row["region"], render.region_label(row["region"], locale),
                       number(ws, row["value"], result.spec.unit),
                       count(ws, row["numerator"]), count(ws, row["denominator"])])
    if progress:
        progress()

    ws = sheet(_("Members counted"), [_("Code"), _("Subject"), _("Name"), _("Country"),
                                      _("Region"), _("Counted"), _("Why")],
               [8, 28, 40, 9, 28, 9, 90])
    # 4.2a and 4.2b consider the same members as 4.2, whose reason covers both parts.
    for code in (c for c in report.results if c not in ("4.2a", "4.2b")):
        for item in render.subjects(code, report, locale, readable=True):
            if "member" in item:
                subject, name, country = (item["member"]["slug"], item["member"]["name"],
                                          item["member"]["country"])
            elif "country" in item:
                subject, name, country = item["country"], item["country_name"], item["country"]
            else:
                subject, name, country = (f"resource:{item['resource']['id']}",
                                          item["resource"]["title"], "")
            ws.append([code, subject, name, country, item["region"] or ", ".join(
                item.get("regions", [])), item["counted"], item["reason"]])
    if progress:
        progress()

    ws = sheet(_("Definitions"), [_("Code"), _("Indicator"), _("Unit"), _("Version"),
                                  _("Valid from"), _("Parameters"), _("Definition")],
               [8, 60, 10, 9, 12, 28, 120])
    for code, result in report.results.items():
        version = result.version
        ws.append([code, str(result.spec.name), result.spec.unit, count(ws, version.version),
                   version.valid_from if version.version > 1 else "",
                   ", ".join(f"{k}={v}" for k, v in version.params.items()),
                   definitions.definition_text(code, version)])

    ws = sheet(_("Metadata"), [_("Field"), _("Value")], [24, 60])
    for key, value in (
        (_("Period"), report.period.id),
        (_("Start"), report.period.start),
        (_("End"), report.period.end),
        (_("Generated at (UTC)"), report.generated_at.replace(tzinfo=None, microsecond=0)),
        (_("Hub version"), __version__),
        (_("Definition versions"), version_labels(report)),
        (_("Signed off"), _("signed off by %(by)s on %(at)s", by=report.signed_off["by"],
                            at=report.signed_off["at"]) if report.signed_off else _("no")),
    ):
        ws.append([key, value])
    out = io.BytesIO()
    book.save(out)
    if progress:
        progress()
    return out.getvalue()


WRITERS = {"csv": csv_bytes, "xlsx": xlsx_bytes, "json": json_bytes, "dhis2": dhis2_bytes}


def export(report: Report, fmt: str, locale: str, progress=None) -> bytes:
    if fmt == "xlsx":
        return xlsx_bytes(report, locale, progress)
    return WRITERS[fmt](report, locale)
