{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- The third step of reading a narrative: what each entry says of a knife, as the rule of
-- knife_text_rules that decides it (entry_rule). An entry with a counted term is decided by a
-- strong context (self-harm, accident, news or the past, training) even when it says the blade
-- was used; else by a word of use (stabbed, knifepoint); else by a threat cue (held to, waved,
-- robbed, a wound) in a sentence naming the weapon that no "no threats" cancels; else by a
-- weak context (found, possession, goods, household use); else it is a bare mention. An entry
-- with no counted term is a retraction ("it was a phone"), a negation, or nothing. One row
-- for every row of int_narrative_entries; the entry itself is not kept.
-- depends_on: {{ ref('knife_vocabulary') }}
-- depends_on: {{ ref('knife_text_rules') }}
{% set mention = knife_mention() %}
with

entries as (
    select log_date, log_number, entry_no, entry
    from {{ ref('int_narrative_entries') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

terms as (
    select log_date, log_number, entry_no, has_mention, has_use, has_negated_mention, terms, negation_term
    from {{ ref('int_narrative_entry_terms') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

cues as (
    select
        e.log_date,
        e.log_number,
        e.entry_no,
        t.has_mention,
        t.has_use,
        t.has_negated_mention,
        t.terms,
        t.negation_term,
        coalesce(regexp_matches(e.entry, {{ knife_pattern('retraction') }}), false) as is_retraction,
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
        coalesce(regexp_matches(e.entry, {{ knife_pattern('no_threat') }}), false) as has_no_threat,
        case when t.has_use then {{ knife_contexts('e.entry', 'use') }} end as use_rules,
        -- "Accidental, no third party" in an entry of its own (see int_incident_text_verdicts).
        not t.has_mention and coalesce(regexp_matches(e.entry, {{ knife_pattern('log_context') }}), false)
            as is_accident_statement
    from entries as e
    join terms as t
        on t.log_date = e.log_date and t.log_number = e.log_number
        and t.entry_no is not distinct from e.entry_no
),

final as (
    select
        log_date,
        log_number,
        entry_no,
        has_mention,
        case
            when is_retraction and not has_use then 'retraction'
            when not has_mention then case when has_negated_mention then 'negation' end
            when len(strong_contexts) > 0 then strong_contexts[1]
            when has_use then use_rules[1]
            when has_threat then 'threat_cue'
            when len(weak_contexts) > 0 then weak_contexts[1]
            else 'mention_only'
        end as entry_rule,
        strong_contexts[1] as strong_context,
        has_no_threat,
        is_accident_statement,
        terms,
        negation_term
    from cues
)

select * from final
