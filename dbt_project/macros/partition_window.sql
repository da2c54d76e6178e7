{# The half-open window of load partitions a run covers: partition_date >= window_start and
   < window_end, passed by the Dagster partitioned dbt asset as vars. Without the vars (a
   full build) every partition is in the window. #}
{% macro in_partition_window(column='partition_date') -%}
  {%- if var('window_start', none) is not none -%}
    {{ column }} >= date '{{ var("window_start") }}' and {{ column }} < date '{{ var("window_end") }}'
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

{# True when an incremental model updates its existing table for a window of load
   partitions; false on a first or full build, or a run without the window vars. #}
{% macro window_run() -%}
  {{ return(is_incremental() and var('window_start', none) is not none) }}
{%- endmacro %}

{# Rows of `relation` whose key was touched by a version loaded in the window. In an
   incremental run only those keys are rebuilt (delete+insert on the key); a full build
   takes every key. #}
{% macro keys_touched_in_window(relation, key) -%}
  {%- if window_run() -%}
    ({{ key | join(', ') }}) in (
        select ({{ key | join(', ') }}) from {{ relation }} where {{ in_partition_window() }}
    )
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}
