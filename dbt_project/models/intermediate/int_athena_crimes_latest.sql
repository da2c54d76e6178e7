{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    tags=['partitioned'],
) }}
-- Latest version of each ATHENA crime. Incremental: a run rebuilds only the crimes that
-- gained a version in its partition window. (QUALIFY rather than DISTINCT ON: DuckDB spills
-- the window to disk, while DISTINCT ON with ORDER BY runs out of memory at national scale.)
with

versions as (
    select * from {{ ref('stg_athena_crimes') }}
    where {{ keys_touched_in_window(ref('int_crimes_in_window'), ['crime_ref']) }}
),

final as (
    select * exclude (partition_date, source_line)
    from versions
    qualify row_number() over (
        partition by crime_ref order by version_no desc, version_ts desc, partition_date desc, source_line desc) = 1
)

select * from final
