"""Publishing the BI copy after each successful nightly run."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.publish.bi import BI_TABLES, publish

# The asset key of each mart and code list published: dbt's keys are schema and model name.
SOURCES = [table.relation.split(".") for table in BI_TABLES.values()]


@dg.asset(key=["published", "crime_bi"], group_name="published", kinds={"duckdb", "parquet"}, pool="warehouse",
          deps=[dg.AssetKey(k) for k in SOURCES],
          description="Schema bi in published/crime_bi.duckdb and published/parquet/, swapped in atomically; "
                      "the crime tables carry last night's rows forward and take the crimes worked on since.")
def crime_bi(context: dg.AssetExecutionContext, warehouse: DuckDBResource) -> dg.MaterializeResult:
    with warehouse.get_connection() as con:
        result = publish(con, settings.output_dir("published"), context.run_id)
    return dg.MaterializeResult(metadata={
        "database": dg.MetadataValue.path(str(result.database)),
        "parquet": dg.MetadataValue.path(str(result.parquet)),
        "written_whole": result.written_whole,
        **{f"rows_{name}": n for name, n in result.rows.items()},
    })
