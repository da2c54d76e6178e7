import csv
from pathlib import Path

import duckdb

from pipelines.ingest.loader import load_days
from pipelines.shared.contract import SOURCES as SOURCES_BY_NAME
from pipelines.shared.partitions import days_between
from tests.conftest import SMALL_END, SMALL_START

DAYS = days_between(SMALL_START, SMALL_END)
SOURCES = ("storm_incidents", "athena_crimes", "crime_bureau_decisions")


def _load_all(con, landing, run_id="run-1"):
    return {s: load_days(con, landing, s, DAYS, run_id) for s in SOURCES}


def _state(con):
    return {
        table: con.execute(f"SELECT count(*), sum(hash(columns(* EXCLUDE (load_run_id, loaded_at)))) "
                           f"FROM {table}").fetchone()
        for table in ("raw.storm_incidents", "raw.athena_crimes", "raw.crime_bureau_decisions")
    } | {"quarantine": con.execute("SELECT count(*) FROM audit.quarantine").fetchone()}


def test_every_row_is_loaded_or_quarantined_and_the_ledger_balances(landing_copy):
    con = duckdb.connect()
    _load_all(con, landing_copy)
    unbalanced = con.execute(
        "SELECT count(*) FROM audit.ingest_ledger WHERE rows_read <> rows_loaded + rows_quarantined + rows_duplicate"
    ).fetchone()[0]
    assert unbalanced == 0
    with (landing_copy / "_truth" / "bad_rows.csv").open(encoding="utf-8") as fh:
        bad = list(csv.DictReader(fh))
    quarantined = con.execute("SELECT count(*) FROM audit.quarantine").fetchone()[0]
    assert quarantined == len(bad) > 20
    # Each injected bad row is quarantined at its own line with a reason of its kind.
    reasons = dict(con.execute(
        "SELECT regexp_extract(source_file, '(storm|athena)/.*$', 0) || '#' || source_line, reason "
        "FROM audit.quarantine").fetchall())
    expected = {"wrong_field_count": "unreadable row", "invalid_utf8": "unreadable row",
                "unparseable_date": "unparseable", "future_date": "future date", "unknown_code": "unknown code"}
    for row in bad:
        assert reasons[f"{row['file']}#{int(row['record_no']) + 1}"].startswith(expected[row["kind"]])
    # Loaded rows are every good data line: the files' records less the bad copies.
    loaded = con.execute(
        "SELECT sum(rows_loaded) FROM audit.ingest_ledger WHERE source = 'athena_crimes'").fetchone()[0]
    assert loaded == con.execute("SELECT count(*) FROM raw.athena_crimes").fetchone()[0]


def test_free_text_survives_intact(small_landing):
    con = duckdb.connect()
    load_days(con, small_landing, "storm_incidents", DAYS, "run-1")
    path = sorted((small_landing / "storm").rglob("*.csv"))[0]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if "\n" in r["narrative"] and "," in r["narrative"]]
    assert rows
    for row in rows:
        loaded = con.execute(
            "SELECT narrative FROM raw.storm_incidents WHERE log_date = ? AND log_number = ? "
            "AND version_ts = CAST(? AS TIMESTAMPTZ)",
            [row["log_date"], int(row["log_number"]), row["version_ts"]]).fetchone()[0]
        assert loaded == row["narrative"]


def test_reloading_changes_nothing_and_duplicate_files_load_once(landing_copy):
    con = duckdb.connect()
    first = _load_all(con, landing_copy)
    before = _state(con)
    second = _load_all(con, landing_copy, "run-2")
    assert _state(con) == before
    assert first["athena_crimes"].duplicates + first["storm_incidents"].duplicates > 0
    assert second["athena_crimes"].rows_loaded == first["athena_crimes"].rows_loaded
    # A re-sent file reads as many lines as its original, every one a duplicate of the file named.
    dup = con.execute("""
        SELECT count(*) FROM audit.ingest_ledger AS d JOIN audit.ingest_ledger AS o ON o.file_path = d.duplicate_of
        WHERE d.status = 'DUPLICATE' AND d.rows_read = o.rows_read AND d.rows_duplicate = d.rows_read
            AND d.rows_read > 0 AND d.rows_loaded = 0 AND d.rows_quarantined = 0""").fetchone()
    assert dup[0] == first["athena_crimes"].duplicates + first["storm_incidents"].duplicates


