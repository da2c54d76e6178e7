"""Records of the simulated world: incidents and crimes with their full histories.

A crime's history is a list of timed changes; the daily ATHENA delta shows one row per
day on which the record changed, holding the state after that day's last change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from pipelines.seeds import seed_rows

LONDON = ZoneInfo("Europe/London")

@cache
def _offence_column(column: str) -> dict[str, str]:
    return {row["ho_code"]: row[column] for row in seed_rows("offence_codes.csv")}


def storm_category(code: str) -> str:
    """The STORM closing category of a Home Office code, from the offence_codes seed (the list
    the reconciliation scores candidate links by)."""
    return _offence_column("storm_category")[code]


def offence_category(code: str) -> str:
    """The Home Office offence category of a code (burglary, sexual_offences...), from the seed."""
    return _offence_column("offence_category")[code]


# London changes its offset on the hour, so the offset of a timestamp's hour is its offset.
@lru_cache(maxsize=1 << 16)
def _hour_offset(hour: int) -> int:
    return int(datetime.fromtimestamp(hour * 3600, LONDON).utcoffset().total_seconds())


_EPOCH_DAY = date(1970, 1, 1).toordinal()


@lru_cache(maxsize=1 << 16)
def _hour_date(hour: int) -> date:
    """The local day of an hour (local midnight falls on a UTC hour boundary in London)."""
    return date.fromordinal(_EPOCH_DAY + (hour * 3600 + _hour_offset(hour)) // 86400)


def local_date(ts: float) -> date:
    return _hour_date(int(ts // 3600))


def local_hh_mm(ts: float) -> str:
    secs = int(ts // 1)
    return _HH_MM_TEXT[(secs + _hour_offset(secs // 3600)) // 60 % 1440]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(round(ts), LONDON).isoformat()


# Vector forms of the above, for a day's worth of timestamps at once.
_HH_MM_TEXT = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(1440))
_HH_MM = np.array(_HH_MM_TEXT, dtype=object)


def utc_offsets(ts: np.ndarray) -> np.ndarray:
    """Seconds east of UTC in London at each POSIX timestamp."""
    hours, where = np.unique(np.floor_divide(ts, 3600).astype(np.int64), return_inverse=True)
    return np.array([_hour_offset(int(h)) for h in hours], dtype=np.int64)[where.reshape(-1)]


def iso_many(ts: np.ndarray) -> np.ndarray:
    """``iso`` of each timestamp, as an object array of str."""
    secs = np.round(ts).astype(np.int64)
    offsets = utc_offsets(secs)
    text = np.datetime_as_string((secs + offsets).astype("datetime64[s]"), unit="s").astype(object)
    distinct, where = np.unique(offsets, return_inverse=True)
    labels = np.array([f"{'+' if o >= 0 else '-'}{abs(o) // 3600:02d}:{abs(o) % 3600 // 60:02d}"
                       for o in distinct], dtype=object)
    return text + labels[where.reshape(-1)]


def local_days(ts: np.ndarray) -> np.ndarray:
    """Local calendar day of each timestamp, as a proleptic Gregorian ordinal (date.toordinal)."""
    secs = np.floor(ts).astype(np.int64)
    return (secs + utc_offsets(secs)) // 86400 + _EPOCH_DAY


def hh_mm(ts: np.ndarray) -> np.ndarray:
    """Local ``HH:MM`` of each timestamp, as an object array of str."""
    secs = np.floor(ts).astype(np.int64)
    return _HH_MM[(secs + utc_offsets(secs)) // 60 % 1440]


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
    crime_ref_mention: float | None = None   # when the narrative records the crime reference
    narrative_family: str = ""               # the phrase bank family of its knife entry, if any


@dataclass(eq=False)
class Crime:
    year: int
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
    evidence: str = "none"
    errors: list[str] = field(default_factory=list)
    decisions: list[tuple[float, str]] = field(default_factory=list)   # Crime Bureau, returned

    @property
    def resolution(self) -> str:
        parts = ["ATHENA_CORRECTION"] if self.flag_changes else []
        return "|".join(parts + [d for _, d in self.decisions])

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
