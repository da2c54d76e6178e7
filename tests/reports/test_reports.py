"""The compliance report, worklist round trip and performance tables from a real run."""

import csv
import shutil
from datetime import date, datetime
from html.parser import HTMLParser

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines import settings
from pipelines.ingest.loader import load_days
from pipelines.reports import data
from pipelines.reports.decisions import DecisionsRejected, import_decisions
from pipelines.reports.worklist import FORMULA_STARTS, write_worklist
from pipelines.seeds import seed_rows


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
    """The newest run's reports, through the stable link."""
    return nightly.folder / "reports" / "latest"


def test_each_run_writes_its_own_report_folder_and_latest_links_the_newest(nightly):
    root = nightly.folder / "reports"
    runs = [run for day in root.iterdir() if not day.is_symlink() for run in day.iterdir()]
    assert any(run.name.endswith(nightly.run_id[:8]) for run in runs)
    assert all((run / "compliance_report.html").is_file() for run in runs)
    assert (root / "latest").resolve() == max(runs, key=lambda run: (run.parent.name, run.name)).resolve()


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
    # The verified figure's two parts: what a person recorded and what rests on machine-read text.
    parts = (headline["verified_confirmed_12m"], headline["verified_machine_read_12m"])
    assert page.text["verified-confirmed-12m"] == f"{parts[0]:,}"
    assert page.text["verified-machine-read-12m"] == f"{parts[1]:,}"
    assert sum(parts) == headline["verified_12m"]


