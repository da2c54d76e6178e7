"""The Crime Bureau worklist as XLSX and CSV, and its rows read back.

The workbook has the daily list (the first WORKLIST_CAPACITY items in a 12-month window still
to be published, most urgent first), the rest of that window's items (backlog), the historic
items, and a sheet explaining each column, priority, class and decision. Each item sheet has a
filter, a frozen header, fitted widths and, on every row, a drop-down offering only the
decisions that can settle that row's class (discrepancy_answers seed). A crime a reviewer may
have to link carries its three likeliest incidents, each with its score and why. Cells
starting with =, +, - or @ are written with a leading apostrophe, so no spreadsheet ever
evaluates text from the records as a formula; reading back removes it again. Only the item
sheets are read back (``decisions`` checks and imports them).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipelines.seeds import seed_rows

FORMULA_STARTS = ("=", "+", "-", "@")
DECISION_COLUMNS = ["decision", "linked_incident_ref", "reviewer_id", "decided_at", "note"]
# Widths of the columns a reviewer fills in, in characters.
DECISION_WIDTHS = {"linked_incident_ref": 20, "reviewer_id": 12, "decided_at": 18, "note": 40}
ITEM_ID = "item_id"
SHEET, BACKLOG_SHEET, HISTORIC_SHEET, ABOUT_SHEET = "worklist", "backlog", "historic", "about"
ITEM_SHEETS = (SHEET, BACKLOG_SHEET, HISTORIC_SHEET)
MAX_WIDTH = 60
# What each column of the item sheets holds, for the explanation sheet.
COLUMN_NOTES = {
    "priority": "1 is most urgent; the reasons are listed below (worklist_priorities seed)",
    "priority_reason": "why the item has its priority",
    "crime_ref": "the ATHENA crime; empty for a knife incident with no crime recorded (with CRIME_RAISED, "
                 "write the new crime's reference here)",
    "incident_ref": "the STORM incident the crime is linked to",
    "district": "district of the crime (or incident)",
    "discrepancy_class": "what the two systems disagree on (classes below)",
    "evidence_level": "what STORM shows: qualifier_and_text, qualifier_only, text_only, text_review, negated, none",
    "evidence_phrase": "the words of the incident log the knife evidence rests on",
    "storm_reading": "how the incident log was read: knife, no knife or review, by which rule; 'disputed' when "
                     "the learned second opinion and the rules disagree, with both readings (check the log)",
    "recorded_month": "month the crime was recorded (for an incident: detected)",
    "days_open": "days since the item was found",
    "officer_id": "the officer in the case",
    "candidates": "how many incidents the link model offers for a crime you may have to link",
    "candidate_1_incident_ref": "the likeliest STORM incident for the crime: copy it to linked_incident_ref "
                                "with LINK_CORRECTED if it is the one",
    "candidate_1_score": "the link model's score, 0 to 1 (0.85 or more links a crime by itself)",
    "candidate_1_why": "what the score rests on: district, time from the call to the report, category, distance",
    "candidate_2_incident_ref": "the second likeliest incident (score and why beside it)",
    "candidate_3_incident_ref": "the third likeliest incident (score and why beside it)",
    ITEM_ID: "the item's key: leave it as it is, the import finds the item by it",
    "decision": "your decision: the list on each row offers only the decisions that settle its class",
    "linked_incident_ref": "the right incident, for LINK_CORRECTED (as '<log number> of DD/MM/YYYY')",
    "reviewer_id": "your reviewer id (required with a decision)",
    "decided_at": "when you decided, London time (empty: when imported)",
    "note": "anything the next reviewer should know",
}


def class_answers() -> dict[str, list[str]]:
    """The decisions that settle each class of item, in the seed's order (discrepancy_answers)."""
    answers: dict[str, list[str]] = {}
    for row in seed_rows("discrepancy_answers.csv"):
        answers.setdefault(row["discrepancy_class"], []).append(row["decision"])
    return answers


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


def _row_ranges(rows: list[int], col: str) -> list[str]:
    """Consecutive sheet rows as ranges of one column's cells."""
    spans, first = [], None
    for i, r in enumerate(rows):
        if first is None:
            first = r
        if i + 1 == len(rows) or rows[i + 1] != r + 1:
            spans.append((first, r))
            first = None
    return [f"{col}{a}" if a == b else f"{col}{a}:{col}{b}" for a, b in spans]


def _styled(sheet, values, bold: bool = False, alignment: Alignment | None = None) -> list[WriteOnlyCell]:
    """A row of cells for a write-only sheet, which takes a cell's style only as it is appended."""
    cells = [WriteOnlyCell(sheet, value=v) for v in values]
    for cell in cells:
        if bold:
            cell.font = Font(bold=True)
        if alignment is not None:
            cell.alignment = alignment
    return cells


