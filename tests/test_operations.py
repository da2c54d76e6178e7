"""Running it every night, as an operator does, through the ``pipelines`` command in a
subprocess: a lost, an empty, a misnamed and a re-sent file in a backfill; a night held for a
missing file and caught up when it comes; a full disk; a memory limit too small to load; a
warehouse path holding a quote and a space."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SMALL_END, SMALL_START, marts_state
from tests.test_run_command import _environment, _run

HELD_EXIT, FAILED_EXIT = 3, 1


def _file(landing: Path, source: str, day) -> Path:
    return next((landing / source).rglob(f"*_{day:%Y%m%d}.csv"))


def _flip_first_knife_flags(path: Path, target: Path) -> None:
    """A corrected re-export: the first two records' knife flag changed, the rest as they were."""
    header, *records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    flag = header.index("knife_flag")
    for record in records[:2]:
        record[flag] = "N" if record[flag] == "Y" else "Y"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([header, *records])
    target.write_text(out.getvalue(), encoding="utf-8", newline="")
    later = path.stat().st_mtime + 60
    os.utime(target, (later, later))


def test_a_backfill_with_lost_empty_misnamed_and_resent_files_publishes_and_names_the_gaps(tmp_path, small_landing):
    landing = shutil.copytree(small_landing, tmp_path / "landing")
    lost = _file(landing, "storm", SMALL_START.replace(day=5))
    lost.unlink()
    empty = _file(landing, "athena", SMALL_START.replace(day=9))
    empty.write_bytes(empty.read_bytes().split(b"\r\n", 1)[0] + b"\r\n")      # the header only
    named = _file(landing, "athena", SMALL_START.replace(day=12))
    misnamed = named.with_name(f"{named.stem} (1).csv")
    named.rename(misnamed)
    resent_day = _file(landing, "athena", SMALL_START.replace(day=14))
    resent = resent_day.with_name(f"{resent_day.stem}_r1.csv")
    _flip_first_knife_flags(resent_day, resent)

    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    done = _run(_environment(tmp_path, LANDING_DIR=str(landing), WAREHOUSE_PATH=str(warehouse)))
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    gaps = [line for line in lines if line.startswith("gaps (")]
    assert gaps == ["gaps (3, left out of the figures until a file loads): "
                    "storm_incidents 2019-03-05: no file; athena_crimes 2019-03-09: only empty files; "
                    "athena_crimes 2019-03-12: every file rejected"]
    assert (f"rejected {misnamed.relative_to(landing)}: name not in the contract: a copy suffix ' (1)' in the "
            "name (a second download?) (not loaded; rename it to load it)") in lines
    days = (SMALL_END - SMALL_START).days + 1
    assert f"days loaded in full (storm_incidents and athena_crimes): {days - 3} of {days}" in lines

    con = duckdb.connect(str(warehouse), read_only=True)
    found = set(con.execute("SELECT source, partition_date::VARCHAR, gap, coalesce(file_name, '') "
                            "FROM marts.extract_gaps").fetchall())
    superseded = con.execute("SELECT status, superseded_by, rows_superseded > 0 FROM audit.ingest_ledger "
                             "WHERE file_path = ?", [str(resent_day)]).fetchone()
    flags = con.execute("SELECT count(*) - count(DISTINCT (crime_ref, version_no)) FROM raw.athena_crimes "
                        "WHERE partition_date = DATE '2019-03-14'").fetchone()[0]
    unbalanced = con.execute("SELECT count(*) FROM audit.ingest_ledger WHERE rows_read <> rows_loaded "
                             "+ rows_quarantined + rows_duplicate + rows_superseded + rows_rejected").fetchone()[0]
    metrics = con.execute("SELECT count(*) FROM marts.rolling_12m_metrics").fetchone()[0]
    con.close()
    assert found == {("storm_incidents", "2019-03-05", "MISSING", ""),
                     ("athena_crimes", "2019-03-09", "EMPTY", ""),
                     ("athena_crimes", "2019-03-12", "REJECTED", misnamed.name)}
    assert superseded == ("SUPERSEDED", str(resent), True) and flags == 0 and unbalanced == 0 and metrics > 0
    bi = duckdb.connect(str(warehouse.parent / "published" / "crime_bi.duckdb"), read_only=True)
    published = bi.execute("SELECT gaps FROM bi.publication").fetchone()[0]
    bi.close()
    assert sorted((g["source"], str(g["day"])) for g in published) == sorted((s, d) for s, d, _, _ in found)
    report = next((warehouse.parent / "reports").rglob("compliance_report.html")).read_text(encoding="utf-8")
    assert misnamed.name in report


