"""A nightly materialisation killed with SIGKILL at random points, then run again, ends
exactly where an uninterrupted run does; the published copy stays whole throughout.

Slow (several minutes): run by ``make reliability``, not ``make test``."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import marts_state

TRIALS = 10
pytestmark = pytest.mark.reliability


def _run(landing, warehouse, home):
    env = {**os.environ, "LANDING_DIR": str(landing), "WAREHOUSE_PATH": str(warehouse), "DAGSTER_HOME": str(home)}
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _published(folder):
    path = folder / "published" / "crime_bi.duckdb"
    if not path.exists():
        return None
    con = duckdb.connect(str(path), read_only=True)
    row = con.execute("SELECT run_id, rolling_total, (SELECT sum(value_12m)::BIGINT FROM bi.rolling_12m_metrics) "
                      "FROM bi.publication").fetchone()
    con.close()
    assert row[1] == row[2]
    return row[0]


def test_killed_runs_recover_to_the_uninterrupted_result(tmp_path, small_landing):
    reference = tmp_path / "reference" / "warehouse.duckdb"
    reference.parent.mkdir()
    start = time.monotonic()
    assert _run(small_landing, reference, tmp_path / "reference_home").wait() == 0
    duration = time.monotonic() - start
    expected = marts_state(reference)

    rng = random.Random(20260101)
    for trial in range(TRIALS):
        folder = tmp_path / f"trial{trial}"
        warehouse = folder / "warehouse.duckdb"
        folder.mkdir()
        shutil.copy(reference, warehouse)          # last night's finished warehouse ...
        shutil.copytree(reference.parent / "published", folder / "published", symlinks=True)
        before = _published(folder)                # ... and its published copy
        proc = _run(small_landing, warehouse, folder / "home")
        time.sleep(rng.uniform(1.0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _published(folder) is not None     # whole: the previous night's or the new one
        assert _run(small_landing, warehouse, folder / "home").wait() == 0, f"trial {trial}: re-run failed"
        assert marts_state(warehouse) == expected, f"trial {trial}"
        assert _published(folder) != before
        assert not list((folder / "published").glob(".crime_bi.duckdb.*"))
