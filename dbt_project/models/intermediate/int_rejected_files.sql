-- Each STORM or ATHENA file rejected whole at ingestion, with its reason and records.
with

ledger as (
    select * from {{ ref('stg_ingest_ledger') }}
),

final as (
    select source, partition_date, file_name, reason, rows_rejected
    from ledger
    where source in ('storm_incidents', 'athena_crimes') and status = 'REJECTED'
)

select * from final
