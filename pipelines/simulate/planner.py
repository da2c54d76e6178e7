"""One calendar month of crimes, planned whole so every calibrated count is met exactly.

The month's counted crimes are built to the solved monthly figures (all crime, burglary,
personal robbery, violence and sexual offences by victim sex, domestic, hate, solved
sexual offences, true knife crime); then each crime gets its originating incident, knife
evidence, flag history, reclassification, cancellation and outcome. For months inside a
published flagged-knife window the flags are then adjusted until the count as at the day
after that window is the published one.
"""

from __future__ import annotations

import bisect
import random
from datetime import date, datetime, timedelta

import numpy as np

from . import vocabulary as V
from .calibration import WINDOW_MONTHS, parse_month
from .phrases import Phrase, phrase_bank
from .render import PlannedCrime, render
from .world import LONDON, Crime, Incident, local_date, offence_category, storm_category

DAY = 86400.0
# A narrative's entries: the call at creation, any update and the action at these shares
# of the time the log was open (at least MIN_SPAN seconds), the closing line at closing.
MIN_SPAN, EXTRA_AT, ACTION_AT = 120.0, 0.2, 0.4
FLAG_DECISIONS = {"MISSING_FLAG": "KNIFE_CONFIRMED", "UNSUPPORTED_FLAG": "NOT_KNIFE",
                  "INELIGIBLE_FLAG": "NOT_ELIGIBLE"}


def midnight(d: date) -> float:
    return datetime(d.year, d.month, d.day, tzinfo=LONDON).timestamp()


def figure(monthly: dict[str, np.ndarray], first_month: int, measure: str, month: int) -> int:
    """A solved monthly figure; months outside the solved span take the nearest one."""
    series = monthly[measure]
    return int(series[min(max(month - first_month, 0), len(series) - 1)])


def times_in_day(rng: np.random.Generator, d: date, n: int, hour_p: np.ndarray) -> np.ndarray:
    """n timestamps in local day ``d``, by hour weight (a clock-change day is 23 or 25 hours)."""
    base = midnight(d)
    length = midnight(d + timedelta(days=1)) - base
    hours = rng.choice(24, size=n, p=hour_p)
    seconds = hours * 3600 + rng.uniform(0, 3600, size=n)
    return base + seconds * (length / DAY)


def split_whole(total: int, weights: np.ndarray) -> np.ndarray:
    """``total`` split in proportion to ``weights`` into whole parts that add up exactly."""
    share = np.cumsum(weights) / weights.sum() * total
    return np.diff(np.floor(share + 0.5 + 1e-9).astype(np.int64), prepend=0)


