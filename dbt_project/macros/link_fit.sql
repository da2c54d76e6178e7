{# How well an incident fits a crime, 0..1: time from the call to the crime's report (half
   weight, decaying over 30 minutes), category, distance; a different district scores 0. A
   call still open has no closing code: its category fits on the opening code alone. #}
{% macro link_fit(c, i) -%}
    case when {{ i }}.district <> {{ c }}.district then 0.0 else
        0.5 * exp(-abs(epoch({{ i }}.created_at) - epoch({{ c }}.reported_at)) / 1800.0)
        + 0.3 * coalesce({{ c }}.storm_category in ({{ i }}.closing_code, {{ i }}.opening_code), false)::int
        + 0.2 * case
            when {{ c }}.easting is null or {{ i }}.easting is null then 0.5
            else greatest(0.0, 1.0 - sqrt(power({{ i }}.easting - {{ c }}.easting, 2)
                                        + power({{ i }}.northing - {{ c }}.northing, 2)) / 2000.0)
          end
    end
{%- endmacro %}

{# Seconds between call and report past which link_fit cannot reach min_fit (a number or a
   SQL expression): category and distance add at most 0.5, so the time term must reach
   min_fit - 0.5; infinite when min_fit is 0.5 or less. Lets a candidate join discard hopeless
   pairs before scoring them. #}
{% macro link_fit_max_gap(min_fit) -%}
    case when ({{ min_fit }}) > 0.5 then 1800.0 * ln(0.5 / (({{ min_fit }}) - 0.5)) else 'infinity'::double end
{%- endmacro %}
