"""Monthly volumes solved from published 12-month window figures.

Published figures are sums over 12-month windows, some overlapping and some given only as a
percentage change against another window. Each series is modelled as a fixed seasonal
shape times a smooth level; the level is the one with the least month-to-month change
(first and second differences) that meets every window exactly. The trend series (all crime)
is smoothed as it stands; every other series is smoothed as a share of the trend, so where
no published window binds it (before its first or after its last) it follows the trend
instead of staying flat, and there it also moves by a seeded year-to-year factor
(``unbound_noise``), so no measure repeats the same 12-month total year after year unless a
published figure says so. The real solution is turned into whole months by rounding its
running total, which keeps every window sum whole and unchanged.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

WINDOW_MONTHS = 12


class CalibrationError(ValueError):
    """The published figures cannot be met as the profile states them."""


def month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def parse_month(text: str) -> int:
    year, month = str(text).split("-")[:2]
    return month_index(int(year), int(month))


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def pct_change(value: int, base: int, decimals: int) -> Decimal:
    """Percentage change rounded half away from zero, as printed in the reports."""
    raw = (Decimal(value) - Decimal(base)) / Decimal(base) * 100
    return raw.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Relation:
    measure: str
    window_end: int
    base: int
    pct: Decimal | None
    decimals: int
    difference: int | None

    @classmethod
    def from_profile(cls, row: dict) -> Relation:
        pct = row.get("pct")
        decimals = 0
        if pct is not None:
            text = str(pct)
            decimals = len(text.split(".")[1]) if "." in text else 0
            pct = Decimal(text)
        return cls(
            measure=row["measure"],
            window_end=parse_month(row["window_end"]),
            base=parse_month(row["base"]),
            pct=pct,
            decimals=decimals,
            difference=row.get("difference"),
        )

    def holds(self, value: int, base: int) -> bool:
        if self.difference is not None:
            return value - base == self.difference
        return pct_change(value, base, self.decimals) == self.pct

    def solve_value(self, base: int) -> int:
        if self.difference is not None:
            return base + self.difference
        guess = round(base * (1 + float(self.pct) / 100))
        return self._nearest(guess, lambda v: self.holds(v, base))

    def solve_base(self, value: int) -> int:
        if self.difference is not None:
            return value - self.difference
        guess = round(value / (1 + float(self.pct) / 100))
        return self._nearest(guess, lambda b: self.holds(value, b))

    def _nearest(self, guess: int, ok) -> int:
        for step in range(0, 1000):
            for candidate in (guess - step, guess + step):
                if candidate > 0 and ok(candidate):
                    return candidate
        raise CalibrationError(f"no whole figure satisfies {self}")


def resolve_windows(calibration: dict) -> dict[tuple[str, int], int]:
    """Every window figure: the absolute ones, and those implied by published changes."""
    known: dict[tuple[str, int], int] = {}
    for row in calibration["targets"]:
        known[(row["measure"], parse_month(row["window_end"]))] = int(row["value"])
    relations = [Relation.from_profile(r) for r in calibration.get("relative", [])]
    pending = list(relations)
    while pending:
        progressed = False
        for rel in list(pending):
            a, b = (rel.measure, rel.window_end), (rel.measure, rel.base)
            if a in known and b in known:
                if not rel.holds(known[a], known[b]):
                    raise CalibrationError(
                        f"{rel.measure}: {known[a]} to {month_label(rel.window_end)} against "
                        f"{known[b]} to {month_label(rel.base)} does not give the published change"
                    )
            elif b in known:
                known[a] = rel.solve_value(known[b])
            elif a in known:
                known[b] = rel.solve_base(known[a])
            else:
                continue
            pending.remove(rel)
            progressed = True
        if not progressed:
            names = ", ".join(f"{r.measure} {month_label(r.window_end)}" for r in pending)
            raise CalibrationError(f"published changes with no known figure to anchor them: {names}")
    return known


def _difference_matrix(n: int, order: int) -> np.ndarray:
    d = np.eye(n)
    for _ in range(order):
        d = np.diff(d, axis=0)
    return d


def _unbound_factors(bound: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """1 where a window binds the month; elsewhere a factor that takes a new random step every
    12 months counted away from the nearest bound month (a series bound nowhere keeps 1)."""
    factors = np.ones(len(bound))
    if not bound.any() or sigma <= 0:
        return factors
    first, last = np.flatnonzero(bound)[[0, -1]]
    for months in (np.arange(last + 1, len(bound)), np.arange(first - 1, -1, -1)):
        if len(months):
            steps = np.exp(np.cumsum(rng.normal(0.0, sigma, len(months) // 12 + 1)))
            factors[months] = steps[np.arange(len(months)) // 12]
    return factors


def solve_monthly(
    calibration: dict,
    seasonality: dict[str, list[float]],
    series_seasonality: dict[str, str],
    first_month: int,
    last_month: int,
    scale: float = 1.0,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Whole monthly counts for every base series from first_month to last_month inclusive."""
    windows = resolve_windows(calibration)
    composites: dict[str, list[str]] = calibration.get("composites", {})
    series = list(series_seasonality)
    n = last_month - first_month + 1
    offset = {name: i * n for i, name in enumerate(series)}
    months = np.arange(first_month, last_month + 1)
    season = {
        name: np.asarray(seasonality[series_seasonality[name]], dtype=float)[months % 12]
        for name in series
    }

    rows, rhs = [], []
    bound = {name: np.zeros(n, bool) for name in series}
    for (measure, end), value in sorted(windows.items()):
        start = end - WINDOW_MONTHS + 1
        if start < first_month or end > last_month:
            raise CalibrationError(
                f"{measure} window to {month_label(end)} falls outside the simulated months "
                f"{month_label(first_month)}..{month_label(last_month)}"
            )
        row = np.zeros(n * len(series))
        for component in composites.get(measure, [measure]):
            if component not in offset:
                raise CalibrationError(f"{measure}: no seasonality given for series {component}")
            lo = offset[component] + (start - first_month)
            row[lo : lo + WINDOW_MONTHS] = season[component][start - first_month : end - first_month + 1]
            bound[component][start - first_month : end - first_month + 1] = True
        rows.append(row)
        rhs.append(round(value * scale))
    a = np.vstack(rows)
    b = np.asarray(rhs, dtype=float)

    smoothing = calibration.get("smoothing", {})
    d1, d2 = _difference_matrix(n, 1), _difference_matrix(n, 2)
    block = smoothing.get("first_difference", 1.0) * d1.T @ d1
    block += smoothing.get("second_difference", 1.0) * d2.T @ d2

    def solve(blocks: list[np.ndarray]) -> np.ndarray:
        h = np.zeros((n * len(series), n * len(series)))
        for i, blk in enumerate(blocks):
            h[i * n : (i + 1) * n, i * n : (i + 1) * n] = blk
        kkt = np.block([[2 * h, a.T], [a, np.zeros((len(b), len(b)))]])
        try:
            return np.linalg.solve(kkt, np.concatenate([np.zeros(h.shape[0]), b]))[: h.shape[0]]
        except np.linalg.LinAlgError as exc:
            raise CalibrationError("every series needs at least one published window") from exc

    level = solve([block] * len(series))
    trend = calibration.get("trend")
    if trend is not None:
        # Smooth every other series as a share of the trend: the same penalty on level / trend.
        trend_level = level[offset[trend] : offset[trend] + n]
        if trend_level.min() <= 0:
            raise CalibrationError(f"{trend}: the trend series must stay above zero")
        w = np.diag(trend_level.mean() / trend_level)
        level = solve([block if name == trend else w @ block @ w for name in series])
    noise = calibration.get("unbound_noise", 0.0)
    for name in series:
        if name != trend:
            rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
            level[offset[name] : offset[name] + n] *= _unbound_factors(bound[name], noise, rng)
    real = {name: season[name] * level[offset[name] : offset[name] + n] for name in series}
    for name, values in real.items():
        if values.min() < 0:
            raise CalibrationError(f"{name}: the published windows imply a negative month")

    whole = {name: _round_running_total(values) for name, values in real.items()}
    for parts in composites.values():
        # The last part takes the rounding of the sum, so windows on the sum stay whole.
        total = _round_running_total(sum(real[p] for p in parts))
        whole[parts[-1]] = total - sum(whole[p] for p in parts[:-1])
    _check(windows, composites, whole, first_month, scale)
    return whole


def _round_running_total(values: np.ndarray) -> np.ndarray:
    running = np.floor(np.cumsum(values) + 0.5 + 1e-9).astype(np.int64)
    return np.diff(running, prepend=0)


def _check(windows, composites, whole, first_month, scale) -> None:
    for (measure, end), value in windows.items():
        lo = end - WINDOW_MONTHS + 1 - first_month
        got = sum(int(whole[c][lo : lo + WINDOW_MONTHS].sum()) for c in composites.get(measure, [measure]))
        if got != round(value * scale):
            raise CalibrationError(f"{measure} to {month_label(end)}: rounded months give {got}, not {value}")
    for name, values in whole.items():
        if values.min() < 0:
            raise CalibrationError(f"{name}: rounding left a negative month")
