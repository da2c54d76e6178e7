{{ config(tags=['partitioned']) }}
-- The Crime Bureau's knife verdict on each crime: its latest decision of a knife-verdict type
-- (decision_types.is_knife_verdict: KNIFE_CONFIRMED, NOT_KNIFE, NOT_ELIGIBLE). A verdict is final unless new evidence on its own question arrives in
-- a later ATHENA version: the knife flag changing reopens KNIFE_CONFIRMED and NOT_KNIFE, the
-- offence code changing reopens NOT_ELIGIBLE. A reclassification says nothing new about
-- whether a knife was used, so it leaves a knife verdict standing.
with verdicts as (
    select distinct on (crime_ref) crime_ref, decision, decided_at, reviewer_id
    from {{ ref('int_bureau_decisions') }}
    where decision in (select decision from {{ ref('decision_types') }} where is_knife_verdict)
    order by crime_ref, decided_at desc
),

changes as (
    select
        crime_ref,
        max(version_ts) filter (where knife_flag is distinct from previous_flag) as last_flag_change_ts,
        max(version_ts) filter (where ho_code is distinct from previous_code) as last_code_change_ts
    from (
        select
            crime_ref, version_ts, knife_flag, ho_code, version_no,
            lag(knife_flag) over (partition by crime_ref order by version_no) as previous_flag,
            lag(ho_code) over (partition by crime_ref order by version_no) as previous_code
        from {{ ref('int_athena_crime_versions') }}
        where crime_ref in (select crime_ref from verdicts)
    )
    where version_no > 1
    group by crime_ref
)

select
    v.crime_ref,
    v.decision,
    v.decided_at,
    v.reviewer_id,
    case when v.decision = 'NOT_ELIGIBLE' then c.last_code_change_ts else c.last_flag_change_ts end
        as evidence_changed_at,
    coalesce(evidence_changed_at <= v.decided_at, true) as is_in_force
from verdicts as v
left join changes as c using (crime_ref)
