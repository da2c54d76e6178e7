-- Each crime's knife position now: its ATHENA flag, the STORM evidence of its linked
-- incident, and the Crime Bureau's verdict. Verified knife crime (the knife_crime_offences
-- measure) = counted crimes on an eligible offence that are flagged, or whose incident shows
-- a knife, or that a reviewer confirmed, and that no reviewer has rejected.
select
    v.crime_ref,
    v.recorded_at,
    v.recorded_month,
    v.district,
    v.ho_code,
    v.officer_id,
    v.is_counted,
    v.is_knife_eligible,
    coalesce(v.knife_flag, '') as knife_flag,
    l.crime_ref is not null as is_linked,
    l.incident_ref,
    l.link_method,
    coalesce(e.evidence_level, 'none') as evidence_level,
    e.matched_phrase,
    coalesce(e.has_knife_evidence, false) as has_storm_knife_evidence,
    d.decision as knife_decision,
    d.decided_at as knife_decided_at,
    v.is_counted and v.is_knife_eligible
        and coalesce(d.decision not in ('NOT_KNIFE', 'NOT_ELIGIBLE'), true)
        and (v.knife_flag = 'Y' or coalesce(e.has_knife_evidence, false) or d.decision = 'KNIFE_CONFIRMED')
        as is_verified_knife
from {{ ref('int_athena_crime_versions') }} as v
left join {{ ref('crime_incident_links') }} as l using (crime_ref)
left join {{ ref('incident_knife_evidence') }} as e on e.log_date = l.log_date and e.log_number = l.log_number
left join {{ ref('int_crime_knife_decisions') }} as d on d.crime_ref = v.crime_ref and d.is_in_force
where v.is_latest
