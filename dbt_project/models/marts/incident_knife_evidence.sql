{{ config(materialized='view') }}
-- Knife evidence for every STORM incident as reports, checks and analysts read it. The
-- reading itself is int_incident_knife_evidence (incremental); this view adds no second copy.
with

evidence as (
    select * from {{ same_file(ref('int_incident_knife_evidence')) }}
),

final as (
    select
        log_date,
        log_number,
        incident_ref,
        district,
        created_at,
        closed_at,
        opening_code,
        closing_code,
        has_knife_qualifier,
        has_knife_text,
        knife_text_outcome,
        knife_text_rule,
        rules_outcome,
        second_opinion,
        knife_probability,
        evidence_level,
        has_knife_evidence,
        matched_phrase,
        matched_terms,
        discounted_mention
    from evidence
)

select * from final
