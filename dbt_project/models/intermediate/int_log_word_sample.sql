{{ config(materialized='ephemeral') }}
-- How many incident logs of the fixed sample (int_sampled_log_words) hold each word, and, on
-- a row with no word, how many logs the sample holds (those with no word of four letters
-- included).
{% set every = (100 / var('unmatched_word_sample_percent', 2)) | round | int %}
with

sampled_words as (
    select * from {{ ref('int_sampled_log_words') }}
),

incidents as (
    select log_number from {{ ref('int_storm_incidents_latest') }}
),

final as (
    select word, count(*) as logs from sampled_words group by word
    union all
    select null as word, count(*) as logs from incidents where log_number % {{ every }} = 0
)

select * from final
