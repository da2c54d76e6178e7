{{ config(materialized='view') }}
-- The Crime Bureau's decisions as the marts read them: every decision of every type, once,
-- with its crime reference trimmed. A view over the staging model, so the marts read the
-- decisions without reaching back into staging.
with

decisions as (
    select * from {{ same_file(ref('stg_crime_bureau_decisions')) }}
),

final as (
    select crime_ref, decision, linked_incident_ref, reviewer_id, decided_at
    from decisions
)

select * from final
