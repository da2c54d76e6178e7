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
    {{ keys_loaded_in_window(relation, key) }}
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

{# The condition itself: `key` is among the keys of `relation`'s rows loaded in the window.
   The leading key column gets an IN of its own: DuckDB pushes the values of a one-column
   semi join into the table scan and skips row groups by their min/max, which it cannot do
   for a row-valued IN, so a night reads a few row groups rather than every row of history. #}
{% macro keys_loaded_in_window(relation, key) -%}
  {%- set key = [key] if key is string else key -%}
  {{ key[0] }} in (select {{ key[0] }} from {{ relation }} where {{ in_partition_window() }})
  {%- if key | length > 1 %}
  and ({{ key | join(', ') }}) in (
      select ({{ key | join(', ') }}) from {{ relation }} where {{ in_partition_window() }}
  )
  {%- endif -%}
{%- endmacro %}

{# Rows of an upstream model that a run worked on after this model last read it: `column`
   (a run time) past the newest value this model holds. A retried run picks up the same
   rows, so models that follow another by its run time converge. #}
{% macro newer_than_this(column) -%}
  {{ column }} > (select coalesce(max({{ column }}), '-infinity'::timestamptz) from {{ this }})
{%- endmacro %}
