"""A STORM log whose new version no longer says anything about a knife loses, on the night
that version lands, every row its earlier version left in the steps that read narratives:
the models hold rows only for logs with something to read, and clear the rows of the logs a
night touches before adding that night's. So does a log whose new version no longer names a
crime reference: its old mention no longer stands to link the crime."""

import csv
import shutil
from datetime import date, timedelta

import duckdb

from pipelines.shared.nightly import NIGHTLY_SELECTION
from tests.conftest import SMALL_START, materialize

NIGHT = date(2019, 3, 12)
READING_STEPS = ("int_narrative_entries", "int_narrative_entry_terms", "int_narrative_entry_verdicts",
                 "int_incident_text_verdicts", "int_incident_second_opinion")


def _storm_file(landing, day: date):
    return next((landing / "storm").rglob(f"*_{day:%Y%m%d}.csv"))


def _rewrite_logs(landing) -> tuple[dict, dict]:
    """Adds to the night's file a new version of two logs from the day before, a knife log and
    one naming a crime reference, whose narrative names no knife, no wound, no violence and no
    crime; returns the two old rows."""
    with _storm_file(landing, NIGHT - timedelta(days=1)).open(newline="", encoding="utf-8") as f:
        earlier = list(csv.DictReader(f))
    knife = next(r for r in earlier if "knife" in r["narrative"].lower())
    mention = next(r for r in earlier if "crime ref" in r["narrative"].lower() and r is not knife)
    night_file = _storm_file(landing, NIGHT)
    with night_file.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    later = max(r["version_ts"] for r in rows)
    quiet = "09:00 CALL: loud music from a party\n09:40 Advised, all quiet"
    rows += [old | {"version_ts": later, "narrative": quiet} for old in (knife, mention)]
    with night_file.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return knife, mention


def _mentions(warehouse, log: dict) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    n = con.execute("SELECT count(*) FROM intermediate.int_incident_crime_mentions WHERE log_date = ? "
                    "AND log_number = ?", [log["log_date"], int(log["log_number"])]).fetchone()[0]
    con.close()
    return n


def _rows_per_step(warehouse, log: dict) -> dict[str, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    counts = {step: con.execute(f"SELECT count(*) FROM intermediate.{step} WHERE log_date = ? AND log_number = ?",
                                [log["log_date"], int(log["log_number"])]).fetchone()[0]
              for step in READING_STEPS}
    evidence = con.execute("SELECT knife_text_outcome, knife_text_rule, second_opinion "
                           "FROM marts.incident_knife_evidence WHERE log_date = ? AND log_number = ?",
                           [log["log_date"], int(log["log_number"])]).fetchone()
    con.close()
    return counts | {"evidence": evidence}


def test_a_log_rewritten_without_knife_words_loses_its_old_reading(tmp_path, small_landing, monkeypatch):
    landing = shutil.copytree(small_landing, tmp_path / "landing")
    old, mention = _rewrite_logs(landing)
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    monkeypatch.setenv("LANDING_DIR", str(landing))
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))

    assert materialize(warehouse, SMALL_START, NIGHT - timedelta(days=1)).success
    before = _rows_per_step(warehouse, old)
    assert all(before[step] > 0 for step in READING_STEPS)
    assert _mentions(warehouse, mention) > 0

    assert materialize(warehouse, NIGHT, selection=NIGHTLY_SELECTION).success
    after = _rows_per_step(warehouse, old)
    assert {step: after[step] for step in READING_STEPS} == dict.fromkeys(READING_STEPS, 0)
    assert after["evidence"] == ("NO_KNIFE", "no_knife_words", None)
    assert _mentions(warehouse, mention) == 0
