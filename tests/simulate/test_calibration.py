import pytest
import yaml

from pipelines.simulate.calibration import (
    CalibrationError,
    parse_month,
    pct_change,
    resolve_windows,
    solve_monthly,
)
from pipelines.simulate.profile import PROFILE_DIR, load_profile

ESSEX = load_profile("essex")


def test_changes_published_as_percentages_resolve_to_whole_figures():
    windows = resolve_windows(ESSEX["calibration"])
    crime_2022 = windows[("all_crime_offences", parse_month("2022-12"))]
    crime_2023 = windows[("all_crime_offences", parse_month("2023-12"))]
    assert str(pct_change(crime_2023, crime_2022, 1)) == "-5.7"
    asb_2019 = windows[("asb_incidents", parse_month("2019-12"))]
    assert str(pct_change(windows[("asb_incidents", parse_month("2023-12"))], asb_2019, 1)) == "-64.3"


def test_inconsistent_published_figures_are_refused():
    cal = {"targets": [{"measure": "m", "window_end": "2020-01", "value": 100},
                       {"measure": "m", "window_end": "2021-01", "value": 150}],
           "relative": [{"measure": "m", "window_end": "2021-01", "base": "2020-01", "pct": 10.0}]}
    with pytest.raises(CalibrationError, match="does not give the published change"):
        resolve_windows(cal)


def test_solved_months_meet_every_window_including_overlaps_and_composites():
    first, last = parse_month("2018-02"), parse_month("2023-12")
    monthly = solve_monthly(ESSEX["calibration"], ESSEX["seasonality"], ESSEX["series_seasonality"], first, last)
    windows = resolve_windows(ESSEX["calibration"])
    composites = ESSEX["calibration"]["composites"]
    for (measure, end), value in windows.items():
        lo = end - 11 - first
        got = sum(int(monthly[m][lo : lo + 12].sum()) for m in composites.get(measure, [measure]))
        assert got == value, (measure, end)
    assert all(series.min() >= 0 for series in monthly.values())


def test_profile_targets_are_the_published_reference_figures(shared_reference):
    published = {(r["measure"], r["window_end_month"]): int(r["value"]) for r in shared_reference}
    for row in ESSEX["calibration"]["targets"]:
        assert published[(row["measure"], str(row["window_end"]))] == row["value"]
    not_simulated = set(ESSEX["calibration"]["not_simulated"])
    simulated = {row["measure"] for row in ESSEX["calibration"]["targets"]}
    assert {m for m, _ in published} <= simulated | not_simulated


def test_knife_weights_cover_exactly_the_eligible_seed(eligible_codes):
    assert set(ESSEX["offences"]["knife_weight"]) == eligible_codes


def test_profiles_are_valid_yaml():
    for path in PROFILE_DIR.glob("*.yaml"):
        assert isinstance(yaml.safe_load(path.read_text()), dict)


def _windows_to(monthly, first, month_of_year: int) -> dict[str, list[tuple[int, int]]]:
    """(window end, 12-month total) to that month of each year, for every series."""
    ends = [e for e in range(first + 11, first + len(next(iter(monthly.values())))) if e % 12 == month_of_year - 1]
    return {name: [(e, int(v[e - 11 - first : e + 1 - first].sum())) for e in ends] for name, v in monthly.items()}


def test_no_measure_repeats_a_12_month_total_year_on_year_unless_published():
    first, last = parse_month("2018-02"), parse_month("2023-12")
    monthly = solve_monthly(ESSEX["calibration"], ESSEX["seasonality"], ESSEX["series_seasonality"], first, last,
                            seed=42)
    published = set(resolve_windows(ESSEX["calibration"]))
    repeats = []
    for month_of_year in range(1, 13):
        for name, totals in _windows_to(monthly, first, month_of_year).items():
            for (a_end, a), (b_end, b) in zip(totals, totals[1:], strict=False):
                both_published = (name, a_end) in published and (name, b_end) in published
                if a == b and not both_published:
                    repeats.append((name, month_of_year, a, b))
    assert repeats == []


def test_an_unbound_measure_follows_the_all_crime_trend_with_its_own_year_to_year_moves():
    first, last = parse_month("2018-02"), parse_month("2023-12")
    calm = {**ESSEX["calibration"], "unbound_noise": 0.0}
    monthly = solve_monthly(calm, ESSEX["seasonality"], ESSEX["series_seasonality"], first, last)
    december = _windows_to(monthly, first, 12)
    crime = dict(december["all_crime_offences"])
    hate = dict(december["hate_crime_offences"])   # published only for the windows to January 2019 and 2020
    later = [e for e in hate if e >= parse_month("2021-12")]
    shares = [hate[e] / crime[e] for e in later]
    assert max(shares) - min(shares) < 0.02 * shares[0]   # a steady share of all crime ...
    assert len({crime[e] for e in later}) == len(later)    # ... which itself moves
    noisy = solve_monthly(ESSEX["calibration"], ESSEX["seasonality"], ESSEX["series_seasonality"], first, last,
                          seed=42)
    moved = dict(_windows_to(noisy, first, 12)["hate_crime_offences"])
    assert any(abs(moved[e] / hate[e] - 1) > 0.01 for e in later)
