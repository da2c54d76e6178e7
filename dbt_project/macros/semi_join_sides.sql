{# Hooks of the incremental models whose night picks a few thousand crimes out of millions
   with `crime_ref in (select crime_ref from scope)`. DuckDB overestimates the scope (the night's
   window filter on the raw table is guessed at a fifth of it) and turns the semi join round,
   building its hash table from the rows of every crime; its `build_side_probe_side` optimizer
   is switched off for those models' incremental runs (national night, standalone queries:
   int_crime_knife_status 5.2 s to 2.9 s, int_knife_discrepancy_states 3.3 s to 2.3 s, the
   same rows). The setting is global to dbt's DuckDB, so the post-hook puts it back; a full
   build keeps the optimizer. #}
{% macro keep_semi_join_sides() -%}
  {%- if window_run() -%}
    set disabled_optimizers = 'build_side_probe_side'
  {%- endif -%}
{%- endmacro %}

{% macro restore_semi_join_sides() -%}
  reset disabled_optimizers
{%- endmacro %}
