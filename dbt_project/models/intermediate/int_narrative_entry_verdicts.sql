{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_incidents_touched_in_window() }}",
    tags=['partitioned'],
) }}
-- The third step of reading a narrative: what each entry says of a knife, as the rule of
-- knife_text_rules that decides it (entry_rule). An entry naming a knife or a sharp
-- instrument (a word of the vocabulary, or a noun knife_instruments knows as sharp in the
-- instrument slot) is decided by a strong context (self-harm, accident, news or the past,
-- training) even when it says the blade was used; else by a word of use acting on a person;
-- else by a threat cue in a sentence naming the weapon that no "no threats" cancels; else, for
-- a sharp instrument in the slot, by an act on a person, a penetrating wound or a threat
-- anywhere in the entry (instrument_slot; sharp_description for an object described as sharp
-- rather than named, "held something with a serrated edge to his face"); else by a weak context (found, possession, goods, household use); else it
-- is a bare mention. An entry naming none is a retraction ("it was a phone"), a negation, an
-- unknown object in the instrument slot of an act on a person, a penetrating wound with no
-- cause named or a threat to cut a person ("he will cut her throat"; all three for review), a
-- threat to cut beside an unknown object in the slot (KNIFE: the threat says it cuts), or
-- nothing. Beside the rule, whether the entry has a weapon taken up as the incident goes on
-- and whether it holds a threat to people with no weapon named, which
-- int_incident_text_verdicts carries from one to the other. One row for every entry; the
-- entry is not kept.
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
    select *
    from {{ ref('int_narrative_entry_terms') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

joined as (
    select
        e.entry,
        t.*,
        coalesce(len(t.sharp_instruments), 0) > 0 or t.sharp_description is not null as has_sharp_instrument,
        -- the threat without the word that ends it: the rule's second group ("cut her throat")
        nullif(regexp_extract({{ knife_plain_text('e.entry') }}, {{ knife_pattern(rule='cut_threat') }}, 2), '')
            as cut_threat_term
    from entries as e
    join terms as t
        on t.log_date = e.log_date and t.log_number = e.log_number
        and t.entry_no = e.entry_no
),

read as (
    select
        *,
        regexp_replace(entry, {{ knife_pattern('no_injury') }}, '', 'g') as uninjured,
        has_mention or has_sharp_instrument as names_instrument,
        (has_mention or has_sharp_instrument) and regexp_matches(entry, {{ knife_pattern('taken_up') }}) as has_taken_up,
        has_mention or has_sharp_instrument or has_unknown_instrument or has_penetrating_wound
            or cut_threat_term is not null as needs_context,
        -- the entry as its contexts are read: with the everyday senses of their words ("a
        -- drinking session", "the exercise yard", "stabbed at work") read out, since a strong
        -- context overrides even a stabbing
        case when has_mention or has_sharp_instrument or has_unknown_instrument or has_penetrating_wound
                  or cut_threat_term is not null
            then {{ knife_read_out_senses('entry') }} end as context_entry
    from joined
),

in_logs_taking_up as (
    select
        *,
        bool_or(has_taken_up) over (partition by log_date, log_number) as is_in_log_taking_up
    from read
),

-- read once, and only in logs where an entry has a weapon taken up, which are few: the
-- entry's strong contexts, the entry without its threats to do something else ("threatening
-- to call the police", "to self-harm"), and whether it aims at another person
crisis_readings as (
    select
        *,
        case when is_in_log_taking_up
            then {{ knife_contexts(knife_read_out_senses('entry'), 'strong_context') }}
        end as contexts_in_log_taking_up,
        case when is_in_log_taking_up
            then regexp_replace(uninjured, {{ knife_pattern('threat_other_sense') }}, ' ', 'g')
        end as threats_to_people,
        case when is_in_log_taking_up then {{ knife_aims_at_another('entry') }} end as aims_at_another
    from in_logs_taking_up
),

crisis as (
    select
        *,
        list_contains(contexts_in_log_taking_up, 'self_harm') as self_harm_here
    from crisis_readings
),

cues as (
    select
        log_date,
        log_number,
        entry_no,
        has_mention,
        names_instrument,
        has_use,
        has_negated_mention,
        has_sharp_instrument,
        has_unknown_instrument,
        has_held_unknown_instrument,
        has_act_on_person,
        has_penetrating_wound,
        has_wound_cause,
        cut_threat_term is not null as has_cut_threat,
        has_taken_up,
        -- A threat to people in an entry naming no weapon, in a log where an entry has a weapon
        -- taken up ("threatening her || he has now got a knife"): int_incident_text_verdicts
        -- carries it to that entry. Read only in those logs; not a threat to do something else
        -- ("threatening to call the police", "to self-harm"), nor one in a strong context.
        case when not names_instrument and is_in_log_taking_up
            then regexp_matches({{ knife_asserted('threats_to_people') }}, {{ knife_pattern('threat') }})
                 and not {{ knife_matches_in_own_sense('entry', knife_pattern('no_threat')) }}
                 and len(contexts_in_log_taking_up) = 0
            else false
        end as is_weaponless_threat,
        -- A self-harm statement in an entry naming no weapon ("wants to end his life"), and
        -- whether the entry aims a threat or a blade at another person, in a log where an entry
        -- has a weapon taken up: int_incident_text_verdicts lets the statement explain a weapon
        -- taken up ("he has now got a knife") where no entry aims at anyone. Having the weapon
        -- ("he's got a knife") is no aim, while people in fear of someone are ("the family have
        -- fled"); a self-harm entry's act on a body part is its own.
        case when is_in_log_taking_up
            then not names_instrument and self_harm_here and not aims_at_another
            else false
        end as is_self_harm_statement,
        case when is_in_log_taking_up
            then aims_at_another or regexp_matches(entry, {{ knife_pattern('fear') }})
                 or (not self_harm_here and (has_act_on_person
                 or regexp_matches({{ knife_asserted("regexp_replace(threats_to_people, " ~ knife_pattern('taken_up') ~ ", ' ', 'g')") }},
                                   {{ knife_pattern('threat') }})))
            else false
        end as is_aimed_at_person,
        sharp_instruments,
        list_concat(coalesce(terms, []), coalesce(sharp_instruments, []),
                    case when sharp_description is not null then [sharp_description] else [] end,
                    -- "will cut her throat" is a threat, not a wound
                    case when has_penetrating_wound and not names_instrument and cut_threat_term is null
                        then [wound_term] else [] end,
                    case when cut_threat_term is not null and not names_instrument then [cut_threat_term] else [] end)
            as terms,
        negation_term,
        -- An entry correcting one blade to another retracts nothing; everyday senses of a
        -- retraction's words ("it was a family argument") are read out first.
        {{ knife_matches_in_own_sense('entry', knife_pattern('retraction'), unless=knife_correction()) }}
            as is_retraction,
        -- A threat cue counts in a sentence that names the weapon: "window put through. A knife
        -- recovered under a bench" holds no threat. A wound denied ("no injuries") is no cue, nor
        -- is a cue negated or hedged ("never shown", "possibly armed"), whose words may still say
        -- that nobody was threatened ("hasn't threatened anyone"); a threat to kill a person, or
        -- the weapon held to one, a noun naming them, is one.
        case when has_mention then list_bool_or(list_transform(list_transform(
            -- a period after a call handler's abbreviation ("a kn. in his hand", "high st.")
            -- ends no sentence; a time within a line ("... 22:55 update: ...") begins one
            regexp_split_to_array(regexp_replace(uninjured, '\b(kn|knf|k/f|susp|vic|ip|inft|approx|poss|no|nr|rd|st|ave|o/s|c/b|r/p|mop|amb|inj|injs|wnd|abdo)\.\s', '\1 ', 'g'),
                                  '\.\s+|\s\d{1,2}:\d{2}\s'),
            x -> {'sentence': x, 'asserted': {{ knife_asserted('x') }}}),
            x -> regexp_matches(x.sentence, {{ mention }})
                 and (regexp_matches(x.asserted, {{ knife_pattern('threat') }})
                      or regexp_matches(x.asserted, {{ knife_pattern('override') }})
                      or regexp_matches({{ knife_plain_text('x.asserted') }}, {{ knife_threat_to_named_person() }}))
                 and not {{ knife_matches_in_own_sense('x.sentence', knife_pattern('no_threat')) }}))
        end as has_threat,
        coalesce(has_sharp_instrument and regexp_matches({{ knife_asserted('uninjured') }}, {{ knife_pattern('threat') }}),
                 false) as has_threat_cue_in_entry,
        case when needs_context then list_filter({{ knife_contexts('context_entry', 'strong_context') }},
            -- a threat to others, or a blade used on another person ("stabbed his mother"),
            -- stands beside self-harm
            r -> r <> 'self_harm' or not (regexp_matches(entry, {{ knife_pattern('override') }})
                                          or regexp_matches({{ knife_plain_text('entry') }}, {{ knife_use_on_other() }}))
        ) end as strong_contexts,
        case when names_instrument then {{ knife_contexts('context_entry', 'weak_context') }} end as weak_contexts,
        -- "she is all ok now" says how the victim is, not that nobody was threatened
        {{ knife_matches_in_own_sense('entry', knife_pattern('no_threat')) }} as has_no_threat,
        case when has_use then {{ knife_contexts(knife_plain_text('entry'), 'use') }} end as use_rules,
        -- "Accidental, no third party" in an entry of its own (see int_incident_text_verdicts).
        not names_instrument and {{ knife_matches_in_own_sense('entry', knife_pattern('log_context')) }}
            as is_accident_statement
    from crisis
),

final as (
    select
        log_date,
        log_number,
        entry_no,
        names_instrument as has_mention,
        case
            when is_retraction and not has_use then 'retraction'
            when not names_instrument then case
                when has_negated_mention then 'negation'
                when len(strong_contexts) > 0 then null
                -- a threat to cut says what the object held does
                when has_cut_threat and has_held_unknown_instrument then 'cut_threat_instrument'
                when has_unknown_instrument and has_act_on_person then 'unknown_instrument'
                when has_cut_threat then 'cut_threat'
                when has_penetrating_wound and not has_wound_cause then 'unnamed_wound'
            end
            when len(strong_contexts) > 0 then strong_contexts[1]
            when has_use then use_rules[1]
            when has_threat then 'threat_cue'
            when has_sharp_instrument
                 and (has_act_on_person or has_penetrating_wound or (has_threat_cue_in_entry and not has_no_threat))
                then case when len(sharp_instruments) > 0 then 'instrument_slot' else 'sharp_description' end
            when len(weak_contexts) > 0 then weak_contexts[1]
            else 'mention_only'
        end as entry_rule,
        case when names_instrument then strong_contexts[1] end as strong_context,
        has_no_threat,
        is_accident_statement,
        has_taken_up,
        is_weaponless_threat,
        is_self_harm_statement,
        is_aimed_at_person,
        terms,
        negation_term
    from cues
)

select * from final
