{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_partitions_in_window() }}",
    tags=['partitioned'],
) }}
-- Every word of four letters or more in a victim or suspect name field, by the load day of the
-- ATHENA rows it came from, so that no word list drawn from narratives (knife_unmatched_words,
-- the second opinion's weights) shows one. Incremental on the days a run loads: a night reads
-- its own rows, not every crime version of the history; a day loaded again replaces its words.
with

crimes as (
    select partition_date, victim_name, suspect_name
    from {{ source('raw', 'athena_crimes') }}
    where {{ in_partition_window() }}
),

final as (
    select distinct
        partition_date,
        unnest(regexp_extract_all(lower(concat_ws(' ', victim_name, suspect_name)), '[a-z]{4,}')) as word
    from crimes
)

select * from final
