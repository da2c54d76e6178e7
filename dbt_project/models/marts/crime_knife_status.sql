{{ config(materialized='view') }}
-- Each crime's knife position as analysts may see it: int_crime_knife_status without the
-- officer, the matched words or the decision times. A view, so the BI copy takes only the
-- crimes worked on since it was last written (status_at) without a second copy of the table.
with

crime_knife_status as (
    select * from {{ same_file(ref('int_crime_knife_status')) }}
),

final as (
    select
        crime_ref,
        recorded_at,
        recorded_month,
        district,
        ho_code,
        is_counted,
        is_knife_eligible,
        knife_flag,
        is_linked,
        incident_ref,
        link_method,
        evidence_level,
        has_storm_knife_evidence,
        knife_decision,
        is_verified_knife,
        verified_knife_basis,
        status_at
    from crime_knife_status
)

select * from final