def _item_sheet(sheet, columns: list[str], rows: list[list], answers: dict[str, list[str]]) -> None:
    """Header in bold and frozen, a filter over every column, widths fitted to the contents
    (capped), and on each row a drop-down of the decisions that settle its class. The sheet is
    write-only (streamed to the file), so its widths and view are set before its first row."""
    sheet.freeze_panes = "A2"
    longest_decision = max(len(d) for choices in answers.values() for d in choices)
    for i, name in enumerate(columns, start=1):
        longest = max([len(name), *(len(str(r[i - 1])) for r in rows[:2000] if r[i - 1] is not None)])
        width = {"decision": longest_decision + 4, **DECISION_WIDTHS}.get(name, longest + 2)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width, len(name) + 2), MAX_WIDTH)
    sheet.append(_styled(sheet, columns, bold=True))
    for row in rows:
        sheet.append(row)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    decision_col = get_column_letter(columns.index("decision") + 1)
    class_at = columns.index("discrepancy_class")
    rows_of: dict[str, list[int]] = {}
    for n, row in enumerate(rows, start=2):
        rows_of.setdefault(row[class_at], []).append(n)
    for cls, numbers in rows_of.items():
        choices = DataValidation(type="list", formula1='"' + ",".join(answers.get(cls, [])) + '"',
                                 allow_blank=True, showErrorMessage=True, errorTitle="Not a decision for this item",
                                 error=f"A {cls} item is settled by: {', '.join(answers.get(cls, []))}")
        for cells in _row_ranges(numbers, decision_col):
            choices.add(cells)
        sheet.data_validations.append(choices)


def _about_sheet(sheet, columns: list[str], window_first_month: str, capacity: int) -> None:
    """What each sheet, column, priority, class and decision means, from the seeds."""
    lines = [("Knife crime worklist", ""),
             (f"sheet {SHEET!r}", f"today's list: the {capacity} most urgent open items in a 12-month window still "
                                  "to be published (WORKLIST_CAPACITY), by priority, then items with something "
                                  "to start from, stronger evidence and the oldest"),
             (f"sheet {BACKLOG_SHEET!r}", "the other open items in a window still to be published, in the same order"),
             (f"sheet {HISTORIC_SHEET!r}", f"open items recorded before {window_first_month}: outside every "
                                            "12-month window still to be published"),
             ("", ""), ("column", "what it holds")]
    header_rows = [1, len(lines)]
    lines += [(c, COLUMN_NOTES.get(c, "")) for c in columns if not c.startswith(("candidate_2_", "candidate_3_"))
              or c.endswith("incident_ref")]
    lines += [("", ""), ("priority", "reason")]
    header_rows.append(len(lines))
    lines += [(r["priority"], r["reason"]) for r in seed_rows("worklist_priorities.csv")]
    lines += [("", ""), ("discrepancy_class", "meaning, and the decisions that settle it")]
    header_rows.append(len(lines))
    settles = class_answers()
    lines += [(r["discrepancy_class"], f"{r['label']}: {r['description']} (decisions: "
               f"{', '.join(settles.get(r['discrepancy_class'], []))})") for r in seed_rows("discrepancy_classes.csv")]
    lines += [("", ""), ("decision", "meaning")]
    header_rows.append(len(lines))
    lines += [(r["decision"], r["description"]) for r in seed_rows("decision_types.csv")]
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, line in enumerate(lines, start=1):
        sheet.append(_styled(sheet, line, bold=number in header_rows, alignment=wrap))


def write_worklist(daily: pd.DataFrame, backlog: pd.DataFrame, historic: pd.DataFrame, folder: Path,
                   window_first_month: str, capacity: int) -> tuple[Path, Path]:
    """knife_worklist.xlsx (daily list, backlog, historic items, explanations) and
    knife_worklist.csv (the daily list), each item with empty decision columns. The workbook is
    written in openpyxl's write-only mode, which streams rows to the file: at national scale
    the backlog holds about 20,000 items, which the ordinary mode took several seconds to lay
    out cell by cell."""
    columns = [*daily.columns, *DECISION_COLUMNS]
    answers = class_answers()
    rows = _cells(daily)
    book = Workbook(write_only=True)
    _item_sheet(book.create_sheet(SHEET), columns, rows, answers)
    _item_sheet(book.create_sheet(BACKLOG_SHEET), columns, _cells(backlog), answers)
    _item_sheet(book.create_sheet(HISTORIC_SHEET), columns, _cells(historic), answers)
    _about_sheet(book.create_sheet(ABOUT_SHEET), columns, window_first_month, capacity)
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
            header, *body = list(csv.reader(fh)) or [[]]
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


def sheet_rows(path: Path) -> Iterator[tuple[str, dict]]:
    """(where, row) of every item row: where names the file, the sheet of a workbook and the
    row as a spreadsheet numbers it."""
    for name, header, body in _sheets(path):
        missing = [c for c in ("crime_ref", *DECISION_COLUMNS) if c not in header]
        if missing:
            where = f"sheet {name}: " if name else ""
            raise ValueError(f"{path}: {where}not a worklist: missing column(s) {', '.join(missing)}")
        for line, row in enumerate(body, start=2):
            yield (f"{path}: {f'sheet {name} ' if name else ''}row {line}",
                   {h: restore(v) if v not in ("", None) else None for h, v in zip(header, row, strict=False)})
