import csv
import hashlib
from contextlib import nullcontext
from datetime import date

import pytest

from pipelines.cli import main
from pipelines.simulate.calibration import month_index, parse_month, solve_monthly
from pipelines.simulate.profile import load_profile
from tests.conftest import simulate


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


def test_injected_errors_appear_at_their_rates(messy_landing):
    crimes = _truth(messy_landing, "crimes_truth.csv")
    bad = _truth(messy_landing, "bad_rows.csv")
    kinds = {row["kind"] for row in bad}
    assert kinds == {"wrong_field_count", "unparseable_date", "future_date", "unknown_code", "invalid_utf8"}
    with_incident = [c for c in crimes if c["true_log_number"]]
    canonical = sum(1 for c in with_incident if "REF_" not in c["injected_errors"])
    share = canonical / len(with_incident)
    assert abs(share - load_profile("messy")["incident_refs"]["variants"]["canonical"]) < 0.06
    redelivered = _truth(messy_landing, "redeliveries.csv")
    for row in redelivered:
        original = (messy_landing / row["original"]).read_bytes()
        assert (messy_landing / row["redelivered"]).read_bytes() == original


@pytest.mark.parametrize(("argv", "message"), [
    (["--start", "2020-02-01", "--end", "2020-01-01"], "is before --start"),
    (["--profile", "nowhere"], "unknown profile 'nowhere'"),
    (["--out", "/proc/cannot-write-here"], "cannot write to"),
    (["--scale", "0"], None),
])
def test_bad_arguments_give_one_line_and_non_zero_exit(argv, message, capsys):
    with pytest.raises(SystemExit) if message is None else nullcontext():
        code = main(["simulate", "--quiet", *argv])
        assert code == 2
        err = capsys.readouterr().err.strip()
        assert message in err and "\n" not in err and "Traceback" not in err


def test_month_index_round_trip():
    assert month_index(2020, 1) == parse_month("2020-01")
