{{ config(materialized='ephemeral') }}
-- What tonight touches, by incident: the STORM logs with a version loaded in the run's
-- window (every log on a build without one). The incremental models keyed by incident
-- rebuild these logs and no others; each decides for itself whether it runs incremental.
with

loaded as (
    select log_date, log_number
    from {{ source('raw', 'storm_incidents') }}
    where {{ in_partition_window() }}
),

final as (
    select distinct log_date, log_number from loaded
)

select * from final
