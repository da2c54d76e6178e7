{# Stops an incremental run, naming the cure, when the stored table lacks a column the model
   documents (its yml declares every column it builds): a table built before the column was
   added, which an append would leave without it and only a full refresh fills. A pre-hook of
   every model (dbt_project.yml); a no-op unless the run is incremental. #}
{% macro require_documented_columns() -%}
  {%- if is_incremental() -%}
    {{ require_stored_columns(model.columns.keys() | list) }}
  {%- endif -%}
{%- endmacro %}

{# Stops the run, naming the cure, when the stored table lacks any of `columns`. #}
{% macro require_stored_columns(columns) -%}
  {#- A unit test's `this` is its fixture's name, not a table. -#}
  {%- if execute and this is not string -%}
    {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {%- set missing = columns | reject('in', stored) | list -%}
    {%- if stored and missing -%}
      {{ exceptions.raise_compiler_error(this.identifier ~ ' was built before it kept ' ~ missing | join(' and ')
         ~ ': run once with --full-refresh (pipelines run --days DAY --full-refresh)') }}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}
