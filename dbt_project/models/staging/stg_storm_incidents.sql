{{ config(materialized='view') }}
-- Every STORM incident log version as loaded, renamed and typed: the canonical incident
-- reference built from the log's day and number, qualifiers never null. A view: the latest
-- version of each log is int_storm_incidents_latest.
with

incidents as (
    select * from {{ same_file(source('raw', 'storm_incidents')) }}
),

final as (
    select
        log_date,
        log_number,
        cast(log_number as varchar) || ' of ' || strftime(log_date, '%d/%m/%Y') as incident_ref,
        version_ts,
        created_at,
        closed_at,
        opening_code,
        closing_code,
        grade,
        coalesce(qualifiers, '') as qualifiers,
        district,
        easting,
        northing,
        narrative,
        partition_date,
        source_line
    from incidents
)

select * from final
