{{ config(tags=['partitioned']) }}
-- Crime Bureau decisions, one row per decision (a redelivered decision counts once). A decision
-- on a knife incident with no crime (NO_CRIME) has no crime_ref; linked_incident_ref names the
-- incident.
select distinct on (crime_ref, decision, decided_at, linked_incident_ref)
    nullif(trim(crime_ref), '') as crime_ref,
    decision,
    nullif(trim(linked_incident_ref), '') as linked_incident_ref,
    reviewer_id,
    decided_at
from {{ source('raw', 'crime_bureau_decisions') }}
order by crime_ref, decision, decided_at, linked_incident_ref, partition_date
