{{ config(materialized='view') }}
-- Every ATHENA crime version as loaded, renamed and typed, without the victim's and the
-- suspect's personal data: the typed incident reference trimmed (empty as null), the knife
-- flag never null, the domestic and hate flags as booleans. A view: the latest version of
-- each crime is int_athena_crimes_latest.
with

crimes as (
    select * from {{ same_file(source('raw', 'athena_crimes')) }}
),

final as (
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
        officer_id,
        partition_date,
        source_line
    from crimes
)

select * from final
