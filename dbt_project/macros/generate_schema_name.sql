{#- Layers land in schemas named for the layer (staging, intermediate, marts, reference),
    not prefixed with the target schema, so BI tools and checks see stable names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name is not none else target.schema }}
{%- endmacro %}
