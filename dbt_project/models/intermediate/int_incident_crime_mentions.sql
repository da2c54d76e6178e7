{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['log_date', 'log_number'],
    tags=['partitioned'],
) }}
-- Crime references written into STORM narratives ("crime ref 42/1234/19 raised"): the
-- second way to link a crime to its incident when the typed incident_ref fails. A log whose
-- earlier version named a crime and whose new version names none keeps one row with no crime:
-- delete+insert replaces a log's rows only when the log has rows in the run, and without it
-- the old mention would still link that crime. Incremental on the logs tonight touches.
with

touched as (
    select log_date, log_number, narrative
    from {{ ref('int_storm_incidents_latest') }}
    where {{ keys_touched_in_window(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
),

mentions as (
    select distinct
        log_date,
        log_number,
        unnest(regexp_extract_all(
            lower(narrative), 'crime ref(?:erence)?(?: number| no\.?)?[:\s]+(\d+/\d+/\d{2})\b', 1
        )) as crime_ref
    from touched
    where contains(lower(narrative), 'crime ref')
),

{% if is_incremental() %}
cleared as (
    select distinct p.log_date, p.log_number, null::varchar as crime_ref
    from {{ this }} as p
    join touched as t on t.log_date = p.log_date and t.log_number = p.log_number
    where p.crime_ref is not null
        and not exists (
            select 1 from mentions as m where m.log_date = p.log_date and m.log_number = p.log_number)
),
{% endif %}

final as (
    select * from mentions
    {% if is_incremental() %}
    union all
    select * from cleared
    {% endif %}
)

select * from final
