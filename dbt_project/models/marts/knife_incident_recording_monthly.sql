-- Crime recording for knife incidents, by month the incident closed and district (and 'ALL'):
-- of the STORM incidents showing a knife and closed under a crime category, the share with a
-- crime recorded and linked, with a 95% Wilson interval (the inspectorate's measure).
with base as (
    select
        date_trunc('month', timezone('Europe/London', e.closed_at))::date as month,
        e.district,
        exists (
            select 1 from {{ ref('crime_incident_links') }} as l
            where l.log_date = e.log_date and l.log_number = e.log_number
        ) as is_recorded
    from {{ ref('incident_knife_evidence') }} as e
    join {{ ref('storm_categories') }} as c on c.category = e.closing_code and c.is_crime_category
    where e.has_knife_evidence and e.closed_at is not null
),

counts as (
    select month, coalesce(district, 'ALL') as district,
           count(*) as knife_incidents, count(*) filter (where is_recorded) as recorded
    from base
    group by grouping sets ((month, district), (month))
)

select
    last_day(month) as month_end,
    district,
    knife_incidents,
    recorded,
    {{ rate_with_interval('recorded', 'knife_incidents', 'recording_rate') }}
from counts
