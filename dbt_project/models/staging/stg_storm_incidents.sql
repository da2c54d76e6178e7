{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- Latest version of each STORM incident log. Incremental: a run rebuilds only the logs that
-- gained a version in its partition window. (QUALIFY rather than DISTINCT ON: DuckDB spills
-- the window to disk, while DISTINCT ON with ORDER BY runs out of memory at national scale.)
select
    log_date,
    log_number,
    cast(log_number as varchar) || ' of ' || strftime(log_date, '%d/%m/%Y') as incident_ref,
    version_ts,
    created_at,
    closed_at,
    opening_code,
    closing_code,
    grade,
    coalesce(qualifiers, '') as qualifiers,
    district,
    easting,
    northing,
    narrative
from {{ source('raw', 'storm_incidents') }}
where {{ keys_touched_in_window(source('raw', 'storm_incidents'), ['log_date', 'log_number']) }}
qualify row_number() over (
    partition by log_date, log_number order by version_ts desc, partition_date desc, source_line desc) = 1
