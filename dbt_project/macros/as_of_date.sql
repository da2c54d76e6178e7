{# The day the worklist is worked out to: var('as_of'), or the last day of STORM extracts loaded. #}
{% macro as_of_date() -%}
    coalesce(
        {% if var('as_of', none) is not none %}date '{{ var("as_of") }}'{% else %}null{% endif %},
        (select max(partition_date) from {{ ref('int_extract_days') }}
         where source = 'storm_incidents' and has_rows)
    )
{%- endmacro %}
