"""The published BI copy: what it holds, what it never holds, and readers during a nightly run."""

import json
import re
import shutil
import subprocess
import sys
import time
import zipfile

import duckdb

from pipelines.publish.bi import BI_TABLES, OWN_TABLES, WITHHELD, publish
from tests.conftest import NIGHTLY_END, materialize

READER = r"""
import json, sys, time, duckdb
path, out, stop = sys.argv[1:4]
with open(out, "w") as fh:
    while True:
        try:
            con = duckdb.connect(path, read_only=True)
            row = con.execute("SELECT run_id, rolling_total, (SELECT sum(value_12m)::BIGINT "
                              "FROM bi.rolling_12m_metrics) FROM bi.publication").fetchone()
            con.close()
            fh.write(json.dumps({"run_id": row[0], "published": row[1], "read": row[2]}) + "\n")
        except Exception as exc:
            fh.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
        fh.flush()
        try:
            open(stop).close()
            break
        except FileNotFoundError:
            time.sleep(0.02)
"""


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9/]+", text)


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _personal(warehouse) -> tuple[set, set]:
    """Names as word pairs; narratives and notes as their first five words per line."""
    con = duckdb.connect(str(warehouse), read_only=True)
    names = {tuple(n.split()) for (n,) in con.execute(
        "SELECT victim_name FROM raw.athena_crimes UNION SELECT suspect_name FROM raw.athena_crimes").fetchall()
        if n and len(n.split()) == 2}
    texts = [t for (t,) in con.execute(
        "SELECT narrative FROM raw.storm_incidents UNION SELECT note FROM raw.crime_bureau_decisions").fetchall() if t]
    con.close()
    phrases = set()
    for text in texts:
        for line in text.splitlines():
            words = _words(re.sub(r"^\d\d:\d\d\s+", "", line))
            if len(words) >= 5:
                phrases.add(tuple(words[:5]))
    return names, phrases


def _leaks(text: str, names: set, phrases: set) -> set:
    words = _words(text)
    return (_ngrams(words, 2) & names) | (_ngrams(words, 5) & phrases)


def test_published_file_holds_the_bi_tables_and_no_withheld_column(nightly):
    con = duckdb.connect(str(nightly.folder / "published" / "crime_bi.duckdb"), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'bi'").fetchall()}
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'bi'").fetchall()}
    run_id = con.execute("SELECT run_id FROM bi.publication").fetchone()[0]
    con.close()
    assert tables == {*BI_TABLES, *OWN_TABLES}
    assert not columns & WITHHELD
    assert run_id == nightly.run_id
    parquet = {p.stem for p in (nightly.folder / "published" / "parquet").glob("*.parquet")}
    assert parquet == tables


def test_a_sqlalchemy_bi_client_reads_the_published_file(nightly):
    import sqlalchemy as sa

    engine = sa.create_engine(f"duckdb:///{nightly.folder / 'published' / 'crime_bi.duckdb'}?access_mode=read_only")
    with engine.connect() as con:
        months = con.execute(sa.text("SELECT count(DISTINCT month_end) FROM bi.rolling_12m_metrics")).scalar()
    engine.dispose()
    assert months == 14    # February 2018 to March 2019


def test_a_bi_tool_lists_every_table_and_column_with_its_description(nightly):
    import sqlalchemy as sa

    database = nightly.folder / "published" / "crime_bi.duckdb"
    engine = sa.create_engine(f"duckdb:///{database}?access_mode=read_only")
    inspector = sa.inspect(engine)
    reflected = {table: inspector.get_columns(table, schema="bi") for table in inspector.get_table_names(schema="bi")}
    with engine.connect() as con:
        dictionary = con.execute(sa.text(
            "SELECT table_name, table_description, column_name, description FROM bi.dictionary")).fetchall()
    engine.dispose()
    assert set(reflected) == {*BI_TABLES, *OWN_TABLES}
    undescribed = [f"{t}.{c['name']}" for t, columns in reflected.items() for c in columns if not c["comment"]]
    assert undescribed == []
    assert {(t, c["name"]) for t, columns in reflected.items() for c in columns} == {(r[0], r[2]) for r in dictionary}
    assert all(r[1] and r[3] for r in dictionary)
    flag = next(r[3] for r in dictionary if r[:1] == ("crimes",) and r[2] == "knife_flag")
    assert "is_counted and is_knife_eligible" in flag    # the trap of counting flags in bi.crimes


def test_no_personal_data_in_published_files_reports_or_run_logs(nightly):
    names, phrases = _personal(nightly.warehouse)
    assert len(names) > 100 and len(phrases) > 100    # the scan has something to find
    mem = duckdb.connect()
    mem.execute(f"ATTACH '{nightly.folder / 'published' / 'crime_bi.duckdb'}' AS pub (READ_ONLY)")
    for table in [*BI_TABLES, *OWN_TABLES]:
        for source in (f"pub.bi.{table}", f"'{nightly.folder / 'published' / 'parquet' / table}.parquet'"):
            frame = mem.execute(f"SELECT * FROM {source}").df()
            assert not set(frame.columns) & WITHHELD
            text = frame.select_dtypes(exclude="number").astype(str).to_csv(index=False)
            assert _leaks(text, names, phrases) == set(), source
    mem.close()

    reports = [p for p in (nightly.folder / "reports").rglob("*") if p.is_file()]
    assert {p.suffix for p in reports} == {".html", ".csv", ".xlsx"}
    quality = [p for p in (nightly.folder / "quality").rglob("*") if p.suffix in (".html", ".json")]
    assert quality    # Data Docs pages and stored validation results
    for path in [*reports, *quality]:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                text = "\n".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
        else:
            text = path.read_text(encoding="utf-8")
        assert _leaks(text, names, phrases) == set(), path
        assert not {"victim_name", "suspect_name", "victim_dob", "narrative"} & set(_words(text)), path

    logs = "\n".join(str(record) for record in nightly.instance.all_logs(nightly.run_id))
    assert "dq_results" in logs and "preview" in logs    # the logs carry metadata
    assert _leaks(logs, names, phrases) == set()


def test_readers_during_a_nightly_run_never_fail_and_never_see_two_nights(nightly, tmp_path):
    published = nightly.folder / "published" / "crime_bi.duckdb"
    out, stop = tmp_path / "reads.jsonl", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published), str(out), str(stop)])
    try:
        time.sleep(0.5)
        night = materialize(nightly.warehouse, NIGHTLY_END, instance=nightly.instance)
        assert night.success
        # Nights whose figures differ, published back to back while the reader goes on.
        other = tmp_path / "other.duckdb"
        shutil.copy(nightly.warehouse, other)
        changed = duckdb.connect(str(other))
        changed.execute("UPDATE marts.rolling_12m_metrics SET value_12m = value_12m + 1")
        same = duckdb.connect(str(nightly.warehouse))
        for i in range(6):
            publish(changed if i % 2 else same, published.parent, f"night-{i}")
        changed.close()
        same.close()
        time.sleep(0.3)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    reads = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r for r in reads if "error" in r] == []
    assert all(r["read"] == r["published"] for r in reads)
    assert len({r["run_id"] for r in reads}) >= 3
    assert len({r["published"] for r in reads}) == 2


