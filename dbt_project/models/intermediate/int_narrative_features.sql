{{ config(materialized='view') }}
-- The words the learned second opinion reads in each narrative with something to read
-- (macros/narrative_features.sql). A view, never stored: `pipelines retrain-second-opinion`
-- reads it to train the model on the same features the nightly scoring computes.
with

entries as (
    select log_date, log_number, entry
    from {{ ref('int_narrative_entries') }}
),

occurrences as (
    {{ narrative_features('entries') }}
),

final as (
    select distinct log_date, log_number, feature
    from occurrences
)

select * from final
