{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    on_schema_change='fail',
    post_hook="delete from {{ this }} where candidate_rank is null",
    tags=['partitioned'],
) }}
-- The likeliest STORM incidents for each crime a reviewer may have to link: an eligible,
-- counted crime with no link that points at an incident or claims a knife (an
-- UNLINKED_ELIGIBLE item), or whose link is a candidate match scoring below
-- var('link_review_below'). Up to var('link_candidates') incidents per crime, best first, by
-- the link model's own score (link_fit) over a wider search than linking uses: the crime's
-- district, calls opened from var('candidate_hours_before') hours before the report to
-- var('candidate_hours_after') after it. Each carries the parts of its score in words (why).
--
-- Incremental: a run lists again only the crimes whose list can have changed: those whose
-- knife status was worked out after this table was last written (a new version, link or
-- decision moves status_at past listed_at), and those reported on a log day of a call loaded
-- in the window or the day after (a search reaches back to the day before the report). A
-- crime listed before whose list is now empty gets one empty row (candidate_rank null), so
-- that delete+insert on the crime clears its old rows; the post-hook drops the empty rows.
-- depends_on: {{ ref('int_incidents_in_window') }}
{% set review_below = var('link_review_below', 0.95) %}
{% set shown = var('link_candidates', 3) %}
{% set hours_before = var('candidate_hours_before', 12) %}
{% set hours_after = var('candidate_hours_after', 2) %}
{% set incremental = window_run() %}
with
{% if incremental %}
loaded_days as (
    select min(log_date) as first_day, max(log_date) as last_day
    from {{ ref('int_incidents_in_window') }}
),

scope as (
    select crime_ref from {{ ref('int_crime_knife_status') }}
    where status_at > (select coalesce(max(listed_at), '-infinity'::timestamptz) from {{ this }})
    union
    select c.crime_ref
    from {{ ref('int_athena_crimes_latest') }} as c, loaded_days as d
    where c.reported_at >= timezone('Europe/London', d.first_day::timestamp)
        and c.reported_at < timezone('Europe/London', (d.last_day + 2)::timestamp)
),

{% endif %}
status as (
    select crime_ref, is_linked, knife_flag, link_method
    from {{ ref('int_crime_knife_status') }}
    where is_counted and is_knife_eligible
        {% if incremental %}and crime_ref in (select crime_ref from scope){% endif %}
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

listed as (
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
        ) as why,
        current_timestamp as listed_at
    from ranked
),

{% if is_incremental() %}
-- Crimes listed before with nothing to list now (all of them on a run without a window).
cleared as (
    select distinct crime_ref from {{ this }}
    where crime_ref not in (select crime_ref from listed)
        {% if incremental %}and crime_ref in (select crime_ref from scope){% endif %}
),

{% endif %}
final as (
    select * from listed
    {% if is_incremental() %}
    union all by name
    select crime_ref from cleared
    {% endif %}
)

select * from final
