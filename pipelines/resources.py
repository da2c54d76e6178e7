"""Dagster resources: the DuckDB warehouse and the dbt CLI, both on WAREHOUSE_PATH with one
memory limit."""

from __future__ import annotations

from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.transform.project import dbt_cli


def build_resources() -> dict:
    """The resources, with the settings exported first for dbt, a subprocess that reads them
    from its environment."""
    settings.export_environment()
    return {
        "warehouse": DuckDBResource(database=str(settings.warehouse_path()),
                                    connection_config=settings.duckdb_config()),
        "dbt": dbt_cli(),
    }
