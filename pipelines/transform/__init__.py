"""dbt transformation (dbt_project/) wired into Dagster."""
