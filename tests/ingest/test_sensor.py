"""The landing-folder sensor: which days it asks to run, for new, late and re-sent files."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import sensor_requests

DAY = date(2019, 3, 10)


def _file(landing, source: str, day: date):
    return next((landing / source).rglob(f"*_{day:%Y%m%d}.csv"))


@pytest.fixture
def landing(tmp_path, small_landing, monkeypatch):
    target = shutil.copytree(small_landing, tmp_path / "landing")
    monkeypatch.setenv("LANDING_DIR", str(target))
    return target


def _arrive(path, held=None):
    """Deliver a file the way a transfer does: moved in, its modification time kept."""
    if held is not None:
        shutil.move(held, path)
    time.sleep(0.01)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))


def test_first_look_takes_only_the_latest_day(landing):
    keys, cursor = sensor_requests(None)
    assert keys == ["2019-03-21"]
    assert cursor is not None


def test_nothing_new_means_no_run(landing):
    _, cursor = sensor_requests(None)
    assert sensor_requests(cursor)[0] == []


def test_a_late_file_for_a_past_day_runs_that_day_once_both_systems_have_it(landing, tmp_path):
    athena = _file(landing, "athena", DAY)
    held = tmp_path / athena.name
    shutil.move(athena, held)
    _, cursor = sensor_requests(None)

    storm = _file(landing, "storm", DAY)
    _arrive(storm)  # STORM re-sent: the day is still missing its ATHENA file
    keys, cursor = sensor_requests(cursor)
    assert keys == []

    _arrive(athena, held)  # ATHENA arrives late, its original timestamp kept
    keys, cursor = sensor_requests(cursor)
    assert keys == [DAY.isoformat()]
    assert sensor_requests(cursor)[0] == []


def test_out_of_order_days_each_get_a_run(landing):
    _, cursor = sensor_requests(None)
    for day in (date(2019, 3, 12), date(2019, 3, 5)):
        _arrive(_file(landing, "athena", day))
    keys, _ = sensor_requests(cursor)
    assert keys == ["2019-03-05", "2019-03-12"]


def test_files_for_a_day_not_yet_ended_are_left_to_the_schedule(landing):
    _, cursor = sensor_requests(None)
    today = datetime.now(ZoneInfo("Europe/London")).date()
    for source in ("storm", "athena"):
        shutil.copy(_file(landing, source, DAY), landing / source / _file(landing, source, DAY).name.replace(
            f"{DAY:%Y%m%d}", f"{today:%Y%m%d}"))
    keys, cursor = sensor_requests(cursor)
    assert keys == []
    _arrive(_file(landing, "athena", DAY))
    assert sensor_requests(cursor)[0] == [DAY.isoformat()]


def test_a_file_resent_under_a_new_name_runs_its_day(landing):
    """A re-delivery named with a suffix after the day (as the simulator's _r1 files are) is
    seen by the sensor, as the loader sees it."""
    _, cursor = sensor_requests(None)
    athena = _file(landing, "athena", DAY)
    shutil.copy(athena, athena.with_name(athena.stem + "_resent.csv"))
    keys, cursor = sensor_requests(cursor)
    assert keys == [DAY.isoformat()]
    assert sensor_requests(cursor)[0] == []
