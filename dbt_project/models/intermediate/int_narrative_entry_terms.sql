{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- The second step of reading a narrative: the knife and use terms of each entry, clause by
-- clause. Negation reaches as far as its clause: "no weapons seen, VIC has a stab wound" still
-- counts the wound. One row for every row of int_narrative_entries (an entry without knife
-- words has no terms). Only matched words are kept, never the entry.
-- depends_on: {{ ref('knife_vocabulary') }}
{% set mention = knife_mention() %}
{# the matched term up to the end of its word: "knif" matches, "knife" is kept #}
{% set whole_words = "'(?:' || " ~ mention ~ " || ')[a-z]*'" %}
with

entries as (
    select log_date, log_number, entry_no, entry
    from {{ ref('int_narrative_entries') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

clauses as (
    select
        log_date,
        log_number,
        entry_no,
        unnest(generate_series(1, len(parts))) as clause_no,
        unnest(parts) as clause
    from (
        select log_date, log_number, entry_no,
               regexp_split_to_array(entry, '[,;!?]|\.\s|\s-\s| but | then ') as parts
        from entries
        where regexp_matches(entry, {{ mention }})
    )
),

read_clauses as (
    select
        log_date,
        log_number,
        entry_no,
        clause_no,
        clause,
        regexp_matches(clause, {{ knife_pattern('use') }}) as is_use,
        regexp_matches(clause, {{ knife_pattern('negation') }}) as is_negated
    from clauses
    where regexp_matches(clause, {{ mention }})
),

per_entry as (
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
    from read_clauses
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
        t.negation_term
    from entries as e
    left join per_entry as t
        on t.log_date = e.log_date and t.log_number = e.log_number and t.entry_no = e.entry_no
)

select * from final
