-- The likeliest STORM incidents for each crime a reviewer may have to link: an eligible,
-- counted crime with no link that points at an incident or claims a knife (an
-- UNLINKED_ELIGIBLE item), or whose link is a candidate match scoring below
-- var('link_review_below'). Up to var('link_candidates') incidents per crime, best first, by
-- the link model's own score (link_fit) over a wider search than linking uses: the crime's
-- district, calls opened from var('candidate_hours_before') hours before the report to
-- var('candidate_hours_after') after it. Each carries the parts of its score in words (why).
{% set review_below = var('link_review_below', 0.95) %}
{% set shown = var('link_candidates', 3) %}
{% set hours_before = var('candidate_hours_before', 12) %}
{% set hours_after = var('candidate_hours_after', 2) %}
with status as (
    select crime_ref, is_linked, knife_flag, link_method
    from {{ ref('int_crime_knife_status') }}
    where is_counted and is_knife_eligible
),

links as (
    select crime_ref, confidence, log_date, log_number from {{ ref('int_crime_links') }}
),

crimes as (
    select c.crime_ref, c.reported_at, c.district, c.easting, c.northing, o.storm_category,
           {{ london_date('c.reported_at') }} as reported_date,
           l.log_date as linked_log_date, l.log_number as linked_log_number
    from status as s
    join links as l using (crime_ref)
    join {{ ref('int_athena_crimes_latest') }} as c using (crime_ref)
    left join {{ ref('offence_codes') }} as o using (ho_code)
    where (not s.is_linked and (c.incident_ref_typed is not null or s.knife_flag = 'Y'))
        or (s.link_method = 'CANDIDATE_MATCH' and l.confidence < {{ review_below }})
),

ranked as (
    {{ candidate_incidents('crimes', shown, hours_before, hours_after) }}
),

final as (
    select
        crime_ref,
        candidate_rank,
        log_date,
        log_number,
        cast(log_number as varchar) || ' of ' || strftime(log_date, '%d/%m/%Y') as incident_ref,
        round(score, 3) as score,
        minutes_before_report,
        category_fits,
        distance_km,
        is_current_link,
        concat_ws('; ',
            'same district',
            case when minutes_before_report >= 0 then minutes_before_report::bigint || ' min before the report'
                 else (-minutes_before_report)::bigint || ' min after the report' end,
            case when category_fits then 'category fits (' || incident_category || ')'
                 else 'category differs (' || coalesce(incident_category, 'none') || ')' end,
            case when distance_km is null then 'no location' else distance_km || ' km apart' end,
            case when is_current_link then 'the current link' end
        ) as why
    from ranked
)

select * from final
