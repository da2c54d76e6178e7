{# Wilson score interval for a proportion, 95% by default; null when the denominator is 0. #}
{% macro wilson_bound(successes, trials, sign, z=1.959964) -%}
  case when {{ trials }} > 0 then
    (
      ({{ successes }}::double / {{ trials }}) + {{ z }} * {{ z }} / (2.0 * {{ trials }})
      {{ sign }} {{ z }} * sqrt(
          ({{ successes }}::double / {{ trials }}) * (1 - {{ successes }}::double / {{ trials }}) / {{ trials }}
          + {{ z }} * {{ z }} / (4.0 * {{ trials }} * {{ trials }}))
    ) / (1 + {{ z }} * {{ z }} / {{ trials }})
  end
{%- endmacro %}
