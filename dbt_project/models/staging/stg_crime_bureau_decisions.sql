{{ config(tags=['partitioned']) }}
-- Crime Bureau decisions, one row per decision (a redelivered decision counts once).
select distinct on (crime_ref, decision, decided_at)
    crime_ref,
    decision,
    nullif(trim(linked_incident_ref), '') as linked_incident_ref,
    reviewer_id,
    decided_at
from {{ source('raw', 'crime_bureau_decisions') }}
order by crime_ref, decision, decided_at, partition_date