def test_the_ledger_accounts_for_every_line_delivered_including_a_resent_file(landing_copy):
    import shutil

    original = sorted((landing_copy / "athena").rglob("athena_crimes_*.csv"))[3]
    resent = original.with_name(original.stem + "_resent.csv")
    shutil.copy(original, resent)
    con = duckdb.connect()
    _load_all(con, landing_copy)
    delivered = 0
    for path in (landing_copy / "athena").rglob("*.csv"):
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            delivered += sum(1 for _ in csv.reader(fh)) - 1
    read, balanced = con.execute(
        "SELECT sum(rows_read), bool_and(rows_read = rows_loaded + rows_quarantined + rows_duplicate) "
        "FROM audit.ingest_ledger WHERE source = 'athena_crimes'").fetchone()
    assert balanced and read == delivered
    row = con.execute("SELECT status, duplicate_of, rows_duplicate FROM audit.ingest_ledger WHERE file_path = ?",
                      [str(resent)]).fetchone()
    assert row[0] == "DUPLICATE" and row[1] == str(original) and row[2] > 0


def test_a_file_missing_a_column_is_rejected_with_its_reason_and_the_other_files_load(landing_copy):
    con = duckdb.connect()
    _load_all(con, landing_copy)
    victim = sorted((landing_copy / "athena").rglob("*.csv"))[3]
    others = ("SELECT count(*), sum(hash(columns(* EXCLUDE (load_run_id, loaded_at)))) FROM raw.athena_crimes "
              "WHERE source_file <> ?")
    before = con.execute(others, [str(victim)]).fetchone()
    lines = victim.read_bytes().split(b"\r\n", 1)
    victim.write_bytes(lines[0].replace(b"ho_code", b"hocode") + b"\r\n" + lines[1])
    result = load_days(con, landing_copy, "athena_crimes", DAYS, "run-3")
    assert result.rejected == {str(victim): "missing required column 'ho_code'"}
    assert con.execute(others, [str(victim)]).fetchone() == before
    status, reason, read, rejected = con.execute(
        "SELECT status, reason, rows_read, rows_rejected FROM audit.ingest_ledger WHERE file_path = ?",
        [str(victim)]).fetchone()
    assert (status, reason) == ("REJECTED", "missing required column 'ho_code'") and read == rejected > 0
    assert con.execute("SELECT count(*) FROM raw.athena_crimes WHERE source_file = ?", [str(victim)]).fetchone()[0] == 0


def test_extra_column_is_reported_and_loads(landing_copy):
    con = duckdb.connect()
    target = next(p for p in sorted((landing_copy / "storm").rglob("*.csv")) if b"\xff" not in p.read_bytes())
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(rows[0] + ["new_field"])
        writer.writerows(r + ["x"] for r in rows[1:])
    result = load_days(con, landing_copy, "storm_incidents", DAYS, "run-1")
    assert result.extra_columns == {str(target): ["new_field"]}
    assert result.rows_read == result.rows_loaded + result.rows_quarantined


