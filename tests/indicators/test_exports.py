"""The dashboard, the API, the CSV, XLSX and JSON exports and the CLI give the same figures."""

import csv
import io
import json
import re

from openpyxl import load_workbook

from tests.indicators.test_compute import EXPECTED_2025, login


def api_figures(client, by="region"):
    body = client.get(f"/api/v1/indicators?period=2025July&by={by}").get_json()
    return body, {i["code"]: i for i in body["indicators"]}


def test_csv_has_one_row_per_indicator_and_region(client, network, secretariat):
    login(client, secretariat)
    _, api = api_figures(client)
    response = client.get("/api/v1/indicators/export?period=2025July&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="ecpat-indicators-2025July.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == len(EXPECTED_2025) * 11
    totals = {r["code"]: r for r in rows if r["breakdown"] == "total"}
    for code, (value, numerator, denominator) in EXPECTED_2025.items():
        row = totals[code]
        assert float(row["value"]) == value and int(row["numerator"]) == numerator
        assert row["denominator"] == ("" if denominator is None else str(denominator))
        assert row["definition_version"] == "1"
    for row in rows:
        if row["breakdown"] == "region":
            expected = next(b for b in api[row["code"]]["breakdown"]
                            if b["region"] == row["group"])
            assert row["value"] == ("" if expected["value"] is None else str(expected["value"]))
            assert int(row["numerator"]) == expected["numerator"]


def test_xlsx_read_back_with_openpyxl(client, network, secretariat):
    login(client, secretariat)
    client.post("/api/v1/indicators/definitions/4.5",
                json={"params": {"threshold": 2}, "valid_from": "2026-01-01"})
    _, api = api_figures(client)
    response = client.get("/api/v1/indicators/export?period=2025July&format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Summary", "By region", "Members counted", "Definitions",
                               "Metadata"]
    summary = book["Summary"]
    assert summary.freeze_panes == "A2"
    assert summary.column_dimensions["B"].width >= 60
    rows = {r[0]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    for code, item in api.items():
        value, numerator, denominator = rows[code][2], rows[code][3], rows[code][4]
        if item["unit"] == "percent":
            assert round(value * 100, 1) == item["value"]
            assert summary.cell(row=list(rows).index(code) + 2, column=3).number_format == "0.0%"
        else:
            assert value == item["value"] and isinstance(value, int)
        assert (numerator, denominator) == (item["numerator"], item["denominator"])
    assert rows["4.5"][6] == 2  # the version in force on 30 June 2026
    by_region = list(book["By region"].iter_rows(min_row=2, values_only=True))
    south_asia = next(r for r in by_region if r[0] == "4.5" and r[1] == "south-asia")
    assert south_asia[2] == "South Asia" and south_asia[3:] == (0, 0, 2)
    counted = [r for r in book["Members counted"].iter_rows(min_row=2, values_only=True)
               if r[0] == "4.5"]
    assert len(counted) == 11 and sum(1 for r in counted if r[5]) == api["4.5"]["numerator"]
    codes = {r[0] for r in book["Members counted"].iter_rows(min_row=2, values_only=True)}
    assert codes == {"2.4", "2.5", "3.2", "3.4", "4.2", "4.3", "4.4", "4.5"}
    hotel = next(r for r in counted if r[1] == "hotel")
    assert hotel[6] == "2 qualifying actions" and hotel[5] is True
    metadata = dict(book["Metadata"].iter_rows(min_row=2, values_only=True))
    assert metadata["Period"] == "2025July"
    assert "4.5 v2" in metadata["Definition versions"]
    assert metadata["Hub version"]
    definitions = {r[0]: r for r in book["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert "at least 2 qualifying actions" in definitions["4.5"][6]


def test_json_export_is_the_api_shape(client, network, secretariat):
    login(client, secretariat)
    body, _ = api_figures(client)
    exported = json.loads(client.get("/api/v1/indicators/export?period=2025July&format=json")
                          .data)
    assert exported["indicators"] == body["indicators"]
    assert exported["period"] == body["period"]
    assert exported["definition_versions"].startswith("2.4 v1")


def test_dhis2_data_value_set(client, network, secretariat):
    login(client, secretariat)
    body = json.loads(client.get("/api/v1/indicators/export?period=2025July&format=dhis2").data)
    values = {(v["dataElement"], v["orgUnit"]): v["value"] for v in body["dataValues"]}
    assert values[("ECPAT_4_5", "ECPAT")] == "54.5"
    assert values[("ECPAT_2_4", "ECPAT_south-asia")] == "1"
    assert all(v["period"] == "2025July" for v in body["dataValues"])


def test_unknown_export_format(client, secretariat):
    login(client, secretariat)
    response = client.get("/api/v1/indicators/export?period=2025July&format=pdf")
    assert response.status_code == 422 and "format" in response.get_json()["error"]["fields"]


def test_dashboard_shows_the_same_figures(client, network, secretariat):
    login(client, secretariat)
    _, api = api_figures(client)
    html = client.get("/indicators?period=2025July").get_data(as_text=True)
    shown = dict(re.findall(r'data-code="([^"]+)">([^<]+)<', html))
    for code, item in api.items():
        expected = "–" if item["value"] is None else (
            f"{item['value']:.1f}%" if item["unit"] == "percent" else str(item["value"]))
        assert shown[code] == expected


def test_cli_export_matches_the_api(runner, network, client, secretariat, tmp_path, app):
    login(client, secretariat)
    _, api = api_figures(client)
    target = tmp_path / "out.xlsx"
    result = runner.invoke(args=["indicators", "export", "--period", "2025July", "--format",
                                 "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    summary = load_workbook(target)["Summary"]
    rows = {r[0]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["4.5"][3] == api["4.5"]["numerator"] == 6
    out = tmp_path / "out.json"
    result = runner.invoke(args=["indicators", "export", "--period", "2025July", "--format",
                                 "json", "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text())["indicators"] == [
        dict(i) for i in client.get("/api/v1/indicators?period=2025July&by=region")
        .get_json()["indicators"]]
    shown = runner.invoke(args=["indicators", "show", "--period", "2025July"])
    assert "4.5   54.5% (6/11)" in shown.output


def test_cli_bad_period_and_definitions(runner, app):
    result = runner.invoke(args=["indicators", "export", "--period", "2025June"])
    assert result.exit_code != 0 and "Unknown period" in result.output
    result = runner.invoke(args=["indicators", "define", "4.5", "--param", "threshold=0"])
    assert result.exit_code != 0
    result = runner.invoke(args=["indicators", "define", "4.5", "--param", "threshold=5",
                                 "--valid-from", "2025-07-01"])
    assert result.exit_code == 0 and "v2" in result.output
    listed = runner.invoke(args=["indicators", "definitions"])
    assert "4.5   v2 from 2025-07-01" in listed.output
