"""A filled-in worklist read back as Crime Bureau decisions, every row checked against the
warehouse before anything is written.

A decided row must name an item the warehouse holds (by its item_id, or by class and crime or
incident), a decision that can settle that item's class (discrepancy_answers seed), a crime or
incident that exists, a reviewer, and a decided_at that is neither in the future nor before the
item was found. Any failing row stops the import with every failing row listed and nothing
written, unless the caller asks to skip them. A decision already imported (in the warehouse or
waiting in the landing folder) is not written twice, so importing the same sheet again changes
nothing. The decisions file is loaded by the next run, whatever day that run loads.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from pipelines.reports.worklist import ITEM_ID, class_answers, sheet_rows
from pipelines.seeds import seed_rows
from pipelines.shared.contract import DECISIONS

LONDON = ZoneInfo("Europe/London")
# How far ahead of this machine's clock a decided_at may be (a reviewer's clock runs fast).
CLOCK_SLACK = timedelta(minutes=5)
# The incident reference as the worklist writes it: <log number> of DD/MM/YYYY.
INCIDENT_REF = re.compile(r"^\s*(\d+)\s+of\s+(\d{1,2})/(\d{1,2})/(\d{4})\s*$", re.IGNORECASE)
INCIDENT_CLASS = "UNRECORDED_KNIFE_INCIDENT"


@dataclass(frozen=True)
class Decision:
    """One row of the decisions contract."""
    crime_ref: str | None
    decision: str
    linked_incident_ref: str | None
    reviewer_id: str
    decided_at: datetime
    note: str | None

    def key(self, timed: bool) -> tuple:
        """What makes two decisions the same: the same decision by the same reviewer on the
        same crime and incident (at the same time, when the sheet gave one)."""
        return (self.crime_ref, self.decision, self.linked_incident_ref, self.reviewer_id,
                self.decided_at if timed else None)


@dataclass(frozen=True)
class Rejection:
    where: str     # file, sheet and row
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ImportOutcome:
    written: Path | None = None
    decisions: list[Decision] = field(default_factory=list)
    repeated: int = 0
    rejected: list[Rejection] = field(default_factory=list)


class DecisionsRejected(ValueError):
    """Rows that cannot be imported; nothing was written."""

    def __init__(self, rejected: list[Rejection], valid: int):
        self.rejected, self.valid = rejected, valid
        super().__init__("\n".join(map(str, rejected)))


@dataclass(frozen=True)
class Item:
    item_id: str
    crime_ref: str | None
    incident_ref: str | None
    discrepancy_class: str
    detected_on: date


@dataclass(frozen=True)
class DecisionRules:
    """What the seeds say each decision needs and which decisions settle each class."""
    answers: dict[str, list[str]]
    needs_crime_ref: frozenset[str]
    needs_incident_ref: frozenset[str]
    known: tuple[str, ...]

    @classmethod
    def from_seeds(cls) -> DecisionRules:
        types = seed_rows("decision_types.csv")
        return cls(class_answers(), *(frozenset(r["decision"] for r in types if r[flag] == "true")
                                      for flag in ("needs_crime_ref", "needs_incident_ref")),
                   tuple(r["decision"] for r in types))


def incident_key(ref: str | None) -> tuple[date, int] | None:
    """(log date, log number) of a reference written as the worklist writes it; None otherwise."""
    match = INCIDENT_REF.match(ref or "")
    if not match:
        return None
    number, day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day), number
    except ValueError:
        return None


def canonical_incident(key: tuple[date, int]) -> str:
    return f"{key[1]} of {key[0]:%d/%m/%Y}"


def _text(value) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _decided_at(value, now: datetime) -> datetime:
    """A spreadsheet date or ISO text; without an offset it is London time; empty is now."""
    if value is None:
        return now
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"decided_at is not a date and time: {value!r}") from None
    if not isinstance(value, datetime):
        raise ValueError(f"decided_at is not a date and time: {value!r}")
    return (value if value.tzinfo else value.replace(tzinfo=LONDON)).astimezone(UTC)


class Warehouse:
    """The warehouse facts the import checks rows against, read once, read-only."""

    def __init__(self, path: Path):
        if not path.exists():
            raise ValueError(f"no warehouse at {path}: decisions are checked against it; run `pipelines run` first")
        try:
            self.con = duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as exc:
            raise ValueError(f"cannot read the warehouse {path} ({str(exc).splitlines()[0]}): a run is writing "
                             "it; import again when the run has finished") from None

    def close(self) -> None:
        self.con.close()

    def items(self, ids: list[str], crimes: list[str], incidents: list[str]) -> list[Item]:
        rows = self.con.execute("""
            SELECT discrepancy_id, crime_ref, incident_ref, discrepancy_class, detected_on
            FROM marts.knife_discrepancies
            WHERE list_contains(?::VARCHAR[], discrepancy_id)
               OR (status = 'OPEN' AND (list_contains(?::VARCHAR[], crime_ref)
                                        OR list_contains(?::VARCHAR[], incident_ref)))
        """, [ids, crimes, incidents]).fetchall()
        return [Item(*row) for row in rows]

    def crimes(self, refs: list[str]) -> set[str]:
        return {r for (r,) in self.con.execute(
            "SELECT crime_ref FROM marts.crime_knife_status WHERE list_contains(?::VARCHAR[], crime_ref)",
            [refs]).fetchall()}

    def incidents(self, keys: Iterable[tuple[date, int]]) -> set[tuple[date, int]]:
        keys = list(keys)
        if not keys:
            return set()
        found = self.con.execute("""
            SELECT log_date, log_number FROM marts.incident_knife_evidence
            WHERE list_contains(?::DATE[], log_date) AND list_contains(?::INTEGER[], log_number)
        """, [[k[0] for k in keys], [k[1] for k in keys]]).fetchall()
        return set(found) & set(keys)

    def repeated(self, checked: list[tuple[Decision, bool]], landing: Path) -> set[int]:
        """Positions in ``checked`` of decisions made before: in the warehouse, or in any
        decisions file in the landing folder (loaded or still waiting for a run)."""
        if not checked:
            return set()
        sheet = pd.DataFrame([{"position": n, "timed": timed, **asdict(d)} for n, (d, timed) in enumerate(checked)])
        files = [str(p) for p in sorted((landing / DECISIONS.folder).glob(DECISIONS.pattern.split("{ymd}")[0] + "*"))
                 if p.suffix == ".csv"]
        waiting = ("UNION ALL SELECT crime_ref, decision, linked_incident_ref, reviewer_id, "
                   "try_cast(decided_at AS TIMESTAMPTZ) FROM read_csv(?, all_varchar = true, header = true, "
                   "union_by_name = true, ignore_errors = true)") if files else ""
        self.con.register("sheet_decisions", sheet)
        try:
            return {n for (n,) in self.con.execute(f"""
                WITH earlier AS (
                    SELECT nullif(trim(crime_ref), '') AS crime_ref, decision,
                           nullif(trim(linked_incident_ref), '') AS linked_incident_ref, reviewer_id, decided_at
                    FROM (SELECT crime_ref, decision, linked_incident_ref, reviewer_id, decided_at
                          FROM raw.crime_bureau_decisions {waiting})
                )
                SELECT DISTINCT s.position FROM sheet_decisions AS s JOIN earlier AS e
                    ON e.crime_ref IS NOT DISTINCT FROM s.crime_ref AND e.decision = s.decision
                    AND e.linked_incident_ref IS NOT DISTINCT FROM s.linked_incident_ref
                    AND e.reviewer_id = s.reviewer_id AND (NOT s.timed OR e.decided_at = s.decided_at)
            """, [files] if files else []).fetchall()}
        finally:
            self.con.unregister("sheet_decisions")


def check_rows(path: Path, warehouse: Warehouse, now: datetime,
               rules: DecisionRules) -> tuple[list[tuple[Decision, bool]], list[Rejection]]:
    """Every decided row of the worklist as a decision (with whether the sheet gave its time),
    or the reason it cannot be imported."""
    decided = [(where, row) for where, row in sheet_rows(path) if _text(row.get("decision"))]
    refs = {_text(r.get("crime_ref")) for _, r in decided} - {None}
    ids = [i for i in (_text(r.get(ITEM_ID)) for _, r in decided) if i]
    incident_refs = [canonical_incident(k) for k in
                     (incident_key(_text(r.get("incident_ref"))) for _, r in decided) if k]
    items = warehouse.items(ids, sorted(refs), incident_refs)
    by_id = {i.item_id: i for i in items}
    crimes = warehouse.crimes(sorted(refs))
    links = {k for k in (incident_key(_text(r.get(c))) for _, r in decided
                         for c in ("linked_incident_ref", "incident_ref")) if k}
    incidents = warehouse.incidents(links)
    accepted, rejected = [], []
    for where, row in decided:
        try:
            accepted.append(_decision(row, by_id, items, crimes, incidents, now, rules))
        except ValueError as exc:
            rejected.append(Rejection(where, str(exc)))
    return accepted, rejected


def _item(row: dict, by_id: dict[str, Item], items: list[Item]) -> Item:
    item_id, cls = _text(row.get(ITEM_ID)), _text(row.get("discrepancy_class"))
    if item_id:
        if item_id not in by_id:
            raise ValueError(f"item_id {item_id} is not a worklist item of this warehouse")
        return by_id[item_id]
    crime, incident = _text(row.get("crime_ref")), incident_key(_text(row.get("incident_ref")))
    matches = [i for i in items if i.discrepancy_class == cls and
               ((cls != INCIDENT_CLASS and i.crime_ref == crime) or
                (cls == INCIDENT_CLASS and incident and incident_key(i.incident_ref) == incident))]
    if len(matches) != 1:
        named = f"crime {crime}" if cls != INCIDENT_CLASS else f"incident {_text(row.get('incident_ref'))}"
        raise ValueError(f"no open {cls or '(no discrepancy_class)'} item for {named}" if not matches
                         else f"{len(matches)} open {cls} items for {named}: keep the item_id column")
    return matches[0]


def _decision(row: dict, by_id: dict[str, Item], items: list[Item], crimes: set[str],
              incidents: set[tuple[date, int]], now: datetime, rules: DecisionRules) -> tuple[Decision, bool]:
    decision = (_text(row.get("decision")) or "").upper()
    if decision not in rules.known:
        raise ValueError(f"unknown decision {decision!r} (one of {', '.join(rules.known)})")
    reviewer = _text(row.get("reviewer_id"))
    if not reviewer:
        raise ValueError("reviewer_id is empty")
    item = _item(row, by_id, items)
    settles = rules.answers.get(item.discrepancy_class, [])
    if decision not in settles:
        raise ValueError(f"{decision} cannot settle this item: its class {item.discrepancy_class} is settled by "
                         f"{', '.join(settles) or 'no decision'}")
    decided_at = _decided_at(row.get("decided_at"), now)
    if decided_at > now + CLOCK_SLACK:
        raise ValueError(f"decided_at {decided_at.astimezone(LONDON):%Y-%m-%d %H:%M} is in the future")
    if decided_at.astimezone(LONDON).date() < item.detected_on:
        raise ValueError(f"decided_at {decided_at.astimezone(LONDON):%Y-%m-%d} is before the item was found "
                         f"({item.detected_on})")
    crime = _text(row.get("crime_ref"))
    if item.discrepancy_class == INCIDENT_CLASS:
        linked = item.incident_ref
        if decision in rules.needs_crime_ref and not crime:
            raise ValueError(f"{decision} needs the new crime's reference in crime_ref")
        if decision not in rules.needs_crime_ref and crime:
            raise ValueError(f"{decision} is about the incident alone: leave crime_ref empty (it holds {crime})")
    else:
        if crime not in crimes:
            raise ValueError(f"crime_ref {crime!r} is not an ATHENA crime of this warehouse (the item's crime is "
                             f"{item.crime_ref})")
        if crime != item.crime_ref:
            raise ValueError(f"crime_ref {crime} is not the item's crime {item.crime_ref}")
        linked = None
        if decision in rules.needs_incident_ref:
            given = _text(row.get("linked_incident_ref"))
            key = incident_key(given)
            if not given:
                raise ValueError(f"{decision} needs linked_incident_ref (pick a candidate's incident_ref)")
            if key is None:
                raise ValueError(f"linked_incident_ref {given!r} is not written as '<log number> of DD/MM/YYYY'")
            if key not in incidents:
                raise ValueError(f"linked_incident_ref {given} is not a STORM incident of this warehouse")
            linked = canonical_incident(key)
    return Decision(crime, decision, linked, reviewer, decided_at, _text(row.get("note"))), \
        row.get("decided_at") is not None


def write_decisions(decisions: list[Decision], landing: Path, now: datetime) -> Path:
    """The next decisions file of the day in the landing folder."""
    folder = landing / DECISIONS.folder
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"crime_bureau_decisions_{now.astimezone(LONDON):%Y%m%d}_worklist"
    target, n = folder / f"{stem}.csv", 1
    while target.exists():
        n += 1
        target = folder / f"{stem}{n}.csv"
    columns = [c.name for c in DECISIONS.columns]
    partial = target.with_name(f".{target.name}.part")
    with partial.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        for d in decisions:
            row = asdict(d) | {"decided_at": d.decided_at.isoformat()}
            writer.writerow({c: "" if row[c] is None else row[c] for c in columns})
    partial.rename(target)    # a run never reads half a file
    return target


def import_decisions(path: Path, landing: Path, warehouse_path: Path, skip_invalid: bool = False,
                     now: datetime | None = None) -> ImportOutcome:
    """Check every decided row of a filled-in worklist, then write the new ones as a decisions
    file. Raises DecisionsRejected (nothing written) when a row fails, unless skip_invalid."""
    now = now or datetime.now(UTC)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    warehouse = Warehouse(warehouse_path)
    try:
        checked, rejected = check_rows(path, warehouse, now, DecisionRules.from_seeds())
        if rejected and not skip_invalid:
            raise DecisionsRejected(rejected, len(checked))
        made_before = warehouse.repeated(checked, landing)
    finally:
        warehouse.close()
    outcome, keys = ImportOutcome(rejected=rejected), set()
    for n, (decision, timed) in enumerate(checked):
        if n in made_before or decision.key(timed) in keys:
            outcome.repeated += 1
        else:
            keys.add(decision.key(timed))
            outcome.decisions.append(decision)
    if outcome.decisions:
        outcome.written = write_decisions(outcome.decisions, landing, now)
    return outcome


def summary(outcome: ImportOutcome, path: Path) -> list[str]:
    """What the import did, for the command line."""
    lines = []
    if outcome.written:
        lines.append(f"wrote {outcome.written}: {len(outcome.decisions)} decision(s); they take effect in the "
                     "next `pipelines run`, whatever day it loads, and show in the marts and the next worklist")
    elif not outcome.repeated:
        lines.append(f"{path}: no row has a decision; nothing written")
    if outcome.repeated:
        lines.append(f"{outcome.repeated} decision(s) were imported before and are not written again")
    if outcome.rejected:
        lines.append(f"{len(outcome.rejected)} row(s) skipped:")
        lines += [f"  {r}" for r in outcome.rejected]
    return lines

