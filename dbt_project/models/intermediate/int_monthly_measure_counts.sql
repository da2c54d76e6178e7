-- Monthly counts per district and measure as the data stand now, zeros included: crime
-- measures from each crime's latest version in the month it was recorded, verified knife
-- crime from the reconciliation with its two parts (confirmed by a person, machine-read
-- alone), and ASB incidents by the month the log was opened (latest
-- closing code ASB-*).
with crime_measures as (
    select * from (
        {{ count_crime_measures(ref('int_athena_crime_versions'), ['recorded_month as month', 'district'], where='is_latest') }}
    )
    union all
    select recorded_month, district, 'knife_crime_offences', count(*) filter (where is_verified_knife)
    from {{ ref('int_crime_knife_status') }}
    group by all
    union all
    select recorded_month, district, 'knife_crime_offences_' || basis,
           count(*) filter (where verified_knife_basis = basis)
    from {{ ref('int_crime_knife_status') }}
    cross join (select unnest(['confirmed', 'machine_read']) as basis)
    group by all
    union all
    select date_trunc('month', log_date)::date, district, 'asb_incidents', count(*)
    from {{ ref('int_storm_incidents_latest') }}
    where closing_code like 'ASB-%'
    group by all
),

months as (
    select unnest(generate_series(
        (select min(month) from crime_measures),
        (select max(month) from crime_measures),
        interval 1 month))::date as month
),

measures as (
    select distinct measure from crime_measures
)

select m.month, d.district, s.measure, coalesce(c.n, 0) as monthly_value
from months as m
cross join {{ ref('districts') }} as d
cross join measures as s
left join (
    select month, district, measure, sum(n) as n from crime_measures group by all
) as c using (month, district, measure)
