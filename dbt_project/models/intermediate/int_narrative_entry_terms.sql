{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_incidents_touched_in_window() }}",
    tags=['partitioned'],
) }}
-- The second step of reading a narrative: what each entry of int_narrative_entries names and
-- how (docs/narratives.md). Clause by clause, its knife and use words, a negation reaching
-- only as far as its clause ("no weapons seen, VIC has a stab wound" still counts the wound),
-- and a word of use counting only when it acts on a person or a body part ("stab vest",
-- "tyres slashed" do not). In the whole entry, the objects in the instrument slot ("with a X",
-- "held X to ...") as the knife_instruments seed classes them, an object described as sharp
-- whatever its name ("something with a serrated edge"), an act on a person, and a wound of a
-- penetrating kind. One row for every row of int_narrative_entries. Only matched
-- words of the vocabulary and the seeds are kept, never the entry.
-- depends_on: {{ ref('knife_vocabulary') }}
-- depends_on: {{ ref('knife_text_rules') }}
{% set mention = knife_mention() %}
{# the matched term up to the end of its word: "knif" matches, "knife" is kept #}
{% set whole_words = "'(?:' || " ~ mention ~ " || ')[a-z]*'" %}
{% set slots = knife_instrument_slot() %}
{% set street_phrase = knife_pattern(rule='street_phrase') %}
with

entries as (
    select
        log_date,
        log_number,
        entry_no,
        entry,
        {{ knife_plain_text('entry') }} as plain,
        -- a puncture of a tyre is no wound (other_sense)
        nullif(regexp_extract(regexp_replace(entry, {{ knife_pattern(rule='other_sense') }}, ' ', 'g'),
                              {{ knife_pattern(rule='penetrating_wound') }}), '') as wound_term,
        nullif(regexp_extract(plain, {{ knife_pattern(rule='sharp_description') }}), '') as sharp_description
    from {{ ref('int_narrative_entries') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

instruments as (
    select noun, kind, is_usual_sense from {{ ref('knife_instruments') }}
),

clauses as (
    select
        log_date,
        log_number,
        entry_no,
        street_phrase_attested,
        unnest(generate_series(1, len(parts))) as clause_no,
        unnest(parts) as clause
    from (
        -- a blade or body word in another sense ("his shoulder blade", "a stabbing pain", "the side
        -- of her tent") is read out first
        select log_date, log_number, entry_no,
               regexp_split_to_array(regexp_replace(plain, {{ knife_pattern('other_sense') }}, ' ', 'g'),
                                     '[,;!?]|\.\s|\s-\s| but | then |\s\d{1,2}:\d{2}\s') as parts,
               -- a street phrase with an everyday sense ("got splashed", "got stuck") needs the
               -- entry to bear it out: a weapon, a wound (a word of wound_noun: a cut, blood), or
               -- the phrase in quotation marks
               case when regexp_matches(plain, {{ street_phrase }}) then
                   regexp_matches(plain, {{ knife_pattern('weapon') }})
                   or wound_term is not null
                   or list_bool_or(list_transform(string_split_regex(plain, '[^a-z]+'),
                                                  w -> regexp_matches(w, {{ knife_pattern(rule='wound_noun') }})))
                   or regexp_matches({{ knife_plain_text("array_to_string(regexp_extract_all(entry, '(?:[a-z]+\s+)?[\"“”][^\"“”]{1,40}[\"“”]'), ' ')") }},
                                     {{ street_phrase }})
               end as street_phrase_attested
        from entries
        where regexp_matches(plain, {{ mention }})
    )
),

read_clauses as (
    select
        log_date,
        log_number,
        entry_no,
        clause_no,
        clause,
        -- A weapon's word in a name ("the Cutlass pub", "Mr Blades"), or a word of use ("tyres
        -- knifed"), names no weapon.
        regexp_matches(regexp_replace(regexp_replace(clause, {{ knife_proper_name() }}, '', 'g'),
                                      {{ knife_pattern(rule='stabbing') }}, '', 'g'),
                       {{ knife_pattern('weapon') }}) as is_weapon,
        -- knifepoint, and the street phrases of slang_use ("got shanked", "wet him up"), always
        -- act on a person; stabbing and street_verb words only when their object is one (read
        -- with "was stabbing" marked as active, so "youths have been stabbing the bouncy castle"
        -- is no passive); the street phrases with an everyday sense only on a body part or where
        -- the entry bears them out, and never in a threat ("I'll slice you up": cut_threat).
        regexp_matches(clause, {{ knife_pattern(rule='knifepoint') }})
            or regexp_matches(clause, {{ knife_pattern(rule='slang_use') }})
            or regexp_matches({{ knife_active_progressive('clause') }}, {{ knife_use_on_person() }})
            or (regexp_matches(clause, {{ street_phrase }})
                and (street_phrase_attested or regexp_matches(clause, {{ knife_street_phrase_on_body() }}))
                and not regexp_matches(clause, {{ knife_threatened_carving() }}))
            as is_use,
        regexp_matches(clause, {{ knife_pattern('negation') }}) as is_negated
    from clauses
    where regexp_matches(clause, {{ mention }})
),

per_entry as (
    select
        log_date,
        log_number,
        entry_no,
        bool_or((is_weapon or is_use) and not is_negated) as has_mention,
        bool_or(is_use and not is_negated) as has_use,
        bool_or(is_negated) as has_negated_mention,
        list_distinct(flatten(list(regexp_extract_all(clause, {{ whole_words }}) order by clause_no)
            filter (where (is_weapon or is_use) and not is_negated))) as terms,
        min(regexp_extract(clause, {{ knife_pattern('negation') }})) filter (where is_negated) as negation_term
    from read_clauses
    group by log_date, log_number, entry_no
),

-- The instrument slot: each phrase read by its last two words, then its last word, then that
-- word without a plural s, against knife_instruments (slot_heads). An object is held when a
-- slot other than the first two ("with X", "grabbed X") found it, or it is "something" ("with
-- something behind his back").
slot_phrases as (
    select log_date, log_number, entry_no, plain, slot.phrase,
           slot.is_held or regexp_matches(slot.phrase, '^something\b') as is_held
    from (
        select log_date, log_number, entry_no, plain, unnest(list_concat(
            {%- for slot in slots %}
            list_transform(regexp_extract_all(plain, '{{ slot | replace("'", "''") }}', 1),
                           p -> {'phrase': p, 'is_held': {{ 'false' if loop.index <= 2 else 'true' }}}){{ ',' if not loop.last }}
            {%- endfor %}
        )) as slot
        from entries
    )
),

-- "A bottle of wine" is a bottle, "a length of pipe" a pipe: a phrase "X of Y" is read by X,
-- unless X only measures Y (a piece, a length, a bit of it).
slot_heads as (
    select *, string_split(trim(case
        when regexp_matches(phrase, '\b(?:pieces?|lengths?|bits?|lumps?|chunks?|shards?|slivers?|slabs?|sections?|strips?|sort|kind|type|pair|set)\s+of\s')
            then phrase
        else regexp_replace(phrase, '\s+of\s.*$', '')
    end), ' ') as words
    from slot_phrases
),

slot_kinds as (
    select
        s.log_date,
        s.log_number,
        s.entry_no,
        coalesce(pair.noun, one.noun, singular.noun) as noun,
        coalesce(pair.kind, one.kind, singular.kind) as kind,
        coalesce(pair.is_usual_sense, one.is_usual_sense, singular.is_usual_sense) as is_usual_sense,
        regexp_matches(s.phrase, {{ knife_pattern('weapon') }}) as is_vocabulary_weapon,
        regexp_matches(s.phrase, {{ knife_pattern(rule='broken_edge') }}) as is_broken_edge,
        s.phrase,
        s.is_held,
        -- the object of a blow ("hit him with a crook lock") is used as a blunt instrument
        coalesce(list_bool_or(list_transform(regexp_extract_all(s.plain, {{ knife_blow_slot() }}),
            blow -> contains(' ' || regexp_replace(blow, '[^a-z-]+', ' ', 'g') || ' ',
                             ' ' || regexp_replace(s.phrase, '\s+', ' ', 'g') || ' '))), false) as is_blow,
        -- a person, a pronoun, a body part or a wound is no object: "with a wound to his chest",
        -- "mum with her"
        regexp_matches(s.words[-1], {{ knife_pattern(rule='person') }})
            or regexp_matches(s.words[-1], {{ knife_pattern(rule='object_pronoun') }})
            or regexp_matches(s.words[-1], {{ knife_pattern(rule='body_part') }})
            or regexp_matches(s.words[-1], {{ knife_pattern(rule='wound_noun') }})
            -- a stranded preposition ("a rolling pin to hit her with but she ran") leaves a
            -- conjunction in the slot
            or regexp_matches(s.phrase, '^(?:but|and|or|then|so|because|when|while|as|if|until|before|after)$')
            as names_no_object
    from slot_heads as s
    left join instruments as pair on len(s.words) > 1 and pair.noun = s.words[-2] || ' ' || s.words[-1]
    left join instruments as one on one.noun = s.words[-1]
    left join instruments as singular on singular.noun = regexp_replace(s.words[-1], 'e?s$', '')
),

-- An object the rules cannot name: neither a weapon word, a broken edge, the object of a blow
-- nor a known instrument in its usual sense.
slot_readings as (
    select
        *,
        not is_vocabulary_weapon and not names_no_object and not is_broken_edge and not is_blow
            and (kind is null or (kind = 'sharp' and not is_usual_sense)) as is_unknown
    from slot_kinds
),

slots_per_entry as (
    select
        log_date,
        log_number,
        entry_no,
        list_distinct(list(case when is_broken_edge then trim(phrase) else noun end)
            filter (where (is_broken_edge or (kind = 'sharp' and is_usual_sense)) and not is_vocabulary_weapon))
            as sharp_instruments,
        bool_or(is_unknown) as has_unknown_instrument,
        bool_or(is_unknown and is_held) as has_held_unknown_instrument,
        bool_or(is_blow and kind is distinct from 'blunt') as has_blow_of_other_object
    from slot_readings
    group by log_date, log_number, entry_no
),

final as (
    select
        e.log_date,
        e.log_number,
        e.entry_no,
        coalesce(t.has_mention, false) as has_mention,
        coalesce(t.has_use, false) as has_use,
        coalesce(t.has_negated_mention, false) as has_negated_mention,
        t.terms,
        t.negation_term,
        coalesce(s.sharp_instruments, []) as sharp_instruments,
        coalesce(s.has_unknown_instrument, false) as has_unknown_instrument,
        coalesce(s.has_held_unknown_instrument, false) as has_held_unknown_instrument,
        e.sharp_description,
        coalesce(regexp_matches(e.plain, {{ knife_act_on_person() }}), false) as has_act_on_person,
        e.wound_term is not null as has_penetrating_wound,
        coalesce(regexp_matches(e.entry, {{ knife_pattern(rule='wound_cause') }}), false)
            -- a blow with no object or a blunt one tears the skin over the skull ("hit with a
            -- brick, large laceration to the forehead"): where every wound of the entry is torn
            -- so, the blow is their cause. A puncture beside it, or a blow with something else,
            -- still wants a person to decide.
            or case when e.wound_term is not null and not coalesce(s.has_blow_of_other_object, false)
                         and regexp_matches(e.plain, {{ knife_pattern(rule='blunt_blow') }})
                then not regexp_matches(regexp_replace(e.plain, {{ knife_pattern(rule='blunt_wound') }}, ' ', 'g'),
                                        {{ knife_pattern(rule='penetrating_wound') }})
                else false end
            as has_wound_cause,
        e.wound_term
    from entries as e
    left join per_entry as t
        on t.log_date = e.log_date and t.log_number = e.log_number and t.entry_no = e.entry_no
    left join slots_per_entry as s
        on s.log_date = e.log_date and s.log_number = e.log_number and s.entry_no = e.entry_no
)

select * from final
