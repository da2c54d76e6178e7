{# The likeliest incidents for each crime of `crimes` (a relation or CTE with crime_ref,
   reported_at, reported_date, district, easting, northing, storm_category, linked_log_date,
   linked_log_number), scored by link_fit: up to `shown` per crime, best first
   (candidate_rank), among the calls of the crime's district opened from `hours_before` hours
   before its report to `hours_after` after it. Used by int_link_candidates, and by
   bench.candidates to measure the ranking on crimes whose true incident is known. #}
{% macro candidate_incidents(crimes, shown, hours_before, hours_after) %}
with searched as (
    select c.*, unnest([c.reported_date - 1, c.reported_date]) as log_day
    from {{ crimes }} as c
),

incidents as (
    select log_date, log_number, district, created_at, opening_code, closing_code, easting, northing
    from {{ ref('int_storm_incidents_latest') }}
    where log_date in (select log_day from searched)
),

-- Only the score is worked out for every pair: a crime's search can hold thousands of calls
-- (a busy district over 14 hours), and a top-N aggregate keeps the best `shown` without
-- sorting them all. Ties go to the earlier log, as in linking.
best as (
    select
        c.crime_ref,
        arg_max(
            {'log_date': i.log_date, 'log_number': i.log_number},
            {'score': {{ link_fit('c', 'i') }}, 'log_day': -epoch(i.log_date), 'log_number': -i.log_number},
            {{ shown }}
        ) as top
    from searched as c
    join incidents as i
        on i.district = c.district
        and i.log_date = c.log_day
        and i.created_at >= c.reported_at - interval {{ hours_before }} hour
        and i.created_at <= c.reported_at + interval {{ hours_after }} hour
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
