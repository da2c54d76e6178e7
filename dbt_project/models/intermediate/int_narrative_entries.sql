{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ clear_incidents_touched_in_window() }}",
    tags=['partitioned'],
) }}
-- The first step of reading a STORM narrative for knife evidence: its timed entries (lines),
-- numbered, for the narratives that hold any knife or use word (knife_vocabulary; quoted or
-- not), a penetrating wound, an object described as sharp, a threat to cut a person, or an act
-- of violence on a person with an object in the instrument slot. A log with none has no row: the pre-hook clears the rows of
-- every log tonight touches, so a later version without knife words loses the entries an
-- earlier one held. Incremental on the logs tonight touches.
-- depends_on: {{ ref('knife_vocabulary') }}
-- depends_on: {{ ref('knife_text_rules') }}
{% set mention = knife_mention() %}
with

incidents as (
    select log_date, log_number, lower(narrative) as narrative
    from {{ ref('int_storm_incidents_latest') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

-- The narratives with something to read. The knife words and the wounds are one expression,
-- so that every narrative is scanned once for both. An act on a person counts only with an
-- object in the instrument slot: without a knife word, a wound or such an object, no entry
-- has anything to say of a knife (int_narrative_entry_verdicts).
-- Read without in-word apostrophes and quotation marks, as the entries are: a street verb in
-- quotes ('got "splashed"') is a word of use.
plain as (
    select log_date, log_number, narrative, {{ knife_plain_text('narrative') }} as plain
    from incidents
),

readable as (
    select log_date, log_number, string_split(narrative, chr(10)) as lines
    from plain
    where regexp_matches(plain, '(?:' || {{ mention }} || ')|(?:' || {{ knife_pattern(rule='penetrating_wound') }}
                                || ')|(?:' || {{ knife_pattern(rule='sharp_description') }}
                                || ')|(?:' || {{ knife_pattern(rule='cut_threat') }} || ')')
       or (regexp_matches(plain, {{ knife_act_on_person() }})
           and regexp_matches(plain, {{ knife_instrument_slot_any() }}))
),

final as (
    select
        log_date,
        log_number,
        unnest(generate_series(1, len(lines))) as entry_no,
        unnest(lines) as entry
    from readable
)

select * from final
