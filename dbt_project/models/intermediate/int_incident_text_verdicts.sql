{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_incidents_touched_in_window() }}",
    tags=['partitioned'],
) }}
-- The last step of reading a narrative: what the whole log says of a knife, from its entry
-- verdicts. The log is KNIFE when an entry is (a word of use or a threat cue) and no later
-- entry retracts it, unless an entry of its own says the injury was an accident and the
-- knife entry rests only on a threat cue; also when a weapon is taken up in an entry that
-- says no more of it after an entry with a threat to people and no weapon (carried_threat;
-- REVIEW when that entry reads as a weak context). NO_KNIFE when a weapon is taken up and
-- aimed at nobody in a log with a self-harm statement and no threat to people
-- (carried_self_harm), or when retracted; REVIEW when an entry is a bare mention, an unknown
-- instrument or an unnamed wound that nothing else in the log settles; else NO_KNIFE with the
-- rule that discounted the knife words. One row for every log of int_narrative_entries.
-- depends_on: {{ ref('knife_text_rules') }}
{% set knife_rules_list = "'" ~ (['threat_cue'] + knife_rules('use') + knife_rules('instrument')) | join("', '") ~ "'" %}
{% set review_rules_list = "'" ~ (['mention_only'] + knife_rules('review')) | join("', '") ~ "'" %}
{% set weak_rules_list = "'" ~ knife_rules('weak_context') | join("', '") ~ "'" %}
with

entry_verdicts as (
    select *
    from {{ ref('int_narrative_entry_verdicts') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

per_incident as (
    select
        log_date,
        log_number,
        max(entry_no) filter (where entry_rule in ({{ knife_rules_list }})) as last_knife,
        max(entry_no) filter (where entry_rule = 'retraction') as last_retraction,
        arg_max(entry_rule, entry_no) filter (where entry_rule in ({{ knife_rules_list }})) as knife_rule,
        arg_min(entry_rule, entry_no) filter (where entry_rule in ({{ review_rules_list }})) as review_rule,
        bool_or(entry_rule = 'negation') as has_negation,
        -- "Accidental, no third party" in an entry of its own outweighs wound and threat cues
        -- (not words of use) elsewhere in the log.
        bool_or(is_accident_statement) as has_accident_entry,
        arg_min(entry_rule, entry_no) filter (
            where entry_rule not in ('negation', 'retraction', {{ review_rules_list }}, {{ knife_rules_list }})) as context_rule,
        -- A bare mention is settled by a strong context of another entry naming a blade ("blade
        -- removed" after "a blade ... may harm himself"), or by the log saying no one was
        -- threatened. Weak contexts ("search", "kitchen") are too common to reach beyond their
        -- own entry.
        arg_min(strong_context, entry_no) filter (where strong_context is not null) as log_context_rule,
        bool_or(has_no_threat) as has_no_threat,
        min(entry_no) filter (where is_weaponless_threat) as first_weaponless_threat,
        max(entry_no) filter (where has_taken_up and entry_rule = 'mention_only') as last_mention_taken_up,
        max(entry_no) filter (where has_taken_up and entry_rule in ({{ weak_rules_list }})) as last_weak_taken_up,
        bool_or(is_self_harm_statement) as has_self_harm_statement,
        bool_or(is_aimed_at_person) as has_aim_at_person,
        -- knife entries a self-harm statement cannot explain: any but a weapon taken up with a
        -- threat cue (one beyond having the weapon marks its entry is_aimed_at_person)
        count(*) filter (where entry_rule in ({{ knife_rules_list }})
                         and not (entry_rule = 'threat_cue' and has_taken_up)) as other_knife_entries,
        bool_or(has_taken_up and entry_rule in ('threat_cue', 'mention_only', {{ weak_rules_list }}))
            as has_weapon_taken_up,
        list_distinct(flatten(list(terms order by entry_no)
            filter (where has_mention or entry_rule in ({{ review_rules_list }}, {{ knife_rules_list }})))) as terms,
        min(negation_term) as negation_term
    from entry_verdicts
    group by log_date, log_number
),

decided as (
    select
        *,
        last_knife > coalesce(last_retraction, 0) as is_knife_standing,
        has_accident_entry and knife_rule = 'threat_cue' as is_accident_outweighing,
        review_rule is not null as has_review,
        -- "threatening her || he has now got a knife from the kitchen": the threat carries to a
        -- weapon taken up in a later entry that says no more of it (KNIFE), or that reads as a
        -- weak context (REVIEW: "from the kitchen" may be household use)
        coalesce(first_weaponless_threat < greatest(last_mention_taken_up, last_weak_taken_up)
                 and greatest(last_mention_taken_up, last_weak_taken_up) > coalesce(last_retraction, 0)
                 and log_context_rule is null and not has_no_threat and not has_accident_entry, false) as is_threat_carried,
        coalesce(first_weaponless_threat < last_mention_taken_up, false) as is_carried_to_mention,
        -- "wants to end his life || he has now got a knife from the kitchen": a weapon taken up
        -- in a self-harm crisis, with no threat to people anywhere in the log
        has_self_harm_statement and has_weapon_taken_up and not has_aim_at_person
            and other_knife_entries = 0 and first_weaponless_threat is null as is_self_harm_carried
    from per_incident
),

final as (
    select
        log_date,
        log_number,
        case
            when is_self_harm_carried then 'NO_KNIFE'
            when is_knife_standing and not is_accident_outweighing then 'KNIFE'
            when is_knife_standing then 'NO_KNIFE'
            when is_threat_carried and is_carried_to_mention then 'KNIFE'
            when is_threat_carried then 'REVIEW'
            when last_retraction is not null then 'NO_KNIFE'
            when has_review and (log_context_rule is not null or has_no_threat) then 'NO_KNIFE'
            when has_review then 'REVIEW'
            else 'NO_KNIFE'
        end as knife_text_outcome,
        case
            when is_self_harm_carried then 'carried_self_harm'
            when is_knife_standing and not is_accident_outweighing then knife_rule
            when is_knife_standing then 'accident_statement'
            when is_threat_carried then 'carried_threat'
            when last_retraction is not null then 'retraction'
            when has_review then coalesce(log_context_rule, case when has_no_threat then 'no_threat' end, review_rule)
            when context_rule is not null then context_rule
            when has_negation then 'negation'
            else 'no_knife_words'
        end as knife_text_rule,
        terms,
        negation_term
    from decided
)

select * from final
