"""The Crime Bureau's loop through the commands they run: the worklist a night writes, filled in
as a reviewer would, `pipelines import-decisions` in a subprocess, and the next runs."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.seeds import seed_rows
from tests.test_run_command import PIPELINES, REPO_ROOT, _environment, _run

START, END = date(2019, 1, 1), date(2019, 3, 31)
SHEETS = ("worklist", "backlog", "historic")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A quarter of small extracts built by `pipelines run`; each test works on a copy."""
    folder = tmp_path_factory.mktemp("bureau")
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    done = _run(_environment(folder, LANDING_DIR=str(folder / "landing"), WAREHOUSE_PATH=str(warehouse)),
                "--start", f"{START}", "--end", f"{END}", "--scale", "0.05")
    assert done.returncode == 0, done.stderr[-3000:]
    return folder


@pytest.fixture
def world(tmp_path, built):
    shutil.copytree(built / "landing", tmp_path / "landing")
    shutil.copytree(built / "warehouse", tmp_path / "warehouse", symlinks=True)
    env = _environment(tmp_path, LANDING_DIR=str(tmp_path / "landing"),
                       WAREHOUSE_PATH=str(tmp_path / "warehouse" / "warehouse.duckdb"))
    return tmp_path, env


def _import(env: dict, path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PIPELINES, "import-decisions", str(path), *args], env=env, cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def _book(folder: Path):
    return load_workbook(folder / "warehouse" / "reports" / "latest" / "knife_worklist.xlsx")


def _rows(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [{"row": n, **dict(zip(header, values, strict=True))}
            for n, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2)]


def _put(sheet, row: int, **values) -> None:
    header = [c.value for c in sheet[1]]
    for name, value in values.items():
        sheet.cell(row=row, column=header.index(name) + 1).value = value


def _offered(sheet, row: int) -> list[str]:
    """The decisions the drop-down of a row's decision cell offers."""
    header = [c.value for c in sheet[1]]
    cell = f"{chr(ord('A') + header.index('decision'))}{row}"
    (choices,) = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    return choices.formula1.strip('"').split(",")


def _decision_files(folder: Path) -> list[Path]:
    return sorted((folder / "landing" / "decisions").glob("*_worklist*.csv"))


