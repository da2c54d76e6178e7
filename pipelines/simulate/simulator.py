"""Day-by-day simulation of the STORM and ATHENA daily extracts, with ground truth.

Months are planned one ahead (a crime recorded early in a month may come from an
incident late in the previous one); every record waits in a per-day queue until its day
is written, so memory holds the months in flight, never the history.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from tqdm import tqdm

from . import vocabulary as V
from .calibration import month_index, parse_month, solve_monthly
from .extracts import ATHENA_COLUMNS, DECISION_COLUMNS, STORM_COLUMNS, ExtractWriter
from .planner import MonthPlanner, split_whole
from .refs import canonical, format_ref
from .world import Crime, Incident, iso, local, local_date

REVIEWERS = tuple(f"CB{n:03d}" for n in range(101, 113))
DECISION_NOTES = {
    "KNIFE_CONFIRMED": "STORM log and victim account confirm a knife was used",
    "NOT_KNIFE": "reviewed: no knife used or threatened in this offence",
    "NOT_ELIGIBLE": "offence outside the knife crime collection",
    "LINK_CORRECTED": "incident reference corrected after review of STORM",
}


@dataclass
class Summary:
    days: int
    incidents: int
    crime_versions: int
    crimes: int
    decisions: int
    bad_rows: int


class Simulator:
    def __init__(self, profile: dict, start: date, end: date, seed: int, scale: float, out: Path):
        self.p, self.start, self.end, self.scale, self.out = profile, start, end, scale, out
        self.rng = np.random.default_rng(seed)
        cal_first = parse_month(str(profile["start"]))
        cal_last = parse_month(str(profile["end"]))
        self.monthly = solve_monthly(profile["calibration"], profile["seasonality"],
                                     profile["series_seasonality"], cal_first, cal_last, scale)
        self.planner = MonthPlanner(profile, self.monthly, cal_first, self.rng, start, end)
        self.r = self.planner.r
        self.incidents: dict[date, list[Incident]] = defaultdict(list)
        self.storm_later: dict[date, list[tuple[Incident, float]]] = defaultdict(list)
        self.athena: dict[date, list[tuple[Crime, int, dict, float]]] = defaultdict(list)
        self.decisions: dict[date, list[tuple[Crime, str, float]]] = defaultdict(list)
        self.recorded: dict[date, list[Crime]] = defaultdict(list)
        self.asb: dict[date, int] = {}
        self.logs_per_day: dict[date, int] = {}
        self.planned: set[int] = set()
        self.counts = Summary(0, 0, 0, 0, 0, 0)

    # -- planning ------------------------------------------------------------------------
    def _plan(self, month: int) -> None:
        if month in self.planned:
            return
        self.planned.add(month)
        for crime in self.planner.plan(month):
            self._queue_crime(crime)
        self._plan_asb(month)

    def _plan_asb(self, month: int) -> None:
        first = date(month // 12, month % 12 + 1, 1)
        days = [first + timedelta(days=i) for i in range(31) if (first + timedelta(days=i)).month == first.month]
        weights = np.asarray(self.p["weekday_weights"]["incidents"], dtype=float)
        split = split_whole(self.planner.figure("asb_incidents", month), np.array([weights[d.weekday()] for d in days]))
        self.asb.update(zip(days, (int(x) for x in split), strict=True))

    def _queue_crime(self, crime: Crime) -> None:
        self.recorded[local_date(crime.recorded)].append(crime)
        if crime.incident is not None:
            self.incidents[local_date(crime.incident.created)].append(crime.incident)
        versions = self._versions(crime)
        rate = self.p["messiness"]["out_of_order_versions"]
        for i, (state, ts) in enumerate(versions):
            deliver = local_date(ts)
            if i + 1 < len(versions) and self.r.random() < rate:
                late = local_date(versions[i + 1][1]) + timedelta(days=self.r.randint(1, 2))
                if late <= self.end:
                    deliver = late
                    crime.errors.append("OUT_OF_ORDER")
            self.athena[deliver].append((crime, i + 1, state, ts))
        for ts, decision in crime.decisions:
            self.decisions[local_date(ts)].append((crime, decision, ts))

    @staticmethod
    def _versions(crime: Crime) -> list[tuple[dict, float]]:
        """One version per day on which the record changed, holding that day's last state."""
        state = {"code": crime.initial_code or crime.code, "flag": crime.initial_flag,
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

    # -- incidents that never become crimes ---------------------------------------------------
    def _other_incidents(self, day: date, crime_linked: int) -> list[Incident]:
        storm, kn, rng, planner = self.p["storm"], self.p["knife"], self.rng, self.planner
        season = self.p["seasonality"]["incidents"][day.month - 1]
        weekday = np.asarray(self.p["weekday_weights"]["incidents"], dtype=float)
        mean = storm["incidents_per_year"] * self.scale / 365.25 * season * weekday[day.weekday()] / weekday.mean()
        total = int(rng.poisson(mean))
        asb = self.asb.get(day, 0)
        unrecorded = int(rng.poisson(kn["unrecorded_knife_incidents_per_day"] * self.scale))
        self_harm = int(rng.poisson(kn["self_harm_knife_incidents_per_day"] * self.scale))
        other = max(total - crime_linked - asb - unrecorded - self_harm, 0)

        closing = list(planner.pick.mix(storm["asb_codes"], asb))
        closing += list(planner.pick.mix(storm["other_mix"], other))
        closing += list(planner.pick.mix({"CRIME-VIOLENCE": 0.7, "CRIME-ROBBERY": 0.3}, unrecorded))
        closing += ["PSW-MENTAL-HEALTH"] * self_harm
        n = len(closing)
        created = planner.time_in_day(day, n)
        durations = rng.gamma(2.0, 0.6, n) * 3600
        next_day = rng.random(n) < storm["closes_next_day"]
        durations[next_day] = rng.uniform(20, 40, int(next_day.sum())) * 3600
        closed = np.minimum(created + durations, planner.end_ts)
        districts, east, north = planner.place(n)
        grades = planner.pick.mix(storm["grades"], n)
        confound = rng.random(n) < kn["confounder_text"]
        alcohol = rng.random(n) < storm["qualifiers"]["ALCOHOL"]
        out = []
        for i, code in enumerate(closing):
            kind = ("asb" if i < asb else "other" if i < asb + other
                    else "unrecorded" if i < asb + other + unrecorded else "self_harm")
            opening = code
            if kind == "asb" and self.r.random() < storm["asb_opened_as_other"]:
                opening = "PSW-CONCERN"
            qualifiers: list[str] = ["ALCOHOL"] if alcohol[i] else []
            extra = None
            true_knife = kind in ("unrecorded", "self_harm")
            if kind == "unrecorded":
                qualifiers.append("WEAPON-KNIFE")
                extra = self.r.choice(V.KNIFE_PHRASES)
            elif kind == "self_harm":
                extra = self.r.choice(V.SELF_HARM_KNIFE)
            elif confound[i]:
                extra = planner._confounder()
            phrases = V.CATEGORY_PHRASES[code]
            lines = planner.narrative(float(created[i]), float(closed[i]), self.r.choice(phrases), extra)
            out.append(Incident(
                created=float(created[i]), closed=float(closed[i]), opening_code=opening,
                closing_code=code, grade=1 if true_knife else int(grades[i]),
                qualifiers=tuple(sorted(qualifiers)), district=districts[i], easting=int(east[i]),
                northing=int(north[i]), lines=lines, true_knife=true_knife,
                should_be_crime=kind == "unrecorded",
            ))
        return out

    # -- rows ------------------------------------------------------------------------------
    @staticmethod
    def _incident_events(inc: Incident) -> list[float]:
        ev = [inc.created + 60, inc.closed]
        if inc.crime_ref_mention is not None:
            ev.append(inc.crime_ref_mention)
        return sorted(ev)

    def _storm_row(self, inc: Incident, ts: float) -> list[str]:
        closed = inc.closed <= ts
        lines = [(t, text) for t, text in inc.lines if t <= ts]
        if inc.crime_ref_mention is not None and inc.crime_ref_mention <= ts and inc.crime is not None:
            lines.append((inc.crime_ref_mention, f"{{t}} UPDATE: crime ref {inc.crime.ref} raised."))
            lines.sort(key=lambda x: x[0])
        narrative = "\n".join(text.replace("{t}", f"{local(t):%H:%M}") for t, text in lines)
        return [
            inc.log_date.isoformat(), str(inc.log_number), iso(ts), iso(inc.created),
            iso(inc.closed) if closed else "", inc.opening_code, inc.closing_code if closed else "",
            str(inc.grade), "|".join(inc.qualifiers), inc.district, str(inc.easting),
            str(inc.northing), narrative,
        ]

    def _incident_ref(self, crime: Crime) -> str:
        if crime.incident_ref is None:
            inc = crime.incident
            variant = crime.ref_variant
            if inc is None:
                crime.incident_ref = ""
            elif variant == "wrong_log":
                n = self.logs_per_day[inc.log_date]
                other = inc.log_number + self.r.randint(1, 5) * self.r.choice((1, -1))
                other = other if 1 <= other <= n and other != inc.log_number else (inc.log_number % n) + 1
                crime.incident_ref = format_ref(variant, other, inc.log_date)
            elif variant == "no_such_log":
                n = self.logs_per_day[inc.log_date]
                crime.incident_ref = format_ref(variant, n + self.r.randint(1, 500), inc.log_date)
            else:
                crime.incident_ref = format_ref(variant, inc.log_number, inc.log_date)
        return crime.incident_ref

    def _athena_row(self, crime: Crime, version_no: int, state: dict, ts: float) -> list[str]:
        descriptions = self.p["offences"]["descriptions"]
        return [
            crime.ref, str(version_no), iso(ts), self._incident_ref(crime), iso(crime.reported),
            iso(crime.recorded), iso(crime.committed_from),
            iso(crime.committed_to) if crime.committed_to else "", state["code"],
            descriptions.get(state["code"], ""), state["flag"], "Y" if crime.domestic else "N",
            "Y" if crime.hate else "N", state["status"], state["reason"], state["outcome"],
            local_date(state["outcome_ts"]).isoformat() if state["outcome_ts"] else "",
            crime.district, str(crime.easting), str(crime.northing), crime.victim_sex,
            crime.age_band, crime.officer_id, crime.victim_name, crime.victim_dob, crime.suspect_name,
        ]

    # -- the run -------------------------------------------------------------------------
    def run(self, progress: bool = True) -> Summary:
        truth = self.out / "_truth"
        truth.mkdir(parents=True, exist_ok=True)
        with (open(truth / "crimes_truth.csv", "w", newline="", encoding="utf-8") as fc,
              open(truth / "incidents_truth.csv", "w", newline="", encoding="utf-8") as fi,
              open(truth / "bad_rows.csv", "w", newline="", encoding="utf-8") as fb):
            crimes_truth, incidents_truth, bad_rows = csv.writer(fc), csv.writer(fi), csv.writer(fb)
            crimes_truth.writerow(["crime_ref", "recorded_at", "ho_code", "counted", "true_knife",
                                   "true_log_date", "true_log_number", "injected_errors",
                                   "knife_evidence", "resolution"])
            incidents_truth.writerow(["log_date", "log_number", "true_knife", "should_be_crime", "crime_ref"])
            bad_rows.writerow(["file", "record_no", "kind", "key1", "key2"])
            writer = ExtractWriter(self.out, self.rng, self.r, self.p["messiness"], bad_rows)
            days = (self.end - self.start).days + 1
            for offset in tqdm(range(days), desc="simulating days", unit="day", disable=not progress):
                day = self.start + timedelta(days=offset)
                month = month_index(day.year, day.month)
                self._plan(month)
                self._plan(month + 1)
                self._write_day(day, writer, crimes_truth, incidents_truth)
            self.counts.days = days
        with open(truth / "redeliveries.csv", "w", newline="", encoding="utf-8") as fr:
            w = csv.writer(fr)
            w.writerow(["original", "redelivered"])
            w.writerows(writer.redeliveries)
        with open(truth / "bad_rows.csv", encoding="utf-8") as fb:
            self.counts.bad_rows = sum(1 for _ in csv.reader(fb)) - 1
        return self.counts

    def _write_day(self, day: date, writer: ExtractWriter, crimes_truth, incidents_truth) -> None:
        linked = self.incidents.pop(day, [])
        incidents = linked + self._other_incidents(day, len(linked))
        incidents.sort(key=lambda inc: inc.created)
        self.logs_per_day[day] = len(incidents)
        storm_rows = []
        for number, inc in enumerate(incidents, start=1):
            inc.log_date, inc.log_number = day, number
            by_day: dict[date, float] = {}
            for ts in self._incident_events(inc):
                by_day[local_date(ts)] = ts
            for when, ts in by_day.items():
                if when == day:
                    storm_rows.append(self._storm_row(inc, ts))
                elif when <= self.end:
                    self.storm_later[when].append((inc, ts))
            incidents_truth.writerow([
                day.isoformat(), number, "Y" if inc.true_knife else "N",
                "Y" if inc.should_be_crime else "N", inc.crime.ref if inc.crime else "",
            ])
        storm_rows += [self._storm_row(inc, ts) for inc, ts in self.storm_later.pop(day, [])]
        self.counts.incidents += len(incidents)
        writer.write("storm", day, STORM_COLUMNS, storm_rows)

        versions = sorted(self.athena.pop(day, []), key=lambda v: v[3])
        writer.write("athena", day, ATHENA_COLUMNS, [self._athena_row(*v) for v in versions])
        self.counts.crime_versions += len(versions)

        decisions = self.decisions.pop(day, [])
        if decisions:
            rows = []
            for crime, decision, ts in sorted(decisions, key=lambda d: d[2]):
                linked_ref = ""
                if decision == "LINK_CORRECTED":
                    linked_ref = canonical(crime.incident.log_number, crime.incident.log_date)
                rows.append([crime.ref, decision, linked_ref, self.r.choice(REVIEWERS),
                             iso(ts), DECISION_NOTES[decision]])
            writer.write("decisions", day, DECISION_COLUMNS, rows)
            self.counts.decisions += len(rows)

        for crime in self.recorded.pop(day, []):
            inc = crime.incident
            crimes_truth.writerow([
                crime.ref, iso(crime.recorded), crime.code, "Y" if crime.counted else "N",
                "Y" if crime.knife else "N", inc.log_date.isoformat() if inc else "",
                inc.log_number if inc else "", "|".join(dict.fromkeys(crime.errors)),
                crime.evidence, crime.resolution,
            ])
            self.counts.crimes += 1

