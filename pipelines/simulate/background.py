"""Incidents that never become crimes: most of STORM, generated one day at a time.

A day's background incidents depend only on the profile, the seed and the date (each day
draws from its own random stream), so days can be made in a worker process (``workers``)
and the files come out the same whichever process made them. Every attribute is drawn as
an array and every row is rendered to CSV here; the main process only numbers the day's
logs and writes the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from . import vocabulary as V
from .calibration import month_index
from .extracts import encode_rows
from .phrases import phrase_bank
from .planner import ACTION_AT, EXTRA_AT, MIN_SPAN, figure, midnight, split_whole, times_in_day
from .world import hh_mm, iso_many, local_days

STREAM = 1          # a day's background draws from (seed, STREAM, day)

ASB, OTHER, UNRECORDED, SELF_HARM = range(4)
# The phrase bank pool each kind of incident with knife words draws from.
POOLS = {UNRECORDED: "knife", SELF_HARM: "self_harm"}


def _pick(rng: np.random.Generator, options, n: int) -> np.ndarray:
    """n uniform choices from ``options``, as an object array."""
    return np.asarray(options, dtype=object)[rng.integers(len(options), size=n)]


def _mix(rng: np.random.Generator, mix: dict, n: int) -> np.ndarray:
    keys = np.array(list(mix), dtype=object)
    p = np.asarray(list(mix.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


@dataclass
class BackgroundDay:
    created: np.ndarray                 # when each incident was opened, ascending
    lines: list[str]                    # CSV of the columns after log_number, one per row due today
    line_incident: np.ndarray           # the incident (index into created) of each of those rows
    later: list[tuple[int, int, str]]   # rows due on a later day: (day ordinal, incident, CSV)
    true_knife: np.ndarray
    should_be_crime: np.ndarray
    narrative_family: np.ndarray        # the phrase bank family of each incident's knife entry, or ""


class Background:
    def __init__(self, profile: dict, monthly: dict[str, np.ndarray], first_month: int, seed: int,
                 scale: float, end: date):
        self.p, self.monthly, self.first_month = profile, monthly, first_month
        self.seed, self.scale, self.end = seed, scale, end
        self.end_ts = midnight(end + timedelta(days=1)) - 60
        self.hour_p = np.asarray(profile["hour_weights"], dtype=float)
        self.hour_p /= self.hour_p.sum()
        districts = profile["districts"]
        self.districts = np.array(list(districts), dtype=object)
        pop = np.array([d["population"] for d in districts.values()], dtype=float)
        self.district_p = pop / pop.sum()
        self.boxes = np.array([d["bbox"] for d in districts.values()], dtype=float)

    def _figure(self, measure: str, month: int) -> int:
        return figure(self.monthly, self.first_month, measure, month)

    @lru_cache(maxsize=4)  # noqa: B019 - one instance per run, a few months at a time
    def _month_split(self, month: int, measure: str, weights_of: str) -> dict[date, int]:
        """The month's figure split over its days by weekday weight, in whole numbers."""
        first = date(month // 12, month % 12 + 1, 1)
        days = [first + timedelta(days=i) for i in range(31) if (first + timedelta(days=i)).month == first.month]
        weights = np.asarray(self.p["weekday_weights"][weights_of], dtype=float)
        split = split_whole(self._figure(measure, month), np.array([weights[d.weekday()] for d in days]))
        return dict(zip(days, (int(x) for x in split), strict=True))

    def _counts(self, rng: np.random.Generator, day: date) -> tuple[int, int, int, int]:
        """How many ASB, other, unrecorded-knife and self-harm incidents the day has.

        ASB is calibrated, so it is the month's figure split over its days. The rest fill the
        day up to its expected incident volume, less the incidents the day's crimes bring.
        """
        storm, kn, ath = self.p["storm"], self.p["knife"], self.p["athena"]
        month = month_index(day.year, day.month)
        weekday = np.asarray(self.p["weekday_weights"]["incidents"], dtype=float)
        season = self.p["seasonality"]["incidents"][day.month - 1]
        expected = storm["incidents_per_year"] * self.scale / 365.25 * season * weekday[day.weekday()] / weekday.mean()
        crimes = self._month_split(month, "all_crime_offences", "crimes")[day]
        linked = crimes * (1 + ath["cancelled_extra"]) * ath["crime_has_incident"]
        asb = self._month_split(month, "asb_incidents", "incidents")[day]
        unrecorded_mean = kn["unrecorded_knife_incidents_per_day"] * self.scale
        self_harm_mean = kn["self_harm_knife_incidents_per_day"] * self.scale
        other = int(rng.poisson(max(expected - linked - asb - unrecorded_mean - self_harm_mean, 0.0)))
        return asb, other, int(rng.poisson(unrecorded_mean)), int(rng.poisson(self_harm_mean))

    def day(self, day: date) -> BackgroundDay:
        rng = np.random.default_rng([self.seed, STREAM, day.toordinal()])
        storm, kn = self.p["storm"], self.p["knife"]
        asb, other, unrecorded, self_harm = self._counts(rng, day)
        kind = np.repeat(np.array([ASB, OTHER, UNRECORDED, SELF_HARM]), [asb, other, unrecorded, self_harm])
        code = np.concatenate([
            _mix(rng, storm["asb_codes"], asb), _mix(rng, storm["other_mix"], other),
            _mix(rng, {"CRIME-VIOLENCE": 0.7, "CRIME-ROBBERY": 0.3}, unrecorded),
            np.full(self_harm, "PSW-MENTAL-HEALTH", dtype=object),
        ])
        n = len(kind)
        created = times_in_day(rng, day, n, self.hour_p)
        order = np.argsort(created, kind="stable")
        created, kind, code = created[order], kind[order], code[order]

        duration = rng.gamma(2.0, 0.6, n) * 3600
        next_day = rng.random(n) < storm["closes_next_day"]
        duration[next_day] = rng.uniform(20, 40, int(next_day.sum())) * 3600
        closed = np.minimum(created + duration, self.end_ts)
        true_knife = kind >= UNRECORDED
        opening = np.where((kind == ASB) & (rng.random(n) < storm["asb_opened_as_other"]), "PSW-CONCERN", code)
        grades = _mix(rng, storm["grades"], n)
        grade = np.where(true_knife, "1", grades.astype(str).astype(object))
        alcohol = rng.random(n) < storm["qualifiers"]["ALCOHOL"]
        knife_q = kind == UNRECORDED
        qualifiers = np.where(alcohol & knife_q, "ALCOHOL|WEAPON-KNIFE",
                              np.where(alcohol, "ALCOHOL", np.where(knife_q, "WEAPON-KNIFE", ""))).astype(object)
        where = rng.choice(len(self.districts), size=n, p=self.district_p)
        box = self.boxes[where]
        easting = (box[:, 0] + rng.random(n) * (box[:, 1] - box[:, 0])).astype(np.int64).astype(str).astype(object)
        northing = (box[:, 2] + rng.random(n) * (box[:, 3] - box[:, 2])).astype(np.int64).astype(str).astype(object)

        # Knife words: a confounder in some ordinary incidents, the knife or self-harm entry in
        # the others; each drawn from the phrase bank with its entry style (a few per day).
        confound = (kind <= OTHER) & (rng.random(n) < kn["confounder_text"])
        extra = np.full(n, None, dtype=object)
        on_call = np.full(n, None, dtype=object)
        family = np.full(n, "", dtype=object)
        bank = phrase_bank()

        def pick(k: int) -> int:
            return int(rng.integers(k))

        for i in np.flatnonzero(confound | (kind >= UNRECORDED)).tolist():
            drawn = bank.draw(POOLS.get(int(kind[i]), "confounder"), pick)
            style = bank.style(pick)
            text = bank.written(drawn.text, style)
            if style == "on_call_line":
                on_call[i] = f" {text[0].upper()}{text[1:]}."
            else:
                extra[i] = text
            family[i] = drawn.family
        phrase = [V.CATEGORY_PHRASES[c][int(u * len(V.CATEGORY_PHRASES[c]))]
                  for c, u in zip(code, rng.random(n), strict=True)]
        caller = _pick(rng, V.FIRST_NAMES, n) + " " + _pick(rng, V.SURNAMES, n)
        opening_line = _pick(rng, V.OPENING_LINES, n)
        action_line = _pick(rng, V.ACTION_LINES, n)
        result = _pick(rng, V.CLOSING_RESULTS, n)
        closing_line = _pick(rng, V.CLOSING_LINES, n)

        # Timed narrative entries, as MonthPlanner.narrative lays them out.
        span = np.maximum(closed - created, MIN_SPAN)
        t_extra, t_action = created + span * EXTRA_AT, created + span * ACTION_AT
        text_open = [o.format(t=t, caller=c, phrase=p) + (a or "") for o, t, c, p, a
                     in zip(opening_line, hh_mm(created), caller, phrase, on_call, strict=True)]
        text_extra = [None if e is None else f"{t} UPDATE: {e}." for e, t in zip(extra, hh_mm(t_extra), strict=True)]
        text_action = [a.format(t=t) for a, t in zip(action_line, hh_mm(t_action), strict=True)]
        text_close = [c.format(t=t, result=r) for c, t, r in zip(closing_line, hh_mm(closed), result, strict=True)]

        # A version at the first update and one at closing, or only the last if the two fall
        # on the same day (the file holds a record's last state of the day).
        first, last = np.minimum(created + 60, closed), np.maximum(created + 60, closed)
        first_day, last_day = local_days(first), local_days(last)
        end = self.end.toordinal()
        versions = [(np.flatnonzero((first_day != last_day) & (first_day <= end)), first, first_day),
                    (np.flatnonzero(last_day <= end), last, last_day)]
        due_today, due_later = [], []
        for idx, at, at_day in versions:
            if not len(idx):
                continue
            ts = at[idx]
            shut = closed[idx] <= ts
            texts = zip(*(np.where(t[idx] <= ts, np.asarray(x, dtype=object)[idx], None)
                          for t, x in ((created, text_open), (t_extra, text_extra),
                                       (t_action, text_action), (closed, text_close))), strict=True)
            narrative = ["\n".join(filter(None, parts)) for parts in texts]
            lines = encode_rows(zip(
                iso_many(ts), iso_many(created[idx]), np.where(shut, iso_many(closed[idx]), ""),
                opening[idx], np.where(shut, code[idx], ""), grade[idx], qualifiers[idx],
                self.districts[where[idx]], easting[idx], northing[idx], narrative, strict=True))
            for i, d, line in zip(idx.tolist(), at_day[idx].tolist(), lines, strict=True):
                if d == day.toordinal():
                    due_today.append((i, line))
                else:
                    due_later.append((d, i, line))
        due_today.sort(key=lambda x: x[0])
        return BackgroundDay(
            created=created, lines=[line for _, line in due_today],
            line_incident=np.array([i for i, _ in due_today], dtype=np.int64), later=due_later,
            true_knife=true_knife, should_be_crime=kind == UNRECORDED, narrative_family=family,
        )
