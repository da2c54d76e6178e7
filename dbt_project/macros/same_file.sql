{# A relation named without its database, for the SQL of a view. DuckDB stores a view's SQL
   as written, and a name with the database ("warehouse".marts.x) binds only while the file
   is opened under that name: a copy, or a file attached as another name, would fail. Without
   it the name binds in the view's own file, whatever it is called. #}
{% macro same_file(relation) -%}
    {{ relation.include(database=false) }}
{%- endmacro %}
