{{ config(materialized='ephemeral') }}
-- How many incident logs of the fixed sample (int_sampled_log_words) hold each word, and, on
-- a row with no word, how many logs the sample holds (those with no word of four letters
-- included).
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
    select null as word, count(*) as logs from incidents where {{ in_word_sample() }}
)

select * from final
