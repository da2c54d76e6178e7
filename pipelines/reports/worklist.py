"""The Crime Bureau worklist as XLSX and CSV, and a filled-in worklist read back as decisions.

The workbook has the daily list (items in a 12-month window still to be published, by
priority then age), the historic items apart, and a sheet explaining each column, priority
and decision; the item sheets have a filter, a frozen header, fitted widths and a drop-down
for the decision. Cells starting with =, +, - or @ are written with a leading apostrophe,
so no spreadsheet ever evaluates text from the records as a formula; reading back removes
it again. Only the item sheets are read back.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipelines.seeds import seed_rows, seed_values
from pipelines.shared.contract import DECISIONS

FORMULA_STARTS = ("=", "+", "-", "@")
DECISION_COLUMNS = ["decision", "linked_incident_ref", "reviewer_id", "decided_at", "note"]
SHEET, HISTORIC_SHEET, ABOUT_SHEET = "worklist", "historic", "about"
ITEM_SHEETS = (SHEET, HISTORIC_SHEET)
DECISION_TYPES = ("decision_types.csv", "decision")   # the seed listing valid decisions
MAX_WIDTH = 60
# What each column of the item sheets holds, for the explanation sheet.
COLUMN_NOTES = {
    "priority": "1 is most urgent; the reasons are listed below (worklist_priorities seed)",
    "priority_reason": "why the item has its priority",
    "crime_ref": "the ATHENA crime; empty for a knife incident with no crime recorded",
    "incident_ref": "the STORM incident the crime is linked to",
    "district": "district of the crime (or incident)",
    "discrepancy_class": "what the two systems disagree on (classes below)",
    "evidence_level": "what STORM shows: qualifier_and_text, qualifier_only, text_only, text_review, negated, none",
    "evidence_phrase": "the words of the incident log the knife evidence rests on",
    "recorded_month": "month the crime was recorded (for an incident: detected)",
    "days_open": "days since the item was found",
    "officer_id": "the officer in the case",
    "decision": "your decision: pick one from the list (decisions below)",
    "linked_incident_ref": "the right incident, for LINK_CORRECTED",
    "reviewer_id": "your reviewer id (required with a decision)",
    "decided_at": "when you decided (empty: when imported)",
    "note": "anything the next reviewer should know",
}


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value):
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def _cells(items: pd.DataFrame) -> list[list]:
    return [[neutralise(None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)) for v in row]
            + [None] * len(DECISION_COLUMNS) for row in items.itertuples(index=False)]


def _item_sheet(sheet, columns: list[str], rows: list[list]) -> None:
    """Header in bold and frozen, a filter over every column, widths fitted to the contents
    (capped), and the decision column limited to the decisions of the seed."""
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for i, name in enumerate(columns, start=1):
        longest = max([len(name), *(len(str(r[i - 1])) for r in rows[:2000] if r[i - 1] is not None)])
        sheet.column_dimensions[get_column_letter(i)].width = min(longest + 2, MAX_WIDTH)
    decision_col = get_column_letter(columns.index("decision") + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(seed_values(*DECISION_TYPES)) + '"',
                             allow_blank=True)
    choices.add(f"{decision_col}2:{decision_col}{max(len(rows) + 1, 2)}")
    sheet.add_data_validation(choices)


def _about_sheet(sheet, columns: list[str], window_first_month: str) -> None:
    """What each column, priority, class and decision means, from the seeds."""
    wrap = Alignment(wrap_text=True, vertical="top")
    lines = [("Knife crime worklist", ""),
             (f"sheet {SHEET!r}", "open items in a 12-month window still to be published, most urgent first "
                                  "(priority, then oldest)"),
             (f"sheet {HISTORIC_SHEET!r}", f"open items recorded before {window_first_month}: outside every "
                                            "12-month window still to be published"),
             ("", ""), ("column", "what it holds")]
    lines += [(c, COLUMN_NOTES.get(c, "")) for c in columns]
    lines += [("", ""), ("priority", "reason")]
    lines += [(r["priority"], r["reason"]) for r in seed_rows("worklist_priorities.csv")]
    lines += [("", ""), ("discrepancy_class", "meaning")]
    lines += [(r["discrepancy_class"], r["description"]) for r in seed_rows("discrepancy_classes.csv")]
    lines += [("", ""), ("decision", "meaning")]
    lines += [(r["decision"], r["description"]) for r in seed_rows("decision_types.csv")]
    for line in lines:
        sheet.append(list(line))
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = wrap
    for header_row in (1, 5):
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100


def write_worklist(items: pd.DataFrame, historic: pd.DataFrame, folder: Path,
                   window_first_month: str) -> tuple[Path, Path]:
    """knife_worklist.xlsx (daily list, historic items, explanations) and knife_worklist.csv
    (the daily list), each item with empty decision columns."""
    columns = [*items.columns, *DECISION_COLUMNS]
    rows = _cells(items)
    book = Workbook()
    _item_sheet(book.active, columns, rows)
    book.active.title = SHEET
    _item_sheet(book.create_sheet(HISTORIC_SHEET), columns, _cells(historic))
    _about_sheet(book.create_sheet(ABOUT_SHEET), columns, window_first_month)
    xlsx = folder / "knife_worklist.xlsx"
    book.save(xlsx)
    path_csv = folder / "knife_worklist.csv"
    with path_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return xlsx, path_csv


def _sheets(path: Path) -> list[tuple[str, list[str], list]]:
    """(sheet name, header, rows) of each item sheet of a worklist; the explanation sheet and
    any other are not read."""
    if path.suffix.lower() != ".xlsx":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header, *body = list(csv.reader(fh))
        return [("", header, body)]
    book = load_workbook(path, read_only=True, data_only=True)
    sheets = []
    for name in ITEM_SHEETS:
        if name in book.sheetnames:
            values = list(book[name].iter_rows(values_only=True))
            sheets.append((name, [str(h) for h in values[0]] if values else [], values[1:]))
    if not sheets:
        raise ValueError(f"{path}: not a worklist: no sheet named {SHEET!r}")
    return sheets


def _read_rows(path: Path) -> list[tuple[str, int, dict]]:
    """(where, line, row) of every item row: where names the sheet of a workbook."""
    rows = []
    for name, header, body in _sheets(path):
        missing = [c for c in ("crime_ref", *DECISION_COLUMNS) if c not in header]
        if missing:
            where = f"sheet {name}: " if name else ""
            raise ValueError(f"{path}: {where}not a worklist: missing column(s) {', '.join(missing)}")
        rows += [(f"sheet {name} " if name else "", line, {h: restore(v) if v not in ("", None) else None
                               for h, v in zip(header, row, strict=False)})
                 for line, row in enumerate(body, start=2)]
    return rows


def read_decisions(path: Path, now: datetime | None = None) -> list[dict]:
    """The decided rows of a filled-in worklist, as rows of the decisions contract. Rows with
    no decision are still to do and are left out; any bad row stops the import."""
    now = now or datetime.now(UTC)
    allowed = set(seed_values(*DECISION_TYPES))
    decisions, errors = [], []
    for sheet, line, row in _read_rows(path):
        decision = str(row.get("decision") or "").strip().upper()
        if not decision:
            continue
        decided_at = row.get("decided_at")
        if isinstance(decided_at, str):
            try:
                decided_at = datetime.fromisoformat(decided_at)
            except ValueError:
                errors.append(f"{path}: {sheet}row {line}: decided_at is not a timestamp: {decided_at!r}")
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
            errors.append(f"{path}: {sheet}row {line}: {reason}")
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
