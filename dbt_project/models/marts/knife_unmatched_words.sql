-- Words the knife text rules may be missing: the most frequent words in the narratives of
-- crimes a reviewer confirmed as knife crime (a standing KNIFE_CONFIRMED verdict) whose
-- incident the text classifier did not read as KNIFE, against how often the same word appears
-- in the narratives of crimes reviewers rejected (NOT_KNIFE). Words and counts only: a word
-- must appear in at least var('unmatched_word_min_incidents') such incidents, is at least four
-- letters, is not in narrative_stopwords and never appears in a victim or suspect name field.
{% set min_incidents = var('unmatched_word_min_incidents', 5) %}
with verdict_incidents as (
    select k.decision, l.log_date, l.log_number
    from {{ ref('int_crime_knife_decisions') }} as k
    join {{ ref('crime_incident_links') }} as l using (crime_ref)
    where k.is_in_force and k.decision in ('KNIFE_CONFIRMED', 'NOT_KNIFE')
),

words as (
    select distinct v.decision, v.log_date, v.log_number,
           unnest(regexp_extract_all(lower(s.narrative), '[a-z]{4,}')) as word
    from verdict_incidents as v
    join {{ ref('stg_storm_incidents') }} as s using (log_date, log_number)
    join {{ ref('incident_knife_evidence') }} as e using (log_date, log_number)
    where v.decision = 'NOT_KNIFE' or e.knife_text_outcome <> 'KNIFE'
),

counts as (
    select
        word,
        count(*) filter (where decision = 'KNIFE_CONFIRMED') as confirmed_incidents,
        count(*) filter (where decision = 'NOT_KNIFE') as rejected_incidents
    from words
    group by word
    having count(*) filter (where decision = 'KNIFE_CONFIRMED') >= {{ min_incidents }}
),

name_words as (
    select distinct unnest(regexp_extract_all(lower(concat_ws(' ', victim_name, suspect_name)), '[a-z]{4,}')) as word
    from {{ source('raw', 'athena_crimes') }}
),

totals as (
    select
        count(distinct (log_date, log_number)) filter (where decision = 'KNIFE_CONFIRMED') as confirmed_total,
        count(distinct (log_date, log_number)) filter (where decision = 'NOT_KNIFE') as rejected_total
    from words
)

select
    c.word,
    c.confirmed_incidents,
    c.confirmed_incidents / nullif(t.confirmed_total, 0) as confirmed_share,
    c.rejected_incidents,
    c.rejected_incidents / nullif(t.rejected_total, 0) as rejected_share
from counts as c
cross join totals as t
where c.word not in (select word from {{ ref('narrative_stopwords') }})
    and c.word not in (select word from name_words where word is not null)
order by c.confirmed_incidents desc, c.word
limit 100