class Picker:
    """Weighted choice helpers: numpy for vectors, a seeded ``random.Random`` for single draws
    (numpy's per-call overhead dominates when drawing one value at a time)."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.one = random.Random(int(rng.integers(2**63)))
        # Each mix's keys and cumulative weights, by its contents.
        self._cumulative: dict[tuple, tuple[list, list]] = {}

    def choice(self, mix: dict) -> str:
        contents = tuple(mix.items())
        keys, cum = self._cumulative.get(contents) or self._cumulative.setdefault(
            contents, (list(mix), list(np.cumsum(list(mix.values()), dtype=float))))
        return keys[bisect.bisect_right(cum, self.one.random() * cum[-1])]

    def mix(self, mix: dict, size: int) -> np.ndarray:
        keys = np.array(list(mix), dtype=object)
        p = np.asarray(list(mix.values()), dtype=float)
        return keys[self.rng.choice(len(keys), size=size, p=p / p.sum())]

    def subset(self, weights: np.ndarray, k: int, what: str) -> np.ndarray:
        """Indices of exactly k items drawn without replacement, in proportion to weights."""
        candidates = np.flatnonzero(weights > 0)
        if k > len(candidates):
            raise ValueError(f"{what}: {k} needed but only {len(candidates)} candidate crimes")
        if k == 0:
            return np.empty(0, dtype=np.int64)
        w = weights[candidates]
        return candidates[self.rng.choice(len(candidates), size=k, replace=False, p=w / w.sum())]


PLAN_STREAM = 2     # a month's crimes draw from (seed, PLAN_STREAM, month)


class MonthPlanner:
    """Plans a month at a time from that month's own random stream, so months can be planned
    in a worker process, in any order, with the same result."""

    def __init__(self, profile: dict, monthly: dict[str, np.ndarray], first_month: int,
                 seed: int, sim_start: date, sim_end: date):
        self.profile = profile
        self.monthly = monthly
        self.first_month = first_month
        self.seed = seed
        self.sim_start, self.sim_end = sim_start, sim_end
        self.start_ts = midnight(sim_start)
        self.end_ts = midnight(sim_end + timedelta(days=1)) - 60
        self.process_ts = midnight(profile["process_start"])
        off = profile["offences"]
        self.knife_weight = {str(k): float(v) for k, v in off["knife_weight"].items()}
        self.eligible = frozenset(self.knife_weight)
        self.districts = list(profile["districts"])
        pop = np.array([d["population"] for d in profile["districts"].values()], dtype=float)
        self.district_p = pop / pop.sum()
        self.hour_p = np.asarray(profile["hour_weights"], dtype=float)
        self.hour_p /= self.hour_p.sum()
        self.flag_windows = self._flag_windows()
        age_mix = profile["athena"]["victim_age_mix"]
        self.age_bands, self.age_weights = list(age_mix), list(age_mix.values())
        # The random draws of the month being planned; plan() seeds them from the month.
        self.draws = self._month_draws(first_month)

    # -- helpers -----------------------------------------------------------------------
    def _month_draws(self, month: int) -> Picker:
        """The month's own random stream, (seed, PLAN_STREAM, month)."""
        return Picker(np.random.default_rng([self.seed, PLAN_STREAM, month]))

    def figure(self, measure: str, month: int) -> int:
        return figure(self.monthly, self.first_month, measure, month)

    def _flag_windows(self) -> dict[int, date]:
        """Month -> the as-at date of the published flagged-knife window holding it."""
        out = {}
        for row in self.profile["calibration"]["targets"]:
            if row["measure"] != "knife_crime_offences_flagged":
                continue
            end = parse_month(row["window_end"])
            as_at = date(end // 12 + (end % 12 + 1) // 12, (end % 12 + 1) % 12 + 1, 1)
            for m in range(end - WINDOW_MONTHS + 1, end + 1):
                out[m] = as_at
        return out

    def place(self, n: int) -> tuple[list[str], np.ndarray, np.ndarray]:
        idx = self.draws.rng.choice(len(self.districts), size=n, p=self.district_p)
        boxes = np.array([self.profile["districts"][self.districts[i]]["bbox"] for i in idx]).reshape(n, 4)
        easting = boxes[:, 0] + self.draws.rng.uniform(0, 1, n) * (boxes[:, 1] - boxes[:, 0])
        northing = boxes[:, 2] + self.draws.rng.uniform(0, 1, n) * (boxes[:, 3] - boxes[:, 2])
        return [self.districts[i] for i in idx], easting.astype(int), northing.astype(int)

    def name(self) -> str:
        return f"{self.draws.one.choice(V.FIRST_NAMES)} {self.draws.one.choice(V.SURNAMES)}"

    def clamp(self, ts: float, not_before: float) -> float:
        """``ts``, not before ``not_before``. An event due after the simulated end is brought
        inside it, so that the extracts end in the planned state: it wraps round to a point
        between ``not_before`` and the end, spreading such events over the last weeks rather
        than piling them all onto the final day."""
        ts = max(ts, not_before)
        if ts <= self.end_ts:
            return ts
        if not_before >= self.end_ts:
            return not_before
        return not_before + (ts - not_before) % (self.end_ts - not_before)

    # -- the month ---------------------------------------------------------------------
    def plan(self, month: int) -> list[PlannedCrime]:
        """Every crime recorded in the month (counted and cancelled), in recording order, with
        its rows rendered. Their references are left for the caller to number in that order."""
        self.draws = draws = self._month_draws(month)
        year, mon = month // 12, month % 12 + 1
        first = date(year, mon, 1)
        days = [first + timedelta(days=i) for i in range(32) if (first + timedelta(days=i)).month == mon]
        off, ath = self.profile["offences"], self.profile["athena"]

        def figure_of(measure: str) -> int:
            return self.figure(measure, month)

        total, burglary = figure_of("all_crime_offences"), figure_of("burglary_dwelling_offences")
        robbery = figure_of("robbery_personal_offences")
        violence_female = figure_of("violence_against_females_offences")
        sexual_female = figure_of("sexual_offences_against_females")
        violence_male = round(violence_female * ath["male_victim_ratio"]["violence"])
        sexual_male = round(sexual_female * ath["male_victim_ratio"]["sexual"])
        rest = total - burglary - robbery - violence_female - violence_male - sexual_female - sexual_male
        if rest < 0:
            raise ValueError(f"month {first:%Y-%m}: the calibrated offence groups exceed all crime")

        codes = np.concatenate([
            draws.mix(off["burglary_mix"], burglary), np.full(robbery, "34B", dtype=object),
            draws.mix(off["vap_mix"], violence_female + violence_male),
            draws.mix(off["sexual_female_mix"], sexual_female),
            draws.mix(off["sexual_male_mix"], sexual_male), draws.mix(off["other_mix"], rest),
        ])
        other_sex = np.where(draws.rng.random(total) < ath["victim_female_share_other"], "F",
                             np.where(draws.rng.random(total) < 0.8, "M", "U"))
        sex = np.concatenate([
            other_sex[: burglary + robbery], np.full(violence_female, "F"),
            np.where(draws.rng.random(violence_male) < 0.85, "M", "U"),
            np.full(sexual_female, "F"), np.full(sexual_male, "M"),
            other_sex[burglary + robbery: burglary + robbery + rest],
        ])
        sexual = np.array([offence_category(c) == "sexual_offences" for c in codes])

        def weights(table: dict, boost_female: float = 1.0) -> np.ndarray:
            w = np.array([float(table.get(c, 0.0)) for c in codes])
            return w * np.where(sex == "F", boost_female, 1.0)

        knife = np.zeros(total, bool)
        knife[draws.subset(weights(self.knife_weight), figure_of("knife_crime_offences"), "knife crime")] = True
        domestic = np.zeros(total, bool)
        domestic[draws.subset(weights(off["domestic_weight"], 2.0), figure_of("domestic_abuse_offences"),
                              "domestic abuse")] = True
        hate = np.zeros(total, bool)
        hate[draws.subset(weights(off["hate_weight"]), figure_of("hate_crime_offences"), "hate crime")] = True
        solved = np.zeros(total, bool)
        solved[draws.subset(sexual.astype(float), figure_of("solved_sexual_offences"), "solved sexual offences")] = True
        rates = off["solved_rate"]
        others_solved = draws.rng.random(total) < np.array([rates.get(c, rates["default"]) for c in codes])
        solved |= ~sexual & others_solved

        # Extra crimes that are later cancelled or transferred: recorded, never counted.
        extra = int(draws.rng.binomial(total, ath["cancelled_extra"]))
        codes = np.concatenate([codes, draws.mix(off["other_mix"] | off["vap_mix"], extra)])
        sex = np.concatenate([sex, np.where(draws.rng.random(extra) < 0.5, "F", "M")])
        n = total + extra
        knife, domestic, hate, solved = (
            np.concatenate([a, np.zeros(extra, bool)]) for a in (knife, domestic, hate, solved))
        counted = np.arange(n) < total

        weekday_w = np.asarray(self.profile["weekday_weights"]["crimes"], dtype=float)
        per_day = split_whole(n, np.array([weekday_w[d.weekday()] for d in days]))
        day_of = draws.rng.permutation(np.repeat(np.arange(len(days)), per_day))
        recorded = np.empty(n)
        for i, d in enumerate(days):
            mask = day_of == i
            recorded[mask] = times_in_day(draws.rng, d, int(mask.sum()), self.hour_p)
        order = np.argsort(recorded, kind="stable")
        in_range = (recorded >= self.start_ts) & (recorded <= self.end_ts)
        districts, east, north = self.place(n)

        crimes = []
        for i in order:
            if not in_range[i]:
                continue
            crimes.append(self._crime(
                code=str(codes[i]), recorded=float(recorded[i]), sex=str(sex[i]),
                district=districts[i], easting=int(east[i]), northing=int(north[i]),
                knife=bool(knife[i]), domestic=bool(domestic[i]), hate=bool(hate[i]),
                solved=bool(solved[i]), counted=bool(counted[i]),
            ))
        whole_month = days[0] >= self.sim_start and days[-1] <= self.sim_end
        if month in self.flag_windows and whole_month:
            target = round(self.figure("knife_crime_offences_flagged", month))
            self._meet_flagged(crimes, target, self.flag_windows[month])
        return render(crimes, self.profile, self.sim_end, draws.one)

    # -- one crime ---------------------------------------------------------------------
    def _crime(self, *, code, recorded, sex, district, easting, northing, knife, domestic, hate,
               solved, counted) -> Crime:
        rng, ath, off = self.draws.one, self.profile["athena"], self.profile["offences"]
        year = local_date(recorded).year
        late = rng.random() < ath["late_recorded"]
        lag = rng.uniform(2, 20) * DAY if late else rng.gammavariate(1.5, 3.0) * 3600
        reported = recorded - lag
        if reported < self.start_ts:   # reported before the first simulated day: keep it inside
            reported = self.start_ts + rng.uniform(0, 1) * (recorded - self.start_ts)
        hours_before = rng.gammavariate(1.2, 2.0) * (12 if offence_category(code) == "burglary" else 1)
        committed_from = reported - hours_before * 3600
        committed_to = committed_from + rng.uniform(0, 8) * 3600 if rng.random() < 0.4 else None
        dob = date(2010, 1, 1) - timedelta(days=rng.randrange(70 * 365))
        crime = Crime(
            year=year, recorded=recorded,
            reported=reported, committed_from=committed_from, committed_to=committed_to,
            code=code, district=district, easting=easting, northing=northing, victim_sex=sex,
            age_band=rng.choices(self.age_bands, self.age_weights)[0],
            domestic=domestic, hate=hate, officer_id=f"OF{rng.randrange(10000, 13500)}",
            victim_name=self.name(), victim_dob=dob.isoformat(), suspect_name=self.name(),
            counted=counted, knife=knife,
        )
        if late:
            crime.errors.append("LATE_RECORDED")
        if code in off["reclassified_from"] and rng.random() < ath["reclassified"]:
            crime.initial_code = off["reclassified_from"][code]
            crime.reclass_at = self.clamp(recorded + rng.uniform(1, 30) * DAY, recorded + 60)
            crime.errors.append("RECLASSIFIED")
        if not counted:
            status = "TRANSFERRED" if rng.random() < ath["transferred_share"] else "CANCELLED"
            reason = "C1" if status == "TRANSFERRED" else rng.choice(ath["cancel_reason_draws"])
            crime.cancel = (self.clamp(recorded + rng.uniform(0.1, 60) * DAY, recorded + 60), status, reason)
            crime.errors.append(status)
        lo, hi = ath["outcome_after_days"]
        when = recorded + rng.uniform(lo, hi) * DAY
        sexual = offence_category(code) == "sexual_offences"
        if counted and (when <= self.end_ts or sexual):
            outcome = rng.choice(ath["solved_outcome_draws" if solved else "unsolved_outcome_draws"])
            crime.outcome = (self.clamp(when, recorded + 60), int(outcome))
        if rng.random() < ath["crime_has_incident"]:
            crime.incident = self._incident(crime)
        self._refs(crime)
        self._flags(crime)
        return crime

    def _incident(self, crime: Crime) -> Incident:
        rng, storm, kn = self.draws.one, self.profile["storm"], self.profile["knife"]
        category = storm_category(crime.code)
        opening = category if rng.random() > 0.1 else ("PSW-CONCERN" if rng.random() < 0.5 else "ASB-PERSONAL")
        created = crime.reported
        closed = created + rng.gammavariate(2.0, 0.8) * 3600
        if rng.random() < storm["closes_next_day"]:
            closed = created + rng.uniform(20, 40) * 3600
        closed = min(closed, self.end_ts)
        qualifiers, knife_text, weaponish = [], None, None
        if crime.domestic:
            qualifiers.append("DOMESTIC")
        for q, rate in storm["qualifiers"].items():
            if rate and rng.random() < rate:
                qualifiers.append(q)
        bank, pick = phrase_bank(), rng.randrange
        if crime.knife:
            crime.evidence = self.draws.choice(kn["evidence_mix"])
            if crime.evidence in ("qualifier_and_text", "qualifier_only"):
                qualifiers.append("WEAPON-KNIFE")
            if crime.evidence in ("qualifier_and_text", "text_only"):
                knife_text = bank.draw("knife", pick)
            elif crime.evidence == "qualifier_only" and rng.random() < 0.5:
                weaponish = bank.draw("weaponish", pick)
        else:
            if rng.random() < kn["spurious_qualifier"]:
                qualifiers.append("WEAPON-KNIFE")
                crime.errors.append("SPURIOUS_QUALIFIER")
            if rng.random() < kn["confounder_text"]:
                knife_text = bank.draw("confounder", pick)
                crime.errors.append("CONFOUNDER_TEXT")
        grade = 1 if crime.knife else int(self.draws.choice(storm["grades"]))
        phrase = V.CATEGORY_PHRASES[category]
        extra = knife_text or weaponish
        lines = self.narrative(created, closed, rng.choice(phrase), extra)
        incident = Incident(
            created=created, closed=closed, opening_code=opening, closing_code=category, grade=grade,
            qualifiers=tuple(sorted(set(qualifiers))), district=crime.district,
            easting=crime.easting + rng.randrange(-150, 150),
            northing=crime.northing + rng.randrange(-150, 150), lines=lines,
            narrative_family=extra.family if extra else "",
        )
        if rng.random() < self.profile["incident_refs"]["narrative_mentions_crime_ref"]:
            incident.crime_ref_mention = max(crime.recorded, created + 60)
        return incident

    def narrative(self, created: float, closed: float, phrase: str, extra: Phrase | None) -> list[tuple[float, str]]:
        rng, bank = self.draws.one, phrase_bank()
        opening = rng.choice(V.OPENING_LINES)
        lines = [(created, opening.replace("{caller}", self.name()).replace("{phrase}", phrase))]
        span = max(closed - created, MIN_SPAN)
        if extra:
            style = bank.style(rng.randrange)
            text = bank.written(extra.text, style)
            if style == "on_call_line":
                lines[0] = (created, f"{lines[0][1]} {text[0].upper()}{text[1:]}.")
            else:
                lines.append((created + span * EXTRA_AT, "{t} UPDATE: " + text + "."))
        action = rng.choice(V.ACTION_LINES)
        lines.append((created + span * ACTION_AT, action))
        result = rng.choice(V.CLOSING_RESULTS)
        lines.append((closed, rng.choice(V.CLOSING_LINES).replace("{result}", result)))
        return lines

    # -- knife flag ----------------------------------------------------------------------
    def compliance(self, ts: float) -> float:
        points = sorted((midnight(date.fromisoformat(str(k))), v)
                        for k, v in self.profile["knife"]["compliance_at_recording"].items())
        xs, ys = zip(*points, strict=True)
        return float(np.interp(ts, xs, ys))

    def detectable(self, crime: Crime) -> bool:
        """Whether the STORM side shows this knife: linkable incident with a qualifier or words."""
        inc = crime.incident
        if inc is None or crime.evidence in ("neither", "none"):
            return False
        return crime.ref_variant not in ("empty", "wrong_log", "no_such_log") or inc.crime_ref_mention is not None

    def _flags(self, crime: Crime) -> None:
        kn, rng = self.profile["knife"], self.draws.one
        eligible = crime.code in self.eligible
        if not crime.counted:
            crime.initial_flag = "" if rng.random() < self.profile["athena"]["empty_flag_share"] else "N"
            return
        if crime.knife:
            crime.initial_flag = "Y" if rng.random() < self.compliance(crime.recorded) else "N"
            if crime.initial_flag != "Y":
                self.flag_error(crime, "MISSING_FLAG")
        elif eligible and rng.random() < kn["spurious_flag"]:
            crime.initial_flag = "Y"
            self.flag_error(crime, "UNSUPPORTED_FLAG")
        elif not eligible and rng.random() < kn["ineligible_flag"]:
            crime.initial_flag = "Y"
            self.flag_error(crime, "INELIGIBLE_FLAG")
        else:
            crime.initial_flag = "" if rng.random() < self.profile["athena"]["empty_flag_share"] else "N"
        if "SPURIOUS_QUALIFIER" in crime.errors and eligible:
            # STORM shows a knife that was never there: only a reviewer can reject it.
            crime.decisions.append((self._work_date(crime), "NOT_KNIFE"))

    def _work_date(self, crime: Crime, not_before: float | None = None) -> float:
        kn, rng = self.profile["knife"], self.draws.one
        r = crime.recorded
        if r < self.process_ts:
            at = self.process_ts + rng.uniform(*kn["backlog_days_after_start"]) * DAY
        else:
            at = r + rng.uniform(*kn["correction_lag_days"]) * DAY
        return self.clamp(at, max(r + 60, not_before or 0.0))

    def flag_error(self, crime: Crime, kind: str, not_before: float | None = None) -> None:
        """Record a flag error and what becomes of it: an ATHENA fix, a decision, or neither."""
        kn, rng = self.profile["knife"], self.draws.one
        crime.errors.append(kind)
        right = "Y" if kind == "MISSING_FLAG" else "N"
        if crime.recorded < self.process_ts and rng.random() < kn["corrected_before_process"]:
            at = self.clamp(crime.recorded + rng.uniform(*kn["correction_lag_days"]) * DAY * 3,
                            max(crime.recorded + 60, not_before or 0.0))
            action = "ATHENA"
        else:
            at = self._work_date(crime, not_before)
            u = rng.random()
            if u < kn["corrected_in_athena"]:
                action = "ATHENA"
            elif rng.random() < kn["decided_by_bureau"]:
                action = "DECISION"
            else:
                action = "OPEN"
            if action == "OPEN" and kind == "UNSUPPORTED_FLAG":
                action = "DECISION"      # an unsupported flag left alone would be counted
            if action == "OPEN" and kind == "MISSING_FLAG" and not self.detectable(crime):
                action = "ATHENA"        # nothing on the STORM side would ever reveal it
        if action == "ATHENA":
            crime.flag_changes = [(at, right)]
        elif action == "DECISION":
            crime.decisions.append((at, FLAG_DECISIONS[kind]))

    def clear_flag_error(self, crime: Crime) -> None:
        """Undo a knife crime's flag error (its only possible decisions are flag decisions)."""
        crime.errors = [e for e in crime.errors if e != "MISSING_FLAG"]
        crime.flag_changes = []
        crime.decisions = [d for d in crime.decisions if d[1] == "LINK_CORRECTED"]

    def _meet_flagged(self, crimes: list[Crime], target: int, as_at: date) -> None:
        """Adjust flags so exactly ``target`` of the month's crimes count as flagged at as_at."""

        def counts(c: Crime) -> bool:
            code, flag, status = c.state_at(as_at)
            return status == "RECORDED" and flag == "Y" and code in self.eligible

        after = midnight(as_at + timedelta(days=1)) + 60
        simple = [c for c in crimes if c.counted and c.initial_code is None]
        have = sum(counts(c) for c in crimes)
        pool = list(simple)
        self.draws.one.shuffle(pool)
        for c in pool:
            if have == target:
                return
            if have < target and c.knife and not counts(c):
                self.clear_flag_error(c)
                c.initial_flag = "Y"
                have += 1
            elif have > target and c.knife and counts(c):
                self.clear_flag_error(c)
                c.initial_flag = "N"
                self.flag_error(c, "MISSING_FLAG", not_before=after)
                have -= 1 if not counts(c) else 0
        for c in pool:
            if have == target:
                return
            if have < target and not c.knife and c.code in self.eligible and not counts(c):
                c.initial_flag = "Y"
                self.flag_error(c, "UNSUPPORTED_FLAG", not_before=after)
                have += 1
        if have != target:
            raise ValueError(f"flagged knife crime as at {as_at}: cannot reach {target} (at {have})")

    # -- incident reference as typed ------------------------------------------------------
    def _refs(self, crime: Crime) -> None:
        if crime.incident is None:
            crime.ref_variant = "empty"
            return
        crime.ref_variant = self.draws.choice(self.profile["incident_refs"]["variants"])
        if crime.ref_variant != "canonical":
            crime.errors.append(f"REF_{crime.ref_variant.upper()}")
        corrected_share = self.profile["incident_refs"]["link_corrected_decision"]
        if crime.ref_variant == "wrong_log" and self.draws.one.random() < corrected_share:
            crime.decisions.append((self._work_date(crime), "LINK_CORRECTED"))