def test_every_failing_row_is_listed_and_nothing_is_written(world):
    folder, env = world
    book = _book(folder)
    by_class = {}
    for name in SHEETS:
        for r in _rows(book[name]):
            by_class.setdefault(r["discrepancy_class"], []).append({**r, "sheet": name})
    flags = by_class["MISSING_FLAG"] + by_class.get("UNSUPPORTED_FLAG", [])
    unlinked, incident = by_class["UNLINKED_ELIGIBLE"], by_class["UNRECORDED_KNIFE_INCIDENT"]
    con = duckdb.connect(str(folder / "warehouse" / "warehouse.duckdb"), read_only=True)
    detected = dict(con.execute("SELECT discrepancy_id, detected_on FROM marts.knife_discrepancies").fetchall())
    con.close()
    cases = [
        (incident[0], dict(decision="KNIFE_CONFIRMED", reviewer_id="CB1"),
         "KNIFE_CONFIRMED cannot settle this item: its class UNRECORDED_KNIFE_INCIDENT is settled by "
         "CRIME_RAISED, NO_CRIME"),
        (flags[0], dict(decision="LINK_CORRECTED", reviewer_id="CB1", linked_incident_ref="1 of 01/01/2019"),
         f"LINK_CORRECTED cannot settle this item: its class {flags[0]['discrepancy_class']} is settled by "
         "KNIFE_CONFIRMED, NOT_KNIFE, NOT_ELIGIBLE"),
        (flags[1], dict(decision="KNIFE_CONFIRMED", reviewer_id="CB1", crime_ref="42/99999/19"),
         f"crime_ref '42/99999/19' is not an ATHENA crime of this warehouse (the item's crime is "
         f"{flags[1]['crime_ref']})"),
        (flags[2], dict(decision="NOT_KNIFE", reviewer_id="CB1", decided_at="2099-01-01T10:00"),
         "decided_at 2099-01-01 10:00 is in the future"),
        (unlinked[0], dict(decision="NOT_KNIFE", reviewer_id="CB1", decided_at="2018-12-31T10:00"),
         f"decided_at 2018-12-31 is before the item was found ({detected[unlinked[0]['item_id']]})"),
        (unlinked[1], dict(decision="LINK_CORRECTED", reviewer_id="CB1", linked_incident_ref="99999 of 01/01/2019"),
         "linked_incident_ref 99999 of 01/01/2019 is not a STORM incident of this warehouse"),
        (unlinked[2], dict(decision="KNIFE_CONFIRMED"), "reviewer_id is empty"),
    ]
    if len(incident) > 1:
        cases.append((incident[1], dict(decision="CRIME_RAISED", reviewer_id="CB1"),
                      "CRIME_RAISED needs the new crime's reference in crime_ref"))
    for row, values, _ in cases:
        _put(book[row["sheet"]], row["row"], **values)
    valid = unlinked[3]
    _put(book[valid["sheet"]], valid["row"], decision="KNIFE_CONFIRMED", reviewer_id="CB2",
         crime_ref=valid["crime_ref"] + " ")                       # a stray space is trimmed, not a failure
    filled = folder / "filled.xlsx"
    book.save(filled)

    done = _import(env, filled)
    assert done.returncode == 1, done.stderr
    listed = done.stderr.splitlines()
    assert listed[0] == (f"pipelines import-decisions: {len(cases)} row(s) cannot be imported; "
                         "nothing was written:")
    expected = sorted((SHEETS.index(row["sheet"]), row["row"], row["sheet"], reason) for row, _, reason in cases)
    assert listed[1:-1] == [f"  {filled}: sheet {sheet} row {n}: {reason}" for _, n, sheet, reason in expected]
    assert "--skip-invalid to write the 1 valid row(s)" in listed[-1]
    assert _decision_files(folder) == []

    done = _import(env, filled, "--skip-invalid")
    assert done.returncode == 0, done.stderr
    (written,) = _decision_files(folder)
    assert done.stdout.startswith(f"wrote {written}: 1 decision(s); they take effect in the next `pipelines run`")
    assert f"{len(cases)} row(s) skipped:" in done.stdout
    lines = written.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{valid['crime_ref']},KNIFE_CONFIRMED,,CB2,")

    again = _import(env, filled, "--skip-invalid")
    assert again.returncode == 0 and "1 decision(s) were imported before and are not written again" in again.stdout
    assert _decision_files(folder) == [written]


