{{ config(materialized='ephemeral') }}
-- Every word of four letters or more in a victim or suspect name field, so that no list of
-- words drawn from narratives can show one. Ephemeral: the words are never stored.
with

crimes as (
    select victim_name, suspect_name from {{ source('raw', 'athena_crimes') }}
),

final as (
    select distinct unnest(regexp_extract_all(lower(concat_ws(' ', victim_name, suspect_name)), '[a-z]{4,}')) as word
    from crimes
)

select * from final
