{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- depends_on: {{ ref('knife_vocabulary') }}
-- depends_on: {{ ref('knife_text_rules') }}
-- Knife evidence for every STORM incident: the WEAPON-KNIFE qualifier, and what the narrative
-- says, classified in the manner of the Home Office's NDQIS (a lexicon and context rules, both
-- seeds: knife_vocabulary and knife_text_rules).
--
-- Each timed entry (a line) is read on its own. A knife or sharp-instrument term counts unless
-- a negation sits in the same clause. An entry with a counted term is KNIFE when it says the
-- blade was used (stabbed, knifepoint) or holds a threat cue (held to, waved, robbed, a wound)
-- that no "no threats" cancels; a strong context (self-harm, accident, news or the past,
-- training) discounts it even then, a weak one (found, possession, goods, household use) only
-- when there is no use or threat; a term with neither is REVIEW. The incident is KNIFE when an
-- entry is KNIFE and no later entry retracts it ("it was a phone"), else REVIEW if any entry
-- is, else NO_KNIFE with the rule that discounted it. Only matched words are kept, never the
-- narrative itself.
{% set mention = "'(?:' || " ~ knife_pattern('weapon') ~ " || ')|(?:' || " ~ knife_pattern('use') ~ " || ')'" %}
{# the matched term up to the end of its word: "knif" matches, "knife" is kept #}
{% set whole_words = "'(?:' || " ~ mention ~ " || ')[a-z]*'" %}
with incidents as (
    select log_date, log_number, incident_ref, district, created_at, closed_at,
           opening_code, closing_code, qualifiers, narrative
    from {{ ref('int_storm_incidents_latest') }}
    where {{ keys_touched_in_window(source('raw', 'storm_incidents'), ['log_date', 'log_number']) }}
),

entries as (
    select
        log_date,
        log_number,
        unnest(generate_series(1, len(parts))) as entry_no,
        unnest(parts) as entry
    from (
        select log_date, log_number, string_split(lower(narrative), chr(10)) as parts
        from incidents
        where regexp_matches(lower(narrative), {{ mention }})
    )
),

-- Negation reaches as far as its clause: "no weapons seen, VIC has a stab wound" still counts.
clauses as (
    select
        log_date,
        log_number,
        entry_no,
        clause_no,
        clause,
        regexp_matches(clause, {{ knife_pattern('use') }}) as is_use,
        regexp_matches(clause, {{ knife_pattern('negation') }}) as is_negated
    from (
        select log_date, log_number, entry_no,
               unnest(generate_series(1, len(parts))) as clause_no,
               unnest(parts) as clause
        from (
            select log_date, log_number, entry_no,
                   regexp_split_to_array(entry, '[,;!?]|\.\s|\s-\s| but | then ') as parts
            from entries
            where regexp_matches(entry, {{ mention }})
        )
    )
    where regexp_matches(clause, {{ mention }})
),

entry_terms as (
    select
        log_date,
        log_number,
        entry_no,
        bool_or(not is_negated) as has_mention,
        bool_or(is_use and not is_negated) as has_use,
        bool_or(is_negated) as has_negated_mention,
        list_distinct(flatten(list(regexp_extract_all(clause, {{ whole_words }}) order by clause_no)
            filter (where not is_negated))) as terms,
        min(regexp_extract(clause, {{ knife_pattern('negation') }})) filter (where is_negated) as negation_term
    from clauses
    group by log_date, log_number, entry_no
),

entry_rules as (
    select
        e.log_date,
        e.log_number,
        e.entry_no,
        e.entry,
        coalesce(t.has_mention, false) as has_mention,
        coalesce(t.has_use, false) as has_use,
        coalesce(t.has_negated_mention, false) as has_negated_mention,
        t.terms,
        t.negation_term,
        regexp_matches(e.entry, {{ knife_pattern('retraction') }}) as is_retraction,
        -- A threat cue counts in a sentence that names the weapon: "window put through. A knife
        -- recovered under a bench" holds no threat.
        case when t.has_mention then list_bool_or(list_transform(
            regexp_split_to_array(e.entry, '\.\s+'),
            x -> regexp_matches(x, {{ mention }})
                 and (regexp_matches(x, {{ knife_pattern('threat') }}) or regexp_matches(x, {{ knife_pattern('override') }}))
                 and not regexp_matches(x, {{ knife_pattern('no_threat') }})))
        end as has_threat,
        case when t.has_mention then list_filter({{ knife_contexts('e.entry', 'strong_context') }},
            r -> r <> 'self_harm' or not regexp_matches(e.entry, {{ knife_pattern('override') }})
        ) end as strong_contexts,
        case when t.has_mention then {{ knife_contexts('e.entry', 'weak_context') }} end as weak_contexts,
        regexp_matches(e.entry, {{ knife_pattern('no_threat') }}) as has_no_threat,
        case when t.has_use then {{ knife_contexts('e.entry', 'use') }} end as use_rules
    from entries as e
    left join entry_terms as t using (log_date, log_number, entry_no)
),

entry_outcomes as (
    select
        *,
        case
            when is_retraction and not has_use then 'retraction'
            when not has_mention then case when has_negated_mention then 'negation' end
            when len(strong_contexts) > 0 then strong_contexts[1]
            when has_use then use_rules[1]
            when has_threat then 'threat_cue'
            when len(weak_contexts) > 0 then weak_contexts[1]
            else 'mention_only'
        end as entry_rule
    from entry_rules
),

per_incident as (
    select
        log_date,
        log_number,
        max(entry_no) filter (where entry_rule in ('threat_cue', {{ "'" ~ knife_rules('use') | join("', '") ~ "'" }})) as last_knife,
        max(entry_no) filter (where entry_rule = 'retraction') as last_retraction,
        bool_or(entry_rule = 'mention_only') as has_review,
        bool_or(entry_rule = 'negation') as has_negation,
        -- "Accidental, no third party" in an entry of its own outweighs wound and threat cues
        -- (not words of use) elsewhere in the log.
        bool_or(not has_mention and regexp_matches(entry, {{ knife_pattern('log_context') }})) as has_accident_entry,
        arg_max(entry_rule, entry_no) filter (
            where entry_rule in ('threat_cue', {{ "'" ~ knife_rules('use') | join("', '") ~ "'" }})) as knife_rule,
        arg_min(entry_rule, entry_no) filter (
            where entry_rule not in ('threat_cue', 'mention_only', 'negation', 'retraction',
                                     {{ "'" ~ knife_rules('use') | join("', '") ~ "'" }})) as context_rule,
        -- A bare mention is settled by a strong context of another entry naming a blade ("blade
        -- removed" after "a blade ... may harm himself"), or by the log saying no one was
        -- threatened. Weak contexts ("search", "kitchen") are too common to reach beyond their
        -- own entry.
        arg_min(strong_contexts[1], entry_no) filter (where len(strong_contexts) > 0) as log_context_rule,
        bool_or(has_no_threat) as has_no_threat,
        list_distinct(flatten(list(terms order by entry_no) filter (where has_mention))) as terms,
        min(negation_term) as negation_term
    from entry_outcomes
    group by log_date, log_number
),

classified as (
    select
        log_date,
        log_number,
        case
            when last_knife > coalesce(last_retraction, 0) and not (has_accident_entry and knife_rule = 'threat_cue')
                then 'KNIFE'
            when last_knife > coalesce(last_retraction, 0) then 'NO_KNIFE'
            when last_retraction is not null then 'NO_KNIFE'
            when has_review and (log_context_rule is not null or has_no_threat) then 'NO_KNIFE'
            when has_review then 'REVIEW'
            else 'NO_KNIFE'
        end as knife_text_outcome,
        case
            when last_knife > coalesce(last_retraction, 0) and not (has_accident_entry and knife_rule = 'threat_cue')
                then knife_rule
            when last_knife > coalesce(last_retraction, 0) then 'accident_statement'
            when last_retraction is not null then 'retraction'
            when has_review then coalesce(log_context_rule, case when has_no_threat then 'no_threat' end, 'mention_only')
            when context_rule is not null then context_rule
            when has_negation then 'negation'
        end as knife_text_rule,
        terms,
        negation_term
    from per_incident
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
        coalesce(c.knife_text_outcome, 'NO_KNIFE') as knife_text_outcome,
        coalesce(c.knife_text_rule, 'no_knife_words') as knife_text_rule,
        c.terms,
        c.negation_term
    from incidents as i
    left join classified as c using (log_date, log_number)
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
    knife_text_outcome = 'KNIFE' as has_knife_text,
    knife_text_outcome,
    knife_text_rule,
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
from levels
