-- Knife-flag compliance over the rolling 3 and 12 months to each month, by district and
-- force-wide, as an inspectorate would state it: the counts behind each rate and 95% Wilson
-- intervals. A single month holds too few crimes in most districts for an interval that says
-- anything (knife_compliance_monthly keeps each month's own figures). is_complete is false
-- for windows reaching back before the first month with data.
with monthly as (
    select * from {{ ref('knife_compliance_monthly') }}
),

months as (
    select distinct month_end, min(month_end) over () as first_month_end from monthly
),

windows as (
    select m.month_end, w.window_months,
        date_diff('month', m.first_month_end, m.month_end) + 1 >= w.window_months as is_complete
    from months as m
    cross join (select unnest([3, 12]) as window_months) as w
),

counts as (
    select
        w.month_end,
        w.window_months,
        w.is_complete,
        c.district,
        sum(c.eligible_with_storm_evidence)::bigint as eligible_with_storm_evidence,
        sum(c.flagged_at_recording)::bigint as flagged_at_recording,
        sum(c.flagged_now)::bigint as flagged_now
    from windows as w
    join monthly as c
        on date_diff('month', c.month_end, w.month_end) between 0 and w.window_months - 1
    group by all
)

select
    month_end,
    window_months,
    is_complete,
    district,
    {{ compliance_rates() }}
from counts
