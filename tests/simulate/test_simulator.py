import csv
import hashlib
import math
from contextlib import nullcontext
from datetime import date

import pytest

from pipelines.cli import main
from pipelines.simulate.calibration import month_index, parse_month, solve_monthly
from pipelines.simulate.extracts import BAD_KINDS
from pipelines.simulate.profile import load_profile
from pipelines.simulate.simulator import Simulator
from tests.conftest import SMALL_END, SMALL_SCALE, SMALL_START, simulate


def _digest(root):
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _truth(root, name):
    with (root / "_truth" / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_same_arguments_give_byte_identical_files(tmp_path, small_landing):
    again = simulate(tmp_path / "again")
    assert _digest(again) == _digest(small_landing)


def test_worker_processes_do_not_change_the_files(tmp_path, small_landing):
    """small_landing is made by worker processes (one per core); this run makes everything here."""
    Simulator(load_profile("essex"), SMALL_START, SMALL_END, 7, SMALL_SCALE, tmp_path / "here",
              processes=0).run(progress=False)
    assert _digest(tmp_path / "here") == _digest(small_landing)


def test_counted_crimes_per_month_are_the_calibrated_figures(tmp_path):
    root = simulate(tmp_path / "month", start=date(2019, 4, 1), end=date(2019, 5, 31), scale=0.05)
    essex = load_profile("essex")
    monthly = solve_monthly(essex["calibration"], essex["seasonality"], essex["series_seasonality"],
                            parse_month("2018-02"), parse_month("2023-12"), 0.05)
    crimes = _truth(root, "crimes_truth.csv")
    for month in ("2019-04", "2019-05"):
        i = parse_month(month) - parse_month("2018-02")
        rows = [c for c in crimes if c["recorded_at"][:7] == month and c["counted"] == "Y"]
        assert len(rows) == monthly["all_crime_offences"][i]
        knife = [c for c in rows if c["true_knife"] == "Y"]
        assert len(knife) == monthly["knife_crime_offences"][i]


def test_every_crime_and_incident_has_truth(small_landing):
    crimes = _truth(small_landing, "crimes_truth.csv")
    incidents = _truth(small_landing, "incidents_truth.csv")
    refs = {c["crime_ref"] for c in crimes}
    linked = {i["crime_ref"] for i in incidents if i["crime_ref"]}
    assert linked <= refs
    with_incident = [c for c in crimes if c["true_log_number"]]
    assert 0.8 < len(with_incident) / len(crimes) < 0.92


def _at_rate(observed: int, trials: int, rate: float) -> bool:
    """Whether ``observed`` of ``trials`` is within four standard deviations of ``rate``."""
    return abs(observed - trials * rate) <= 4 * math.sqrt(trials * rate * (1 - rate)) + 1


def _extract_files(root):
    return [p for kind in ("storm", "athena") for p in sorted((root / kind).rglob("*.csv"))
            if not p.stem.endswith("_r1")]


def _records(path) -> int:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def test_injected_errors_appear_at_their_rates(messy_landing):
    profile = load_profile("messy")
    crimes = _truth(messy_landing, "crimes_truth.csv")
    bad = _truth(messy_landing, "bad_rows.csv")

    with_incident = [c for c in crimes if c["true_log_number"]]
    for variant, rate in profile["incident_refs"]["variants"].items():
        typed = sum(1 for c in with_incident if (f"REF_{variant.upper()}" in c["injected_errors"]
                                                 if variant != "canonical" else "REF_" not in c["injected_errors"]))
        assert _at_rate(typed, len(with_incident), rate), variant
    late = sum(1 for c in crimes if "LATE_RECORDED" in c["injected_errors"])
    assert _at_rate(late, len(crimes), profile["athena"]["late_recorded"])
    uncounted = [c for c in crimes if c["counted"] == "N"]
    transferred = sum(1 for c in uncounted if "TRANSFERRED" in c["injected_errors"])
    assert _at_rate(transferred, len(uncounted), profile["athena"]["transferred_share"])

    files = _extract_files(messy_landing)
    rows = sum(_records(p) for p in files) - len(bad)
    for kind in BAD_KINDS:
        assert _at_rate(sum(1 for row in bad if row["kind"] == kind), rows, profile["messiness"][kind]), kind
    redelivered = _truth(messy_landing, "redeliveries.csv")
    assert _at_rate(len(redelivered), len(files), profile["messiness"]["duplicate_file_rate"])
    for row in redelivered:
        original = (messy_landing / row["original"]).read_bytes()
        assert (messy_landing / row["redelivered"]).read_bytes() == original


def test_broken_headers_appear_at_their_rate_and_are_in_the_truth(tmp_path):
    profile = tmp_path / "headers.yaml"
    profile.write_text("base: essex\nmessiness: {bad_header_rate: 0.25}\n", encoding="utf-8")
    root = simulate(tmp_path / "landing", profile=str(profile), scale=0.005)
    broken = [row for row in _truth(root, "bad_rows.csv") if row["record_no"] == "0"]
    files = _extract_files(root)
    assert _at_rate(len(broken), len(files), 0.25)
    for row in broken:
        how, column = row["kind"].split(":")
        with (root / row["file"]).open(encoding="utf-8", errors="replace", newline="") as fh:
            header = next(csv.reader(fh))
        assert column not in header
        assert (column + "_renamed" in header) == (how == "renamed_column")


@pytest.mark.parametrize(("argv", "message"), [
    (["--start", "2020-02-01", "--end", "2020-01-01"], "is before --start"),
    (["--profile", "nowhere"], "unknown profile 'nowhere'"),
    (["--out", "/proc/cannot-write-here"], "cannot write to"),
    (["--scale", "0"], None),
    (["--processes", "-1"], None),
])
def test_bad_arguments_give_one_line_and_non_zero_exit(argv, message, capsys):
    with pytest.raises(SystemExit) if message is None else nullcontext():
        code = main(["simulate", "--quiet", *argv])
        assert code == 2
        err = capsys.readouterr().err.strip()
        assert message in err and "\n" not in err and "Traceback" not in err


def test_month_index_round_trip():
    assert month_index(2020, 1) == parse_month("2020-01")
