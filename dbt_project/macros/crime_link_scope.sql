{# Which crimes a night relinks, for int_crime_links: the CTEs `scope` (the crimes relinked),
   `pool` and `pool_crimes` (those a candidate link competes among) and `kept` (links found
   other than by candidate, kept for crimes outside the scope but able to meet a candidate).
   They read the model's own previous links ({{ this }}), so they are written here, beside the
   model, rather than as a model of their own, which would make a cycle. `crimes` and
   `decided` are CTEs of the model; `link_inputs` the expression whose change relinks a crime.

   In an incremental run the scope is the crimes whose link inputs changed, that gained a
   decision, or that are tied (by their link, typed reference, a narrative mention or a
   decision) to an incident tonight touches; and every crime reported within two days of any
   day such a crime or incident touches (relink_days), because candidates compete. The pool
   is the crimes reported within four days (rival_days), so each relinked crime sees all its
   rivals. A full build links every crime. #}
{% macro crime_link_scope(incremental, link_inputs) %}
{%- if incremental %}
previous as not materialized (
    select * from {{ this }}
),

touched_incidents as (
    select log_date, log_number from {{ ref('int_incidents_in_window') }}
),

-- The crimes with an ATHENA version loaded in the window, as they stand now. Every other
-- crime is as it was when last linked, so its stored report and reference days hold.
touched_crimes as materialized (
    select * from crimes
    where crime_ref in (select crime_ref from {{ ref('int_crimes_in_window') }})
),

changed as (
    select c.crime_ref
    from touched_crimes as c
    left join (select * from previous where crime_ref in (select crime_ref from touched_crimes)) as p
        using (crime_ref)
    where p.link_inputs is distinct from {{ link_inputs }}
    union
    -- Decisions by when they were loaded, not by their day: a decisions file loaded on a held
    -- night, or dated after the run's day, still takes effect in the next run.
    select trim(crime_ref) from {{ source('raw', 'crime_bureau_decisions') }}
    where loaded_at > (select coalesce(max(linked_at), '-infinity'::timestamptz) from previous)
    union
    select p.crime_ref from previous as p join touched_incidents as t using (log_date, log_number)
    union
    select p.crime_ref from previous as p
    join touched_incidents as t on t.log_date = p.ref_log_date and t.log_number = p.ref_log_number
    union
    select m.crime_ref from {{ ref('int_incident_crime_mentions') }} as m join touched_incidents using (log_date, log_number)
    union
    select d.crime_ref from decided as d
    join touched_incidents as t on t.log_date = d.parsed.log_date and t.log_number = d.parsed.log_number
),

changed_previous as materialized (
    select * from previous where crime_ref in (select crime_ref from changed)
),

-- Every day a changed crime or incident touches: report days old and new, and the log days
-- of the incidents it was or may now be linked to.
changed_days as (
    select {{ london_date('reported_at') }} as day from touched_crimes
          where crime_ref in (select crime_ref from changed)
    union select ({{ parse_incident_ref('incident_ref_typed') }}).log_date from touched_crimes
          where crime_ref in (select crime_ref from changed)
    union select reported_date from changed_previous
    union select ref_log_date from changed_previous
    union select log_date from changed_previous
    union select log_date from {{ ref('int_incident_crime_mentions') }}
          where crime_ref in (select crime_ref from changed)
    union select d.parsed.log_date from decided as d where crime_ref in (select crime_ref from changed)
    union select log_date from touched_incidents
),

-- Crimes not changed keep their report day, so the stored one finds them.
scope as (
    select crime_ref from changed
    union
    select crime_ref from previous
    where reported_date in ({{ relink_days('changed_days') }})
),

pool as (
    select crime_ref from scope
    union
    select crime_ref from previous
    where reported_date in ({{ rival_days('changed_days') }})
),

-- Read once: hashing the crime references of every crime is the costly part of a night.
pool_crimes as materialized (
    select * from crimes where crime_ref in (select crime_ref from pool)
),

-- Links found other than by candidate, kept for the crimes outside the scope. Only those a
-- candidate can meet matter: crimes in the pool (reported within four days of a changed day)
-- and incidents logged within a day of a pool crime's report.
kept as (
    select crime_ref, log_date, log_number, link_method, confidence
    from previous
    where link_method in ('DECISION', 'INCIDENT_REF', 'NARRATIVE')
        and (reported_date in ({{ rival_days('changed_days') }})
             or log_date in ({{ rival_incident_days('changed_days') }}))
        and crime_ref not in (select crime_ref from scope)
),
{%- else %}
scope as (
    select crime_ref from crimes
),

pool as (
    select crime_ref from crimes
),

pool_crimes as (
    select * from crimes
),

kept as (
    select crime_ref, null::date as log_date, null::integer as log_number,
           null::varchar as link_method, null::double as confidence
    from crimes
    where false
),
{%- endif %}
{% endmacro %}
