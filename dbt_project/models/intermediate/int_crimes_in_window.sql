{{ config(materialized='ephemeral') }}
-- What tonight touches, by crime: the ATHENA crimes with a version loaded in the run's window
-- (every crime on a build without one), and the London day of the earliest such version,
-- from which the as-published counts change. The incremental models keyed by crime start
-- from these crimes; each decides for itself whether it runs incremental.
with

loaded as (
    select crime_ref, version_ts
    from {{ source('raw', 'athena_crimes') }}
    where {{ in_partition_window() }}
),

final as (
    select crime_ref, min({{ london_date('version_ts') }}) as first_version_date
    from loaded
    group by crime_ref
)

select * from final
