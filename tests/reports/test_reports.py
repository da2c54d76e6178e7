"""The compliance report, worklist round trip and performance tables from a real run."""

import csv
import shutil
from datetime import date, datetime
from html.parser import HTMLParser

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.ingest.loader import load_days
from pipelines.reports import data
from pipelines.reports.worklist import FORMULA_STARTS, import_decisions, read_decisions, write_worklist


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.tags, self.text = {}, [], {}
        self._open = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = tag
            self._open = attrs["id"]

    def handle_data(self, text):
        if self._open and text.strip():
            self.text.setdefault(self._open, text.strip())
            self._open = None


def _report_dir(nightly):
    (folder,) = (nightly.folder / "reports").iterdir()
    return folder


def test_compliance_report_parses_with_charts_and_the_marts_numbers(nightly):
    html = (_report_dir(nightly) / "compliance_report.html").read_text(encoding="utf-8")
    page = _Elements()
    page.feed(html)
    page.close()
    assert {"chart-knife-series", "chart-compliance", "chart-compliance-series", "chart-backlog", "compliance",
            "compliance-rolling", "compliance-change", "extract-gaps"} <= set(page.ids)
    assert page.tags.count("svg") == 4
    assert "<script" not in html and "http" not in html.split("<svg", 1)[0]   # nothing to fetch
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    month = data.latest_complete_month(con)
    headline = data.headline(con, month)
    con.close()
    assert month == date(2019, 2, 28)
    assert page.text["verified-12m"] == f"{headline['verified_12m']:,}"
    assert page.text["flagged-12m"] == f"{headline['flagged_12m']:,}"
    assert page.text["open-items"] == f"{headline['open_items']:,}"


