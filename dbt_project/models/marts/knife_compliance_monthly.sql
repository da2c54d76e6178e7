-- Knife-flag compliance by month recorded and district (and 'ALL'), in the inspectorate's
-- form of a rate with a 95% Wilson interval: of the counted crimes on an eligible offence
-- whose linked STORM incident shows a knife, the share carrying the ATHENA knife flag when
-- first recorded, and the share carrying it now (after Crime Bureau corrections).
with base as (
    select
        s.recorded_month as month,
        s.district,
        f.knife_flag = 'Y' as flagged_at_recording,
        s.knife_flag = 'Y' as flagged_now
    from {{ ref('int_crime_knife_status') }} as s
    join {{ ref('int_athena_crime_versions') }} as f on f.crime_ref = s.crime_ref and f.is_first
    where s.is_counted and s.is_knife_eligible and s.has_storm_knife_evidence
),

counts as (
    select
        month,
        coalesce(district, 'ALL') as district,
        count(*) as eligible_with_storm_evidence,
        count(*) filter (where flagged_at_recording) as flagged_at_recording,
        count(*) filter (where flagged_now) as flagged_now
    from base
    group by grouping sets ((month, district), (month))
)

select
    last_day(month) as month_end,
    district,
    {{ compliance_rates() }}
from counts
