-- The Crime Bureau worklist with its whole history: one row per discrepancy episode, never
-- deleted. An item opens on the day the data first show it; it is RESOLVED when a later ATHENA
-- version no longer shows it, SETTLED when a Crime Bureau decision on the crime answers it,
-- and OPEN otherwise. If the record later shows the problem again, that is a new item.
-- UNRECORDED_KNIFE_INCIDENT items are keyed by incident: knife evidence, closed under a crime
-- category, and no crime linked within var('unrecorded_after_days') days. One is RESOLVED when
-- a crime linked to it is recorded, SETTLED by a decision on the incident (CRIME_RAISED,
-- NO_CRIME).
{% set unrecorded_after_days = var('unrecorded_after_days', 7) %}

with as_of as (
    select {{ as_of_date() }} as as_of_date
),

islands as (
    select *, version_seq - row_number() over (
        partition by crime_ref, discrepancy_class order by version_seq) as island
    from {{ ref('int_knife_discrepancy_states') }}
    where discrepancy_class is not null
),

crime_episodes as (
    select
        crime_ref,
        discrepancy_class,
        min(valid_from) as detected_on,
        nullif(max(valid_to), date '9999-12-31') as corrected_on,
        arg_max(district, version_seq) as district,
        arg_max(recorded_at, version_seq) as recorded_at,
        arg_max(officer_id, version_seq) as officer_id,
        arg_max(linked_incident_ref, version_seq) as incident_ref,
        arg_max(evidence_level, version_seq) as evidence_level,
        arg_max(matched_phrase, version_seq) as matched_phrase
    from islands
    group by crime_ref, discrepancy_class, island
),

-- Which Crime Bureau decisions answer which class of item.
answers as (
    select discrepancy_class, decision from {{ ref('discrepancy_answers') }}
),

-- The first answering decision made while the episode was open. A decision on the day the
-- episode ends counts: a reviewer's link (LINK_CORRECTED) ends its UNLINKED_ELIGIBLE episode
-- on the day it was made, and that item is SETTLED by it.
settled as (
    select
        e.crime_ref, e.discrepancy_class, e.detected_on,
        min({{ london_date('d.decided_at') }}) as decided_on,
        arg_min(d.decision, d.decided_at) as decision
    from crime_episodes as e
    join answers as a using (discrepancy_class)
    join {{ ref('int_bureau_decisions') }} as d
        on d.crime_ref = e.crime_ref
        and d.decision = a.decision
        and {{ london_date('d.decided_at') }} >= e.detected_on
        and {{ london_date('d.decided_at') }} <= coalesce(e.corrected_on, date '9999-12-31')
    group by all
),

crime_items as (
    select
        e.crime_ref,
        e.incident_ref,
        e.discrepancy_class,
        e.district,
        e.recorded_at,
        e.evidence_level,
        e.matched_phrase,
        e.officer_id,
        e.detected_on,
        case when s.decided_on is not null then 'SETTLED'
             when e.corrected_on is not null then 'RESOLVED'
             else 'OPEN' end as status,
        coalesce(s.decided_on, e.corrected_on) as resolved_on,
        case when s.decided_on is not null then 'DECISION_' || s.decision
             when e.corrected_on is not null then 'CORRECTED_IN_ATHENA' end as resolution
    from crime_episodes as e
    left join settled as s using (crime_ref, discrepancy_class, detected_on)
),

knife_incidents as materialized (
    select
        ev.log_date, ev.log_number, ev.incident_ref, ev.district, ev.evidence_level, ev.matched_phrase,
        {{ london_date('ev.closed_at') }} + {{ unrecorded_after_days }} as detected_on
    from {{ ref('incident_knife_evidence') }} as ev
    join {{ ref('storm_categories') }} as cat on cat.category = ev.closing_code and cat.is_crime_category
    where ev.has_knife_evidence
        and ev.closed_at is not null
        and {{ london_date('ev.closed_at') }} + {{ unrecorded_after_days }} <= (select as_of_date from as_of)
),

-- When a crime linked to each of those incidents was first recorded.
first_recorded as (
    select l.log_date, l.log_number, min({{ london_date('c.recorded_at') }}) as first_recorded_on
    from knife_incidents as k
    join {{ ref('crime_incident_links') }} as l using (log_date, log_number)
    join {{ ref('int_athena_crimes_latest') }} as c using (crime_ref)
    group by all
),

-- Decisions on a knife incident with no crime (CRIME_RAISED, NO_CRIME): the first one settles it.
incident_decisions as (
    select
        d.parsed.log_date, d.parsed.log_number,
        min({{ london_date('d.decided_at') }}) as decided_on,
        arg_min(d.decision, d.decided_at) as decision
    from (
        select *, {{ parse_incident_ref('linked_incident_ref') }} as parsed
        from {{ ref('int_bureau_decisions') }}
        where decision in (select decision from answers where discrepancy_class = 'UNRECORDED_KNIFE_INCIDENT')
    ) as d
    group by all
),

unrecorded as (
    select
        null::varchar as crime_ref,
        k.incident_ref,
        'UNRECORDED_KNIFE_INCIDENT' as discrepancy_class,
        k.district,
        null::timestamptz as recorded_at,
        k.evidence_level,
        k.matched_phrase,
        null::varchar as officer_id,
        k.detected_on,
        f.first_recorded_on,
        case when i.decided_on is not null then greatest(i.decided_on, k.detected_on) end as decided_on,
        i.decision
    from knife_incidents as k
    left join first_recorded as f using (log_date, log_number)
    left join incident_decisions as i using (log_date, log_number)
    where f.first_recorded_on is null or f.first_recorded_on > k.detected_on
),

items as (
    select * from crime_items
    union all
    select
        crime_ref, incident_ref, discrepancy_class, district, recorded_at, evidence_level,
        matched_phrase, officer_id, detected_on,
        case when decided_on <= coalesce(first_recorded_on, date '9999-12-31') then 'SETTLED'
             when first_recorded_on is not null then 'RESOLVED'
             else 'OPEN' end as status,
        least(decided_on, first_recorded_on) as resolved_on,
        case when decided_on <= coalesce(first_recorded_on, date '9999-12-31') then 'DECISION_' || decision
             when first_recorded_on is not null then 'CRIME_RECORDED' end as resolution
    from unrecorded
)

select
    md5(discrepancy_class || '|' || coalesce(crime_ref, incident_ref) || '|' || detected_on::varchar)
        as discrepancy_id,
    items.*,
    -- An item a decision raised today is newer than the data's last day: open 0 days, not minus one.
    greatest(coalesce(resolved_on, (select as_of_date from as_of)) - detected_on, 0) as days_open
from items