def test_every_class_round_trips_with_its_offered_decision_and_a_held_night_never_holds_decisions(world):
    """One decision per class (the first its drop-down offers; for an incident with no crime
    both), LINK_CORRECTED on an unlinked crime from its first candidate. The import comes on a
    held night: the decisions are loaded, the marts keep their state; the next run applies
    them, and the linked crime's item is SETTLED with its history kept."""
    folder, env = world
    book = _book(folder)
    answers = {}
    for r in seed_rows("discrepancy_answers.csv"):
        answers.setdefault(r["discrepancy_class"], []).append(r["decision"])
    wanted = {cls: [offered[0]] for cls, offered in answers.items()}
    wanted["UNLINKED_ELIGIBLE"] = ["KNIFE_CONFIRMED", "LINK_CORRECTED"]
    wanted["UNRECORDED_KNIFE_INCIDENT"] = ["CRIME_RAISED", "NO_CRIME"]
    decided: dict[str, tuple[str, str]] = {}            # item id -> (class, decision)
    for name in SHEETS:
        sheet = book[name]
        for row in _rows(sheet):
            cls = row["discrepancy_class"]
            assert _offered(sheet, row["row"]) == answers[cls]
            choice = next((d for d in wanted[cls] if d != "LINK_CORRECTED" or row["candidate_1_incident_ref"]), None)
            if choice is None:
                continue
            wanted[cls].remove(choice)
            values = dict(decision=choice, reviewer_id="CB7", note="checked against BWV")
            if choice == "LINK_CORRECTED":
                values["linked_incident_ref"] = row["candidate_1_incident_ref"]
            if choice == "CRIME_RAISED":
                values["crime_ref"] = "42/900001/19"
            _put(sheet, row["row"], **values)
            decided[row["item_id"]] = (cls, choice)
    classes = {c for c, _ in decided.values()}
    assert {"MISSING_FLAG", "UNLINKED_ELIGIBLE", "UNRECORDED_KNIFE_INCIDENT"} <= classes
    assert ("UNLINKED_ELIGIBLE", "LINK_CORRECTED") in decided.values()
    filled = folder / "filled.xlsx"
    book.save(filled)
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse), read_only=True)
    linked_id = next(i for i, d in decided.items() if d[1] == "LINK_CORRECTED")
    crime = con.execute("SELECT crime_ref, detected_on FROM marts.knife_discrepancies WHERE discrepancy_id = ?",
                        [linked_id]).fetchone()
    before = con.execute("SELECT count(*) FROM marts.knife_discrepancies").fetchone()[0]
    con.close()

    done = _import(env, filled)
    assert done.returncode == 0, done.stderr
    assert f"{len(decided)} decision(s)" in done.stdout

    held = _run(env, "--days", "2019-04-01")
    assert held.returncode == 3, held.stderr[-2000:]
    assert (f"decisions: {len(decided)} loaded from 1 file(s); they take effect in the next run that builds "
            "the marts") in held.stdout.splitlines()
    con = duckdb.connect(str(warehouse), read_only=True)
    waiting = con.execute("SELECT count(*) FROM raw.crime_bureau_decisions WHERE reviewer_id = 'CB7'").fetchone()[0]
    unchanged = con.execute("SELECT count(*) FROM marts.knife_discrepancies WHERE status = 'OPEN' "
                            "AND list_contains(?, discrepancy_id)", [list(decided)]).fetchone()[0]
    con.close()
    assert (waiting, unchanged) == (len(decided), len(decided))

    nightly = _run(env, "--days", "2019-03-31")
    assert nightly.returncode == 0, nightly.stderr[-3000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    settled = dict(con.execute("SELECT discrepancy_id, resolution FROM marts.knife_discrepancies "
                               "WHERE status = 'SETTLED' AND list_contains(?, discrepancy_id)",
                               [list(decided)]).fetchall())
    history = con.execute("SELECT event, event_on FROM marts.knife_discrepancy_events WHERE discrepancy_id = ? "
                          "ORDER BY event_on, event", [linked_id]).fetchall()
    decided_on = con.execute("SELECT max(CAST(timezone('Europe/London', decided_at) AS DATE)) "
                             "FROM raw.crime_bureau_decisions WHERE reviewer_id = 'CB7'").fetchone()[0]
    raised = con.execute("SELECT discrepancy_class, detected_on FROM marts.knife_discrepancies "
                         "WHERE crime_ref = ? AND discrepancy_id <> ?", [crime[0], linked_id]).fetchall()
    after = con.execute("SELECT count(*) FROM marts.knife_discrepancies").fetchone()[0]
    notes = con.execute("SELECT DISTINCT note FROM raw.crime_bureau_decisions WHERE reviewer_id = 'CB7'").fetchall()
    con.close()
    assert settled == {i: f"DECISION_{d}" for i, (_, d) in decided.items()}
    assert history == [("OPENED", crime[1]), ("SETTLED", decided_on)]
    assert all(day == decided_on for _, day in raised)      # what the new link raises starts on the decision's day
    assert after == before + len(raised)                    # nothing deleted
    assert notes == [("checked against BWV",)]
