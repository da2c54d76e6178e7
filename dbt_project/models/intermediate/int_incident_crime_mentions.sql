{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_incidents_touched_in_window() }}",
    tags=['partitioned'],
) }}
-- Crime references written into STORM narratives ("crime ref 42/1234/19 raised"): the
-- second way to link a crime to its incident when the typed incident_ref fails. The pre-hook
-- clears the rows of the logs tonight touches, so a log whose new version names no crime
-- loses the mention its earlier version made, and that mention no longer links the crime.
-- Incremental on the logs tonight touches. The cue is a case-blind regular expression, not
-- contains(lower(...)): DuckDB pushes the latter into the table scan, where it lowered every
-- narrative of the row groups the night's log days span (1.7M at national scale, 5 s) before
-- the join kept the night's logs; the expression is applied after the join.
with

touched as (
    select log_date, log_number, narrative
    from {{ ref('int_storm_incidents_latest') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

final as (
    select distinct
        log_date,
        log_number,
        unnest(regexp_extract_all(
            lower(narrative), 'crime ref(?:erence)?(?: number| no\.?)?[:\s]+(\d+/\d+/\d{2})\b', 1
        )) as crime_ref
    from touched
    where regexp_matches(narrative, '(?i)crime ref')
)

select * from final
