{{ config(materialized='view') }}
-- The ingestion ledger, one line per delivered file and load, renamed and typed. A view: the
-- ledger is small and written by every load, so readers always see it whole.
-- depends_on: {{ source('raw', 'storm_incidents') }}, {{ source('raw', 'athena_crimes') }}
with

ledger as (
    select * from {{ same_file(source('audit', 'ingest_ledger')) }}
),

final as (
    select
        source,
        partition_date::date as partition_date,
        file_path,
        regexp_extract(file_path, '[^/]+$') as file_name,
        status,
        reason,
        rows_read::bigint as rows_read,
        rows_loaded::bigint as rows_loaded,
        rows_rejected::bigint as rows_rejected,
        delivered_at
    from ledger
)

select * from final
