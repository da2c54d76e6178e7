"""One range run, as ``make run`` does it, over a landing folder where some days carry a file
with a quirk real exports have: every good day loads, each bad file is rejected (or its bad
lines quarantined) with its reason, the ledger accounts for every record delivered, the
marts and the BI copy are built and list the gaps, and the command's last lines name each
rejected file."""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from datetime import date, timedelta

import dagster as dg
import duckdb

from pipelines.shared.contract import file_day
from pipelines.shared.partitions import days_between
from tests.conftest import SMALL_END, SMALL_START
from tests.test_run_command import _environment, _run


def _records(data: bytes) -> int:
    return len(list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))) - 1


def _semicolons(data: bytes) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return out.getvalue().encode("utf-8")


def test_a_range_run_loads_every_good_day_and_names_each_rejected_file(tmp_path, small_landing):
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    athena = sorted((landing / "athena").rglob("athena_crimes_*.csv"))
    storm = sorted((landing / "storm").rglob("storm_incidents_*.csv"))
    delivered = {p: _records(p.read_bytes()) for p in [*athena, *storm]}
    outside = tmp_path / "outside.csv"
    shutil.copy(athena[9], outside)
    # One quirk per day: rejected whole (gzip, semicolons, a link out of the landing folder,
    # a missing column), loaded (a BOM), loaded with the bad line quarantined (a NUL byte).
    athena[3].write_bytes(gzip.compress(athena[3].read_bytes()))
    athena[5].write_bytes(_semicolons(athena[5].read_bytes()))
    athena[7].write_bytes(b"\xef\xbb\xbf" + athena[7].read_bytes())
    athena[9].unlink()
    athena[9].symlink_to(outside)
    athena[11].write_bytes(athena[11].read_bytes().replace(b"ho_code", b"hocode", 1))
    head, first, rest = storm[4].read_bytes().split(b"\r\n", 2)
    storm[4].write_bytes(b"\r\n".join([head, first[:5] + b"\x00" + first[5:], rest]))
    extra = storm[6].with_name(storm[6].stem + "_extra.csv")
    extra.symlink_to("/etc/passwd")
    delivered[athena[9]] = 0   # never read: its real path is outside the landing folder
    delivered[extra] = 0
    rejected = {athena[3]: "gzip-compressed, expected plain CSV",
                athena[5]: "delimiter ';' (semicolon), expected ','",
                athena[9]: "a link to a file outside the landing folder",
                athena[11]: "missing required column 'ho_code'",
                extra: "a link to a file outside the landing folder"}

    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    done = _run(_environment(tmp_path, LANDING_DIR=str(landing), WAREHOUSE_PATH=str(warehouse)))
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()
    days = (SMALL_END - SMALL_START).days + 1
    rejected_lines = [line for line in last if line.startswith("rejected ")]
    assert sorted(rejected_lines) == sorted(
        f"rejected {p.relative_to(landing)}: {why}" + (" (not read)" if "link" in why else "")
        for p, why in rejected.items())
    # Four ATHENA days lost their only file; the STORM day with a bad extra file kept its own.
    assert f"days loaded in full (storm_incidents and athena_crimes): {days - 4} of {days}" in last
    assert last[-1].startswith("run ") and last[-3].startswith("rejected ")
    assert [line for line in last if line.startswith("loaded ")] == [
        f"loaded {athena[7].relative_to(landing)}: UTF-8 byte-order mark stripped",
        f"loaded {storm[4].relative_to(landing)}: "
        "NUL bytes or bare carriage returns: the records holding them quarantined"]

    con = duckdb.connect(str(warehouse), read_only=True)
    ledger = {row[0]: row[1:] for row in con.execute(
        "SELECT file_path, status, reason, rows_read, rows_loaded, rows_quarantined, rows_duplicate, rows_rejected "
        "FROM audit.ingest_ledger WHERE source IN ('athena_crimes', 'storm_incidents')").fetchall()}
    assert set(ledger) == {str(p) for p in delivered}
    for path, (_, _, read, loaded, quarantined, duplicate, lines) in ledger.items():
        assert read == loaded + quarantined + duplicate + lines, path
    assert sum(row[2] for row in ledger.values()) == sum(delivered.values())
    assert {p for p, row in ledger.items() if row[0] == "REJECTED"} == {str(p) for p in rejected}
    assert ledger[str(athena[7])][:2] == ("LOADED", "UTF-8 byte-order mark stripped") and ledger[str(athena[7])][4] == 0
    nul = con.execute("SELECT count(*) FROM audit.quarantine WHERE source_file = ? AND reason = ?",
                      [str(storm[4]), "NUL byte in the record"]).fetchone()[0]
    assert nul == 1
    # Every good day loaded: each day but the four has ATHENA rows, every day STORM rows.
    athena_days = {d for (d,) in con.execute("SELECT DISTINCT partition_date FROM raw.athena_crimes").fetchall()}
    storm_days = {d for (d,) in con.execute("SELECT DISTINCT partition_date FROM raw.storm_incidents").fetchall()}
    assert len(athena_days) == days - 4 and len(storm_days) == days
    gaps = con.execute("SELECT source, gap, file_name FROM marts.extract_gaps ORDER BY ALL").fetchall()
    assert {(s, g, f) for s, g, f in gaps} == {
        ("athena_crimes" if p in athena else "storm_incidents", "REJECTED", p.name) for p in rejected}
    assert con.execute("SELECT count(*) FROM marts.rolling_12m_metrics").fetchone()[0] > 0
    con.close()
    bi = duckdb.connect(str(warehouse.parent / "published" / "crime_bi.duckdb"), read_only=True)
    published = bi.execute("SELECT gaps FROM bi.publication").fetchone()[0]
    bi.close()
    assert sorted(g["file_name"] for g in published) == sorted(p.name for p in rejected)
    report = next((warehouse.parent / "reports").rglob("compliance_report.html")).read_text()
    assert all(p.name in report for p in rejected)

    # Dagster shows the same per day: the month's materialisation of raw.athena_crimes names
    # each day whose only file was rejected, STORM's day with a rejected extra file has data,
    # and the days of the month after the last extract have no file.
    with dg.DagsterInstance.from_config(str(tmp_path / "dagster_home")) as instance:
        (athena_month,) = instance.fetch_materializations(dg.AssetKey(["raw", "athena_crimes"]), limit=5).records
        (storm_month,) = instance.fetch_materializations(dg.AssetKey(["raw", "storm_incidents"]), limit=5).records
    assert athena_month.partition_key == storm_month.partition_key == SMALL_START.replace(day=1).isoformat()
    after = {d.isoformat(): "no file" for d in days_between(SMALL_END + timedelta(days=1), date(2019, 3, 31))}
    athena_rejected = {file_day(p.name).isoformat(): "every file rejected" for p in rejected if p in athena}
    assert athena_month.asset_materialization.metadata["days_without_data"].value == athena_rejected | after
    assert storm_month.asset_materialization.metadata["days_without_data"].value == after
    loaded = len(days_between(SMALL_START, SMALL_END)) - len(athena_rejected)
    assert athena_month.asset_materialization.metadata["days_loaded"].value == loaded
    # The month's own counts, from the ledger, not the run's totals.
    month = athena_month.asset_materialization.metadata
    athena_ledger = [row for path, row in ledger.items() if path.startswith(str(landing / "athena"))]
    assert month["files"].value == len(athena_ledger)
    assert month["rows_read"].value == sum(row[2] for row in athena_ledger)
    assert month["rows_rejected"].value == sum(row[6] for row in athena_ledger) > 0
