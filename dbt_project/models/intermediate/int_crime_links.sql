{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    on_schema_change='fail',
    tags=['partitioned'],
) }}
-- The STORM incident each ATHENA crime came from, and how the link was found: one row per
-- crime, the link columns null when no link is acceptable (crime_incident_links keeps the
-- linked crimes). In order of trust: a Crime Bureau LINK_CORRECTED decision; the typed
-- incident_ref when it parses, the log exists and its district and category fit the crime;
-- a crime reference written in an incident narrative; otherwise the best candidate incident
-- (same district, opened close to the time the crime was reported, compatible category,
-- nearby) scoring at least var('link_min_confidence'), taken only when the crime is also
-- that incident's best.
--
-- Incremental: a run relinks only the crimes whose link can have changed, chosen by
-- crime_link_scope (macros/crime_link_scope.sql) from tonight's crimes and incidents and this
-- table's previous links; links of other crimes are kept.
-- depends_on: {{ ref('int_crimes_in_window') }}
-- depends_on: {{ ref('int_incidents_in_window') }}
-- depends_on: {{ source('raw', 'crime_bureau_decisions') }}
-- depends_on: {{ ref('stg_storm_incidents') }}
{% set min_confidence = var('link_min_confidence', 0.85) %}
{% set incremental = window_run() %}
{#- Derived per crime only where needed: the time-zone conversion is the costly part of
    reading every crime, and an incremental run reads the stored report day instead. -#}
{% set link_inputs = 'hash(c.incident_ref_typed, c.reported_at, c.district, c.easting, c.northing, c.ho_code)' %}

-- Not materialized: each use filters it to the crimes it needs before reading them. The
-- STORM category of the offence is joined on only where a link is scored.
with crimes as not materialized (
    select crime_ref, incident_ref_typed, reported_at, district, easting, northing, ho_code
    from {{ ref('int_athena_crimes_latest') }}
),

-- Not materialized: each use joins it on its own key, cheaper than a copy of every incident.
incidents as not materialized (
    select log_date, log_number, district, created_at, opening_code, closing_code, easting, northing
    from {{ ref('int_storm_incidents_latest') }}
),

-- The latest decision naming each crime's incident (decision_types.sets_link:
-- LINK_CORRECTED, CRIME_RAISED).
decided as (
    select distinct on (crime_ref)
        crime_ref,
        decided_at,
        {{ parse_incident_ref('linked_incident_ref') }} as parsed
    from {{ ref('int_bureau_decisions') }}
    where decision in (select decision from {{ ref('decision_types') }} where sets_link)
        and crime_ref is not null
    order by crime_ref, decided_at desc
),

{{ crime_link_scope(incremental, link_inputs, min_confidence) }}

by_decision as (
    select d.crime_ref, i.log_date, i.log_number, 'DECISION' as link_method, 1.0 as confidence
    from decided as d
    join incidents as i on i.log_date = d.parsed.log_date and i.log_number = d.parsed.log_number
    where d.crime_ref in (select crime_ref from scope)
),

typed as (
    select
        c.*,
        o.storm_category,
        {{ london_date('c.reported_at') }} as reported_date,
        {{ link_inputs }} as link_inputs,
        {{ parse_incident_ref('c.incident_ref_typed') }} as parsed
    from pool_crimes as c
    left join {{ ref('offence_codes') }} as o using (ho_code)
    where c.crime_ref in (select crime_ref from scope)
),

by_ref as (
    select t.crime_ref, i.log_date, i.log_number, 'INCIDENT_REF' as link_method,
           round({{ link_fit('t', 'i') }}, 3) as confidence
    from typed as t
    join incidents as i on i.log_date = t.parsed.log_date and i.log_number = t.parsed.log_number
    where {{ link_fit('t', 'i') }} >= 0.5
        and t.crime_ref not in (select crime_ref from by_decision)
),

by_narrative as (
    select distinct on (m.crime_ref)
        m.crime_ref, m.log_date, m.log_number, 'NARRATIVE' as link_method, 0.98 as confidence
    from {{ ref('int_incident_crime_mentions') }} as m
    join typed as c using (crime_ref)
    where m.crime_ref not in (select crime_ref from by_decision union all select crime_ref from by_ref)
    order by m.crime_ref, m.log_date, m.log_number
),

