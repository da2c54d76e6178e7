"""Day-by-day simulation of the STORM and ATHENA daily extracts, with ground truth.

Months are planned one ahead (a crime recorded early in a month may come from an
incident late in the previous one); every record waits in a per-day queue until its day
is written, so memory holds the months in flight, never the history. A month's crimes
(``planner``, rendered by ``render``) and a day's incidents that never become crimes
(``background``) depend on nothing but their month or day, so worker processes make them
(``workers``) while this one numbers the day's STORM logs and writes the files.
"""

from __future__ import annotations

import csv
import os
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
from tqdm import tqdm

from .background import Background, BackgroundDay
from .calibration import month_index, parse_month, solve_monthly
from .extracts import ATHENA_COLUMNS, DECISION_COLUMNS, STORM_COLUMNS, ExtractWriter
from .planner import MonthPlanner
from .refs import canonical, format_ref
from .render import REF_MARK, PlannedCrime, PlannedIncident
from .spool import DayQueue
from .workers import fewer_collections, made_ahead


@dataclass
class Summary:
    days: int
    incidents: int
    crime_versions: int
    crimes: int
    decisions: int
    bad_rows: int


class Simulator:
    def __init__(self, profile: dict, start: date, end: date, seed: int, scale: float, out: Path,
                 processes: int | None = None):
        """``processes``: worker processes planning months and making background days (0 does
        it all in this one; the default is one per core). The files do not depend on it."""
        self.p, self.start, self.end, self.scale, self.out = profile, start, end, scale, out
        self.processes = (os.cpu_count() or 1) if processes is None else processes
        self.rng = np.random.default_rng(seed)
        self.r = random.Random(int(self.rng.integers(2**63)))
        cal_first = parse_month(str(profile["start"]))
        cal_last = parse_month(str(profile["end"]))
        self.monthly = solve_monthly(profile["calibration"], profile["seasonality"],
                                     profile["series_seasonality"], cal_first, cal_last, scale, seed)
        self.planner = MonthPlanner(profile, self.monthly, cal_first, seed, start, end)
        self.background = Background(profile, self.monthly, cal_first, seed, scale, end)
        self.force = int(profile["force_code"])
        self.sequence: dict[int, int] = {}      # crimes numbered so far, per year
        self.incidents: dict[date, list[PlannedIncident]] = defaultdict(list)
        self.storm_later: dict[date, list[str]] = defaultdict(list)
        self.recorded: dict[date, list[PlannedCrime]] = defaultdict(list)
        self.logs_per_day: dict[date, int] = {}
        self.counts = Summary(0, 0, 0, 0, 0, 0)

    # -- planning ------------------------------------------------------------------------
    def _queue_month(self, crimes: list[PlannedCrime]) -> None:
        """Queue a planned month's crimes, numbered in recording order."""
        for crime in crimes:
            self.sequence[crime.year] = seq = self.sequence.get(crime.year, 0) + 1
            crime.ref = f"{self.force}/{seq}/{crime.year % 100:02d}"
            if crime.incident is not None:
                crime.incident.crime_ref = crime.ref
            self._queue_crime(crime)

    def _queue_crime(self, crime: PlannedCrime) -> None:
        self.recorded[crime.recorded_day].append(crime)
        if crime.incident is not None:
            self.incidents[crime.incident.created_day].append(crime.incident)

    def _recorded(self, crime: PlannedCrime, athena: DayQueue, decisions: DayQueue) -> None:
        """Finish the rows of a crime recorded today (its incident has its log number by now)
        and queue them for their days."""
        incident_ref = self._incident_ref(crime)
        for deliver, ts, head, tail in crime.athena_rows:
            athena.add(deliver, ts, f"{crime.ref},{head},{incident_ref},{tail}")
        for day, ts, decision, tail in crime.decision_rows:
            linked_ref = ""
            if decision == "LINK_CORRECTED":
                linked_ref = canonical(crime.incident.log_number, crime.incident.log_date)
            decisions.add(day, ts, f"{crime.ref},{decision},{linked_ref},{tail}")

    def _incident_ref(self, crime: PlannedCrime) -> str:
        """The incident reference as the officer typed it into ATHENA."""
        inc = crime.incident
        variant = crime.ref_variant
        if inc is None:
            return ""
        if variant == "wrong_log":
            n = self.logs_per_day[inc.log_date]
            other = inc.log_number + self.r.randint(1, 5) * self.r.choice((1, -1))
            other = other if 1 <= other <= n and other != inc.log_number else (inc.log_number % n) + 1
            return format_ref(variant, other, inc.log_date)
        if variant == "no_such_log":
            n = self.logs_per_day[inc.log_date]
            return format_ref(variant, n + self.r.randint(1, 500), inc.log_date)
        return format_ref(variant, inc.log_number, inc.log_date)

    # -- the run -------------------------------------------------------------------------
    def run(self, progress: bool = True) -> Summary:
        truth = self.out / "_truth"
        truth.mkdir(parents=True, exist_ok=True)
        writer = ExtractWriter(self.out, self.rng, self.r, self.p["messiness"])
        days = [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]
        first = month_index(self.start.year, self.start.month)
        months = list(range(first, month_index(self.end.year, self.end.month) + 2))
        with (open(truth / "crimes_truth.csv", "w", newline="", encoding="utf-8") as fc,
              open(truth / "incidents_truth.csv", "w", newline="", encoding="utf-8") as fi,
              TemporaryDirectory(prefix=".spool-", dir=self.out) as spool,
              fewer_collections(),
              made_ahead(self.background, self.planner, days, months, self.processes) as (backgrounds, plans)):
            crimes_truth, incidents_truth = csv.writer(fc), csv.writer(fi)
            crimes_truth.writerow(["crime_ref", "recorded_at", "ho_code", "counted", "true_knife",
                                   "true_log_date", "true_log_number", "injected_errors",
                                   "knife_evidence", "resolution"])
            incidents_truth.writerow(["log_date", "log_number", "true_knife", "should_be_crime", "crime_ref",
                                      "narrative_family"])
            queues = DayQueue(Path(spool), "athena", self.start), DayQueue(Path(spool), "decisions", self.start)
            queued = first - 1      # the last month whose crimes are queued
            for day, background in _progress(zip(days, backgrounds, strict=True), len(days), progress):
                while queued <= month_index(day.year, day.month):   # through next month
                    self._queue_month(next(plans))
                    queued += 1
                self._write_day(day, background, writer, crimes_truth, incidents_truth, *queues)
            for queue in queues:
                queue.close()
        self.counts.days = len(days)
        self.counts.bad_rows = len(writer.bad_rows)
        for name, header, rows in (("redeliveries.csv", ["original", "redelivered"], writer.redeliveries),
                                   ("bad_rows.csv", ["file", "record_no", "kind", "key1", "key2"], writer.bad_rows)):
            with open(truth / name, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(header)
                w.writerows(rows)
        return self.counts

    def _write_day(self, day: date, background: BackgroundDay, writer: ExtractWriter, crimes_truth,
                   incidents_truth, athena: DayQueue, decisions: DayQueue) -> None:
        self._write_storm(day, background, writer, incidents_truth)
        for crime in self.recorded.pop(day, []):
            self._recorded(crime, athena, decisions)
            inc = crime.incident
            recorded_at, code, counted, knife, errors, evidence, resolution = crime.truth
            crimes_truth.writerow([
                crime.ref, recorded_at, code, counted, knife, inc.log_date.isoformat() if inc else "",
                inc.log_number if inc else "", errors, evidence, resolution,
            ])
            self.counts.crimes += 1

        versions = athena.pop(day)
        writer.write("athena", day, ATHENA_COLUMNS, versions)
        self.counts.crime_versions += len(versions)
        decided = decisions.pop(day)
        if decided:
            writer.write("decisions", day, DECISION_COLUMNS, decided)
            self.counts.decisions += len(decided)

    def _write_storm(self, day: date, background: BackgroundDay, writer: ExtractWriter, incidents_truth) -> None:
        """Number the day's logs in order of creation, crime incidents and background together,
        and write every STORM row due today."""
        linked = self.incidents.pop(day, [])
        created = np.concatenate([background.created, np.array([inc.created for inc in linked], dtype=float)])
        order = np.argsort(created, kind="stable")
        number = np.empty(len(created), dtype=np.int64)
        number[order] = np.arange(1, len(created) + 1)
        self.logs_per_day[day] = len(created)
        n_background = len(background.created)
        for inc, n in zip(linked, number[n_background:].tolist(), strict=True):
            inc.log_date, inc.log_number = day, n
        prefix = f"{day.isoformat()},"
        rows = [(n, f"{prefix}{n},{line}")
                for n, line in zip(number[background.line_incident].tolist(), background.lines, strict=True)]
        for ordinal, i, line in background.later:
            self.storm_later[date.fromordinal(ordinal)].append(f"{prefix}{number[i]},{line}")
        for inc in linked:
            for when, tail in inc.rows:
                line = f"{prefix}{inc.log_number},{tail.replace(REF_MARK, inc.crime_ref)}"
                if when == day:
                    rows.append((inc.log_number, line))
                else:
                    self.storm_later[when].append(line)
        rows.sort(key=lambda r: r[0])
        writer.write("storm", day, STORM_COLUMNS, [line for _, line in rows] + self.storm_later.pop(day, []))
        self.counts.incidents += len(created)

        yes_no = np.array(["N", "Y"], dtype=object)
        true_knife = np.concatenate([background.true_knife, [inc.true_knife for inc in linked]])
        should_be_crime = np.concatenate([background.should_be_crime, np.ones(len(linked), dtype=bool)])
        crime_ref = np.array([""] * n_background + [inc.crime_ref for inc in linked], dtype=object)
        family = np.concatenate([background.narrative_family,
                                 np.array([inc.narrative_family for inc in linked], dtype=object)])
        incidents_truth.writerows(zip(
            [day.isoformat()] * len(created), range(1, len(created) + 1), yes_no[true_knife[order].astype(int)],
            yes_no[should_be_crime[order].astype(int)], crime_ref[order], family[order], strict=True))


def _progress(days_made, total: int, shown: bool):
    """The days as they are made, with a progress bar on a terminal and, when the output is a
    file or a pipe (a nightly log), one plain line as each month starts instead of redraws."""
    if not shown or sys.stderr.isatty():
        yield from tqdm(days_made, total=total, desc="simulating days", unit="day", disable=not shown)
        return
    for done, (day, background) in enumerate(days_made):
        if day.day == 1 or done == 0:
            print(f"simulating {day:%Y-%m} ({done} of {total} days done)", file=sys.stderr, flush=True)
        yield day, background
