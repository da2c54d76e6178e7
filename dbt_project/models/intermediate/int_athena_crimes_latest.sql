{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    tags=['partitioned'],
) }}
-- Latest version of each ATHENA crime. Incremental: a run rebuilds only the crimes that
-- gained a version in its partition window. The latest version is ranked on the key and
-- order columns alone and its whole row taken after, so the window sorts narrow rows
-- (`versions` is not materialised, as in int_storm_incidents_latest).
-- (QUALIFY rather than DISTINCT ON: DuckDB spills the window to disk, while DISTINCT ON with
-- ORDER BY runs out of memory at national scale.) A load keeps one row per crime, version
-- and day, so the row found is the one ranked.
with

versions as not materialized (
    select * from {{ ref('stg_athena_crimes') }}
    where {{ keys_touched_in_window(ref('int_crimes_in_window'), ['crime_ref']) }}
),

latest as (
    select crime_ref, version_no, partition_date, source_line
    from versions
    qualify row_number() over (
        partition by crime_ref order by version_no desc, version_ts desc, partition_date desc, source_line desc) = 1
),

final as (
    select v.* exclude (partition_date, source_line)
    from versions as v
    semi join latest as l
        using (crime_ref, version_no, partition_date, source_line)
)

select * from final
