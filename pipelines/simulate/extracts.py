"""Daily extract files as the contract lays them out, with bad rows and redeliveries.

Bad rows are corrupted copies of real rows, appended to the file they corrupt, so the
true records stay whole and every bad row is listed in ``_truth/bad_rows.csv``.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import numpy as np

STORM_COLUMNS = (
    "log_date", "log_number", "version_ts", "created_at", "closed_at", "opening_code",
    "closing_code", "grade", "qualifiers", "district", "easting", "northing", "narrative",
)
ATHENA_COLUMNS = (
    "crime_ref", "version_no", "version_ts", "incident_ref", "reported_at", "recorded_at",
    "committed_from", "committed_to", "ho_code", "offence_description", "knife_flag",
    "domestic_flag", "hate_flag", "status", "cancel_reason", "outcome_code", "outcome_date",
    "district", "easting", "northing", "victim_sex", "victim_age_band", "officer_id",
    "victim_name", "victim_dob", "suspect_name",
)
DECISION_COLUMNS = ("crime_ref", "decision", "linked_incident_ref", "reviewer_id", "decided_at", "note")

BAD_KINDS = ("wrong_field_count", "unparseable_date", "future_date", "unknown_code", "invalid_utf8")
_BAD_UTF8_MARK = "\x00\x01BAD-UTF8\x01\x00"
_NEEDS_QUOTES = re.compile('[,"\r\n]')
# Which column each kind of corruption touches, per file kind.
_DATE_COLUMN = {"storm": "version_ts", "athena": "version_ts"}
_CODE_COLUMN = {"storm": "closing_code", "athena": "ho_code"}
_TEXT_COLUMN = {"storm": "narrative", "athena": "offence_description"}


def extract_path(root: Path, kind: str, day: date, suffix: str = "") -> Path:
    name = {"storm": "storm_incidents", "athena": "athena_crimes"}[kind]
    return root / kind / f"{day:%Y}" / f"{day:%m}" / f"{name}_{day:%Y%m%d}{suffix}.csv"


def decisions_path(root: Path, day: date) -> Path:
    return root / "decisions" / f"crime_bureau_decisions_{day:%Y%m%d}.csv"


class ExtractWriter:
    def __init__(self, root: Path, rng: np.random.Generator, one: random.Random, messiness: dict):
        self.root = root
        self.rng, self.r = rng, one
        self.mess = messiness
        self.bad_rows: list[tuple] = []     # file, record number, kind, first two fields
        self.redeliveries: list[tuple[str, str]] = []

    def write(self, kind: str, day: date, columns: tuple[str, ...], lines: list[str]) -> Path:
        """Write one day's file from its rows, each already CSV (``encode_rows``)."""
        path = extract_path(self.root, kind, day) if kind != "decisions" else decisions_path(self.root, day)
        header = encode_rows([columns])[0]
        if kind != "decisions":
            lines = self._corrupt(kind, day, path, columns, lines)
            if self.r.random() < self.mess.get("bad_header_rate", 0.0):
                header, lines = self._break_header(path, list(columns), lines)
        text = "".join(f"{line}\r\n" for line in (header, *lines))
        data = text.encode("utf-8").replace(_BAD_UTF8_MARK.encode("utf-8"), b"\xff\xfe")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if kind != "decisions" and self.r.random() < self.mess.get("duplicate_file_rate", 0.0):
            again = path.with_name(path.stem + "_r1.csv")
            again.write_bytes(data)
            self.redeliveries.append((self._rel(path), self._rel(again)))
        return path

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _corrupt(self, kind, day, path, columns, lines):
        if not lines:
            return lines
        col = {c: i for i, c in enumerate(columns)}
        out = list(lines)
        for bad in BAD_KINDS:
            count = int(self.rng.binomial(len(lines), self.mess.get(bad, 0.0)))
            for _ in range(count):
                row = decode_row(self.r.choice(lines))
                if bad == "wrong_field_count":
                    row = row[:-1] if self.r.random() < 0.5 else row + ["EXTRA"]
                elif bad == "unparseable_date":
                    row[col[_DATE_COLUMN[kind]]] = f"{day:%d/%m/%Y} 25:61"
                elif bad == "future_date":
                    row[col[_DATE_COLUMN[kind]]] = f"{day + timedelta(days=400):%Y-%m-%d}T10:00:00+00:00"
                elif bad == "unknown_code":
                    row[col[_CODE_COLUMN[kind]]] = "ZZ9" if kind == "athena" else "CRIME-UNKNOWN"
                elif bad == "invalid_utf8":
                    row[col[_TEXT_COLUMN[kind]]] += _BAD_UTF8_MARK
                out.extend(encode_rows([row]))
                self.bad_rows.append((self._rel(path), len(out), bad, row[0], row[1]))
        return out

    def _break_header(self, path, header, lines):
        i = self.r.randrange(1, len(header))
        if self.r.random() < 0.5:
            self.bad_rows.append((self._rel(path), 0, f"renamed_column:{header[i]}", "", ""))
            return encode_rows([header[:i] + [header[i] + "_renamed"] + header[i + 1:]])[0], lines
        self.bad_rows.append((self._rel(path), 0, f"missing_column:{header[i]}", "", ""))
        rows = [decode_row(line) for line in lines]
        return encode_rows([header[:i] + header[i + 1:]])[0], encode_rows(r[:i] + r[i + 1:] for r in rows)


def encode_rows(rows: Iterable[Iterable]) -> list[str]:
    """Each row as one CSV record (RFC 4180 quoting, no line end). Fields never hold CR LF
    (narratives break lines with LF alone), so the records split apart on it."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().split("\r\n")[:-1]


def csv_field(text: str) -> str:
    """One field as ``encode_rows`` writes it (the csv module's minimal quoting), for rows
    put together from parts: most of a row's fields can never need quotes."""
    if _NEEDS_QUOTES.search(text) is None:
        return text
    return '"' + text.replace('"', '""') + '"'


def decode_row(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line)))
