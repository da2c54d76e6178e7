"""Set-based loading of daily extract files into ``raw`` tables, with quarantine and ledger.

For one source and a run of days: each file is first inspected on its own (``delivery``)
and a file that cannot load is rejected whole with its reason; every other file is read by
DuckDB's CSV reader as text (rows it cannot parse are kept as rejects with their line and
raw text), typed and checked in SQL, and then, in one transaction per chunk of days, the
days' previous rows are replaced by the rows that passed, the rest go to
``audit.quarantine`` and each file gets a line in ``audit.ingest_ledger`` where rows read =
loaded + quarantined + duplicate + superseded + rejected. One bad file never stops the others.

A day delivered more than once with different bytes (a corrected re-export, a split file)
is resolved by rule: where two records of the day share the source's key, the one from the
later delivery (by the file's modification time, then its name; within a file, the later
line) is loaded and the other is counted as superseded, with ``superseded_by`` naming the
file that replaced it. A file whose every row was replaced is SUPERSEDED.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipelines.ingest.delivery import CR_MARK, NUL_MARK, Delivery, cleaned_copy, count_records, inspect
from pipelines.seeds import SEEDS_DIR
from pipelines.shared.contract import SOURCES, Column, Source, file_day
from pipelines.shared.sql import sql_string

# A transaction takes whole days up to about this many bytes of CSV: few enough commits
# for a backfill to run near DuckDB's own load speed, small enough to bound memory.
CHUNK_BYTES = 256 * 1024 * 1024


# The contract's CSV dialect, read strictly and in file order; bad rows go to the rejects table.
CSV_OPTIONS = ("header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
               "parallel = false, strict_mode = true, max_line_size = 4194304")


@dataclass(frozen=True)
class LedgerLine:
    """One delivered file's line in audit.ingest_ledger."""

    file_path: str
    sha256: str | None
    partition_date: date
    status: str                      # LOADED, EMPTY, DUPLICATE, SUPERSEDED or REJECTED
    duplicate_of: str | None
    superseded_by: str | None
    reason: str | None               # why REJECTED, or what was put right in a file that loaded
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    rows_duplicate: int
    rows_superseded: int
    rows_rejected: int
    extra_columns: str | None
    delivered_at: datetime | None


# The columns of a LedgerLine as audit.ingest_ledger types them. Rows read = loaded +
# quarantined + duplicate + superseded + rejected: a re-sent file's lines are read and
# compared, and counted as duplicates of the file named in duplicate_of; records replaced by a
# later delivery of the day are superseded (superseded_by names it); a REJECTED file's records
# are counted as rejected, with the reason. For a LOADED file, reason says what was put right.
LEDGER_COLUMNS = {"file_path": "VARCHAR", "sha256": "VARCHAR", "partition_date": "DATE", "status": "VARCHAR",
                  "duplicate_of": "VARCHAR", "superseded_by": "VARCHAR", "reason": "VARCHAR",
                  "rows_read": "BIGINT", "rows_loaded": "BIGINT", "rows_quarantined": "BIGINT",
                  "rows_duplicate": "BIGINT", "rows_superseded": "BIGINT", "rows_rejected": "BIGINT",
                  "extra_columns": "VARCHAR", "delivered_at": "TIMESTAMPTZ"}
# The ledger table: the source, a LedgerLine, and the load that wrote it.
LEDGER_SCHEMA = {"source": "VARCHAR", **LEDGER_COLUMNS, "load_run_id": "VARCHAR", "started_at": "TIMESTAMPTZ",
                 "finished_at": "TIMESTAMPTZ"}


@dataclass(frozen=True)
class FileCounts:
    """What became of one read file's records."""

    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    superseded: int = 0
    superseded_by: str | None = None


