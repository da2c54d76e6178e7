{# How far apart a call's opening and a crime's report can be for the call to be a candidate
   link of the crime: opened up to two hours before the report and up to one hour after, and
   no further than a call can be and still reach the minimum score. #}
{% macro link_gap_before(min_confidence) -%}
    least(7200, {{ link_fit_max_gap(min_confidence) }})
{%- endmacro %}

{% macro link_gap_after(min_confidence) -%}
    least(3600, {{ link_fit_max_gap(min_confidence) }})
{%- endmacro %}

{# The reach of a candidate link, in seconds: the longer of the two gaps (at least a minute).
   Time is cut into slots this long, so a call is a candidate only of crimes reported in its
   own slot or the next one either side, and two crimes that want the same call were
   reported at most two slots apart. #}
{% macro link_reach(min_confidence) -%}
    greatest(60, {{ link_gap_before(min_confidence) }}, {{ link_gap_after(min_confidence) }})
{%- endmacro %}

{# The slot of a timestamp. #}
{% macro link_slot(ts, min_confidence) -%}
    floor(epoch({{ ts }}) / {{ link_reach(min_confidence) }})::bigint
{%- endmacro %}
