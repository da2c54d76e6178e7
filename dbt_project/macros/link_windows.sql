{# The days around the days a night changed that int_crime_links must look at, each width
   from the candidate window: an incident is a candidate for a crime when it was opened from
   two hours before the crime's report to one hour after, so a crime reported on day D can
   take an incident logged on D-1, D or D+1 (London days), and two crimes that want the same
   incident were reported at most two days apart. #}

{# `day` plus every offset from -width to width, one row each, from the relation `days`. #}
{% macro days_around(days, width) -%}
    select day + o::integer from {{ days }}, range(-{{ width }}, {{ width + 1 }}) as r(o)
{%- endmacro %}

{# Crimes to relink: reported within two days of a changed day, so every crime that may
   compete with a changed crime or for a changed incident is scored again. #}
{% macro relink_days(days) -%}
    {{ days_around(days, 2) }}
{%- endmacro %}

{# Crimes to score candidates among: the rivals of the crimes relinked, up to two days
   further out (2 + 2), so each relinked crime meets every crime that wants its incident. #}
{% macro rival_days(days) -%}
    {{ days_around(days, 4) }}
{%- endmacro %}

{# Incident log days the rivals' candidates can fall on: a day either side of their report
   days (4 + 1). #}
{% macro rival_incident_days(days) -%}
    {{ days_around(days, 5) }}
{%- endmacro %}
