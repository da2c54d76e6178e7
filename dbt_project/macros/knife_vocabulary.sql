{# The knife_vocabulary seed as one alternation per term type, for constant regular expressions.

   Read at execution time (after the seed is built); at parse time a pattern that matches
   nothing stands in, so the project parses before anything is seeded. #}
{% macro knife_pattern(term_type) %}
  {%- if execute -%}
    {%- set rows = run_query(
          "select string_agg('(?:' || pattern || ')', '|' order by pattern) from "
          ~ ref('knife_vocabulary') ~ " where term_type = '" ~ term_type ~ "'") -%}
    {%- set pattern = rows.columns[0].values()[0] -%}
    {%- if pattern is none -%}
      {{ exceptions.raise_compiler_error("knife_vocabulary has no patterns of type " ~ term_type) }}
    {%- endif -%}
    '{{ pattern | replace("'", "''") }}'
  {%- else -%}
    '(?!)'
  {%- endif -%}
{% endmacro %}
