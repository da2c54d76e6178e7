"""Paths shared by every stage, each set by one environment variable with a working default.

``export_environment()`` writes the resolved WAREHOUSE_PATH, DUCKDB_MEMORY_LIMIT, QUALITY_DIR,
WORKLIST_CAPACITY and DAGSTER_HOME back into the environment, so that dbt (a subprocess reading
them with ``env_var`` in profiles.yml and the worklist model) and Great Expectations
(``${QUALITY_DIR}``) see the same settings as the Dagster DuckDB resource; the commands and the
resources call it, nothing does at import. Everything the pipeline writes besides the
warehouse (quality results, reports, the published copy) goes in folders beside it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
# dbt's command line installed beside this interpreter (the project's virtual environment need
# not be on PATH), through the launcher that answers ``--version`` without the network
# (pipelines/transform/dbt_launcher.py).
DBT_EXECUTABLE = str(Path(sys.executable).with_name("pipelines-dbt"))
DEFAULT_WORKLIST_CAPACITY = 40


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    path = Path(value) if value else default
    return path if path.is_absolute() else (Path.cwd() / path).resolve()


def landing_dir() -> Path:
    return _path_from_env("LANDING_DIR", REPO_ROOT / "landing")


def warehouse_path() -> Path:
    return _path_from_env("WAREHOUSE_PATH", REPO_ROOT / "warehouse" / "warehouse.duckdb")


def published_figures_path() -> Path:
    """The force's published figures that ``bench.published`` and ``make slow`` hold the marts
    to (measure, window_end_month, window_months, value)."""
    return _path_from_env("PUBLISHED_FIGURES", REPO_ROOT.parent / "shared" / "reference" / "published_figures.csv")


def duckdb_memory_limit() -> str:
    """DuckDB's memory limit for every warehouse connection, Dagster's and dbt's alike (dbt's
    profiles.yml reads it back from the environment). Past it DuckDB spills to a temporary
    folder beside the warehouse instead of taking 80% of the machine's memory."""
    return os.environ.get("DUCKDB_MEMORY_LIMIT") or "8GB"


def duckdb_config() -> dict[str, str]:
    """Settings for every DuckDB connection to the warehouse."""
    return {"memory_limit": duckdb_memory_limit()}


def worklist_capacity() -> int:
    """Items on the Crime Bureau's daily list: what a team can finish in a day. The rest of
    the items in a window still to be published are its backlog (knife_worklist reads it)."""
    capacity = os.environ.get("WORKLIST_CAPACITY") or str(DEFAULT_WORKLIST_CAPACITY)
    if not capacity.isdigit() or int(capacity) < 1:
        raise SettingsError(f"WORKLIST_CAPACITY={capacity!r}: expected a whole number of items a day, at least 1")
    return int(capacity)


def output_dir(name: str) -> Path:
    """A folder beside the warehouse file: quality, reports or published."""
    return warehouse_path().parent / name


def quality_dir() -> Path:
    """Validation results and Data Docs; great_expectations.yml reads it as ${QUALITY_DIR}."""
    return output_dir("quality")


def data_docs_dir() -> Path:
    """The Data Docs site: great_expectations.yml builds it in ${QUALITY_DIR}/data_docs."""
    return quality_dir() / "data_docs"


def dagster_home() -> Path:
    """Dagster's run history and instance settings; the repository's .dagster_home (whose
    dagster.yaml limits the warehouse pool) unless DAGSTER_HOME names another folder."""
    return _path_from_env("DAGSTER_HOME", REPO_ROOT / ".dagster_home")


# The smallest DUCKDB_MEMORY_LIMIT a load can work in: DuckDB's CSV reader takes buffers of
# 64 MiB (16 times the loader's 4 MiB longest line) and cannot spill them, so below four of
# them ingestion fails on its first file ("could not allocate block of size 64.0 MiB").
MIN_DUCKDB_MEMORY = "256MB"
_MIB = {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024, "TiB": 1024 * 1024}


def _mib(limit: str) -> float:
    """A memory size as DuckDB reads it, in MiB; raises duckdb.Error when DuckDB refuses it."""
    import duckdb

    with duckdb.connect(":memory:", config={"memory_limit": limit}) as con:
        amount, unit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0].split()
    return float(amount) * _MIB[unit]


class SettingsError(ValueError):
    """A setting that cannot work, named with the reason, found before any work starts."""


def check() -> None:
    """Checks every setting once, before a command does any work, so that a bad one stops it
    within seconds with one line naming the variable, instead of failing every step later.
    Creates the warehouse folder when it can."""
    import duckdb

    warehouse = warehouse_path()
    if warehouse.is_dir():
        raise SettingsError(f"WAREHOUSE_PATH={warehouse}: is a folder, expected a .duckdb file path")
    try:
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        probe = warehouse.parent / f".{warehouse.name}.write-test"
        probe.write_text("")
        probe.unlink()
    except (FileExistsError, NotADirectoryError):
        raise SettingsError(f"WAREHOUSE_PATH={warehouse}: {warehouse.parent} cannot be a folder, "
                            "a file stands in its path") from None
    except OSError as exc:
        raise SettingsError(f"WAREHOUSE_PATH={warehouse}: cannot write in {warehouse.parent}: "
                            f"{exc.strerror}") from None
    landing = landing_dir()
    if landing.exists() and not landing.is_dir():
        raise SettingsError(f"LANDING_DIR={landing}: is not a folder")
    if landing.is_dir() and not os.access(landing, os.R_OK | os.X_OK):
        raise SettingsError(f"LANDING_DIR={landing}: cannot be read (permission denied)")
    home = dagster_home()
    if not home.is_dir():
        raise SettingsError(f"DAGSTER_HOME={home}: is not a folder (Dagster keeps its run history there)")
    limit = duckdb_memory_limit()
    try:
        mib = _mib(limit)
    except duckdb.Error as exc:
        reason = str(exc).splitlines()[0]
        raise SettingsError(f"DUCKDB_MEMORY_LIMIT={limit!r}: not a memory size DuckDB accepts "
                            f"(e.g. 8GB, 500MB): {reason}") from None
    if mib < _mib(MIN_DUCKDB_MEMORY):
        raise SettingsError(f"DUCKDB_MEMORY_LIMIT={limit!r}: too small to load an extract; at least "
                            f"{MIN_DUCKDB_MEMORY} (DuckDB's CSV reader alone takes 64 MiB buffers)")
    worklist_capacity()


def export_environment() -> None:
    """The settings as dbt and Great Expectations read them, in this process's environment."""
    os.environ["WAREHOUSE_PATH"] = str(warehouse_path())
    os.environ["DUCKDB_MEMORY_LIMIT"] = duckdb_memory_limit()
    os.environ["QUALITY_DIR"] = str(quality_dir())
    os.environ["WORKLIST_CAPACITY"] = str(worklist_capacity())
    os.environ["DAGSTER_HOME"] = str(dagster_home())   # dg.DagsterInstance.get() reads it