linked as (
    select * from by_decision
    union all select * from by_ref
    union all select * from by_narrative
),

all_linked as (
    select * from linked
    union all select * from kept
),

-- Equality on (district, log day, time slot) keeps the candidate join small: each unlinked
-- crime looks only at the logs of its own district opened the day before, the day of or the
-- day after its report, and of those only at the slots its search overlaps. A slot is as long
-- as the longest gap at which a call can still reach the minimum score, so a search spans
-- two or three of them; a busy district's day holds thousands of calls, a slot a few dozen.
-- (link_reach, macros/link_windows.sql: the same slots bound a night's scope.)
{% set gap_before = link_gap_before(min_confidence) %}
{% set gap_after = link_gap_after(min_confidence) %}
unlinked as (
    select c.*, unnest([c.reported_date - 1, c.reported_date, c.reported_date + 1]) as log_day
    from (
        select c.*, unnest(range(
            floor((epoch(c.reported_at) - {{ gap_before }}) / {{ link_reach(min_confidence) }})::bigint,
            floor((epoch(c.reported_at) + {{ gap_after }}) / {{ link_reach(min_confidence) }})::bigint + 1)) as slot
        from (
            select c.*, o.storm_category, {{ london_date('c.reported_at') }} as reported_date
            from pool_crimes as c
            left join {{ ref('offence_codes') }} as o using (ho_code)
            where c.crime_ref not in (select crime_ref from all_linked)
        ) as c
    ) as c
),

candidates as (
    select c.crime_ref, i.log_date, i.log_number, {{ link_fit('c', 'i') }} as score
    from unlinked as c
    join incidents as i
        on i.district = c.district
        and i.log_date = c.log_day
        and {{ link_slot('i.created_at', min_confidence) }} = c.slot
        and i.created_at >= c.reported_at - to_seconds({{ gap_before }})
        and i.created_at <= c.reported_at + to_seconds({{ gap_after }})
    where (i.log_date, i.log_number) not in (select (log_date, log_number) from all_linked)
),

-- A candidate is taken only when it is the crime's best and the crime is the incident's best.
by_candidate as (
    select crime_ref, log_date, log_number, 'CANDIDATE_MATCH' as link_method, round(score, 3) as confidence
    from candidates
    where score >= {{ min_confidence }}
    qualify row_number() over (partition by crime_ref order by score desc, log_date, log_number) = 1
        and row_number() over (partition by log_date, log_number order by score desc, crime_ref) = 1
),

links as (
    select * from linked
    union all
    select * from by_candidate where crime_ref in (select crime_ref from scope)
),

relinked as (
    select
        t.crime_ref,
        t.district,
        t.reported_at,
        t.reported_date,
        t.link_inputs,
        t.parsed.log_date as ref_log_date,
        t.parsed.log_number as ref_log_number,
        l.log_date,
        l.log_number,
        cast(l.log_number as varchar) || ' of ' || strftime(l.log_date, '%d/%m/%Y') as incident_ref,
        l.link_method,
        l.confidence,
        case when l.link_method = 'DECISION' then d.decided_at end as link_decided_at
    from typed as t
    left join links as l using (crime_ref)
    left join decided as d using (crime_ref)
),

-- linked_at moves only when a crime's link changes (or the crime is new), so the models that
-- take the links changed since they last ran (newer than their own linked_at) recompute
-- the links that changed, not every crime the scope scored again.
final as (
    select
        r.*,
        {%- if incremental %}
        case when p.crime_ref is not null
                and r.log_date is not distinct from p.log_date
                and r.log_number is not distinct from p.log_number
                and r.link_method is not distinct from p.link_method
                and r.confidence is not distinct from p.confidence
                and r.link_decided_at is not distinct from p.link_decided_at
            then p.linked_at else current_timestamp end as linked_at
    from relinked as r
    left join (
        select crime_ref, log_date, log_number, link_method, confidence, link_decided_at, linked_at
        from previous where crime_ref in (select crime_ref from scope)
    ) as p using (crime_ref)
        {%- else %}
        current_timestamp as linked_at
    from relinked as r
        {%- endif %}
)

select * from final
