-- The STORM incident each ATHENA crime came from, and how the link was found. In order of
-- trust: a Crime Bureau LINK_CORRECTED decision; the typed incident_ref when it parses,
-- the log exists and its district and category fit the crime; a crime reference written in
-- an incident narrative; otherwise the best candidate incident (same district, opened close
-- to the time the crime was reported, compatible category, nearby) scoring at least
-- var('link_min_confidence'). Crimes with no acceptable link are absent.
{% set min_confidence = var('link_min_confidence', 0.85) %}

with crimes as (
    select c.crime_ref, c.incident_ref_typed, c.reported_at, c.district, c.easting, c.northing,
           o.storm_category
    from {{ ref('stg_athena_crimes') }} as c
    left join {{ ref('offence_codes') }} as o using (ho_code)
),

incidents as (
    select log_date, log_number, district, created_at, opening_code, closing_code, easting, northing
    from {{ ref('stg_storm_incidents') }}
),

decided as (
    select distinct on (crime_ref)
        crime_ref,
        {{ parse_incident_ref('linked_incident_ref') }} as parsed
    from {{ ref('stg_crime_bureau_decisions') }}
    where decision = 'LINK_CORRECTED'
    order by crime_ref, decided_at desc
),

by_decision as (
    select d.crime_ref, i.log_date, i.log_number, 'DECISION' as link_method, 1.0 as confidence
    from decided as d
    join incidents as i on i.log_date = d.parsed.log_date and i.log_number = d.parsed.log_number
),

typed as (
    select c.*, {{ parse_incident_ref('c.incident_ref_typed') }} as parsed
    from crimes as c
    where c.crime_ref not in (select crime_ref from by_decision)
),

by_ref as (
    select t.crime_ref, i.log_date, i.log_number, 'INCIDENT_REF' as link_method,
           round({{ link_fit('t', 'i') }}, 3) as confidence
    from typed as t
    join incidents as i on i.log_date = t.parsed.log_date and i.log_number = t.parsed.log_number
    where {{ link_fit('t', 'i') }} >= 0.5
),

by_narrative as (
    select distinct on (m.crime_ref)
        m.crime_ref, m.log_date, m.log_number, 'NARRATIVE' as link_method, 0.98 as confidence
    from {{ ref('int_incident_crime_mentions') }} as m
    join crimes as c using (crime_ref)
    where m.crime_ref not in (select crime_ref from by_decision union all select crime_ref from by_ref)
    order by m.crime_ref, m.log_date, m.log_number
),

linked as (
    select * from by_decision
    union all select * from by_ref
    union all select * from by_narrative
),

-- Equality on (district, log day) keeps the candidate join small: each unlinked crime looks
-- only at the logs of its own district opened the day before, the day of or the day after
-- its report, and of those only at calls close enough in time to reach the minimum score.
unlinked as (
    select c.*, unnest([{{ london_date('c.reported_at') }} - 1, {{ london_date('c.reported_at') }},
                        {{ london_date('c.reported_at') }} + 1]) as log_day
    from crimes as c
    where c.crime_ref not in (select crime_ref from linked)
),

candidates as (
    select c.crime_ref, i.log_date, i.log_number, {{ link_fit('c', 'i') }} as score
    from unlinked as c
    join incidents as i
        on i.district = c.district
        and i.log_date = c.log_day
        and i.created_at >= c.reported_at - to_seconds(least(7200, {{ link_fit_max_gap(min_confidence) }}))
        and i.created_at <= c.reported_at + to_seconds(least(3600, {{ link_fit_max_gap(min_confidence) }}))
    where (i.log_date, i.log_number) not in (select (log_date, log_number) from linked)
),

-- A candidate is taken only when it is the crime's best and the crime is the incident's best.
by_candidate as (
    select crime_ref, log_date, log_number, 'CANDIDATE_MATCH' as link_method, round(score, 3) as confidence
    from candidates
    where score >= {{ min_confidence }}
    qualify row_number() over (partition by crime_ref order by score desc, log_date, log_number) = 1
        and row_number() over (partition by log_date, log_number order by score desc, crime_ref) = 1
)

select
    l.crime_ref,
    l.log_date,
    l.log_number,
    cast(l.log_number as varchar) || ' of ' || strftime(l.log_date, '%d/%m/%Y') as incident_ref,
    l.link_method,
    l.confidence
from (select * from linked union all select * from by_candidate) as l
