{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    pre_hook="{{ keep_semi_join_sides() }}",
    post_hook="{{ restore_semi_join_sides() }}",
    tags=['partitioned'],
) }}
-- Each crime's knife position now: its ATHENA flag, the STORM evidence of its linked
-- incident, and the Crime Bureau's verdict. Verified knife crime (the knife_crime_offences
-- measure) = counted crimes on an eligible offence that are flagged, or whose incident shows
-- a knife, or that a reviewer confirmed, and that no reviewer has rejected; split by what it
-- rests on (verified_knife_basis) into confirmed and machine_read.
-- Incremental: a run recomputes the crimes with a version loaded in the window or a decision
-- loaded since it last ran,
-- those linked to an incident loaded in the window (its evidence may have changed) and those
-- whose link changed since this table last read int_crime_links (linked_at past the newest it
-- holds).
-- depends_on: {{ ref('int_crimes_in_window') }}
-- depends_on: {{ ref('int_incidents_in_window') }}
{% set incremental = window_run() %}
with
{% if incremental %}
scope as (
    select crime_ref from {{ ref('int_crimes_in_window') }}
    union
    -- Decisions by when they were loaded (see int_crime_links).
    select trim(crime_ref) from {{ source('raw', 'crime_bureau_decisions') }}
    where loaded_at > (select coalesce(max(status_at), '-infinity'::timestamptz) from {{ this }})
    union
    select l.crime_ref
    from {{ ref('int_crime_links') }} as l
    join {{ ref('int_incidents_in_window') }} as t using (log_date, log_number)
    union
    select crime_ref from {{ ref('int_crime_links') }}
    where {{ newer_than_this('linked_at') }}
),

{% endif %}
-- In an incremental run each input is cut to the crimes in scope before the joins, and the
-- evidence to their linked incidents: the log-day IN lets DuckDB skip the row groups of
-- other days rather than hash every incident ever logged.
versions as (
    select * from {{ ref('int_athena_crime_versions') }}
    where is_latest{% if incremental %} and crime_ref in (select crime_ref from scope){% endif %}
),

links as (
    select * from {{ ref('int_crime_links') }}
    {% if incremental %}where crime_ref in (select crime_ref from scope){% endif %}
),

evidence as (
    select * from {{ ref('int_incident_knife_evidence') }}
    {% if incremental -%}
    where log_date in (select log_date from links)
        and (log_date, log_number) in (select (log_date, log_number) from links)
    {%- endif %}
),

status as (
    select
        v.crime_ref,
        v.recorded_at,
        v.recorded_month,
        v.district,
        v.ho_code,
        v.officer_id,
        v.is_counted,
        v.is_knife_eligible,
        coalesce(v.knife_flag, '') as knife_flag,
        l.log_date is not null as is_linked,
        l.incident_ref,
        l.link_method,
        l.link_decided_at,
        coalesce(e.evidence_level, 'none') as evidence_level,
        e.matched_phrase,
        coalesce(e.has_knife_evidence, false) as has_storm_knife_evidence,
        d.decision as knife_decision,
        d.decided_at as knife_decided_at,
        v.is_counted and v.is_knife_eligible
            and coalesce(d.decision not in ('NOT_KNIFE', 'NOT_ELIGIBLE'), true)
            and (v.knife_flag = 'Y' or coalesce(e.has_knife_evidence, false) or d.decision = 'KNIFE_CONFIRMED')
            as is_verified_knife,
        l.linked_at,
        current_timestamp as status_at
    from versions as v
    left join links as l using (crime_ref)
    left join evidence as e on e.log_date = l.log_date and e.log_number = l.log_number
    left join {{ ref('int_crime_knife_decisions') }} as d on d.crime_ref = v.crime_ref and d.is_in_force
),

-- What a verified crime rests on: a person's recording (the ATHENA flag, the STORM qualifier
-- a call handler set, a reviewer's KNIFE_CONFIRMED), or the classifier's reading of the STORM
-- narrative alone, not yet reviewed.
final as (
    select
        * exclude (linked_at, status_at),
        case when is_verified_knife then
            case when knife_flag = 'Y' or knife_decision = 'KNIFE_CONFIRMED'
                      or evidence_level in ('qualifier_and_text', 'qualifier_only')
                 then 'confirmed' else 'machine_read' end
        end as verified_knife_basis,
        linked_at,
        status_at
    from status
)

select * from final
