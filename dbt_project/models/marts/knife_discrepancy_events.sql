-- Each worklist item's history as events: OPENED, then RESOLVED or SETTLED when it closed.
select discrepancy_id, crime_ref, incident_ref, discrepancy_class, detected_on as event_on,
       'OPENED' as event, null::varchar as resolution
from {{ ref('knife_discrepancies') }}
union all
select discrepancy_id, crime_ref, incident_ref, discrepancy_class, resolved_on as event_on,
       status as event, resolution
from {{ ref('knife_discrepancies') }}
where status <> 'OPEN'
