{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_incidents_touched_in_window() }}",
    tags=['partitioned'],
) }}
-- The distinct words of four letters or more of each incident log in a fixed systematic sample
-- of var('unmatched_word_sample_percent') percent of them: every log whose number is a
-- multiple of 100 / percent (every 50th log of a day at 2 percent). Log numbers run through
-- the day, so the sample spreads over every hour, district and category, and the same logs are
-- in it on every run. The background of knife_unmatched_words (int_log_word_sample). Words
-- only, never a narrative. Incremental on the logs tonight touches: a night reads the few
-- sampled logs it loaded, not a sample of the whole history.
{% set every = (100 / var('unmatched_word_sample_percent', 2)) | round | int %}
with

incidents as (
    select log_date, log_number, narrative
    from {{ ref('int_storm_incidents_latest') }}
    where log_number % {{ every }} = 0
        and {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

final as (
    select distinct log_date, log_number, unnest(regexp_extract_all(lower(narrative), '[a-z]{4,}')) as word
    from incidents
)

select * from final
