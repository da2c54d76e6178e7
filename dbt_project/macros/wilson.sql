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

{# A proportion as three columns: `rate_column` and its 95% Wilson bounds
   ci95_lower<suffix> and ci95_upper<suffix>, rounded to 4 places. #}
{% macro rate_with_interval(successes, trials, rate_column, suffix='') -%}
    round({{ successes }} / {{ trials }}, 4) as {{ rate_column }},
    round({{ wilson_bound(successes, trials, '-') }}, 4) as ci95_lower{{ suffix }},
    round({{ wilson_bound(successes, trials, '+') }}, 4) as ci95_upper{{ suffix }}
{%- endmacro %}

{# The compliance counts and rates, at recording and now, from the three counts of a window. #}
{% macro compliance_rates() -%}
    eligible_with_storm_evidence,
    flagged_at_recording,
    {{ rate_with_interval('flagged_at_recording', 'eligible_with_storm_evidence',
                          'compliance_rate_at_recording', '_at_recording') }},
    flagged_now,
    {{ rate_with_interval('flagged_now', 'eligible_with_storm_evidence', 'compliance_rate_now', '_now') }}
{%- endmacro %}
