"""A planned crime's rows, rendered in the process that planned it.

Once its month is planned, everything in a crime's ATHENA versions, decisions, STORM
versions and truth is known except two things: its sequence number (it depends on the
months before) and its incident's log number (it depends on every incident of that day).
The rows are rendered here around those two, so the process writing the files only joins
the pieces: an ATHENA row is ``ref,head,incident_ref,tail``, a decision row
``ref,decision,linked_ref,tail``, a STORM row ``log_date,log_number,tail`` with ``REF_MARK``
standing for the crime reference in the narrative.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .extracts import csv_field
from .world import Crime, Incident, iso, local_date, local_hh_mm

REF_MARK = "\x1f"
REVIEWERS = tuple(f"CB{n:03d}" for n in range(101, 113))
DECISION_NOTES = {
    "KNIFE_CONFIRMED": "STORM log and victim account confirm a knife was used",
    "NOT_KNIFE": "reviewed: no knife used or threatened in this offence",
    "NOT_ELIGIBLE": "checked the HO code: not a knife-eligible offence",
    "LINK_CORRECTED": "incident reference corrected after review of STORM",
}


@dataclass(slots=True, eq=False)
class PlannedIncident:
    created: float
    created_day: date
    rows: list[tuple[date, str]]        # (day delivered, STORM columns after log_number)
    true_knife: bool
    narrative_family: str               # the phrase bank family of its knife entry, or ""
    crime_ref: str = ""                 # given by the writer, with the crime's
    log_date: date | None = None        # given by the writer, with the day's other incidents
    log_number: int = 0


@dataclass(slots=True, eq=False)
class PlannedCrime:
    """What the writer needs of a planned crime: its rows, rendered, and its truth."""
    year: int
    recorded_day: date
    ref_variant: str
    athena_rows: list[tuple[date, float, str, str]]     # (day delivered, version_ts, head, tail)
    decision_rows: list[tuple[date, float, str, str]]   # (day returned, decided_at, decision, tail)
    truth: tuple[str, ...]     # recorded_at, ho_code, counted, true_knife, errors, evidence, resolution
    incident: PlannedIncident | None = None
    ref: str = ""                       # given by the writer, in recording order


def render(crimes: list[Crime], profile: dict, end: date, r: random.Random) -> list[PlannedCrime]:
    """The month's crimes with their rows rendered as CSV."""
    rate = profile["messiness"]["out_of_order_versions"]
    descriptions = {code: csv_field(text) for code, text in profile["offences"]["descriptions"].items()}
    planned = []
    for crime in crimes:
        versions = _versions(crime)
        before, after = _athena_fixed(crime)
        heads = []
        for i, (state, ts) in enumerate(versions):
            deliver = local_date(ts)
            if i + 1 < len(versions) and r.random() < rate:
                late = local_date(versions[i + 1][1]) + timedelta(days=r.randint(1, 2))
                if late <= end:
                    deliver = late
                    crime.errors.append("OUT_OF_ORDER")
            heads.append((deliver, ts, f"{i + 1},{iso(ts)}", f"{before},{_athena_state(state, descriptions)},{after}"))
        decisions = [(local_date(ts), ts, decision,
                      f"{r.choice(REVIEWERS)},{iso(ts)},{csv_field(DECISION_NOTES[decision])}")
                     for ts, decision in crime.decisions]
        truth = (iso(crime.recorded), crime.code, "Y" if crime.counted else "N", "Y" if crime.knife else "N",
                 "|".join(dict.fromkeys(crime.errors)), crime.evidence, crime.resolution)
        one = PlannedCrime(crime.year, local_date(crime.recorded), crime.ref_variant, heads, decisions, truth)
        if crime.incident is not None:
            inc = crime.incident
            due = _incident_versions(inc, end)
            one.incident = PlannedIncident(inc.created, local_date(inc.created), due, crime.knife,
                                           inc.narrative_family)
        planned.append(one)
    return planned


def _versions(crime: Crime) -> list[tuple[dict, float]]:
    """One version per day on which the record changed, holding that day's last state."""
    state = {"code": crime.initial_code or crime.code, "flag": crime.initial_flag,
             "domestic": "Y" if crime.domestic else "N", "hate": "Y" if crime.hate else "N",
             "status": "RECORDED", "reason": "", "outcome": "", "outcome_ts": None}
    versions: list[tuple[dict, float]] = []
    for ts, kind, value in crime.events():
        if kind == "code":
            state["code"] = value
        elif kind == "flag":
            state["flag"] = value
        elif kind == "cancel":
            state["status"], state["reason"] = value[1], value[2]
        elif kind == "outcome":
            state["outcome"], state["outcome_ts"] = str(value[1]), value[0]
        if versions and local_date(versions[-1][1]) == local_date(ts):
            versions[-1] = (dict(state), ts)
        else:
            versions.append((dict(state), ts))
    return versions


def _athena_fixed(crime: Crime) -> tuple[str, str]:
    """The ATHENA columns after incident_ref that no version changes, as CSV: those before
    the offence code and those after the outcome date."""
    return (",".join((iso(crime.reported), iso(crime.recorded), iso(crime.committed_from),
                      iso(crime.committed_to) if crime.committed_to else "")),
            ",".join((csv_field(crime.district), str(crime.easting), str(crime.northing), crime.victim_sex,
                      crime.age_band, crime.officer_id, csv_field(crime.victim_name), crime.victim_dob,
                      csv_field(crime.suspect_name))))


def _athena_state(state: dict, descriptions: dict[str, str]) -> str:
    """The ATHENA columns from ho_code to outcome_date as one version holds them, as CSV
    (``descriptions`` already quoted)."""
    return ",".join((
        csv_field(state["code"]), descriptions.get(state["code"], ""), state["flag"], state["domestic"],
        state["hate"], state["status"], state["reason"], state["outcome"],
        local_date(state["outcome_ts"]).isoformat() if state["outcome_ts"] else "",
    ))


def _incident_versions(inc: Incident, end: date) -> list[tuple[date, str]]:
    """STORM versions of a crime's incident, one per day with a change, holding the day's
    last state: (day, CSV of the columns after log_number)."""
    events = sorted([inc.created + 60, inc.closed]
                    + ([inc.crime_ref_mention] if inc.crime_ref_mention is not None else []))
    by_day: dict[date, float] = {}
    for ts in events:
        by_day[local_date(ts)] = ts
    created, closed = iso(inc.created), iso(inc.closed)
    opening, closing = csv_field(inc.opening_code), csv_field(inc.closing_code)
    place = ",".join((str(inc.grade), csv_field("|".join(inc.qualifiers)), csv_field(inc.district),
                      str(inc.easting), str(inc.northing)))
    rows = []
    for when, ts in by_day.items():
        if when > end:
            continue
        shut = inc.closed <= ts
        rows.append((when, f"{iso(ts)},{created},{closed if shut else ''},{opening},{closing if shut else ''},"
                           f"{place},{csv_field(_narrative(inc, ts))}"))
    return rows


def _narrative(inc: Incident, ts: float) -> str:
    """The incident's narrative as it stood at ``ts``."""
    lines = [(t, text) for t, text in inc.lines if t <= ts]
    if inc.crime_ref_mention is not None and inc.crime_ref_mention <= ts:
        lines.append((inc.crime_ref_mention, f"{{t}} UPDATE: crime ref {REF_MARK} raised."))
        lines.sort(key=lambda x: x[0])
    return "\n".join(text.replace("{t}", local_hh_mm(t)) for t, text in lines)
