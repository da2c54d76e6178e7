{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- Knife evidence for every STORM incident: the WEAPON-KNIFE qualifier joined to what the
-- narrative says (int_incident_text_verdicts, the last step of reading it in the manner of
-- the Home Office's NDQIS; docs/narratives.md), and the level of evidence the two give
-- together. Where the learned second opinion (int_incident_second_opinion) disagrees with
-- the rules' KNIFE or NO_KNIFE the narrative goes to REVIEW; the rule stays the explanation.
-- A narrative with nothing to read (no row in the reading steps) is NO_KNIFE by no_knife_words.
-- Only matched words are kept, never the narrative. Incremental on the logs tonight touches.
with

incidents as (
    select log_date, log_number, incident_ref, district, created_at, closed_at,
           opening_code, closing_code, qualifiers
    from {{ ref('int_storm_incidents_latest') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

text_verdicts as (
    select log_date, log_number, knife_text_outcome, knife_text_rule, terms, negation_term
    from {{ ref('int_incident_text_verdicts') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

second_opinions as (
    select log_date, log_number, knife_probability, second_opinion
    from {{ ref('int_incident_second_opinion') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

joined as (
    select
        i.log_date,
        i.log_number,
        i.incident_ref,
        i.district,
        i.created_at,
        i.closed_at,
        i.opening_code,
        i.closing_code,
        list_contains(string_split(i.qualifiers, '|'), 'WEAPON-KNIFE') as has_knife_qualifier,
        coalesce(v.knife_text_outcome, 'NO_KNIFE') as rules_outcome,
        o.second_opinion,
        o.knife_probability,
        coalesce(v.knife_text_rule, 'no_knife_words') as knife_text_rule,
        v.terms,
        v.negation_term
    from incidents as i
    left join text_verdicts as v
        on v.log_date = i.log_date and v.log_number = i.log_number
    left join second_opinions as o
        on o.log_date = i.log_date and o.log_number = i.log_number
),

read as (
    select
        *,
        case
            when rules_outcome in ('KNIFE', 'NO_KNIFE') and second_opinion <> rules_outcome then 'REVIEW'
            else rules_outcome
        end as knife_text_outcome
    from joined
),

final as (
    select
        log_date,
        log_number,
        incident_ref,
        district,
        created_at,
        closed_at,
        opening_code,
        closing_code,
        has_knife_qualifier,
        knife_text_outcome = 'KNIFE' as has_knife_text,
        knife_text_outcome,
        knife_text_rule,
        rules_outcome,
        second_opinion,
        knife_probability,
        case
            when has_knife_qualifier and knife_text_outcome = 'KNIFE' then 'qualifier_and_text'
            when has_knife_qualifier then 'qualifier_only'
            when knife_text_outcome = 'KNIFE' then 'text_only'
            when knife_text_outcome = 'REVIEW' then 'text_review'
            when knife_text_rule = 'negation' then 'negated'
            else 'none'
        end as evidence_level,
        has_knife_qualifier or knife_text_outcome = 'KNIFE' as has_knife_evidence,
        case
            when knife_text_outcome in ('KNIFE', 'REVIEW') then terms[1]
            when has_knife_qualifier then 'WEAPON-KNIFE'
            when knife_text_rule = 'negation' then negation_term
        end as matched_phrase,
        nullif(array_to_string(terms[1:5], ', '), '') as matched_terms,
        case when knife_text_outcome = 'NO_KNIFE' and knife_text_rule not in ('negation', 'no_knife_words')
            then knife_text_rule end as discounted_mention
    from read
)

select * from final
