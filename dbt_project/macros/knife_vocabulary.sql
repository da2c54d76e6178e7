{# The knife text classifier's vocabulary (the knife_vocabulary seed) and rules (the
   knife_text_rules seed), compiled into constant regular expressions.

   Read at execution time from the built seeds in the reference schema (named directly, so a
   unit test reads the shipped vocabulary too); at parse time a pattern that matches nothing
   stands in, so the project parses before anything is seeded. Models using them declare
   `-- depends_on: {{ ref('knife_vocabulary') }}` and `{{ ref('knife_text_rules') }}`.

   Why a query at compile time (dbt's run_query) rather than the pattern as a subquery in the
   SQL: DuckDB compiles a constant pattern once, a pattern from a subquery for every row. Over
   the default build's 4.3M narratives the weapon test took 1.5 s with the constant and 475 s
   with the subquery. #}

{% macro _knife_seed(identifier) -%}
  {{ return(api.Relation.create(database=target.database, schema=generate_schema_name('reference', none),
                                identifier=identifier)) }}
{%- endmacro %}

{# One alternation of every pattern whose rule has `role` (or, with rule=, of one rule). #}
{% macro knife_pattern(role=none, rule=none) %}
  {%- if execute -%}
    {%- set where = "r.rule = '" ~ rule ~ "'" if rule else "r.role = '" ~ role ~ "'" -%}
    {%- set rows = run_query(
          "select string_agg('(?:' || v.pattern || ')', '|' order by v.rule, v.pattern) from "
          ~ _knife_seed('knife_vocabulary') ~ " as v join " ~ _knife_seed('knife_text_rules')
          ~ " as r using (rule) where " ~ where) -%}
    {%- set pattern = rows.columns[0].values()[0] -%}
    {%- if pattern is none -%}
      {#- a role the code reads but the warehouse's copy of the seeds lacks: the seeds are
          older than the code (the nightly job leaves them out) -#}
      {{ exceptions.raise_compiler_error("knife_vocabulary has no patterns for " ~ where
         ~ ": the warehouse's code lists are older than the code; load them once with --full-refresh"
         ~ " (pipelines run --days DAY --full-refresh)") }}
    {%- endif -%}
    '{{ pattern | replace("'", "''") }}'
  {%- else -%}
    '(?!)'
  {%- endif -%}
{% endmacro %}

{# Any knife or use word: whether a narrative, an entry or a clause speaks of a knife at all. #}
{% macro knife_mention() -%}
  {{ return("'(?:' || " ~ knife_pattern('weapon') ~ " || ')|(?:' || " ~ knife_pattern('use') ~ " || ')'") }}
{%- endmacro %}

{# The rules of one role, by rank: where several contexts match, the first decides. #}
{% macro knife_rules(role) %}
  {%- if execute -%}
    {%- set rows = run_query("select rule from " ~ _knife_seed('knife_text_rules') ~ " where role = '" ~ role
                             ~ "' order by rank, rule") -%}
    {{ return(rows.columns[0].values() | list) }}
  {%- else -%}
    {{ return([]) }}
  {%- endif -%}
{% endmacro %}

{# The context rules of `role` whose patterns match `text`, as a list of rule names. #}
{% macro knife_contexts(text, role) -%}
  {%- set rules = knife_rules(role) -%}
  {%- if rules | length == 0 -%}
    []::varchar[]
  {%- else -%}
    list_filter([
      {%- for rule in rules %}
      case when regexp_matches({{ text }}, {{ knife_pattern(rule=rule) }}) then '{{ rule }}' end{{ "," if not loop.last }}
      {%- endfor %}
    ], x -> x is not null)
  {%- endif -%}
{%- endmacro %}

{# `text` with the everyday senses of context words read out ("a drinking session", "the
   exercise yard", "it was a family argument"), as a context, retraction or no-threat rule
   reads it. #}
{% macro knife_read_out_senses(text) -%}
  regexp_replace({{ text }}, {{ knife_pattern('context_sense') }}, ' ', 'g')
{%- endmacro %}

{# Whether `pattern` matches `text` in its own sense, not an everyday one. The read-out runs
   only where the pattern matches at all (or, with `unless`, where that pattern does not). #}
{% macro knife_matches_in_own_sense(text, pattern, unless=none) -%}
  case when regexp_matches({{ text }}, {{ pattern }})
            {%- if unless %} and not regexp_matches({{ text }}, {{ unless }}){% endif %}
      then regexp_matches({{ knife_read_out_senses(text) }}, {{ pattern }})
      else false end
{%- endmacro %}

{# `text` with the threat cues it does not assert broken: a cue right after a negator or a
   hedge (the unasserted role: "never shown", "possibly armed") gets a mark before its first
   word, so the cue no longer reads while the words after it still do ("has not put the knife
   down, he keeps holding it to her neck"). The unasserted patterns capture no group
   (tests/transform/test_knife_vocabulary.py), so the cue is the second. #}
{% macro knife_asserted(text) -%}
  {%- set unasserted = knife_pattern('unasserted') -%}
  {#- The negators and hedges alone first: the pattern joined to every threat cue is the dearer. -#}
  case when regexp_matches({{ text }}, {{ unasserted }})
      then regexp_replace({{ text }}, '((?:' || {{ unasserted }} || '))((?:' || {{ knife_pattern('threat') }} || '))',
                          '\1_\2', 'g')
      else {{ text }} end
{%- endmacro %}