def _items(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_worklist_holds_every_open_item_on_one_list_with_no_live_formula(nightly):
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    open_refs = sorted(r[0] for r in con.execute(
        "SELECT coalesce(crime_ref, incident_ref) FROM marts.knife_discrepancies WHERE status = 'OPEN'").fetchall())
    first_month = con.execute("SELECT any_value(window_first_month) FROM marts.knife_worklist").fetchone()[0]
    con.close()
    book = load_workbook(_report_dir(nightly) / "knife_worklist.xlsx")
    assert book.sheetnames == ["worklist", "backlog", "historic", "about"]
    daily, backlog, historic = (_items(book[name]) for name in ("worklist", "backlog", "historic"))
    assert sorted(r["crime_ref"] or r["incident_ref"] for r in daily + backlog + historic) == open_refs
    assert len(daily) == min(settings.DEFAULT_WORKLIST_CAPACITY, len(daily) + len(backlog))
    assert daily and all(r["recorded_month"] >= f"{first_month:%Y-%m}" for r in daily + backlog)
    assert all(r["recorded_month"] < f"{first_month:%Y-%m}" for r in historic)
    # The daily list comes first in priority order; every item says why it has its priority,
    # and a historic item that it is historic.
    in_window = [r["priority"] for r in daily + backlog]
    assert in_window == sorted(in_window)
    assert all(r["priority_reason"] for r in daily + backlog + historic)
    assert {r["priority_reason"] for r in historic} == {
        next(p["reason"] for p in seed_rows("worklist_priorities.csv") if p["in_window"] == "false")}
    sheet = book["worklist"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert any("decision" in str(v.sqref) or v.formula1.startswith('"KNIFE_CONFIRMED')
               for v in sheet.data_validations.dataValidation)
    about = [row[0] for row in book["about"].iter_rows(values_only=True)]
    assert {"priority", "decision", "discrepancy_class", "evidence_level"} <= set(about)
    assert all(cell.data_type != "f" for name in ("worklist", "backlog", "historic") for row in book[name].iter_rows()
               for cell in row)
    with (_report_dir(nightly) / "knife_worklist.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(daily)


def test_cells_that_look_like_formulas_are_neutralised_and_restored(tmp_path, nightly):
    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    items = data.worklist(con).head(3)
    con.close()
    items.loc[items.index[0], "evidence_phrase"] = '=HYPERLINK("http://x","click")'
    items.loc[items.index[1], "evidence_phrase"] = "@SUM(A1)"
    xlsx, csv_path = write_worklist(items, items.head(0), items.head(0), tmp_path, "March 2018", 40)
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
    book = load_workbook(_report_dir(nightly) / "knife_worklist.xlsx")
    decided = []
    for name in ("worklist", "backlog", "historic"):
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        col = {h: header.index(h) + 1 for h in header}
        for r in range(2, sheet.max_row + 1):
            ref = sheet.cell(row=r, column=col["crime_ref"]).value
            settles = sheet.cell(row=r, column=col["discrepancy_class"]).value != "INELIGIBLE_FLAG"
            if ref and settles and len(decided) < (3 if name == "worklist" else 4):
                sheet.cell(row=r, column=col["decision"]).value = "NOT_KNIFE" if name != "worklist" else \
                    "KNIFE_CONFIRMED"
                sheet.cell(row=r, column=col["reviewer_id"]).value = "CB042"
                sheet.cell(row=r, column=col["note"]).value = "'=checked against BWV"   # as neutralised
                decided.append(ref)
    assert len(decided) == 4     # three on the daily list and one on another item sheet
    book["about"].append(["crime_ref", "decision", "UNHEARD_OF_DECISION"])     # never read
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    landing = tmp_path / "landing"
    outcome = import_decisions(filled, landing, nightly.warehouse)
    assert (len(outcome.decisions), outcome.repeated, outcome.rejected) == (4, 0, [])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    day = datetime.strptime(outcome.written.name.split("_")[3], "%Y%m%d").date()
    result = load_days(con, landing, "crime_bureau_decisions", [day], "import")
    assert (result.rows_loaded, result.rows_quarantined) == (len(decided), 0)
    rows = con.execute("SELECT crime_ref, decision, reviewer_id, note FROM raw.crime_bureau_decisions "
                       "ORDER BY source_line").fetchall()
    assert rows == [*((ref, "KNIFE_CONFIRMED", "CB042", "=checked against BWV") for ref in decided[:3]),
                    (decided[3], "NOT_KNIFE", "CB042", "=checked against BWV")]
    again = import_decisions(filled, landing, nightly.warehouse)       # waiting in the landing folder
    assert (again.written, again.repeated) == (None, 4)


def test_a_bad_decision_names_the_file_and_row(tmp_path, nightly):
    bad = tmp_path / "bad.csv"
    shutil.copy(_report_dir(nightly) / "knife_worklist.csv", bad)
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1][: -len(",,,,")] + "PROBABLY,,CB1,,"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DecisionsRejected) as rejected:
        import_decisions(bad, tmp_path / "landing", nightly.warehouse)
    assert str(rejected.value).startswith(f"{bad}: row 2: unknown decision 'PROBABLY' (one of KNIFE_CONFIRMED, ")
    assert not (tmp_path / "landing").exists()


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


def test_every_row_offers_the_decisions_of_its_own_class_whatever_the_order(tmp_path, nightly):
    import pandas as pd

    con = duckdb.connect(str(nightly.warehouse), read_only=True)
    items = pd.concat([data.worklist(con, name) for name in data.WORKLIST_LISTS]).sort_values("item_id")
    con.close()
    assert items["discrepancy_class"].nunique() >= 3
    xlsx, _ = write_worklist(items, items.head(0), items.head(0), tmp_path, "March 2018", 40)
    sheet = load_workbook(xlsx)["worklist"]
    answers = {}
    for r in seed_rows("discrepancy_answers.csv"):
        answers.setdefault(r["discrepancy_class"], []).append(r["decision"])
    header = [c.value for c in sheet[1]]
    column = chr(ord("A") + header.index("decision"))
    for n, cls in enumerate(items["discrepancy_class"], start=2):
        (offered,) = [dv.formula1 for dv in sheet.data_validations.dataValidation if f"{column}{n}" in dv.sqref]
        assert offered.strip('"').split(",") == answers[cls]
