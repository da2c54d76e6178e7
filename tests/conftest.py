"""Small simulated extracts, made once per test session and copied where a test changes them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pipelines.simulate.profile import load_profile
from pipelines.simulate.simulator import Simulator

SMALL_START, SMALL_END = date(2019, 3, 1), date(2019, 3, 21)
SMALL_SCALE = 0.02
# Thirteen months: enough for complete 12-month windows in the reports.
NIGHTLY_START, NIGHTLY_END = date(2018, 2, 1), date(2019, 3, 10)


def pytest_configure(config):
    """The settings in the environment, as the ``pipelines`` command exports them for dbt."""
    from pipelines import settings

    settings.export_environment()


def simulate(out: Path, profile: str = "essex", start: date = SMALL_START, end: date = SMALL_END,
             scale: float = SMALL_SCALE, seed: int = 7) -> Path:
    Simulator(load_profile(profile), start, end, seed, scale, out).run(progress=False)
    return out


def materialize(warehouse: Path, start: date | None = None, end: date | None = None, **kwargs):
    """Every asset and check in process on ``warehouse``: the days start..end (one day when
    ``end`` is left out) as one run, with whatever else ``kwargs`` ask of ``dg.materialize``
    (selection, instance, run_config, ...)."""
    import dagster as dg
    from dagster_duckdb import DuckDBResource

    from pipelines.definitions import build_definitions
    from pipelines.shared.partitions import run_arguments
    from pipelines.transform.project import dbt_cli

    defs = build_definitions()

    if start is not None:
        kwargs.update(run_arguments(start, end or start))
    return dg.materialize([*defs.assets, *defs.asset_checks],
                          resources={"warehouse": DuckDBResource(database=str(warehouse)), "dbt": dbt_cli()},
                          **kwargs)


def sensor_requests(cursor: str | None) -> tuple[list[str], str | None]:
    """The days the landing sensor asks to run from ``cursor``, and its new cursor; each
    request is its day's month with the day in the run's days tag."""
    import dagster as dg

    from pipelines.shared.nightly import build_nightly
    from pipelines.shared.partitions import DAYS_TAG, load_partitions, month_key

    context = dg.build_sensor_context(cursor=cursor)
    requests = [r for r in build_nightly(load_partitions()).sensor(context) if isinstance(r, dg.RunRequest)]
    assert all(r.partition_key == month_key(date.fromisoformat(r.tags[DAYS_TAG])) for r in requests)
    return [r.tags[DAYS_TAG] for r in requests], context.cursor


# Columns saying when a run worked a row out, not what the row holds: a rebuild changes them.
RUN_TIME_COLUMNS = ("linked_at", "status_at")


def marts_state(warehouse: Path) -> dict:
    """Every marts table's rows, sorted, for comparing two warehouses (run times left out)."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    columns = con.execute(
        "SELECT table_name, string_agg(column_name, ', ' ORDER BY column_index) FROM duckdb_columns() "
        "WHERE schema_name = 'marts' AND column_name NOT IN ? GROUP BY 1 ORDER BY 1", [RUN_TIME_COLUMNS]).fetchall()
    state = {t: con.execute(f"SELECT {c} FROM marts.{t} ORDER BY ALL").fetchall() for t, c in columns}
    con.close()
    return state


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory) -> Path:
    return simulate(tmp_path_factory.mktemp("landing"))


@pytest.fixture(scope="session")
def messy_landing(tmp_path_factory) -> Path:
    return simulate(tmp_path_factory.mktemp("messy"), profile="messy")


@pytest.fixture
def landing_copy(tmp_path, messy_landing) -> Path:
    target = tmp_path / "landing"
    shutil.copytree(messy_landing, target)
    return target


@pytest.fixture(scope="session")
def shared_reference() -> list[dict]:
    """The published figures (PUBLISHED_FIGURES, by default in ../shared beside the
    repository), skipped where absent."""
    import csv

    from pipelines.settings import published_figures_path

    path = published_figures_path()
    if not path.exists():
        pytest.skip(f"{path} not present")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def eligible_codes() -> set[str]:
    from pipelines.seeds import seed_values

    return set(seed_values("knife_eligible_codes.csv", "ho_code"))


@pytest.fixture(scope="session")
def nightly(tmp_path_factory):
    """Every asset materialised once over the small extracts, in a throwaway Dagster instance
    whose run logs tests can read. The environment points at this run's folders throughout."""
    from types import SimpleNamespace

    import dagster as dg

    folder = tmp_path_factory.mktemp("nightly")
    landing = simulate(folder / "landing", start=NIGHTLY_START, end=NIGHTLY_END, scale=SMALL_SCALE)
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    patch = pytest.MonkeyPatch()
    patch.setenv("LANDING_DIR", str(landing))
    patch.setenv("WAREHOUSE_PATH", str(warehouse))
    instance = dg.DagsterInstance.ephemeral()
    result = materialize(warehouse, NIGHTLY_START, NIGHTLY_END, instance=instance)
    assert result.success
    yield SimpleNamespace(landing=landing, warehouse=warehouse, folder=warehouse.parent, instance=instance,
                          run_id=result.run_id, result=result)
    patch.undo()
