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
    assert {"chart-knife-series", "chart-compliance", "chart-backlog", "compliance"} <= set(page.ids)
    assert page.tags.count("svg") == 3
    assert "<script" not in html and "http" not in html.split("<svg", 1)[0]   # nothing to fetch
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    month = data.latest_complete_month(con)
    headline = data.headline(con, month)
    con.close()
    assert month == date(2019, 2, 28)
    assert page.text["verified-12m"] == f"{headline['verified_12m']:,}"
    assert page.text["flagged-12m"] == f"{headline['flagged_12m']:,}"
    assert page.text["open-items"] == f"{headline['open_items']:,}"


def test_worklist_holds_every_open_item_with_no_live_formula(nightly):
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    open_refs = sorted(r[0] for r in con.execute(
        "SELECT coalesce(crime_ref, incident_ref) FROM marts.knife_discrepancies WHERE status = 'OPEN'").fetchall())
    con.close()
    sheet = load_workbook(_report_dir(nightly) / "knife_worklist.xlsx")["worklist"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] or r[1] for r in rows) == open_refs
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    with (_report_dir(nightly) / "knife_worklist.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(open_refs)


def test_cells_that_look_like_formulas_are_neutralised_and_restored(tmp_path, nightly):
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    items = data.worklist(con).head(3)
    con.close()
    items.loc[items.index[0], "evidence_phrase"] = '=HYPERLINK("http://x","click")'
    items.loc[items.index[1], "evidence_phrase"] = "@SUM(A1)"
    xlsx, csv_path = write_worklist(items, tmp_path)
    sheet = load_workbook(xlsx)["worklist"]
    phrase_col = list(items.columns).index("evidence_phrase") + 1
    cells = [sheet.cell(row=r, column=phrase_col) for r in (2, 3)]
    assert [c.value for c in cells] == ["'=HYPERLINK(\"http://x\",\"click\")", "'@SUM(A1)"]
    assert all(c.data_type == "s" for c in cells)
    text = csv_path.read_text(encoding="utf-8")
    assert not any(line.split(",")[5].startswith(FORMULA_STARTS) for line in text.splitlines()[1:])


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
    assert rows == [(ref, "KNIFE_CONFIRMED", "CB042", "=checked against BWV") for ref in decided]


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
    assert list(rows[0]) == ["measure", "12 Month ending Feb 18", "12 Month ending Feb 19", "Diff.", "% Diff."]
    assert {r["measure"]: int(r["12 Month ending Feb 19"]) for r in rows if r["12 Month ending Feb 19"]} == {
        m: v for m, v in expected.items() if v is not None}
