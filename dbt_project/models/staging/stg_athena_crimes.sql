-- Latest version of each ATHENA crime, without the victim's and suspect's personal data.
with ranked as (
    select
        *,
        row_number() over (
            partition by crime_ref
            order by version_no desc, version_ts desc, partition_date desc
        ) as version_rank
    from {{ source('raw', 'athena_crimes') }}
)

select
    crime_ref,
    version_no,
    version_ts,
    nullif(trim(incident_ref), '') as incident_ref_typed,
    reported_at,
    recorded_at,
    committed_from,
    committed_to,
    ho_code,
    offence_description,
    coalesce(knife_flag, '') as knife_flag,
    domestic_flag = 'Y' as is_domestic,
    hate_flag = 'Y' as is_hate,
    status,
    cancel_reason,
    outcome_code,
    outcome_date,
    district,
    easting,
    northing,
    victim_sex,
    victim_age_band,
    officer_id
from ranked
where version_rank = 1
