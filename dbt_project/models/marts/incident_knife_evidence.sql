{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- depends_on: {{ ref('knife_vocabulary') }}
-- Knife evidence for every STORM incident, from the WEAPON-KNIFE qualifier and the narrative.
-- A narrative line with knife language counts unless the same line negates it, describes
-- household use or refers to another incident (patterns: the knife_vocabulary seed). Only
-- the matched words are kept, never the narrative itself.
with incidents as (
    select log_date, log_number, incident_ref, district, created_at, closed_at,
           opening_code, closing_code, qualifiers, narrative
    from {{ ref('stg_storm_incidents') }}
    where {{ keys_touched_in_window(source('raw', 'storm_incidents'), ['log_date', 'log_number']) }}
),

lines as (
    select log_date, log_number, line_no, line
    from (
        select
            log_date,
            log_number,
            unnest(generate_series(1, len(string_split(narrative, chr(10))))) as line_no,
            unnest(string_split(lower(narrative), chr(10))) as line
        from incidents
        where regexp_matches(lower(narrative), {{ knife_pattern('knife') }})
    )
    where regexp_matches(line, {{ knife_pattern('knife') }})
),

mentions as (
    select
        log_date,
        log_number,
        line_no,
        case
            when regexp_matches(line, {{ knife_pattern('negation') }}) then 'negated'
            when regexp_matches(line, {{ knife_pattern('household') }}) then 'household'
            when regexp_matches(line, {{ knife_pattern('other_incident') }}) then 'other_incident'
            else 'knife'
        end as mention,
        regexp_extract(line, {{ knife_pattern('knife') }}) as knife_term,
        regexp_extract(line, {{ knife_pattern('negation') }}) as negation_term
    from lines
),

per_incident as (
    select
        log_date,
        log_number,
        bool_or(mention = 'knife') as has_knife_text,
        bool_or(mention = 'negated') as has_negation,
        bool_or(mention = 'household') as has_household_mention,
        bool_or(mention = 'other_incident') as has_other_incident_mention,
        arg_min(knife_term, line_no) filter (where mention = 'knife') as knife_phrase,
        arg_min(negation_term, line_no) filter (where mention = 'negated') as negation_phrase
    from mentions
    group by log_date, log_number
),

levels as (
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
        coalesce(p.has_knife_text, false) as has_knife_text,
        coalesce(p.has_negation, false) as has_negation,
        coalesce(p.has_household_mention, false) as has_household_mention,
        coalesce(p.has_other_incident_mention, false) as has_other_incident_mention,
        p.knife_phrase,
        p.negation_phrase
    from incidents as i
    left join per_incident as p using (log_date, log_number)
)

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
    has_knife_text,
    case
        when has_knife_qualifier and has_knife_text then 'qualifier_and_text'
        when has_knife_qualifier then 'qualifier_only'
        when has_knife_text then 'text_only'
        when has_negation then 'negated'
        else 'none'
    end as evidence_level,
    has_knife_qualifier or has_knife_text as has_knife_evidence,
    case
        when has_knife_text then knife_phrase
        when has_knife_qualifier then 'WEAPON-KNIFE'
        when has_negation then negation_phrase
    end as matched_phrase,
    case
        when has_household_mention then 'household'
        when has_other_incident_mention then 'other_incident'
    end as discounted_mention
from levels
