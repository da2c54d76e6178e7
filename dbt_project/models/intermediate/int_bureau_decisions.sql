-- Every decision the Crime Bureau returned, once: a decision delivered again (the same crime,
-- decision, time and incident) counts once, as first delivered.
with

decisions as (
    select * from {{ ref('stg_crime_bureau_decisions') }}
),

final as (
    select distinct on (crime_ref, decision, decided_at, linked_incident_ref)
        crime_ref, decision, linked_incident_ref, reviewer_id, decided_at
    from decisions
    order by crime_ref, decision, decided_at, linked_incident_ref, partition_date
)

select * from final
