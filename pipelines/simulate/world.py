"""Records of the simulated world: incidents and crimes with their full histories.

A crime's history is a list of timed changes; the daily ATHENA delta shows one row per
day on which the record changed, holding the state after that day's last change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# Offence code -> STORM category of the incident it comes from.
CATEGORY_BY_FAMILY = {
    "violence": "CRIME-VIOLENCE",
    "sexual": "CRIME-SEXUAL",
    "robbery": "CRIME-ROBBERY",
    "burglary": "CRIME-BURGLARY",
    "theft": "CRIME-THEFT",
    "damage": "CRIME-DAMAGE",
    "other": "CRIME-OTHER",
}


def offence_family(code: str) -> str:
    if code in ("34A", "34B"):
        return "robbery"
    if code in ("28E", "28F", "30C"):
        return "burglary"
    if code in ("39", "45", "46", "48", "49", "126"):
        return "theft"
    if code.startswith("58") or code == "56A":
        return "damage"
    if code[:2] in ("19", "20", "17"):
        return "sexual"
    if code in ("9A",) or code.startswith("92") or code.startswith("10"):
        return "other"
    return "violence"


def local(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, LONDON)


def local_date(ts: float) -> date:
    return datetime.fromtimestamp(ts, LONDON).date()


def iso(ts: float) -> str:
    return datetime.fromtimestamp(round(ts), LONDON).isoformat()


@dataclass(eq=False)
class Incident:
    created: float
    closed: float
    opening_code: str
    closing_code: str
    grade: int
    qualifiers: tuple[str, ...]
    district: str
    easting: int
    northing: int
    lines: list[tuple[float, str]]   # timed narrative entries
    true_knife: bool = False
    should_be_crime: bool = False
    crime: Crime | None = None
    log_date: date | None = None
    log_number: int | None = None
    crime_ref_mention: float | None = None   # when the narrative records the crime reference


@dataclass(eq=False)
class Crime:
    seq: int
    year: int
    force: int
    recorded: float
    reported: float
    committed_from: float
    committed_to: float | None
    code: str                      # final Home Office code
    district: str
    easting: int
    northing: int
    victim_sex: str
    age_band: str
    domestic: bool
    hate: bool
    officer_id: str
    victim_name: str
    victim_dob: str
    suspect_name: str
    counted: bool = True
    knife: bool = False
    initial_code: str | None = None
    reclass_at: float | None = None
    initial_flag: str = "N"
    flag_changes: list[tuple[float, str]] = field(default_factory=list)
    cancel: tuple[float, str, str] | None = None      # (when, status, reason)
    outcome: tuple[float, int] | None = None          # (when, outcome type)
    incident: Incident | None = None
    ref_variant: str = "empty"
    incident_ref: str | None = None                   # as typed, fixed on first write
    evidence: str = "none"
    errors: list[str] = field(default_factory=list)
    decisions: list[tuple[float, str]] = field(default_factory=list)   # Crime Bureau, returned

    @property
    def resolution(self) -> str:
        parts = ["ATHENA_CORRECTION"] if self.flag_changes else []
        return "|".join(parts + [d for _, d in self.decisions])

    @property
    def ref(self) -> str:
        return f"{self.force}/{self.seq}/{self.year % 100:02d}"

    def events(self) -> list[tuple[float, str, object]]:
        ev: list[tuple[float, str, object]] = [(self.recorded, "recorded", None)]
        if self.reclass_at is not None:
            ev.append((self.reclass_at, "code", self.code))
        ev.extend((ts, "flag", value) for ts, value in self.flag_changes)
        if self.cancel is not None:
            ev.append((self.cancel[0], "cancel", self.cancel))
        if self.outcome is not None:
            ev.append((self.outcome[0], "outcome", self.outcome))
        ev.sort(key=lambda e: e[0])
        return ev

    def state_at(self, as_at_date: date) -> tuple[str, str, str]:
        """(ho_code, knife_flag, status) from every change made on or before as_at_date."""
        code = self.initial_code or self.code
        flag, status = self.initial_flag, "RECORDED"
        for ts, kind, value in self.events():
            if local_date(ts) > as_at_date:
                break
            if kind == "code":
                code = value
            elif kind == "flag":
                flag = value
            elif kind == "cancel":
                status = value[1]
        return code, flag, status
