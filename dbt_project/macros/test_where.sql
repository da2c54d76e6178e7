{# A data test whose config says `where: "__rebuilt_in_window__"` checks, in a run over a
   window of load partitions, only the rows the tested incremental model rebuilt: those whose
   unique_key was loaded into its raw source in the window (read directly or through the
   ephemeral scope model it reads). Delete+insert on that key leaves
   every other row as the last run tested it, so the nightly test costs the same however
   much history the table holds. A build without a window, or a full refresh, tests
   the whole table. dbt renders `where` before project macros are available, hence the
   placeholder (the override dbt documents for custom `where` logic). #}
{% macro get_where_subquery(relation) -%}
  {%- set where = config.get('where') or '' -%}
  {%- if '__rebuilt_in_window__' in where -%}
    {%- set where = where | replace('__rebuilt_in_window__', rebuilt_in_window(relation)) -%}
  {%- endif -%}
  {%- if where -%}
    {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
  {%- endif -%}
  {%- do return(relation) -%}
{%- endmacro %}

{% macro rebuilt_in_window(relation) -%}
  {%- if partition_window() is none or flags.FULL_REFRESH -%}
    {%- do return('true') -%}
  {%- endif -%}
  {%- set model = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                  | selectattr('alias', 'equalto', relation.identifier) | first -%}
  {%- set sources = [] -%}
  {%- for node in model.depends_on.nodes -%}
    {%- if node.startswith('source.') -%}
      {%- do sources.append(node) -%}
    {%- elif graph.nodes[node].config.materialized == 'ephemeral' -%}
      {%- for upstream in graph.nodes[node].depends_on.nodes if upstream.startswith('source.') -%}
        {%- do sources.append(upstream) -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set sources = sources | unique | list -%}
  {%- if sources | length != 1 or not model.config.unique_key -%}
    {%- do exceptions.raise_compiler_error(
        '__rebuilt_in_window__ needs a model with a unique_key and one raw source: ' ~ model.name) -%}
  {%- endif -%}
  {%- set source = graph.sources[sources[0]] -%}
  {%- set raw = api.Relation.create(database=source.database, schema=source.schema, identifier=source.identifier) -%}
  {%- do return(keys_in(raw, model.config.unique_key, in_partition_window())) -%}
{%- endmacro %}
