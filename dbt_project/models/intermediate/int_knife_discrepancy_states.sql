{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    pre_hook="{{ keep_semi_join_sides() }}",
    post_hook="{{ restore_semi_join_sides() }}",
    tags=['partitioned'],
) }}
-- For every ATHENA crime version that was ever in force, the knife discrepancy classes it
-- shows against the crime's linked STORM incident (one row per version and class held).
-- Consecutive versions holding a class form one worklist item (see knife_discrepancies).
-- Incremental: a run recomputes the crimes with a version loaded in the window and those
-- whose status changed since this table last read int_crime_knife_status (status_at past the
-- newest it holds). A recomputed crime that no longer holds a class it held keeps one row
-- with a null class, so that delete+insert clears the classes it held before.
-- depends_on: {{ ref('int_crimes_in_window') }}
{% set incremental = window_run() %}
with
{% if incremental %}
scope as (
    select crime_ref from {{ ref('int_crimes_in_window') }}
    union
    select crime_ref from {{ ref('int_crime_knife_status') }}
    where {{ newer_than_this('status_at') }}
),

{% endif %}
versions as (
    select
        v.crime_ref, v.version_no, v.valid_from, v.valid_to, v.district, v.recorded_at,
        v.officer_id, v.is_counted, v.is_knife_eligible, v.knife_flag, v.incident_ref,
        s.is_linked, s.has_storm_knife_evidence, s.evidence_level, s.matched_phrase,
        s.incident_ref as linked_incident_ref, s.status_at,
        {{ london_date('s.link_decided_at') }} as link_decided_on
    from {{ ref('int_athena_crime_versions') }} as v
    join {{ ref('int_crime_knife_status') }} as s using (crime_ref)
    where v.valid_from < v.valid_to
{% if incremental %}        and v.crime_ref in (select crime_ref from scope)
{% endif %}),

-- A link a reviewer set (LINK_CORRECTED, CRIME_RAISED) holds from the day of the decision:
-- before it the pipeline had no link for the crime (the worklist offers the decision only on
-- an unlinked crime), so a version in force before that day is read as unlinked up to it, and
-- an item the new link raises starts on the decision's day.
segments as (
    select * replace (least(valid_to, link_decided_on) as valid_to,
                      false as is_linked, false as has_storm_knife_evidence,
                      'none' as evidence_level, null::varchar as matched_phrase,
                      null::varchar as linked_incident_ref)
    from versions
    where valid_from < link_decided_on
    union all
    select * replace (greatest(valid_from, coalesce(link_decided_on, valid_from)) as valid_from)
    from versions
    where valid_to > coalesce(link_decided_on, valid_from)
),

numbered as (
    select *, row_number() over (partition by crime_ref order by valid_from) as version_seq
    from segments
),

classes as (
    select *,
        case when is_counted and knife_flag = 'Y' and not is_knife_eligible
             then 'INELIGIBLE_FLAG' end as c1,
        case when is_counted and is_knife_eligible and is_linked and has_storm_knife_evidence
                  and coalesce(knife_flag, '') <> 'Y'
             then 'MISSING_FLAG' end as c2,
        case when is_counted and is_knife_eligible and is_linked and not has_storm_knife_evidence
                  and knife_flag = 'Y' and evidence_level <> 'text_review'
             then 'UNSUPPORTED_FLAG' end as c3,
        -- An eligible crime that points at an incident (or claims a knife) we cannot find.
        case when is_counted and is_knife_eligible and not is_linked
                  and (nullif(trim(incident_ref), '') is not null or knife_flag = 'Y')
             then 'UNLINKED_ELIGIBLE' end as c4,
        -- The narrative names a knife without saying how it was used: the reviewer decides,
        -- flagged or not, rather than the pipeline guessing.
        case when is_counted and is_knife_eligible and is_linked and evidence_level = 'text_review'
             then 'REVIEW_KNIFE_TEXT' end as c5
    from numbered
),

held as (
    select
        crime_ref, version_no, version_seq, valid_from, valid_to, district, recorded_at,
        officer_id, linked_incident_ref, evidence_level, matched_phrase, status_at,
        unnest([c1, c2, c3, c4, c5]) as discrepancy_class
    from classes
)

select * from held where discrepancy_class is not null
{% if incremental %}
union all by name
select crime_ref, max(status_at) as status_at
from held
group by crime_ref
having count(discrepancy_class) = 0
    and crime_ref in (select crime_ref from {{ this }} where discrepancy_class is not null)
{% endif %}