# A night's work on a copy of the warehouse: a crime's knife flag set, one crime linked to
# another incident and one left with no link, each stamped with the run that did it. As in a
# run, int_crime_knife_status recomputes (and stamps) the crimes relinked since it last ran.
NIGHT = """
CREATE TEMP TABLE picked AS
    SELECT crime_ref, row_number() OVER (ORDER BY crime_ref) AS n
    FROM marts.crime_incident_links USING SAMPLE reservoir(3 ROWS) REPEATABLE (7);
UPDATE intermediate.int_crime_knife_status SET knife_flag = 'Y', status_at = now()
    WHERE crime_ref IN (SELECT crime_ref FROM picked WHERE n = 1);
UPDATE intermediate.int_crime_links SET log_number = log_number + 1, linked_at = now()
    WHERE crime_ref IN (SELECT crime_ref FROM picked WHERE n = 2);
UPDATE marts.crime_incident_links SET log_number = log_number + 1, linked_at = now()
    WHERE crime_ref IN (SELECT crime_ref FROM picked WHERE n = 2);
UPDATE intermediate.int_crime_links SET log_date = NULL, log_number = NULL, linked_at = now()
    WHERE crime_ref IN (SELECT crime_ref FROM picked WHERE n = 3);
DELETE FROM marts.crime_incident_links WHERE crime_ref IN (SELECT crime_ref FROM picked WHERE n = 3);
UPDATE intermediate.int_crime_knife_status SET status_at = now()
    WHERE crime_ref IN (SELECT crime_ref FROM picked WHERE n IN (2, 3));
"""


def _published(path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    state = {t: con.execute(f"SELECT * FROM bi.{t} ORDER BY ALL").fetchall() for t in BI_TABLES}
    con.close()
    return state


def test_a_publication_carried_forward_equals_one_written_whole(nightly, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(nightly.warehouse, warehouse)
    con = duckdb.connect(str(warehouse))
    assert publish(con, tmp_path / "nightly", "first").written_whole
    before = _published(tmp_path / "nightly" / "crime_bi.duckdb")
    con.execute(NIGHT)

    carried = publish(con, tmp_path / "nightly", "second")
    whole = publish(con, tmp_path / "whole", "second")
    con.close()
    assert not carried.written_whole and whole.written_whole
    after = _published(carried.database)
    assert after == _published(whole.database)
    assert after["crimes"] != before["crimes"]
    assert len(after["crime_incident_links"]) == len(before["crime_incident_links"]) - 1


def test_a_warehouse_behind_the_last_publication_is_published_whole(nightly, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(nightly.warehouse, warehouse)
    con = duckdb.connect(str(warehouse))
    publish(con, tmp_path / "published", "first")
    # Restored from an older copy: run times before the marks the publication holds.
    con.execute("UPDATE intermediate.int_crime_knife_status SET status_at = status_at - INTERVAL 1 DAY")
    again = publish(con, tmp_path / "published", "restored")
    con.close()
    assert again.written_whole
