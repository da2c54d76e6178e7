-- The days and sources the figures lack data for, so that every report and the BI copy can
-- say so: for each daily source, from its first delivered day to the last day any source
-- delivered, a day with no file in the landing folder (MISSING), with only empty files
-- (EMPTY), and each file rejected whole (REJECTED, with its reason and records) whether or
-- not another file of the day loaded (day_has_data).
-- depends_on: {{ source('raw', 'storm_incidents') }}, {{ source('raw', 'athena_crimes') }}
with ledger as (
    select source, partition_date, status, file_path, reason, rows_rejected
    from {{ source('audit', 'ingest_ledger') }}
    where source in ('storm_incidents', 'athena_crimes')
),

days as (
    select source, unnest(generate_series(min(partition_date), (select max(partition_date) from ledger),
                                          interval 1 day))::date as partition_date
    from ledger
    group by source
),

per_day as (
    select
        source,
        partition_date,
        count(*) filter (where status in ('LOADED', 'DUPLICATE')) > 0 as day_has_data,
        bool_and(status = 'EMPTY') as only_empty
    from ledger
    group by all
)

select
    l.source,
    l.partition_date,
    'REJECTED' as gap,
    regexp_extract(l.file_path, '[^/]+$') as file_name,
    l.reason,
    l.rows_rejected,
    p.day_has_data
from ledger as l
join per_day as p using (source, partition_date)
where l.status = 'REJECTED'

union all

select
    d.source,
    d.partition_date,
    case when p.only_empty then 'EMPTY' else 'MISSING' end as gap,
    null as file_name,
    case when p.only_empty then 'only an empty file delivered' else 'no file delivered' end as reason,
    0 as rows_rejected,
    false as day_has_data
from days as d
left join per_day as p using (source, partition_date)
where p.source is null or p.only_empty
