{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='as_at_date',
    tags=['partitioned'],
) }}
-- Monthly counts of the ATHENA crime measures as the data stood on the first day after each
-- month (as_at_date), for that month and the 23 before it: the figures as they could be
-- published then. A crime counts by the version in force on as_at_date (valid_from <= as_at_date
-- < valid_to), so later corrections do not rewrite what was reported at the time.
-- Incremental: a version that came into force on day D changes only the as-at dates from D on,
-- so a run rebuilds those from the earliest version date in its window (usually one month).
with as_at as (
    select month as as_at_month, (last_day(month) + 1)::date as as_at_date
    from (select distinct recorded_month as month from {{ ref('int_athena_crime_versions') }})
    {%- if is_incremental() and var('window_start', none) is not none %}
    where (last_day(month) + 1)::date >= (
        select min({{ london_date('version_ts') }}) from {{ source('raw', 'athena_crimes') }}
        where {{ in_partition_window() }}
    )
    {%- endif %}
),

versions_as_at as (
    select a.as_at_month, a.as_at_date, v.*
    from as_at as a
    join {{ ref('int_athena_crime_versions') }} as v
        on v.valid_from <= a.as_at_date
        and v.valid_to > a.as_at_date
        and v.recorded_month > a.as_at_month - interval 24 month
        and v.recorded_month <= a.as_at_month
),

counts as (
    {{ count_crime_measures('versions_as_at', ['as_at_date', 'recorded_month as month', 'district']) }}
),

spine as (
    select a.as_at_date, unnest(generate_series(
        a.as_at_month - interval 23 month, a.as_at_month, interval 1 month))::date as month
    from as_at as a
)

select s.as_at_date, s.month, d.district, m.measure, coalesce(c.n, 0) as monthly_value
from spine as s
cross join {{ ref('districts') }} as d
cross join (select distinct measure from counts) as m
left join counts as c using (as_at_date, month, district, measure)
