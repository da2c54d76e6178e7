{# Whether a log is in the fixed systematic sample knife_unmatched_words ranks words against:
   var('unmatched_word_sample_percent') percent of the logs, every one whose number is a
   multiple of 100 / percent (every 50th log of a day at 2 percent). Log numbers run through
   the day, so the sample spreads over every hour, district and category, and the same logs
   are in it on every run. #}
{% macro in_word_sample(log_number='log_number') -%}
  {%- set every = (100 / var('unmatched_word_sample_percent', 2)) | round | int -%}
  {{ log_number }} % {{ every }} = 0
{%- endmacro %}
