{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- The first step of reading a STORM narrative for knife evidence: its timed entries (lines),
-- numbered, for the narratives that hold any knife or use word (knife_vocabulary), a
-- penetrating wound or an act of violence on a person (the instrument slot is read only
-- there). A log with none keeps a single row with no entry, so that a later version without knife words
-- clears the entries an earlier one held (delete+insert replaces a log's rows only when the
-- log has rows in the run). Incremental on the logs tonight touches.
-- depends_on: {{ ref('knife_vocabulary') }}
-- depends_on: {{ ref('knife_text_rules') }}
{% set mention = knife_mention() %}
with

incidents as (
    select log_date, log_number, lower(narrative) as narrative
    from {{ ref('int_storm_incidents_latest') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

-- One pass over the narratives: the lines of those with something to read, one empty line for the rest.
split as (
    select
        log_date,
        log_number,
        case when regexp_matches(narrative, {{ mention }})
                  or regexp_matches(narrative, {{ knife_pattern(rule='penetrating_wound') }})
                  or regexp_matches({{ knife_plain_text('narrative') }}, {{ knife_act_on_person() }})
             then string_split(narrative, chr(10)) end as lines
    from incidents
),

final as (
    select
        log_date,
        log_number,
        unnest(coalesce(generate_series(1, len(lines)), [null::bigint])) as entry_no,
        unnest(coalesce(lines, [null::varchar])) as entry
    from split
)

select * from final