@dataclass
class LoadResult:
    files: int = 0
    duplicates: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_duplicate: int = 0
    rows_superseded: int = 0
    rows_rejected: int = 0
    extra_columns: dict[str, list[str]] = field(default_factory=dict)
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)     # file path -> reason

    def add(self, other: LoadResult) -> None:
        for name in ("files", "duplicates", "rows_read", "rows_loaded", "rows_quarantined", "rows_duplicate",
                     "rows_superseded", "rows_rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.extra_columns.update(other.extra_columns)
        self.rejected.update(other.rejected)
        for reason, n in other.quarantine_reasons.items():
            self.quarantine_reasons[reason] = self.quarantine_reasons.get(reason, 0) + n


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    for source in SOURCES.values():
        cols = ", ".join(f"{c.name} {c.type}" for c in source.columns)
        con.execute(
            f"CREATE TABLE IF NOT EXISTS raw.{source.name} ({cols}, source_file VARCHAR NOT NULL, "
            "source_line BIGINT NOT NULL, file_sha256 VARCHAR NOT NULL, partition_date DATE NOT NULL, "
            "load_run_id VARCHAR NOT NULL, loaded_at TIMESTAMPTZ NOT NULL)"
        )
    con.execute(
        "CREATE TABLE IF NOT EXISTS audit.quarantine (source VARCHAR, source_file VARCHAR, "
        "source_line BIGINT, partition_date DATE, reason VARCHAR, raw_text VARCHAR, "
        "load_run_id VARCHAR, quarantined_at TIMESTAMPTZ)"
    )
    ledger = ", ".join(f"{name} {kind}" for name, kind in LEDGER_SCHEMA.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS audit.ingest_ledger ({ledger})")
    # A warehouse from before a column existed gains it; its older lines hold null there.
    present = {row[0] for row in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'audit' AND table_name = 'ingest_ledger'").fetchall()}
    for name, kind in LEDGER_SCHEMA.items():
        if name not in present:
            con.execute(f"ALTER TABLE audit.ingest_ledger ADD COLUMN {name} {kind}")


def day_deliveries(landing: Path, source: Source, days: list[date]) -> dict[date, list[Delivery]]:
    """Each day's files as ``delivery.inspect`` finds them, with every other file whose name
    starts as one of the day's does (a copy suffix, another extension), which it rejects with
    the reason. Each folder is listed once however many days it holds: the decisions keep
    years of files in one folder, and globbing it once a day cost a 6-year backfill 3.3 s.
    A folder that is there but cannot be listed (permission denied, a file in its place) is
    a rejected delivery of each of its days, so the ledger and the run name it instead of
    reading the days as having no file."""
    base = source.pattern.split("{ymd}")[0]
    width = len(base) + len("YYYYMMDD")
    listed: dict[Path, FolderListing] = {}
    deliveries = {}
    for day in days:
        folder = source.day_folder(landing, day)
        if folder not in listed:
            listed[folder] = _list_folder(folder, width)
        listing = listed[folder]
        if listing.error:
            deliveries[day] = [Delivery(folder, day, 0, rejected=f"the folder cannot be listed ({listing.error}); "
                                                                  "none of its files was read")]
            continue
        deliveries[day] = [inspect(folder / name, day, landing, source)
                           for name in listing.by_prefix.get(f"{base}{day:%Y%m%d}", [])
                           if file_day(name) in (day, None)]
    return deliveries


@dataclass(frozen=True)
class FolderListing:
    """A landing folder's file names, sorted and grouped by their first characters (a
    day's prefix), or why the folder could not be listed."""

    by_prefix: dict[str, list[str]]
    error: str | None = None


def _list_folder(folder: Path, width: int) -> FolderListing:
    """The names of the files in ``folder`` grouped by their first ``width`` characters;
    none when the folder does not exist (no file for that month)."""
    names: dict[str, list[str]] = defaultdict(list)
    try:
        with os.scandir(folder) as entries:
            for name in sorted(e.name for e in entries if not e.is_dir()):
                names[name[:width]].append(name)
    except FileNotFoundError:
        pass
    except OSError as exc:
        return FolderListing({}, exc.strerror or type(exc).__name__)
    return FolderListing(names)


def _typed(col: Column) -> str:
    """The column of ``ingest_checked`` holding ``col`` as its raw-table type."""
    return col.name if col.type == "VARCHAR" else f"typed_{col.name}"


def _rules(source: Source) -> list[tuple[str, str]]:
    """(SQL condition on the text columns, quarantine reason), checked in order."""
    text = "concat_ws('', " + ", ".join(source.column_names) + ")"
    rules = [(f"dirty AND strpos({text}, chr({ord(NUL_MARK)})) > 0", "NUL byte in the record"),
             (f"dirty AND strpos({text}, chr({ord(CR_MARK)})) > 0", "bare carriage return in the record")]
    for c in source.columns:
        if c.required:
            rules.append((f"{c.name} IS NULL OR trim({c.name}) = ''", f"missing value: {c.name}"))
        if c.required_when:
            column, seed, flag = c.required_when
            rules.append((f"({c.name} IS NULL OR trim({c.name}) = '') AND {column} IN (SELECT value FROM "
                          f"{_flagged_table(seed, flag)})", f"missing value: {c.name} (the {column} needs it)"))
        if c.type != "VARCHAR":
            rules.append((f"{c.name} IS NOT NULL AND {_typed(c)} IS NULL",
                          f"unparseable {c.type.lower()}: {c.name}"))
        if c.type == "TIMESTAMPTZ":   # read without an offset, it would take the session's zone
            rules.append((f"{c.name} IS NOT NULL AND NOT regexp_matches({c.name}, '(Z|[+-]\\d\\d(:?\\d\\d)?)\\s*$')",
                          f"timestamp without UTC offset: {c.name}"))
        if c.not_future:
            rules.append((f"{_typed(c)} >= future_from OR {_typed(c)} > now() + INTERVAL 1 HOUR",
                          f"future date: {c.name}"))
        if c.values:
            rules.append((f"{c.name} IS NOT NULL AND {c.name} NOT IN (SELECT value FROM "
                          f"allowed_{c.values[0].removesuffix('.csv')}_{c.values[1]})",
                          f"unknown code: {c.name}"))
        if c.literal_values:
            allowed = ", ".join(sql_string(v) for v in c.literal_values)
            rules.append((f"{c.name} IS NOT NULL AND {c.name} NOT IN ({allowed})",
                          f"unknown code: {c.name}"))
    return rules


def _flagged_table(seed: str, flag: str) -> str:
    return f"flagged_{seed.removesuffix('.csv')}_{flag}"


def _load_seeds(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    for c in source.columns:
        if c.required_when:
            column, seed, flag = c.required_when
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {_flagged_table(seed, flag)} AS "
                f"SELECT DISTINCT CAST({column} AS VARCHAR) AS value FROM "
                f"read_csv({sql_string(str(SEEDS_DIR / seed))}, all_varchar = true, header = true) "
                f"WHERE lower({flag}) = 'true'"
            )
        if c.values:
            seed, column = c.values
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE allowed_{seed.removesuffix('.csv')}_{column} AS "
                f"SELECT DISTINCT CAST({column} AS VARCHAR) AS value FROM "
                f"read_csv({sql_string(str(SEEDS_DIR / seed))}, all_varchar = true, header = true)"
            )


def unloaded_days(con: duckdb.DuckDBPyConnection, landing: Path, source: Source) -> list[date]:
    """Days with a file the ledger has not seen as it now stands (name and modification time;
    the name alone, so that a landing folder moved or restored elsewhere is not read again).
    For the decisions, which a run loads whatever days it covers: a decisions file imported
    on a held night, or dated after the day a run loads, counts in the next run."""
    ensure_schema(con)
    seen = {(Path(path).name, round(at, 3)) for path, at in con.execute(
        "SELECT file_path, epoch(delivered_at) FROM audit.ingest_ledger WHERE source = ? AND delivered_at IS NOT NULL",
        [source.name]).fetchall()}
    prefix = source.pattern.split("{ymd}")[0] + "*"
    return sorted({file_day(p.name) for p in (landing / source.folder).glob(prefix)
                   if p.is_file() and file_day(p.name) and (p.name, round(p.stat().st_mtime, 3)) not in seen})


def load_days(con: duckdb.DuckDBPyConnection, landing: Path, source_name: str,
              days: list[date], run_id: str) -> LoadResult:
    """Load (or reload) every file of ``days`` for one source, one transaction per chunk."""
    source = SOURCES[source_name]
    ensure_schema(con)
    con.execute("SET TimeZone = 'Europe/London'")
    deliveries = day_deliveries(landing, source, days)
    _load_seeds(con, source)
    total = LoadResult()
    for chunk in chunk_days(deliveries, CHUNK_BYTES):
        total.add(_load_chunk(con, source, chunk, {d: deliveries[d] for d in chunk}, run_id))
    return total


def chunk_days(files_by_day: dict[date, list[Delivery]], limit: int) -> list[list[date]]:
    """Consecutive days grouped so that each group's files hold at most ``limit`` bytes
    (a single day larger than that is a group of its own)."""
    chunks, size = [[]], 0
    for day, deliveries in files_by_day.items():
        day_size = sum(f.size for f in deliveries)
        if chunks[-1] and size + day_size > limit:
            chunks.append([])
            size = 0
        chunks[-1].append(day)
        size += day_size
    return [c for c in chunks if c]


def _load_chunk(con, source: Source, days: list[date], files_by_day: dict[date, list[Delivery]],
                run_id: str) -> LoadResult:
    result = LoadResult()
    started = datetime.now().astimezone()
    files = [f for deliveries in files_by_day.values() for f in deliveries]

    # Duplicate deliveries: a file whose bytes were already loaded from another file.
    earlier: dict[str, tuple[str, int]] = {}
    shas = [f.sha256 for f in files if f.sha256 and not f.rejected]
    if shas:
        earlier = {sha: (path, read) for sha, path, read in con.execute(
            "SELECT sha256, any_value(file_path), any_value(rows_read) FROM audit.ingest_ledger WHERE source = ? "
            "AND status IN ('LOADED', 'SUPERSEDED') AND list_contains(?::VARCHAR[], sha256) "
            "AND NOT list_contains(?::DATE[], partition_date) GROUP BY sha256",
            [source.name, shas, days]).fetchall()}
    to_read, seen, dup_of = [], {}, {}
    for f in files:
        if f.rejected:
            continue
        dup_of[f.path] = earlier.get(f.sha256, (None,))[0] or seen.get(f.sha256)
        if dup_of[f.path]:
            result.duplicates += 1
        elif f.size:
            seen[f.sha256] = str(f.path)
            to_read.append(f)
    result.files = len(files)
    unreadable = _stage(con, source, to_read)
    rejected = {f.path: (f.rejected, f.lines) for f in files if f.rejected} | unreadable

    def ledger_line(f: Delivery, counts: dict[str, FileCounts]) -> LedgerLine:
        """A duplicate reads as many rows as its original; a file with no records is EMPTY."""
        extra = ",".join(c for c in f.header or () if c not in source.column_names) or None
        line = dict(file_path=str(f.path), sha256=f.sha256, partition_date=f.day, duplicate_of=None,
                    superseded_by=None, reason=None, rows_read=0, rows_loaded=0, rows_quarantined=0,
                    rows_duplicate=0, rows_superseded=0, rows_rejected=0, extra_columns=extra,
                    delivered_at=datetime.fromtimestamp(f.delivered_at).astimezone() if f.delivered_at else None)
        if f.path in rejected:
            reason, lines = rejected[f.path]
            return LedgerLine(**line | dict(status="REJECTED", reason=reason, rows_read=lines, rows_rejected=lines))
        if dup_of.get(f.path):
            original = dup_of[f.path]
            read = counts[original].read if original in counts else earlier[f.sha256][1] or 0
            return LedgerLine(**line | dict(status="DUPLICATE", duplicate_of=original, rows_read=read,
                                            rows_duplicate=read))
        n = counts.get(str(f.path), FileCounts())
        status = "EMPTY" if not n.read else "SUPERSEDED" if n.superseded and not n.loaded else "LOADED"
        return LedgerLine(**line | dict(status=status, reason=f.note, superseded_by=n.superseded_by,
                                        rows_read=n.read, rows_loaded=n.loaded, rows_quarantined=n.quarantined,
                                        rows_superseded=n.superseded))

    try:
        con.execute("BEGIN TRANSACTION")
        for table in (f"raw.{source.name}", "audit.quarantine", "audit.ingest_ledger"):
            where = "" if table.startswith("raw.") else "source = $source AND "
            con.execute(f"DELETE FROM {table} WHERE {where}partition_date BETWEEN $first AND $last "
                        "AND list_contains($days::DATE[], partition_date)",
                        {"days": days, "first": min(days), "last": max(days),
                         **({"source": source.name} if where else {})})
        # Rows go in as read, day by day and file by file (DuckDB keeps insertion order), so a
        # day's rows sit together for the zone maps the nightly models skip by, without
        # sorting every column of every row (about a fifth of the insert). Only the files of
        # a day read with another header come after the chunk's others.
        typed_cols = ", ".join(f"{_typed(c)} AS {c.name}" for c in source.columns)
        con.execute(
            f"INSERT INTO raw.{source.name} SELECT {typed_cols}, source_file, source_line, file_sha256, "
            "partition_date, $run_id, now() FROM ingest_checked c "
            "ANTI JOIN ingest_superseded s USING (source_file, source_line) WHERE reason IS NULL",
            {"run_id": run_id})
        con.execute(
            "INSERT INTO audit.quarantine SELECT $source, source_file, source_line, partition_date, reason, "
            "raw_text, $run_id, now() FROM ingest_checked WHERE reason IS NOT NULL",
            {"source": source.name, "run_id": run_id})
        per_file = con.execute("""
            SELECT c.source_file, count(*) AS read,
                   count(*) FILTER (WHERE c.reason IS NULL AND s.source_line IS NULL) AS loaded,
                   count(*) FILTER (WHERE c.reason IS NOT NULL) AS quarantined,
                   count(s.source_line) AS superseded, arg_max(s.superseded_by, s.kept_rank) AS superseded_by
            FROM ingest_checked c LEFT JOIN ingest_superseded s USING (source_file, source_line)
            GROUP BY c.source_file""")
        names = [column[0] for column in per_file.description]
        counts = {row[0]: FileCounts(**dict(zip(names[1:], row[1:], strict=True))) for row in per_file.fetchall()}
        for reason, n in con.execute(
            "SELECT split_part(reason, ':', 1), count(*) FROM ingest_checked WHERE reason IS NOT NULL GROUP BY 1"
        ).fetchall():
            result.quarantine_reasons[reason] = n
        ledger = [ledger_line(f, counts) for f in files]
        for line in ledger:
            result.rows_read += line.rows_read
            result.rows_loaded += line.rows_loaded
            result.rows_quarantined += line.rows_quarantined
            result.rows_duplicate += line.rows_duplicate
            result.rows_superseded += line.rows_superseded
            result.rows_rejected += line.rows_rejected
            if line.status == "REJECTED":
                result.rejected[line.file_path] = line.reason
            if line.extra_columns:
                result.extra_columns[line.file_path] = line.extra_columns.split(",")
        _insert_ledger(con, source, ledger, run_id, started)
        con.execute("COMMIT")
    except BaseException:
        _roll_back(con)
        raise
    return result


def _roll_back(con) -> None:
    """Undo the chunk's transaction. When DuckDB has already ended it (a full disk or an
    out-of-memory error invalidates the transaction), there is nothing to undo, and the
    error being handled is the one that says why; it is never hidden behind the rollback's."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def _insert_ledger(con, source: Source, ledger: list[LedgerLine], run_id: str, started: datetime) -> None:
    rows = [tuple(getattr(line, name) for name in LEDGER_COLUMNS) for line in ledger]
    _insert_rows(con, f"audit.ingest_ledger (source, {', '.join(LEDGER_COLUMNS)}, load_run_id, started_at, "
                 "finished_at)", rows, tuple(LEDGER_COLUMNS.values()),
                 before=[source.name], after=[run_id, started, datetime.now().astimezone()])


def _insert_rows(con, table: str, rows: list[tuple], types: tuple[str, ...], before: list | None = None,
                 after: list | None = None) -> None:
    """Insert ``rows`` in one statement: each column goes in as a typed list and unnest zips
    them back into rows; ``before`` and ``after`` are values shared by every row."""
    if not rows:
        return
    before, after = before or [], after or []
    columns = ", ".join(["?"] * len(before) + [f"unnest(?::{t}[])" for t in types] + ["?"] * len(after))
    con.execute(f"INSERT INTO {table} SELECT {columns}",
                [*before, *(list(column) for column in zip(*rows, strict=True)), *after])


def _read_csv(con, files: list[str], spec: str, picked: str) -> None:
    """Append the files' records to ``ingest_records`` and the rows the reader could not
    parse to ``ingest_rejected``; raises, appending nothing, when a file cannot be read."""
    con.execute("DROP TABLE IF EXISTS ingest_csv_errors")
    con.execute("DROP TABLE IF EXISTS ingest_csv_scans")
    listing = "[" + ", ".join(sql_string(p) for p in files) + "]"
    con.execute(
        f"INSERT INTO ingest_records SELECT {picked}, filename "
        f"FROM read_csv({listing}, columns = {spec}, {CSV_OPTIONS}, filename = true, "
        "store_rejects = true, rejects_table = 'ingest_csv_errors', rejects_scan = 'ingest_csv_scans')"
    )
    con.execute(
        "INSERT INTO ingest_rejected SELECT s.file_path, e.line, 'unreadable row: ' || "
        "lower(any_value(e.error_type::VARCHAR)), any_value(ltrim(e.csv_line, chr(10) || chr(13))) "
        "FROM ingest_csv_errors e JOIN ingest_csv_scans s USING (scan_id, file_id) GROUP BY 1, 2"
    )


def _unreadable_reason(data: bytes, error: duckdb.Error) -> str:
    """Why the CSV reader could not get through a file, in one line: mixed line endings (two
    extracts joined, or a header written by another tool) are named as such."""
    crlf = data.count(b"\r\n")
    if crlf and data.count(b"\n") > crlf:
        return "mixed CRLF and LF line endings (files joined?), expected one kind"
    return "unreadable CSV: " + str(error).splitlines()[0].removeprefix("Invalid Input Error: ")


def _stage(con, source: Source, to_read: list[Delivery]) -> dict[Path, tuple[str, int]]:
    """Build temp table ``ingest_checked``: every record of the files, type-checked, with its
    line. A dirty file (NUL bytes, bare CRs) is read from a cleaned copy whose marked records
    are quarantined. Files are read together by header; when the CSV reader cannot get
    through a group, its files are read one by one and a file it still cannot read is
    returned, path -> (reason, records), to be rejected whole."""
    text_cols = ", ".join(f"NULL::VARCHAR AS {c}" for c in source.column_names)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE ingest_records AS SELECT {text_cols}, NULL::VARCHAR AS source_file WHERE false"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ingest_rejected (source_file VARCHAR, source_line BIGINT, "
        "reason VARCHAR, raw_text VARCHAR)"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE ingest_files (source_file VARCHAR, partition_date DATE, "
                "sha256 VARCHAR, dirty BOOLEAN, delivery_rank INTEGER)")
    unreadable: dict[Path, tuple[str, int]] = {}
    picked = ", ".join(source.column_names)
    with tempfile.TemporaryDirectory(prefix="ingest-clean-") as scratch:
        read_as = {f.path: cleaned_copy(f, Path(scratch)) if f.dirty else f.path for f in to_read}
        by_header: dict[tuple[str, ...], list[Delivery]] = {}
        for f in to_read:
            by_header.setdefault(f.header, []).append(f)
        for header, group in by_header.items():
            spec = "{" + ", ".join(f"{sql_string(h)}: 'VARCHAR'" for h in header) + "}"
            try:
                _read_csv(con, [str(read_as[f.path]) for f in group], spec, picked)
            except duckdb.InvalidInputException:
                for f in group:
                    try:
                        _read_csv(con, [str(read_as[f.path])], spec, picked)
                    except duckdb.InvalidInputException as exc:
                        data = f.path.read_bytes()
                        unreadable[f.path] = (_unreadable_reason(data, exc), count_records(data))
        loaded = [f for f in to_read if f.path not in unreadable]
        order = sorted(loaded, key=lambda f: (f.day, f.delivered_at, f.path.name))
        _insert_rows(con, "ingest_files", [(str(f.path), f.day, f.sha256, f.dirty, rank)
                                           for rank, f in enumerate(order)],
                     ("VARCHAR", "DATE", "VARCHAR", "BOOLEAN", "INTEGER"))
        for f in loaded:
            if f.dirty:   # the records name the copy they were read from: give them the file's name
                for table in ("ingest_records", "ingest_rejected"):
                    con.execute(f"UPDATE {table} SET source_file = ? WHERE source_file = ?",
                                [str(f.path), str(read_as[f.path])])
    con.execute(checked_records_sql(source))
    _find_superseded(con, source)
    return unreadable


def checked_records_sql(source: Source) -> str:
    """The statement building temp table ``ingest_checked`` from ``ingest_records`` (the text
    the reader parsed, in file order), ``ingest_rejected`` (the lines it could not parse) and
    ``ingest_files``: every record with its line in its file, its typed columns and the first
    quarantine rule it breaks (``reason``, null when it passes), and each rejected line.

    A valid record's line is the n-th line of its file the reader did not reject. Records were
    inserted in file order, one file after another (DuckDB keeps insertion order), so a
    record's rowid less its file's first one numbers it, without a sort; a file whose rowids
    are not one unbroken run stops the load rather than give wrong lines. In a file with no
    rejected rows record n is line n + 1, so only files with rejects have lines counted out.
    A timestamp is in the future from two days after the file's day, worked out once a file."""
    reason = "CASE " + " ".join(f"WHEN {cond} THEN {sql_string(why)}" for cond, why in _rules(source)) + " END"
    casts = "".join(f", TRY_CAST({c.name} AS {c.type}) AS {_typed(c)}" for c in source.columns if c.type != "VARCHAR")
    # The raw text is rebuilt only for rows that go to quarantine.
    raw_text = "concat_ws(',', " + ", ".join(
        f"'\"' || replace(coalesce({c}, ''), '\"', '\"\"') || '\"'" for c in source.column_names) + ")"
    return f"""
        CREATE OR REPLACE TEMP TABLE ingest_checked AS
        WITH spans AS (
            SELECT source_file, min(rowid) AS first_rowid, max(rowid) - min(rowid) + 1 - count(*) AS gaps
            FROM ingest_records GROUP BY source_file
        ), numbered AS (
            SELECT r.*, CASE WHEN s.gaps = 0 THEN r.rowid - s.first_rowid + 1
                             ELSE error('records of ' || r.source_file || ' were not read in one run') END
                        AS record_no
            FROM ingest_records r JOIN spans s USING (source_file)
        ), totals AS (
            SELECT j.source_file,
                   j.rejected + (SELECT count(*) FROM ingest_records r WHERE r.source_file = j.source_file) AS n
            FROM (SELECT source_file, count(*) AS rejected FROM ingest_rejected GROUP BY source_file) j
        ), good_lines AS (
            SELECT source_file, line AS source_line,
                   row_number() OVER (PARTITION BY source_file ORDER BY line) AS record_no
            FROM (SELECT source_file, unnest(range(2, n + 2)) AS line FROM totals) l
            ANTI JOIN ingest_rejected j ON j.source_file = l.source_file AND j.source_line = l.line
        ), records AS (
            SELECT n.*, coalesce(g.source_line, n.record_no + 1) AS source_line,
                   f.partition_date, f.sha256 AS file_sha256, f.dirty, f.future_from{casts}
            FROM numbered n
            JOIN (SELECT *, (partition_date + INTERVAL 2 DAY)::TIMESTAMPTZ AS future_from FROM ingest_files) f
                USING (source_file)
            LEFT JOIN good_lines g USING (source_file, record_no)
        ), checked AS (
            SELECT *, {reason} AS reason FROM records
        )
        SELECT *, CASE WHEN reason IS NOT NULL THEN {raw_text} END AS raw_text FROM checked
        UNION ALL BY NAME
        SELECT j.source_file, j.source_line, f.partition_date, f.sha256 AS file_sha256,
               j.reason, j.raw_text
        FROM ingest_rejected j JOIN ingest_files f USING (source_file)
    """


def _find_superseded(con, source: Source) -> None:
    """Build temp table ``ingest_superseded``: each valid record that a later record of the
    same day and key replaces (from a later delivery, or later in the same file), with the
    file holding the record kept. Only keys that occur twice are ranked, so a day delivered
    once costs one aggregate."""
    key = ", ".join(_typed(c) for c in source.columns if c.name in source.key)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ingest_superseded AS
        WITH clashes AS (
            SELECT partition_date, {key} FROM ingest_checked WHERE reason IS NULL
            GROUP BY ALL HAVING count(*) > 1
        ), ranked AS (
            SELECT c.source_file, c.source_line,
                   row_number() OVER latest_first AS from_latest,
                   first_value(c.source_file) OVER latest_first AS superseded_by,
                   first_value(f.delivery_rank) OVER latest_first AS kept_rank
            FROM ingest_checked c
            SEMI JOIN clashes USING (partition_date, {key})
            JOIN ingest_files f USING (source_file)
            WHERE c.reason IS NULL
            WINDOW latest_first AS (PARTITION BY c.partition_date, {key}
                                    ORDER BY f.delivery_rank DESC, c.source_line DESC)
        )
        SELECT source_file, source_line, superseded_by, kept_rank FROM ranked WHERE from_latest > 1
    """)
