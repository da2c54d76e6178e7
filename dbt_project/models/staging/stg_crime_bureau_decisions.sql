{{ config(materialized='view') }}
-- Crime Bureau decisions as loaded, renamed and typed: references trimmed, an empty one null.
-- A decision on a knife incident with no crime (NO_CRIME) has no crime_ref; linked_incident_ref
-- names the incident. A redelivered decision is here twice; int_bureau_decisions keeps it once.
with

decisions as (
    select * from {{ same_file(source('raw', 'crime_bureau_decisions')) }}
),

final as (
    select
        nullif(trim(crime_ref), '') as crime_ref,
        decision,
        nullif(trim(linked_incident_ref), '') as linked_incident_ref,
        reviewer_id,
        decided_at,
        partition_date,
        loaded_at
    from decisions
)

select * from final
