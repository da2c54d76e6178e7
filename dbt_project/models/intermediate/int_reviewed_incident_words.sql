{{ config(materialized='ephemeral') }}
-- Each word of four letters or more in the narrative of an incident whose crime holds a
-- standing KNIFE_CONFIRMED or NOT_KNIFE verdict, once per incident: for confirmed crimes only
-- where the text classifier did not read the incident as KNIFE (what the rules missed), for
-- rejected ones always. Ephemeral: words of narratives are never stored.
with

verdicts as (
    select * from {{ ref('int_crime_knife_decisions') }}
    where is_in_force and decision in ('KNIFE_CONFIRMED', 'NOT_KNIFE')
),

links as (
    select * from {{ ref('int_crime_links') }}
    where log_date is not null
),

incidents as (
    select log_date, log_number, narrative from {{ ref('int_storm_incidents_latest') }}
),

evidence as (
    select log_date, log_number, knife_text_outcome from {{ ref('int_incident_knife_evidence') }}
),

verdict_incidents as (
    select v.decision, l.log_date, l.log_number
    from verdicts as v
    join links as l using (crime_ref)
),

final as (
    select distinct v.decision, v.log_date, v.log_number,
           unnest(regexp_extract_all(lower(i.narrative), '[a-z]{4,}')) as word
    from verdict_incidents as v
    join incidents as i using (log_date, log_number)
    join evidence as e using (log_date, log_number)
    where v.decision = 'NOT_KNIFE' or e.knife_text_outcome <> 'KNIFE'
)

select * from final
