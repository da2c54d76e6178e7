{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    tags=['partitioned'],
) }}
-- Latest version of each ATHENA crime, without the victim's and suspect's personal data.
-- Incremental: a run rebuilds only the crimes that gained a version in its partition window.
-- (QUALIFY rather than DISTINCT ON: DuckDB spills the window to disk, while DISTINCT ON with
-- ORDER BY runs out of memory at national scale.)
select
    crime_ref,
    version_no,
    version_ts,
    nullif(trim(incident_ref), '') as incident_ref_typed,
    reported_at,
    recorded_at,
    committed_from,
    committed_to,
    ho_code,
    offence_description,
    coalesce(knife_flag, '') as knife_flag,
    domestic_flag = 'Y' as is_domestic,
    hate_flag = 'Y' as is_hate,
    status,
    cancel_reason,
    outcome_code,
    outcome_date,
    district,
    easting,
    northing,
    victim_sex,
    victim_age_band,
    officer_id
from {{ source('raw', 'athena_crimes') }}
where {{ keys_touched_in_window(source('raw', 'athena_crimes'), ['crime_ref']) }}
qualify row_number() over (
    partition by crime_ref order by version_no desc, version_ts desc, partition_date desc, source_line desc) = 1
