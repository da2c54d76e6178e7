{# The half-open window of load days a run covers, [start, end), from the environment
   variables PIPELINES_WINDOW_START and PIPELINES_WINDOW_END that the Dagster dbt step sets
   for the days its run loaded; none when they are unset (a full build). Environment
   variables rather than --vars: a change of vars makes dbt re-parse the whole project, a
   change of an env_var() only the files that read it at parse time. #}
{% macro partition_window() -%}
  {%- set start = env_var('PIPELINES_WINDOW_START', '') -%}
  {%- set end = env_var('PIPELINES_WINDOW_END', '') -%}
  {%- if start and end -%}
    {{ return((start, end)) }}
  {%- endif -%}
  {{ return(none) }}
{%- endmacro %}

{# partition_date in the run's window; without a window every partition is in it. #}
{% macro in_partition_window(column='partition_date') -%}
  {%- set window = partition_window() -%}
  {%- if window is not none -%}
    {{ column }} >= date '{{ window[0] }}' and {{ column }} < date '{{ window[1] }}'
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

{# True when an incremental model updates its existing table for a window of load
   partitions; false on a first or full build, or a run without a window. #}
{% macro window_run() -%}
  {{ return(is_incremental() and partition_window() is not none) }}
{%- endmacro %}

{# Rows whose key is among those tonight touches, `scope` (int_incidents_in_window or
   int_crimes_in_window), in an incremental run: only those keys are rebuilt (delete+insert on
   the key). A full build takes every key. #}
{% macro keys_touched_in_window(scope, key) -%}
  {%- if window_run() -%}
    {{ keys_in(scope, key) }}
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

{# The condition itself: `key` is among the keys of `relation`'s rows that meet `where`.
   The leading key column gets an IN of its own: DuckDB pushes the values of a one-column
   semi join into the table scan and skips row groups by their min/max, which it cannot do
   for a row-valued IN, so a night reads a few row groups rather than every row of history. #}
{% macro keys_in(relation, key, where='true') -%}
  {%- set key = [key] if key is string else key -%}
  {{ key[0] }} in (select {{ key[0] }} from {{ relation }} where {{ where }})
  {%- if key | length > 1 %}
  and ({{ key | join(', ') }}) in (
      select ({{ key | join(', ') }}) from {{ relation }} where {{ where }}
  )
  {%- endif -%}
{%- endmacro %}

{# Rows of an upstream model that a run worked on after this model last read it: `column`
   (a run time) past the newest value this model holds. A retried run picks up the same
   rows, so models that follow another by its run time converge. #}
{% macro newer_than_this(column) -%}
  {{ column }} > (select coalesce(max({{ column }}), '-infinity'::timestamptz) from {{ this }})
{%- endmacro %}

{# The STORM logs with a version loaded in the run's window (every log on a build without one):
   what int_incidents_in_window holds, as a query a hook can run (a hook cannot read an
   ephemeral model). #}
{% macro incidents_loaded_in_window() -%}
select distinct log_date, log_number
from {{ source('raw', 'storm_incidents') }}
where {{ in_partition_window() }}
{%- endmacro %}

{# A pre-hook for an incremental model keyed by incident whose rows a log may lose: on an
   incremental run it deletes the rows of the logs the run rebuilds (every row when the run
   has no window), and the model appends what it builds. Unlike delete+insert on the key, a
   log whose new version yields no rows at all (it no longer holds knife words) loses its old
   rows too, so the model need not carry an empty row for every log to clear them. #}
{% macro clear_incidents_touched_in_window() -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where {{ keys_touched_in_window('(' ~ incidents_loaded_in_window() ~ ')', ['log_date', 'log_number']) }}
  {%- endif -%}
{%- endmacro %}

{# A pre-hook for an incremental model keyed by load day: on an incremental run it deletes
   the rows of the days in the run's window (every row when the run has no window), and the
   model appends what it builds from those days, so a day loaded again replaces its rows. #}
{% macro clear_partitions_in_window(column='partition_date') -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where {{ in_partition_window(column) }}
  {%- endif -%}
{%- endmacro %}
