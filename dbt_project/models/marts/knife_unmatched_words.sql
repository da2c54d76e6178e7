-- Words the knife text rules may be missing: the most frequent words in the narratives of
-- crimes a reviewer confirmed as knife crime (a standing KNIFE_CONFIRMED verdict) whose
-- incident the text classifier did not read as KNIFE, against how often the same word appears
-- in the narratives of crimes reviewers rejected (NOT_KNIFE). Words and counts only: a word
-- must appear in at least var('unmatched_word_min_incidents') such incidents, is at least four
-- letters, is not in narrative_stopwords and never appears in a victim or suspect name field.
-- Ranked by lift: the word's share of those incidents over its share of incident logs at large
-- (a fixed sample of var('unmatched_word_sample_percent') percent of them), so the words every
-- log holds ("crime", "grade", "raised") fall below the words these incidents have in common.
{% set min_incidents = var('unmatched_word_min_incidents', 5) %}
{% set sample_percent = var('unmatched_word_sample_percent', 2) %}
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

-- Logs at large: every narrative of a fixed sample, each word counted once per log.
background as (
    select word, count(*) as logs
    from (
        select distinct log_date, log_number, unnest(regexp_extract_all(lower(narrative), '[a-z]{4,}')) as word
        from (select log_date, log_number, narrative from {{ ref('stg_storm_incidents') }}
              using sample {{ sample_percent }} percent (system, 42))
    )
    group by word
),

background_total as (
    select greatest(count(*), 1) as logs
    from (select log_date, log_number from {{ ref('stg_storm_incidents') }}
          using sample {{ sample_percent }} percent (system, 42))
),

totals as (
    select
        count(distinct (log_date, log_number)) filter (where decision = 'KNIFE_CONFIRMED') as confirmed_total,
        count(distinct (log_date, log_number)) filter (where decision = 'NOT_KNIFE') as rejected_total
    from words
),

final as (
    select
        c.word,
        c.confirmed_incidents,
        c.confirmed_incidents / nullif(t.confirmed_total, 0) as confirmed_share,
        -- One log in the sample added to every word, so a word the sample never saw is not infinitely rare.
        (c.confirmed_incidents / nullif(t.confirmed_total, 0))
            / ((coalesce(b.logs, 0) + 1) / (bt.logs + 1)) as lift,
        c.rejected_incidents,
        c.rejected_incidents / nullif(t.rejected_total, 0) as rejected_share
    from counts as c
    cross join totals as t
    cross join background_total as bt
    left join background as b using (word)
    where c.word not in (select word from {{ ref('narrative_stopwords') }})
        and c.word not in (select word from name_words where word is not null)
)

select * from final
order by lift desc, word
limit 100
