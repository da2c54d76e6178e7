-- The days and sources the figures lack data for, so that every report and the BI copy can
-- say so: for each daily source, from its first delivered day to the last day any source
-- delivered, a day with no file in the landing folder (MISSING), with only empty files
-- (EMPTY), and each file rejected whole (REJECTED, with its reason and records) whether or
-- not another file of the day loaded (day_has_data).
with

days as (
    select * from {{ ref('int_extract_days') }}
),

rejected_files as (
    select * from {{ ref('int_rejected_files') }}
),

rejected as (
    select
        f.source,
        f.partition_date,
        'REJECTED' as gap,
        f.file_name,
        f.reason,
        f.rows_rejected,
        d.day_has_data
    from rejected_files as f
    join days as d using (source, partition_date)
),

without_data as (
    select
        source,
        partition_date,
        case when only_empty then 'EMPTY' else 'MISSING' end as gap,
        null as file_name,
        case when only_empty then 'only an empty file delivered' else 'no file delivered' end as reason,
        0 as rows_rejected,
        false as day_has_data
    from days
    where files_delivered = 0 or only_empty
),

final as (
    select * from rejected
    union all
    select * from without_data
)

select * from final
