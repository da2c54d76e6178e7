{# The likeliest incidents for each crime of `crimes` (a relation or CTE with crime_ref,
   reported_at, reported_date, district, easting, northing, storm_category, linked_log_date,
   linked_log_number), scored by link_fit: up to `shown` per crime, best first
   (candidate_rank), among the calls of the crime's district opened from `hours_before` hours
   before its report to `hours_after` after it. Used by int_link_candidates, and by
   bench.candidates to measure the ranking on crimes whose true incident is known. #}
{% macro candidate_incidents(crimes, shown, hours_before, hours_after) %}
{% set slot_seconds = 1800 %}
with searched as (
    select c.*, unnest([c.reported_date - 1, c.reported_date]) as log_day
    from {{ crimes }} as c
),

-- Not materialized: each use joins it on its own keys. Calls are grouped in half-hour slots
-- so that a search joins on the slots it spans rather than on a district's whole day. Only
-- the district days searched get their slot worked out: a night searches for a few dozen
-- crimes, and every call ever logged cost more than the search (0.22 s against 0.07 s on
-- the 6-year warehouse's night, the whole list 0.8 s against 0.75 s).
incidents as not materialized (
    select i.log_date, i.log_number, i.district, i.created_at, i.opening_code, i.closing_code, i.easting,
           i.northing, floor(epoch(i.created_at) / {{ slot_seconds }})::bigint as slot
    from {{ ref('int_storm_incidents_latest') }} as i
    semi join (select distinct district, log_day from searched) as s
        on s.district = i.district and s.log_day = i.log_date
),

-- A first look, at the report's own slot: the scores of the best `shown` calls there.
near as (
    select c.crime_ref, max({{ link_fit('c', 'i') }}, {{ shown }}) as best_scores
    from (
        select *, floor(epoch(reported_at) / {{ slot_seconds }})::bigint as slot
        from searched
    ) as c
    join incidents as i
        on i.district = c.district
        and i.log_date = c.log_day
        and i.slot = c.slot
        and i.created_at >= c.reported_at - interval {{ hours_before }} hour
        and i.created_at <= c.reported_at + interval {{ hours_after }} hour
    group by c.crime_ref
),

-- How far from the report a call can be and still match the `shown`-th best of the first look
-- (link_fit_max_gap, plus a second for rounding): a busy district's 14-hour search holds
-- thousands of calls, and most are too far from the report to be among the best. A crime with
-- fewer calls in the first look searches all its hours.
reach as (
    select
        s.*,
        least({{ hours_before }} * 3600, {{ link_fit_max_gap('n.best_scores[' ~ shown ~ ']') }} + 1) as seconds_before,
        least({{ hours_after }} * 3600, {{ link_fit_max_gap('n.best_scores[' ~ shown ~ ']') }} + 1) as seconds_after
    from searched as s
    left join near as n using (crime_ref)
),

-- Only the score is worked out for every pair in reach, and a top-N aggregate keeps the best
-- `shown` without sorting them all. Ties go to the earlier log, as in linking.
best as (
    select
        c.crime_ref,
        arg_max(
            {'log_date': i.log_date, 'log_number': i.log_number},
            {'score': {{ link_fit('c', 'i') }}, 'log_day': -epoch(i.log_date), 'log_number': -i.log_number},
            {{ shown }}
        ) as top
    from (
        select *, unnest(range(floor((epoch(reported_at) - seconds_before) / {{ slot_seconds }})::bigint,
                               floor((epoch(reported_at) + seconds_after) / {{ slot_seconds }})::bigint + 1)) as slot
        from reach
    ) as c
    join incidents as i
        on i.district = c.district
        and i.log_date = c.log_day
        and i.slot = c.slot
        and i.created_at >= c.reported_at - to_seconds(c.seconds_before)
        and i.created_at <= c.reported_at + to_seconds(c.seconds_after)
    group by c.crime_ref
),

ranked as (
    select crime_ref, unnest(top, recursive := true), generate_subscripts(top, 1) as candidate_rank
    from best
),

-- The parts of the score, for the few calls kept.
described as (
    select
        r.crime_ref,
        r.log_date,
        r.log_number,
        {{ link_fit('c', 'i') }} as score,
        round((epoch(c.reported_at) - epoch(i.created_at)) / 60.0) as minutes_before_report,
        coalesce(c.storm_category in (i.closing_code, i.opening_code), false) as category_fits,
        coalesce(i.closing_code, i.opening_code) as incident_category,
        round(sqrt(power(i.easting - c.easting, 2) + power(i.northing - c.northing, 2)) / 1000.0, 1)
            as distance_km,
        i.district,
        coalesce((i.log_date, i.log_number) = (c.linked_log_date, c.linked_log_number), false)
            as is_current_link,
        r.candidate_rank
    from ranked as r
    join {{ crimes }} as c using (crime_ref)
    join incidents as i on i.log_date = r.log_date and i.log_number = r.log_number
)

select * from described

{% endmacro %}