def _items(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_worklist_holds_every_open_item_daily_or_historic_with_no_live_formula(nightly):
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    open_refs = sorted(r[0] for r in con.execute(
        "SELECT coalesce(crime_ref, incident_ref) FROM marts.knife_discrepancies WHERE status = 'OPEN'").fetchall())
    first_month = con.execute("SELECT any_value(window_first_month) FROM marts.knife_worklist").fetchone()[0]
    con.close()
    book = load_workbook(_report_dir(nightly) / "knife_worklist.xlsx")
    assert book.sheetnames == ["worklist", "historic", "about"]
    daily, historic = _items(book["worklist"]), _items(book["historic"])
    assert sorted(r["crime_ref"] or r["incident_ref"] for r in daily + historic) == open_refs
    assert daily and all(r["recorded_month"] >= f"{first_month:%Y-%m}" for r in daily)
    assert all(r["recorded_month"] < f"{first_month:%Y-%m}" for r in historic)
    # Sorted by priority, then oldest first; every item says why it has its priority.
    assert [(r["priority"], -r["days_open"]) for r in daily] == sorted((r["priority"], -r["days_open"]) for r in daily)
    assert all(r["priority_reason"] for r in daily + historic)
    sheet = book["worklist"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert any("decision" in str(v.sqref) or v.formula1.startswith('"KNIFE_CONFIRMED')
               for v in sheet.data_validations.dataValidation)
    about = [row[0] for row in book["about"].iter_rows(values_only=True)]
    assert {"priority", "decision", "discrepancy_class", "evidence_level"} <= set(about)
    assert all(cell.data_type != "f" for name in ("worklist", "historic") for row in book[name].iter_rows()
               for cell in row)
    with (_report_dir(nightly) / "knife_worklist.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(daily)


def test_cells_that_look_like_formulas_are_neutralised_and_restored(tmp_path, nightly):
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    items = data.worklist(con).head(3)
    con.close()
    items.loc[items.index[0], "evidence_phrase"] = '=HYPERLINK("http://x","click")'
    items.loc[items.index[1], "evidence_phrase"] = "@SUM(A1)"
    xlsx, csv_path = write_worklist(items, items.head(0), tmp_path, "March 2018")
    sheet = load_workbook(xlsx)["worklist"]
    phrase_col = list(items.columns).index("evidence_phrase") + 1
    cells = [sheet.cell(row=r, column=phrase_col) for r in (2, 3)]
    assert [c.value for c in cells] == ["'=HYPERLINK(\"http://x\",\"click\")", "'@SUM(A1)"]
    assert all(c.data_type == "s" for c in cells)
    with csv_path.open(encoding="utf-8", newline="") as fh:
        phrases = [row["evidence_phrase"] for row in csv.DictReader(fh)]
    assert phrases[:2] == ["'=HYPERLINK(\"http://x\",\"click\")", "'@SUM(A1)"]
    assert not any(p.startswith(FORMULA_STARTS) for p in phrases)


def test_a_filled_in_worklist_comes_back_as_decisions(tmp_path, nightly):
    source = _report_dir(nightly) / "knife_worklist.xlsx"
    book = load_workbook(source)
    sheet = book["worklist"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    decided = []
    for r in range(2, sheet.max_row + 1):
        ref = sheet.cell(row=r, column=col["crime_ref"]).value
        if ref and len(decided) < 3:
            sheet.cell(row=r, column=col["decision"]).value = "KNIFE_CONFIRMED"
            sheet.cell(row=r, column=col["reviewer_id"]).value = "CB042"
            sheet.cell(row=r, column=col["note"]).value = "'=checked against BWV"   # as neutralised
            decided.append(ref)
    # A decision on the historic sheet is read too; the explanation sheet never is.
    spare = next(sheet.cell(row=r, column=col["crime_ref"]).value for r in range(2, sheet.max_row + 1)
                 if sheet.cell(row=r, column=col["crime_ref"]).value not in (None, *decided))
    historic = book["historic"]
    historic.append([{"crime_ref": spare, "decision": "NOT_KNIFE", "reviewer_id": "CB043"}.get(h) for h in header])
    decided.append(spare)
    book["about"].append(["crime_ref", "decision", "UNHEARD_OF_DECISION"])
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    landing = tmp_path / "landing"
    written = import_decisions(filled, landing)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    day = datetime.strptime(written.name.split("_")[3], "%Y%m%d").date()
    result = load_days(con, landing, "crime_bureau_decisions", [day], "import")
    assert (result.rows_loaded, result.rows_quarantined) == (len(decided), 0)
    rows = con.execute("SELECT crime_ref, decision, reviewer_id, note FROM raw.crime_bureau_decisions "
                       "ORDER BY source_line").fetchall()
    assert rows == [*((ref, "KNIFE_CONFIRMED", "CB042", "=checked against BWV") for ref in decided[:-1]),
                    (spare, "NOT_KNIFE", "CB043", None)]


def test_a_bad_decision_names_the_file_and_row(tmp_path, nightly):
    bad = tmp_path / "bad.csv"
    shutil.copy(_report_dir(nightly) / "knife_worklist.csv", bad)
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1][: -len(",,,,")] + "PROBABLY,,CB1,,"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{bad}: row 2: unknown decision 'PROBABLY'$"):
        read_decisions(bad)


def test_performance_table_has_the_published_shape(nightly):
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    expected = dict(con.execute("SELECT measure, value_12m FROM marts.rolling_12m_metrics "
                                "WHERE district = 'ALL' AND month_end = DATE '2019-02-28'").fetchall())
    con.close()
    with (_report_dir(nightly) / "performance_2019-02.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["Measure", "measure", "12 Month ending Feb 18", "12 Month ending Feb 19", "Diff.",
                             "% Diff."]
    assert {r["measure"]: int(r["12 Month ending Feb 19"]) for r in rows if r["12 Month ending Feb 19"]} == {
        m: v for m, v in expected.items() if v is not None}


def test_performance_tables_read_like_the_panel_papers(nightly):
    import pandas as pd

    from pipelines.reports.render import panel_format
    from pipelines.seeds import seed_rows

    labels = {r["measure"]: r["label"] for r in seed_rows("measure_labels.csv")}
    order = [r["label"] for r in sorted(seed_rows("measure_labels.csv"), key=lambda r: int(r["display_order"]))]
    with (_report_dir(nightly) / "performance_2019-02.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["Measure"] for r in rows] == [label for label in order if label in {r["Measure"] for r in rows}]
    assert all(labels[r["measure"]] == r["Measure"] for r in rows) and rows[0]["Measure"] == "All Crime"
    html = (_report_dir(nightly) / "performance_2019-02.html").read_text(encoding="utf-8")
    assert "all_crime_offences" not in html and "<td>All Crime</td>" in html
    table = pd.DataFrame({"Measure": ["All Crime", "Knife Crime Offences"], "12 Month ending Jan 19": [155537, 983],
                          "12 Month ending Jan 20": [164938, 1405], "Diff.": [9401, -422], "% Diff.": [6.04, -42.93]})
    shown = panel_format(table)
    assert shown.values.tolist() == [["All Crime", "155,537", "164,938", "+9,401", "+6.0%"],
                                     ["Knife Crime Offences", "983", "1,405", "-422", "-42.9%"]]