def test_a_night_without_its_athena_file_is_held_then_caught_up_when_it_comes(tmp_path, small_landing):
    landing = shutil.copytree(small_landing, tmp_path / "landing")
    late = _file(landing, "athena", SMALL_END)
    away = shutil.move(late, tmp_path / late.name)
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    env = _environment(tmp_path, LANDING_DIR=str(landing), WAREHOUSE_PATH=str(warehouse))
    before_night = SMALL_END.replace(day=SMALL_END.day - 1)
    assert _run(env, "--days", f"{SMALL_START}..{before_night}").returncode == 0
    built = marts_state(warehouse)

    held = _run(env, "--days", str(SMALL_END))
    assert held.returncode == HELD_EXIT, held.stderr[-3000:]
    assert f"pipelines run: held: no ATHENA file for {SMALL_END} (marts keep {before_night})" in held.stderr
    assert "Traceback" not in held.stderr
    assert marts_state(warehouse) == built

    shutil.move(away, late)
    caught_up = _run(env, "--days", str(SMALL_END))
    assert caught_up.returncode == 0, caught_up.stderr[-3000:]
    assert "days loaded in full (storm_incidents and athena_crimes): 1 of 1" in caught_up.stdout
    con = duckdb.connect(str(warehouse), read_only=True)
    night_crimes = con.execute("SELECT count(*) FROM raw.athena_crimes WHERE partition_date = ?",
                               [SMALL_END]).fetchone()[0]
    con.close()
    assert night_crimes > 0 and marts_state(warehouse) != built


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB filesystem for the warehouse, where the machine allows mounting one (root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_names_its_cause_and_a_rerun_after_freeing_space_converges(tmp_path, small_landing, small_disk):
    warehouse = small_disk / "warehouse" / "warehouse.duckdb"
    env = _environment(tmp_path, LANDING_DIR=str(small_landing), WAREHOUSE_PATH=str(warehouse))
    full = _run(env)
    assert full.returncode == FAILED_EXIT, full.stderr[-3000:]
    causes = [line for line in full.stderr.splitlines() if line.startswith("pipelines run: failed step")]
    assert causes and all(f"disk full: no space left on device writing {warehouse}" in c for c in causes), causes

    subprocess.run(["mount", "-o", "remount,size=512m", str(small_disk)], check=True)
    again = _run(env)
    assert again.returncode == 0, again.stderr[-3000:]
    days = (SMALL_END - SMALL_START).days + 1
    assert f"days loaded in full (storm_incidents and athena_crimes): {days} of {days}" in again.stdout
    delivered = sum(len(p.read_bytes().split(b"\r\n")) - 2 for p in (small_landing / "storm").rglob("*.csv"))
    con = duckdb.connect(str(warehouse), read_only=True)
    read, loaded = con.execute("SELECT sum(rows_read), sum(rows_loaded) FROM audit.ingest_ledger "
                               "WHERE source = 'storm_incidents'").fetchone()
    in_raw = con.execute("SELECT count(*) FROM raw.storm_incidents").fetchone()[0]
    con.close()
    assert read == delivered and loaded == in_raw > 0


def test_a_memory_limit_too_small_to_load_is_refused_at_once(tmp_path):
    env = _environment(tmp_path, LANDING_DIR=str(tmp_path / "landing"),
                       WAREHOUSE_PATH=str(tmp_path / "w" / "warehouse.duckdb"), DUCKDB_MEMORY_LIMIT="128MB")
    started = time.monotonic()
    done = _run(env, timeout=60)
    took = time.monotonic() - started
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "pipelines run: error: DUCKDB_MEMORY_LIMIT='128MB': too small to load an extract; at least 256MB "
        "(DuckDB's CSV reader alone takes 64 MiB buffers)"]
    assert took < 5, took   # refused before any work: no simulation, no Dagster run
    assert not (tmp_path / "landing").exists()


def test_a_warehouse_path_with_a_quote_and_a_space_builds_and_publishes(tmp_path, small_landing):
    warehouse = tmp_path / "o'neill data" / "warehouse.duckdb"
    env = _environment(tmp_path, LANDING_DIR=str(small_landing), WAREHOUSE_PATH=str(warehouse))
    done = _run(env, "--days", f"{SMALL_START}..{SMALL_START.replace(day=7)}")
    assert done.returncode == 0, done.stderr[-3000:]
    published = warehouse.parent / "published"
    bi = duckdb.connect(str(published / "crime_bi.duckdb"), read_only=True)
    assert bi.execute("SELECT count(*) FROM bi.rolling_12m_metrics").fetchone()[0] > 0
    bi.close()
    folders = sorted(p.name for p in published.glob("parquet-*"))
    assert len(folders) == 1 and (published / "parquet").resolve().name == folders[0]


def test_a_failed_check_is_named_on_the_command_line_with_its_expectation_and_keys(tmp_path, small_landing):
    landing = shutil.copytree(small_landing, tmp_path / "landing")
    day_file = _file(landing, "athena", SMALL_START)
    header, first, *_ = day_file.read_text(encoding="utf-8").splitlines()
    day_file.with_name(f"{day_file.stem}_extra.csv").write_text(f"{header}\n{first.replace('42/', '4Z/', 1)}\n",
                                                                encoding="utf-8")
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    done = _run(_environment(tmp_path, LANDING_DIR=str(landing), WAREHOUSE_PATH=str(warehouse)),
                "--days", str(SMALL_START))
    assert done.returncode == FAILED_EXIT
    causes = [line for line in done.stderr.splitlines() if line.startswith("pipelines run: ")]
    assert causes[0].startswith("pipelines run: check raw/athena_crimes:raw_athena_crimes failed: ERROR "
                                "expect_column_values_to_match_regex(crime_ref): 1 rows, e.g. crime_ref=4Z/")
    assert any(line.startswith("pipelines run: failed step raw__athena_crimes: ") for line in causes)
    log = done.stderr.strip().splitlines()[-1].rsplit("full log ", 1)[1]
    assert "raw_athena_crimes" in Path(log).read_text(encoding="utf-8")
