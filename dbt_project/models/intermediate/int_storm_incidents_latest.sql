{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- Latest version of each STORM incident log. Incremental: a run rebuilds only the logs that
-- gained a version in its partition window. (QUALIFY rather than DISTINCT ON: DuckDB spills
-- the window to disk, while DISTINCT ON with ORDER BY runs out of memory at national scale.)
with

versions as (
    select * from {{ ref('stg_storm_incidents') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

final as (
    select * exclude (partition_date, source_line)
    from versions
    qualify row_number() over (
        partition by log_date, log_number order by version_ts desc, partition_date desc, source_line desc) = 1
)

select * from final
