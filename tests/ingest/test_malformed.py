"""A corpus of malformed extract files: each is loaded, quarantined line by line or rejected
whole with a one-line reason in the ledger, and the ledger always balances (the quirks real
exports have are in test_export_quirks.py)."""

import duckdb
import pytest

from pipelines.ingest.loader import load_days
from pipelines.shared.partitions import days_between
from tests.conftest import SMALL_END, SMALL_START

DAYS = days_between(SMALL_START, SMALL_END)


def _victim(landing):
    return sorted((landing / "storm").rglob("*.csv"))[2]


def _data_lines(data: bytes) -> int:
    return data.count(b"\r\n") - 1


def zero_byte(data: bytes) -> bytes:
    return b""


def header_only(data: bytes) -> bytes:
    return data.split(b"\r\n", 1)[0] + b"\r\n"


def latin1(data: bytes) -> bytes:
    head, body = data.split(b"\r\n", 1)
    return head + b"\r\n" + body.replace(b"Area search", "Área search".encode("latin-1"))


def broken_quoting(data: bytes) -> bytes:
    lines = data.split(b"\r\n")
    lines[3] = lines[3] + b',"unterminated'
    return b"\r\n".join(lines)


def huge_field(data: bytes) -> bytes:
    lines = data.split(b"\r\n")
    lines[2] = lines[2] + b"x" * 2_000_000
    return b"\r\n".join(lines)


def duplicate_rows(data: bytes) -> bytes:
    lines = data.split(b"\r\n")
    return b"\r\n".join([*lines[:3], lines[1], lines[2], *lines[3:]])


def no_final_newline(data: bytes) -> bytes:
    return data.rstrip(b"\r\n")


CORPUS = [zero_byte, header_only, latin1, broken_quoting, huge_field, duplicate_rows, no_final_newline]


@pytest.mark.parametrize("damage", CORPUS, ids=[f.__name__ for f in CORPUS])
def test_malformed_file_is_loaded_or_quarantined_and_the_ledger_balances(landing_copy, damage):
    victim = _victim(landing_copy)
    victim.write_bytes(damage(victim.read_bytes()))
    con = duckdb.connect()
    result = load_days(con, landing_copy, "storm_incidents", DAYS, "run-1")
    status, reason, read, loaded, quarantined, superseded, rejected = con.execute(
        "SELECT status, reason, rows_read, rows_loaded, rows_quarantined, rows_superseded, rows_rejected "
        "FROM audit.ingest_ledger WHERE file_path = ?", [str(victim)]).fetchone()
    assert read == loaded + quarantined + superseded + rejected
    # Two records repeated later in the file: the earlier copies are superseded, nothing else.
    assert superseded == (2 if damage is duplicate_rows else 0)
    assert result.files > 10 and result.rows_loaded > loaded   # the other files loaded
    if status == "REJECTED":   # refused whole: a one-line reason, nothing of it loaded
        assert reason and "\n" not in reason and loaded == quarantined == 0 and rejected > 0
        return
    assert reason is None and rejected == 0
    in_raw = con.execute("SELECT count(*) FROM raw.storm_incidents WHERE source_file = ?", [str(victim)]).fetchone()
    in_quarantine = con.execute("SELECT count(*) FROM audit.quarantine WHERE source_file = ?",
                                [str(victim)]).fetchone()
    assert (in_raw[0], in_quarantine[0]) == (loaded, quarantined)
    reasons = [r[0] for r in con.execute("SELECT DISTINCT reason FROM audit.quarantine WHERE source_file = ?",
                                         [str(victim)]).fetchall()]
    assert all(r and "\n" not in r for r in reasons)
