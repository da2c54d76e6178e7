{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_incidents_touched_in_window() }}",
    tags=['partitioned'],
) }}
-- The distinct words of four letters or more of each incident log in the fixed systematic
-- sample of macros/word_sample.sql. The background of knife_unmatched_words
-- (int_log_word_sample). Words only, never a narrative. Incremental on the logs tonight
-- touches: a night reads the few sampled logs it loaded, not a sample of the whole history.
with

incidents as (
    select log_date, log_number, narrative
    from {{ ref('int_storm_incidents_latest') }}
    where {{ in_word_sample() }}
        and {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

final as (
    select distinct log_date, log_number, unnest(regexp_extract_all(lower(narrative), '[a-z]{4,}')) as word
    from incidents
)

select * from final
