{# Calendar dates and months are Europe/London, whatever the session time zone. #}
{% macro london_date(ts) -%}
  cast(timezone('Europe/London', {{ ts }}) as date)
{%- endmacro %}

{% macro london_month(ts) -%}
  date_trunc('month', timezone('Europe/London', {{ ts }}))::date
{%- endmacro %}
