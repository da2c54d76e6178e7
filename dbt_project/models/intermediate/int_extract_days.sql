-- One row per daily source (STORM, ATHENA) and day, from the source's first delivered day to
-- the last day either delivered: how many files came, whether one loaded or duplicated a
-- loaded file (day_has_data), whether they were all empty, and whether the raw table holds
-- rows of the day (has_rows; the worklist's as-of day is the last STORM day with rows).
with

ledger as (
    select * from {{ ref('stg_ingest_ledger') }}
    where source in ('storm_incidents', 'athena_crimes')
),

raw_days as (
    select distinct 'storm_incidents' as source, partition_date from {{ source('raw', 'storm_incidents') }}
    union all
    select distinct 'athena_crimes' as source, partition_date from {{ source('raw', 'athena_crimes') }}
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
        count(*) as files_delivered,
        count(*) filter (where status in ('LOADED', 'DUPLICATE')) > 0 as day_has_data,
        bool_and(status = 'EMPTY') as only_empty
    from ledger
    group by all
),

final as (
    select
        d.source,
        d.partition_date,
        coalesce(p.files_delivered, 0) as files_delivered,
        coalesce(p.day_has_data, false) as day_has_data,
        coalesce(p.only_empty, false) as only_empty,
        r.partition_date is not null as has_rows
    from days as d
    left join per_day as p using (source, partition_date)
    left join raw_days as r using (source, partition_date)
)

select * from final
