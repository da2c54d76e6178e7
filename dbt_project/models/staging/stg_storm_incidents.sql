-- Latest version of each STORM incident log.
with ranked as (
    select
        *,
        row_number() over (
            partition by log_date, log_number
            order by version_ts desc, partition_date desc, source_line desc
        ) as version_rank
    from {{ source('raw', 'storm_incidents') }}
)

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
    narrative
from ranked
where version_rank = 1
