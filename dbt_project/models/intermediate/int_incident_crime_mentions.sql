{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- Crime references written into STORM narratives ("crime ref 42/1234/19 raised"): the
-- second way to link a crime to its incident when the typed incident_ref fails.
select distinct
    log_date,
    log_number,
    unnest(regexp_extract_all(
        lower(narrative), 'crime ref(?:erence)?(?: number| no\.?)?[:\s]+(\d+/\d+/\d{2})\b', 1
    )) as crime_ref
from {{ ref('int_storm_incidents_latest') }}
where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
    and contains(lower(narrative), 'crime ref')
