{{ config(materialized='ephemeral') }}
-- How many incident logs of a fixed sample (var('unmatched_word_sample_percent') percent,
-- system sampling with a fixed seed) hold each word of four letters or more, and the number
-- of logs sampled (the row with word null). knife_unmatched_words ranks words against it.
{% set sample_percent = var('unmatched_word_sample_percent', 2) %}
with

sampled as (
    select log_date, log_number, narrative from {{ ref('int_storm_incidents_latest') }}
    using sample {{ sample_percent }} percent (system, 42)
),

words as (
    select distinct log_date, log_number, unnest(regexp_extract_all(lower(narrative), '[a-z]{4,}')) as word
    from sampled
),

final as (
    select word, count(*) as logs from words group by word
    union all
    select null as word, count(*) as logs from sampled
)

select * from final
