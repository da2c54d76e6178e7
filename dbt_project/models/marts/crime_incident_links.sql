{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='crime_ref',
    tags=['partitioned'],
    post_hook="delete from {{ this }} where log_date is null",
) }}
-- The STORM incident each linked ATHENA crime came from, and how the link was found (see
-- int_crime_links for the order of trust). Crimes with no acceptable link are absent.
-- Incremental: a run copies the crimes int_crime_links relinked after the newest linked_at
-- held here; a crime left with no link replaces its old row by a null one, which the
-- post-hook deletes.
select crime_ref, log_date, log_number, incident_ref, link_method, confidence, linked_at
from {{ ref('int_crime_links') }}
{% if window_run() -%}
where {{ newer_than_this('linked_at') }}
{%- else -%}
where log_date is not null
{%- endif %}
