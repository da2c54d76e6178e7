{# Which crimes a night relinks, for int_crime_links: the CTEs `scope` (the crimes relinked),
   `pool` and `pool_crimes` (those a candidate link competes among) and `kept` (links found
   other than by candidate, kept for crimes outside the scope but able to meet a candidate).
   They read the model's own previous links ({{ this }}), so they are written here, beside the
   model, rather than as a model of their own, which would make a cycle. `crimes`, `incidents`
   and `decided` are CTEs of the model; `link_inputs` the expression whose change relinks a
   crime.

   In an incremental run the changed crimes are those whose link inputs changed, that gained
   a decision, or that are tied (by their link, typed reference, a narrative mention or a
   decision) to an incident tonight touches. A candidate link joins a crime and a call of the
   same district no more than one reach apart in time (link_reach), and is taken only when
   each is the other's best, so a change spreads no further than this: a changed incident, or
   one a changed crime is or was tied to, can change the link of the crimes of its district
   reported within one reach of its opening; a changed crime, those within two reaches of its
   report (they may want the same call). Both the old place (the previous link's row, every
   loaded version of a touched incident) and the new count. The scope is the changed crimes
   and every crime in those reaches; the pool adds the crimes two reaches further out, so each
   relinked crime meets every crime that wants its calls. A full build links every crime. #}
{% macro crime_link_scope(incremental, link_inputs, min_confidence) %}
{%- if incremental %}
previous as not materialized (
    select * from {{ this }}
),

touched_incidents as (
    select log_date, log_number from {{ ref('int_incidents_in_window') }}
),

-- The crimes with an ATHENA version loaded in the window, as they stand now. Every other
-- crime is as it was when last linked, so its stored district and report time hold.
touched_crimes as materialized (
    select * from crimes
    where crime_ref in (select crime_ref from {{ ref('int_crimes_in_window') }})
),

changed as (
    select c.crime_ref
    from touched_crimes as c
    left join (select crime_ref, link_inputs from previous
               where crime_ref in (select crime_ref from touched_crimes)) as p
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

-- Each lookup in the previous links reads only the columns it needs: DuckDB builds these
-- semi joins on the side of every crime, so each column is copied for every crime.
changed_previous as materialized (
    select crime_ref, district, reported_at, log_date, log_number, ref_log_date, ref_log_number
    from previous where crime_ref in (select crime_ref from changed)
),

changed_now as materialized (
    select * from touched_crimes where crime_ref in (select crime_ref from changed)
),

-- Incidents a changed crime was or may now be tied to other than by candidate: each may
-- leave or join the calls that no candidate can take.
tied_incidents as (
    select log_date, log_number from changed_previous
    union select ref_log_date, ref_log_number from changed_previous
    union select p.log_date, p.log_number
          from (select {{ parse_incident_ref('incident_ref_typed') }} as p from changed_now)
    union select log_date, log_number from {{ ref('int_incident_crime_mentions') }}
          where crime_ref in (select crime_ref from changed)
    union select d.parsed.log_date, d.parsed.log_number from decided as d
          where crime_ref in (select crime_ref from changed)
),

-- Where tonight's changes are, and how many reaches each spreads.
changes as (
    select district, reported_at as changed_at, 2 as reaches from changed_now
    union all
    select district, reported_at, 2 from changed_previous
    union all
    select district, created_at, 1 from {{ ref('stg_storm_incidents') }}
    where {{ keys_in(ref('int_incidents_in_window'), ['log_date', 'log_number']) }}
    union all
    select district, created_at, 1 from incidents
    where log_date in (select log_date from tied_incidents)
        and (log_date, log_number) in (select (log_date, log_number) from tied_incidents)
),

scope_cells as (
    {{ cells_within_reach('changes', min_confidence, 0) }}
),

pool_cells as (
    {{ cells_within_reach('changes', min_confidence, 2) }}
),

-- The previous links of crimes reported on the days the pool's cells cover: a one-column
-- filter DuckDB applies to the table's row groups before anything is computed per row.
located as (
    select crime_ref, district, {{ link_slot('reported_at', min_confidence) }} as slot
    from previous
    where reported_date in (
        select distinct {{ london_date('to_timestamp(slot * ' ~ link_reach(min_confidence) ~ ' + edge)') }}
        from pool_cells, (values (0), ({{ link_reach(min_confidence) }})) as e(edge)
    )
),

scope as (
    select crime_ref from changed
    union
    select crime_ref from located join scope_cells using (district, slot)
),

pool as (
    select crime_ref from scope
    union
    select crime_ref from located join pool_cells using (district, slot)
),

-- Read once: hashing the crime references of every crime is the costly part of a night.
pool_crimes as materialized (
    select * from crimes where crime_ref in (select crime_ref from pool)
),

-- Links found other than by candidate, kept for the crimes outside the scope. Only those a
-- candidate can meet matter: crimes in the pool, and incidents logged within a day of a
-- pool crime's report.
kept as (
    select crime_ref, log_date, log_number, link_method, confidence
    from previous
    where link_method in ('DECISION', 'INCIDENT_REF', 'NARRATIVE')
        and (crime_ref in (select crime_ref from pool)
             or log_date in (select distinct {{ london_date('reported_at') }} + o::integer
                             from pool_crimes, range(-1, 2) as r(o)))
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

{# The (district, slot) cells within reach of the rows of `changes` (district, changed_at, reaches),
   and `extra` slots further out. #}
{% macro cells_within_reach(changes, min_confidence, extra) -%}
    select distinct district, slot + o as slot
    from (
        select district, {{ link_slot("changed_at", min_confidence) }} as slot,
               unnest(range(-(reaches + {{ extra }}), reaches + {{ extra }} + 1)) as o
        from {{ changes }}
        where district is not null and changed_at is not null
    )
{%- endmacro %}
