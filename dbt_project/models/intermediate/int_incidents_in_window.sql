{{ config(materialized='ephemeral') }}
-- What tonight touches, by incident: the STORM logs with a version loaded in the run's
-- window (every log on a build without one). The incremental models keyed by incident
-- rebuild these logs and no others; each decides for itself whether it runs incremental.
-- The query is a macro so that the pre-hook of the models that clear a log's rows first
-- (clear_incidents_touched_in_window) reads the same logs.
with

final as (
    {{ incidents_loaded_in_window() }}
)

select * from final
