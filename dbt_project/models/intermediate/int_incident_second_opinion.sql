{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_incidents_touched_in_window() }}",
    tags=['partitioned'],
) }}
-- The learned second opinion on each narrative with something to read: a logistic regression
-- over its words (macros/narrative_features.sql) with the weights of the seed
-- knife_second_opinion_weights, which `pipelines retrain-second-opinion` writes. It never
-- decides alone: int_incident_knife_evidence sends a log to REVIEW where it disagrees with the
-- rules. One row for every log of int_narrative_entries (a log with nothing to read has none);
-- no opinion (null) while the seed holds no model. Incremental on the logs tonight touches.
-- The opinion is given only when the model is confident: a probability of at least
-- var('second_opinion_confidence') for KNIFE, at most one minus it for NO_KNIFE, none between.
-- 0.95 was chosen on development data only (docs/narratives.md): the corpora's development
-- halves by five-fold cross-validation, and the default simulated world, whose narratives
-- are written by another hand than the corpora's and where a less confident opinion sends
-- hundreds of true knives and thousands of non-knives to review.
{% set confidence = var('second_opinion_confidence', 0.95) %}
with

entries as (
    select log_date, log_number, entry
    from {{ ref('int_narrative_entries') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

-- Weights in millionths (the seed holds six decimals), so that a log's sum is exact and the
-- same whatever order its features are added in: a night and a rebuild give the same value.
-- Each feature numbered, so that a log's features are made distinct as integers, not strings.
weights as (
    select feature, row_number() over (order by feature) as feature_id, round(weight * 1000000)::bigint as weight
    from {{ ref('knife_second_opinion_weights') }}
),

intercept as (
    select weight from weights where feature = '(intercept)'
),

features as (
    {{ narrative_features('entries') }}
),

logs as (
    select distinct log_date, log_number
    from entries
),

-- Each weighted feature a log holds, once: the join comes first, so that only the few
-- thousand weighted features are made distinct, not every word.
weighted as (
    select distinct f.log_date, f.log_number, w.feature_id, w.weight
    from features as f
    join weights as w on w.feature = f.feature
),

scores as (
    select log_date, log_number, sum(weight) as feature_weight
    from weighted
    group by log_date, log_number
),

scored as (
    select
        l.log_date,
        l.log_number,
        1 / (1 + exp(-(i.weight + coalesce(s.feature_weight, 0)) / 1000000)) as knife_probability
    from logs as l
    left join scores as s on s.log_date = l.log_date and s.log_number = l.log_number
    left join intercept as i on true
),

final as (
    select
        log_date,
        log_number,
        knife_probability,
        case
            when knife_probability >= {{ confidence }} then 'KNIFE'
            when knife_probability <= 1 - {{ confidence }} then 'NO_KNIFE'
        end as second_opinion
    from scored
)

select * from final
