{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    tags=['partitioned'],
) }}
-- Every ATHENA crime version with the days it was in force, so any past state can be rebuilt:
-- the version in force on day D is the one with valid_from <= D < valid_to. Versions are
-- ordered by version_no, not by arrival, so out-of-order deliveries land in place; a version
-- overtaken on its own day by a later one is never in force (valid_from = valid_to).
-- Incremental: a run rebuilds every version of the crimes that gained one in its window. The
-- measure columns read the code seeds, so after editing a seed run a full refresh.
with versions as (
    select
        crime_ref, version_no, version_ts, incident_ref, reported_at, recorded_at, ho_code,
        nullif(knife_flag, '') as knife_flag, domestic_flag, hate_flag, status, cancel_reason,
        outcome_code, district, victim_sex, officer_id
    from {{ source('raw', 'athena_crimes') }}
    where {{ keys_touched_in_window(ref('int_crimes_in_window'), ['crime_ref']) }}
    -- A version delivered twice counts once (QUALIFY spills to disk at national scale).
    qualify row_number() over (
        partition by crime_ref, version_no order by partition_date desc, source_line desc) = 1
),

dated as (
    select
        *,
        {{ london_date('version_ts') }} as version_date,
        min({{ london_date('version_ts') }}) over (
            partition by crime_ref order by version_no desc
            rows between unbounded preceding and 1 preceding
        ) as next_version_date,
        row_number() over (partition by crime_ref order by version_no) as version_seq
    from versions
)

select
    v.crime_ref,
    v.version_no,
    v.version_ts,
    v.version_date as valid_from,
    greatest(v.version_date, coalesce(v.next_version_date, date '9999-12-31')) as valid_to,
    v.next_version_date is null as is_latest,
    v.version_seq = 1 as is_first,
    v.incident_ref,
    v.reported_at,
    v.recorded_at,
    {{ london_month('v.recorded_at') }} as recorded_month,
    v.ho_code,
    v.knife_flag,
    v.domestic_flag,
    v.hate_flag,
    v.status,
    v.cancel_reason,
    v.outcome_code,
    v.district,
    v.victim_sex,
    v.officer_id,
    {{ crime_measure_columns() }}
from dated as v
left join {{ ref('offence_codes') }} as o using (ho_code)
left join {{ ref('knife_eligible_codes') }} as k using (ho_code)
left join {{ ref('outcome_codes') }} as oc using (outcome_code)
