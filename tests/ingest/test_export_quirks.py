"""What real exports do to a CSV, one quirk per file: each file is loaded, quarantined line by
line or rejected whole with its reason in the ledger, and every other file of the range
still loads. Each case names the ledger line it must produce."""

import csv
import gzip
import io
import os
import shutil
from dataclasses import dataclass

import duckdb
import pytest

from pipelines.ingest.loader import load_days
from pipelines.shared.partitions import days_between
from tests.conftest import SMALL_END, SMALL_START

DAYS = days_between(SMALL_START, SMALL_END)
SOURCE = "athena_crimes"


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _write(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _data_lines(data: bytes) -> int:
    return len(_rows(data)) - 1


def _set_field(data: bytes, record: int, column: str, change) -> bytes:
    rows = _rows(data)
    at = rows[0].index(column)
    rows[record][at] = change(rows[record][at])
    return _write(rows)


@dataclass(frozen=True)
class Quirk:
    name: str
    damage: object            # bytes -> bytes, or None for a quirk made on the file system
    status: str               # the victim's ledger status
    reason: str | None        # in the ledger's reason (rejected) or the quarantine's (per line)
    quarantined: int = 0      # lines of the victim quarantined beyond the clean file's own
    note: str | None = None   # the ledger's reason for a file that loads: what was put right


DIRTY = "NUL bytes or bare carriage returns: the records holding them quarantined"
QUIRKS = [
    Quirk("utf8_bom", lambda d: b"\xef\xbb\xbf" + d, "LOADED", None, note="UTF-8 byte-order mark stripped"),
    Quirk("gzip", gzip.compress, "REJECTED", "gzip-compressed, expected plain CSV"),
    Quirk("semicolons", lambda d: _write(_rows(d), ";"), "REJECTED", "delimiter ';' (semicolon), expected ','"),
    Quirk("tabs", lambda d: _write(_rows(d), "\t"), "REJECTED", "delimiter tab, expected ','"),
    Quirk("utf16", lambda d: d.decode("utf-8").encode("utf-16"), "REJECTED", "UTF-16 text, expected UTF-8"),
    Quirk("nul_byte", lambda d: _set_field(d, 2, "offence_description", lambda v: v + "\x00x"), "LOADED",
          "NUL byte in the record", 1, DIRTY),
    Quirk("bare_cr", lambda d: _set_field(d, 3, "offence_description", lambda v: v + "\rx"), "LOADED",
          "bare carriage return in the record", 1, DIRTY),
    Quirk("cr_line_endings", lambda d: d.replace(b"\r\n", b"\r"), "REJECTED",
          "bare CR line endings, expected CRLF or LF"),
    Quirk("no_utc_offset", lambda d: _set_field(d, 1, "version_ts", lambda v: v[:19]), "LOADED",
          "timestamp without UTC offset: version_ts", 1),
    Quirk("columns_reordered", lambda d: _write([list(reversed(r)) for r in _rows(d)]), "LOADED", None),
    Quirk("missing_column", lambda d: d.replace(b"ho_code", b"hocode", 1), "REJECTED",
          "missing required column 'ho_code'"),
    Quirk("mixed_line_endings", lambda d: d.replace(b"\r\n", b"\n", 1), "REJECTED",
          "mixed CRLF and LF line endings"),
    Quirk("header_repeated", lambda d: _write([*_rows(d)[:5], _rows(d)[0], *_rows(d)[5:]]), "LOADED",
          "unparseable integer: version_no", 1),
    Quirk("symlink_outside", None, "REJECTED", "a link to a file outside the landing folder"),
    Quirk("fifo", None, "REJECTED", "not a regular file"),
]


def _load(landing) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    load_days(con, landing, SOURCE, DAYS, "run-1")
    return con


@pytest.fixture(scope="module")
def clean(messy_landing):
    """The clean load: each file's (status, rows loaded), the rows loaded in all, and the file
    the quirks are made on: one with no bad line of its own and no re-sent copy."""
    con = _load(messy_landing)
    ledger = {os.path.relpath(p, messy_landing): (s, n) for p, s, n in con.execute(
        "SELECT file_path, status, rows_loaded FROM audit.ingest_ledger").fetchall()}
    loaded = con.execute("SELECT count(*) FROM raw.athena_crimes").fetchone()[0]
    victim = con.execute("""
        SELECT file_path FROM audit.ingest_ledger AS l
        WHERE status = 'LOADED' AND rows_quarantined = 0 AND rows_loaded >= 8
          AND NOT EXISTS (SELECT 1 FROM audit.ingest_ledger AS d WHERE d.duplicate_of = l.file_path)
        ORDER BY file_path LIMIT 1 OFFSET 3""").fetchone()[0]
    return ledger, loaded, os.path.relpath(victim, messy_landing)


@pytest.mark.parametrize("quirk", QUIRKS, ids=[q.name for q in QUIRKS])
def test_a_quirk_is_handled_per_file_and_every_other_file_loads(landing_copy, tmp_path, clean, quirk):
    ledger_before, loaded_before, name = clean
    victim = landing_copy / name
    original = victim.read_bytes()
    if quirk.name == "symlink_outside":
        outside = tmp_path / "outside.csv"
        shutil.copy(victim, outside)      # even a good extract is not read from outside
        victim.unlink()
        victim.symlink_to(outside)
    elif quirk.name == "fifo":
        victim.unlink()
        os.mkfifo(victim)
    else:
        victim.write_bytes(quirk.damage(original))
    con = _load(landing_copy)

    rows = {os.path.relpath(p, landing_copy): r for p, *r in con.execute(
        "SELECT file_path, status, reason, rows_read, rows_loaded, rows_quarantined, rows_duplicate, rows_rejected "
        "FROM audit.ingest_ledger").fetchall()}
    assert set(rows) == set(ledger_before)
    status, reason, read, loaded, quarantined, duplicate, rejected = rows[name]
    assert status == quirk.status
    assert all(r[2] == r[3] + r[4] + r[5] + r[6] for r in rows.values())
    if status == "REJECTED":
        assert quirk.reason in reason and "\n" not in reason
        assert loaded == quarantined == 0
        outside_or_unread = quirk.name in ("symlink_outside", "fifo")
        assert rejected == (0 if outside_or_unread else _data_lines(original))
    else:
        assert reason == quirk.note and rejected == 0
        assert quarantined == quirk.quarantined
        if quirk.reason:
            reasons = [r[0] for r in con.execute(
                "SELECT reason FROM audit.quarantine WHERE source_file = ?", [str(victim)]).fetchall()]
            assert reasons.count(quirk.reason) == quirk.quarantined
    # Every other file loaded as it did clean.
    others = {k: (v[0], v[3]) for k, v in rows.items() if k != name}
    assert others == {k: v for k, v in ledger_before.items() if k != name}
    victim_loaded = con.execute("SELECT count(*) FROM raw.athena_crimes WHERE source_file = ?",
                                [str(victim)]).fetchone()[0]
    others_loaded = con.execute("SELECT count(*) FROM raw.athena_crimes WHERE source_file <> ?",
                                [str(victim)]).fetchone()[0]
    clean_victim = ledger_before[name][1]
    assert others_loaded == loaded_before - clean_victim
    assert victim_loaded == loaded
    if quirk.name in ("utf8_bom", "columns_reordered"):
        assert victim_loaded == clean_victim


def test_reordered_columns_load_the_same_values_by_name(landing_copy, clean):
    victim = landing_copy / clean[2]
    before = _load(landing_copy).execute(
        "SELECT * EXCLUDE (load_run_id, loaded_at, file_sha256) FROM raw.athena_crimes WHERE source_file = ? "
        "ORDER BY source_line", [str(victim)]).fetchall()
    victim.write_bytes(_write([list(reversed(r)) for r in _rows(victim.read_bytes())]))
    after = _load(landing_copy).execute(
        "SELECT * EXCLUDE (load_run_id, loaded_at, file_sha256) FROM raw.athena_crimes WHERE source_file = ? "
        "ORDER BY source_line", [str(victim)]).fetchall()
    assert after == before and len(after) >= 8
