"""The Crime Bureau worklist as XLSX and CSV, and a filled-in worklist read back as decisions.

Cells starting with =, +, - or @ are written with a leading apostrophe, so no spreadsheet
ever evaluates text from the records as a formula; reading back removes it again.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from pipelines.seeds import seed_values
from pipelines.shared.contract import DECISIONS

FORMULA_STARTS = ("=", "+", "-", "@")
DECISION_COLUMNS = ["decision", "linked_incident_ref", "reviewer_id", "decided_at", "note"]
SHEET = "worklist"
DECISION_TYPES = ("decision_types.csv", "decision")   # the seed listing valid decisions


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value):
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def write_worklist(items: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    """knife_worklist.xlsx and knife_worklist.csv: the items plus empty decision columns."""
    columns = [*items.columns, *DECISION_COLUMNS]
    rows = [[neutralise(None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)) for v in row]
            + [None] * len(DECISION_COLUMNS) for row in items.itertuples(index=False)]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    decision_col = sheet.cell(row=1, column=len(items.columns) + 1).column_letter
    choices = DataValidation(type="list", formula1='"' + ",".join(seed_values(*DECISION_TYPES)) + '"', allow_blank=True)
    choices.add(f"{decision_col}2:{decision_col}{max(len(rows) + 1, 2)}")
    sheet.add_data_validation(choices)
    xlsx = folder / "knife_worklist.xlsx"
    book.save(xlsx)
    path_csv = folder / "knife_worklist.csv"
    with path_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return xlsx, path_csv


def _read_rows(path: Path) -> list[dict]:
    if path.suffix.lower() == ".xlsx":
        sheet = load_workbook(path, read_only=True, data_only=True)[SHEET]
        values = list(sheet.iter_rows(values_only=True))
        header, body = [str(h) for h in values[0]], values[1:]
    else:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header, *body = list(csv.reader(fh))
    missing = [c for c in ("crime_ref", *DECISION_COLUMNS) if c not in header]
    if missing:
        raise ValueError(f"{path}: not a worklist: missing column(s) {', '.join(missing)}")
    return [{h: restore(v) if v not in ("", None) else None for h, v in zip(header, row, strict=False)}
            for row in body]


def read_decisions(path: Path, now: datetime | None = None) -> list[dict]:
    """The decided rows of a filled-in worklist, as rows of the decisions contract. Rows with
    no decision are still to do and are left out; any bad row stops the import."""
    now = now or datetime.now(UTC)
    allowed = set(seed_values(*DECISION_TYPES))
    decisions, errors = [], []
    for line, row in enumerate(_read_rows(path), start=2):
        decision = str(row.get("decision") or "").strip().upper()
        if not decision:
            continue
        decided_at = row.get("decided_at")
        if isinstance(decided_at, str):
            try:
                decided_at = datetime.fromisoformat(decided_at)
            except ValueError:
                errors.append(f"{path}: row {line}: decided_at is not a timestamp: {decided_at!r}")
                continue
        decided_at = (decided_at or now)
        if decided_at.tzinfo is None:
            decided_at = decided_at.replace(tzinfo=UTC)
        reason = (f"unknown decision {decision!r}" if decision not in allowed
                  else "reviewer_id is empty" if not row.get("reviewer_id")
                  else "LINK_CORRECTED needs linked_incident_ref" if decision == "LINK_CORRECTED"
                  and not row.get("linked_incident_ref")
                  else None)
        if reason:
            errors.append(f"{path}: row {line}: {reason}")
            continue
        decisions.append({"crime_ref": row["crime_ref"], "decision": decision,
                          "linked_incident_ref": row.get("linked_incident_ref"),
                          "reviewer_id": str(row["reviewer_id"]), "decided_at": decided_at.isoformat(),
                          "note": row.get("note")})
    if errors:
        raise ValueError("\n".join(errors))
    return decisions


def import_decisions(path: Path, landing: Path, now: datetime | None = None) -> Path:
    """Write a filled-in worklist's decisions as the next decisions file in the landing folder."""
    now = now or datetime.now(UTC)
    decisions = read_decisions(path, now)
    if not decisions:
        raise ValueError(f"{path}: no row has a decision")
    folder = landing / DECISIONS.folder
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"crime_bureau_decisions_{now:%Y%m%d}_worklist"
    target = folder / f"{stem}.csv"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stem}{n}.csv"
    columns = [c.name for c in DECISIONS.columns]
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows({c: ("" if d[c] is None else d[c]) for c in columns} for d in decisions)
    return target
