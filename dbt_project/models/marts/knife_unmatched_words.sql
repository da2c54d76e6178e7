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
with

words as (
    select * from {{ ref('int_reviewed_incident_words') }}
),

sample as (
    select * from {{ ref('int_log_word_sample') }}
),

name_words as (
    select * from {{ ref('int_person_name_words') }}
),

stopwords as (
    select * from {{ ref('narrative_stopwords') }}
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

background as (
    select word, logs from sample where word is not null
),

background_total as (
    select greatest(logs, 1) as logs from sample where word is null
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
    where c.word not in (select word from stopwords)
        and c.word not in (select word from name_words where word is not null)
    order by lift desc, word
    limit 100
)

select * from final
