"""Publishing the BI copy after each successful nightly run."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import settings
from pipelines.publish.bi import publish

SOURCES = [["marts", m] for m in ("rolling_12m_metrics", "rolling_12m_metrics_as_published",
                                  "knife_compliance_monthly", "knife_incident_recording_monthly",
                                  "knife_discrepancies", "crime_incident_links", "knife_rule_feedback",
                                  "extract_gaps")]
SOURCES += [["intermediate", "int_crime_knife_status"]]
SOURCES += [["reference", r] for r in ("districts", "offence_codes", "knife_eligible_codes", "outcome_codes",
                                       "storm_categories", "discrepancy_classes", "knife_text_rules",
                                       "measure_labels")]


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