def test_truncated_file_loses_no_line(landing_copy):
    con = duckdb.connect()
    target = sorted((landing_copy / "athena").rglob("*.csv"))[5]
    data = target.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])
    load_days(con, landing_copy, "athena_crimes", DAYS, "run-1")
    read, loaded, quarantined = con.execute(
        "SELECT rows_read, rows_loaded, rows_quarantined FROM audit.ingest_ledger WHERE file_path = ?",
        [str(target)]).fetchone()
    assert read == loaded + quarantined
    records = data[: len(data) * 2 // 3].count(b"\r\n42/")
    assert read >= records


def test_days_are_grouped_in_order_within_the_byte_limit(small_landing):
    from pipelines.ingest.loader import chunk_days, day_deliveries
    from pipelines.shared.contract import SOURCES as CONTRACT

    files = day_deliveries(small_landing, CONTRACT["storm_incidents"], DAYS)
    sizes = {d: sum(f.path.stat().st_size for f in fs) for d, fs in files.items()}
    limit = 3 * max(sizes.values())
    chunks = chunk_days(files, limit)
    assert [d for c in chunks for d in c] == DAYS
    assert len(chunks) > 1
    assert all(sum(sizes[d] for d in c) <= limit for c in chunks)
    # A day larger than the limit is a chunk of its own, never dropped.
    assert chunk_days(files, 1) == [[d] for d in DAYS]


def test_a_folder_that_cannot_be_listed_rejects_its_days_by_name_and_holds_the_night(landing_copy, monkeypatch):
    import os

    from pipelines.ingest.assets import gap_lines, held_reason
    from pipelines.ingest.days import day_states

    storm = SOURCES_BY_NAME["storm_incidents"]
    folder = storm.day_folder(landing_copy, DAYS[0])
    scandir = os.scandir

    def denied(path):
        if isinstance(path, (str, os.PathLike)) and Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr("pipelines.ingest.loader.os.scandir", denied)
    con = duckdb.connect()
    result = _load_all(con, landing_copy)
    reason = "the folder cannot be listed (Permission denied); none of its files was read"
    ledger = con.execute("SELECT file_path, partition_date, status, reason FROM audit.ingest_ledger "
                         "WHERE source = 'storm_incidents' ORDER BY partition_date").fetchall()
    assert ledger == [(str(folder), day, "REJECTED", reason) for day in DAYS]
    assert result["storm_incidents"].rejected == {str(folder): reason}
    assert result["athena_crimes"].rows_loaded > 0
    night = day_states(con, storm, DAYS[-1:])[DAYS[-1]]
    assert held_reason(storm, night, landing_copy) == (
        f"STORM file for {DAYS[-1]} rejected (storm/{DAYS[-1]:%Y/%m}: {reason})")
    assert gap_lines({night.day: night}, landing_copy) == [f"{DAYS[-1]}: storm/{DAYS[-1]:%Y/%m} rejected: {reason}"]

    # Listed again, the days load and the folder's lines are gone.
    monkeypatch.setattr("pipelines.ingest.loader.os.scandir", scandir)
    load_days(con, landing_copy, "storm_incidents", DAYS, "run-2")
    assert con.execute("SELECT count(*) FILTER (WHERE status = 'REJECTED'), count(DISTINCT partition_date) "
                       "FROM audit.ingest_ledger WHERE source = 'storm_incidents'").fetchone() == (0, len(DAYS))


def test_loading_in_many_transactions_gives_the_same_tables(landing_copy, monkeypatch):
    whole = duckdb.connect()
    _load_all(whole, landing_copy)
    monkeypatch.setattr("pipelines.ingest.loader.CHUNK_BYTES", 1)
    daily = duckdb.connect()
    _load_all(daily, landing_copy)
    assert _state(daily) == _state(whole)
    ledger = ("SELECT source, file_path, sha256, partition_date, status, rows_read, rows_loaded, rows_quarantined "
              "FROM audit.ingest_ledger ORDER BY ALL")
    assert daily.execute(ledger).fetchall() == whole.execute(ledger).fetchall()


def test_a_corrected_redelivery_supersedes_the_rows_it_changes_and_the_ledger_says_so(landing_copy):
    import io
    import os

    original = sorted((landing_copy / "athena").rglob("athena_crimes_*.csv"))[4]
    header, *records = list(csv.reader(io.StringIO(original.read_text(encoding="utf-8"), newline="")))
    flag = header.index("knife_flag")
    # The re-export corrects the knife flag of its first two records and keeps the rest as they were.
    corrected = [[*r[:flag], "N" if r[flag] == "Y" else "Y", *r[flag + 1:]] if i < 2 else r
                 for i, r in enumerate(records)]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([header, *corrected])
    resent = original.with_name(original.stem + "_r1.csv")
    resent.write_text(out.getvalue(), encoding="utf-8", newline="")
    stamp = original.stat().st_mtime
    os.utime(resent, (stamp + 60, stamp + 60))
    con = duckdb.connect()
    load_days(con, landing_copy, "athena_crimes", DAYS, "run-1")
    ledger = {path: row for path, *row in con.execute(
        "SELECT file_path, status, superseded_by, rows_read, rows_loaded, rows_quarantined, rows_superseded "
        "FROM audit.ingest_ledger WHERE partition_date = ?", [DAYS[4]]).fetchall()}
    kept = ledger[str(resent)]
    assert ledger[str(original)][:2] == ["SUPERSEDED", str(resent)]
    assert ledger[str(original)][5] == ledger[str(original)][2] - ledger[str(original)][4] > 0
    assert kept[0] == "LOADED" and kept[5] == 0 and kept[3] == len(records) - kept[4]
    # One row per key for the day, every one from the later delivery.
    dupes, files = con.execute(
        "SELECT count(*) - count(DISTINCT (crime_ref, version_no)), count(DISTINCT source_file) "
        "FROM raw.athena_crimes WHERE partition_date = ?", [DAYS[4]]).fetchone()
    assert (dupes, files) == (0, 1)
    flags = con.execute("SELECT knife_flag FROM raw.athena_crimes WHERE partition_date = ? ORDER BY source_line "
                        "LIMIT 2", [DAYS[4]]).fetchall()
    assert [f or "" for (f,) in flags] == [r[flag] for r in corrected[:2]]
    unbalanced = con.execute(
        "SELECT count(*) FROM audit.ingest_ledger WHERE rows_read <> rows_loaded + rows_quarantined "
        "+ rows_duplicate + rows_superseded + rows_rejected").fetchone()[0]
    assert unbalanced == 0


def test_a_misnamed_copy_and_a_header_only_file_each_get_a_ledger_line_with_why(landing_copy):
    import shutil

    files = sorted((landing_copy / "storm").rglob("storm_incidents_*.csv"))
    copy = files[5].with_name(files[5].stem + " (1).csv")
    shutil.move(files[5], copy)
    wrong_extension = files[6].with_suffix(".txt")
    shutil.move(files[6], wrong_extension)
    files[7].write_bytes(files[7].read_bytes().split(b"\r\n", 1)[0] + b"\r\n")
    con = duckdb.connect()
    result = load_days(con, landing_copy, "storm_incidents", DAYS, "run-1")
    ledger = {path: row for path, *row in con.execute(
        "SELECT file_path, status, reason, rows_read, rows_rejected FROM audit.ingest_ledger").fetchall()}
    status, reason, read, rejected = ledger[str(copy)]
    assert (status, read) == ("REJECTED", rejected) and read > 0
    assert reason.startswith("name not in the contract: a copy suffix ' (1)'")
    assert ledger[str(wrong_extension)][:2] == ["REJECTED", "name not in the contract: extension '.txt', "
                                                "expected '.csv' (not loaded; rename it to load it)"]
    assert ledger[str(files[7])] == ["EMPTY", None, 0, 0]
    assert set(result.rejected) == {str(copy), str(wrong_extension)}


def test_a_decision_needs_the_references_its_type_needs(tmp_path):
    """crime_ref and linked_incident_ref are required by decision (decision_types seed): a
    NO_CRIME is about an incident alone, a KNIFE_CONFIRMED is about a crime."""
    from datetime import date

    from pipelines.ingest.loader import unloaded_days

    folder = tmp_path / "decisions"
    folder.mkdir()
    path = folder / "crime_bureau_decisions_20190310_worklist.csv"
    path.write_text(
        "crime_ref,decision,linked_incident_ref,reviewer_id,decided_at,note\r\n"
        ",NO_CRIME,12 of 09/03/2019,CB1,2019-03-10T09:00:00+00:00,\r\n"
        "42/7/19,CRIME_RAISED,13 of 09/03/2019,CB1,2019-03-10T09:01:00+00:00,\r\n"
        ",KNIFE_CONFIRMED,,CB1,2019-03-10T09:02:00+00:00,\r\n"
        ",NO_CRIME,,CB1,2019-03-10T09:03:00+00:00,\r\n"
        "42/8/19,LINK_CORRECTED,,CB1,2019-03-10T09:04:00+00:00,\r\n", encoding="utf-8")
    con = duckdb.connect()
    assert unloaded_days(con, tmp_path, SOURCES_BY_NAME["crime_bureau_decisions"]) == [date(2019, 3, 10)]
    result = load_days(con, tmp_path, "crime_bureau_decisions", [date(2019, 3, 10)], "run-1")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 3)
    assert con.execute("SELECT source_line, reason FROM audit.quarantine ORDER BY source_line").fetchall() == [
        (4, "missing value: crime_ref (the decision needs it)"),
        (5, "missing value: linked_incident_ref (the decision needs it)"),
        (6, "missing value: linked_incident_ref (the decision needs it)")]
    assert unloaded_days(con, tmp_path, SOURCES_BY_NAME["crime_bureau_decisions"]) == []
