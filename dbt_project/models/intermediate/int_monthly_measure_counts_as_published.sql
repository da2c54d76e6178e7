{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['as_at_date', 'month', 'district'],
    tags=['partitioned'],
) }}
-- Monthly counts of the ATHENA crime measures as the data stood on the first day after each
-- month (as_at_date), for that month and the 23 before it: the figures as they could be
-- published then. A crime counts by the version in force on as_at_date (valid_from <= as_at_date
-- < valid_to), so later corrections do not rewrite what was reported at the time.
-- Incremental: a version that came into force on day D changes only the as-at dates from D on,
-- and of those only the (month, district) cells its crime was or is counted in. A run rebuilds
-- those cells, from the earliest version date in its window (usually this month), and every
-- cell of an as-at date that is new (the first crime of a month).
-- depends_on: {{ ref('int_crimes_in_window') }}
{% set incremental = window_run() %}
with as_at as (
    select month as as_at_month, (last_day(month) + 1)::date as as_at_date
    from (select distinct recorded_month as month from {{ ref('int_athena_crime_versions') }})
    {%- if incremental %}
    where (last_day(month) + 1)::date >= (select min(first_version_date) from {{ ref('int_crimes_in_window') }})
    {%- endif %}
),

every_cell as (
    select a.as_at_date, a.as_at_month, unnest(generate_series(
        a.as_at_month - interval 23 month, a.as_at_month, interval 1 month))::date as month
    from as_at as a
),

cells as (
    {%- if incremental %}
    select c.as_at_date, c.month, d.district
    from every_cell as c
    join (
        select distinct recorded_month, district
        from {{ ref('int_athena_crime_versions') }}
        where crime_ref in (select crime_ref from {{ ref('int_crimes_in_window') }})
    ) as d on d.recorded_month = c.month
    join {{ ref('districts') }} using (district)
    union
    select c.as_at_date, c.month, d.district
    from every_cell as c
    cross join {{ ref('districts') }} as d
    where c.as_at_date not in (select as_at_date from {{ this }})
    {%- else %}
    select c.as_at_date, c.month, d.district
    from every_cell as c
    cross join {{ ref('districts') }} as d
    {%- endif %}
),

versions_as_at as (
    select c.as_at_date, v.*
    from cells as c
    join {{ ref('int_athena_crime_versions') }} as v
        on v.recorded_month = c.month
        and v.district = c.district
        and v.valid_from <= c.as_at_date
        and v.valid_to > c.as_at_date
),

counts as (
    {{ count_crime_measures('versions_as_at', ['as_at_date', 'recorded_month as month', 'district']) }}
)

select c.as_at_date, c.month, c.district, m.measure, coalesce(n.n, 0) as monthly_value
from cells as c
cross join (
    select unnest([{% for measure in crime_measures() %}'{{ measure }}'{{ ', ' if not loop.last }}{% endfor %}]) as measure
) as m
left join counts as n using (as_at_date, month, district, measure)
