-- The Crime Bureau's knife verdict on each crime: its latest KNIFE_CONFIRMED, NOT_KNIFE or
-- NOT_ELIGIBLE decision. A verdict is final unless the knife flag or offence code changes in a
-- later ATHENA version (new evidence), which reopens the question.
with verdicts as (
    select distinct on (crime_ref) crime_ref, decision, decided_at, reviewer_id
    from {{ ref('stg_crime_bureau_decisions') }}
    where decision in ('KNIFE_CONFIRMED', 'NOT_KNIFE', 'NOT_ELIGIBLE')
    order by crime_ref, decided_at desc
),

changes as (
    select crime_ref, max(version_ts) as last_knife_change_ts
    from (
        select
            crime_ref, version_ts, knife_flag, ho_code,
            lag(knife_flag) over (partition by crime_ref order by version_no) as previous_flag,
            lag(ho_code) over (partition by crime_ref order by version_no) as previous_code,
            version_no
        from {{ ref('int_athena_crime_versions') }}
    )
    where version_no > 1
        and (knife_flag is distinct from previous_flag or ho_code is distinct from previous_code)
    group by crime_ref
)

select
    v.crime_ref,
    v.decision,
    v.decided_at,
    v.reviewer_id,
    c.last_knife_change_ts is null or c.last_knife_change_ts <= v.decided_at as is_in_force
from verdicts as v
left join changes as c using (crime_ref)
