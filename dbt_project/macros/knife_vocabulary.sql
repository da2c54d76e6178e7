{# The knife_vocabulary seed as one alternation per term type, for constant regular expressions.

   Read at execution time from the built seed in the reference schema (named directly, so a
   unit test reads the shipped vocabulary too); at parse time a pattern that matches nothing stands in, so
   the project parses before anything is seeded. Models using it declare
   `-- depends_on: {{ ref('knife_vocabulary') }}`. #}
{% macro knife_pattern(term_type) %}
  {%- if execute -%}
    {%- set relation = api.Relation.create(
          database=target.database, schema=generate_schema_name('reference', none), identifier='knife_vocabulary') -%}
    {%- set rows = run_query(
          "select string_agg('(?:' || pattern || ')', '|' order by pattern) from "
          ~ relation ~ " where term_type = '" ~ term_type ~ "'") -%}
    {%- set pattern = rows.columns[0].values()[0] -%}
    {%- if pattern is none -%}
      {{ exceptions.raise_compiler_error("knife_vocabulary has no patterns of type " ~ term_type) }}
    {%- endif -%}
    '{{ pattern | replace("'", "''") }}'
  {%- else -%}
    '(?!)'
  {%- endif -%}
{% endmacro %}
