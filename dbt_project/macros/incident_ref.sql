{# Parse an incident reference as officers type it (extract contract, messiness) into the
   STORM key. Each accepted style is one row below: a regular expression over the lower-case,
   trimmed text capturing the log number (n) and the date (d), and the strptime format of d.
   Returns a struct (ref_format, log_date, log_number); ref_format is 'unparsed' when no style
   matches, and log_date is null when the date part is not a real day. #}
{% macro incident_ref_styles() %}
  {{ return([
      ('canonical',   '^(\\d+)\\s*of\\s*(\\d{1,2}/\\d{1,2}/\\d{4})$', '%d/%m/%Y'),
      ('short_year',  '^(\\d+)\\s+(\\d{1,2}/\\d{1,2}/\\d{2})$',        '%d/%m/%y'),
      ('inc_compact', '^inc\\s*(\\d+)\\s*/\\s*(\\d{6})$',               '%d%m%y'),
      ('month_name',  '^(\\d+)\\s*/\\s*(\\d{2}[a-z]{3}\\d{2})$',        '%d%b%y'),
  ]) }}
{% endmacro %}

{% macro parse_incident_ref(expr) -%}
  {%- set text = "lower(trim(" ~ expr ~ "))" -%}
  case
  {%- for name, pattern, fmt in incident_ref_styles() %}
    when regexp_matches({{ text }}, '{{ pattern }}') then {
        'ref_format': '{{ name }}',
        'log_date': cast(try_strptime(regexp_extract({{ text }}, '{{ pattern }}', 2), '{{ fmt }}') as date),
        'log_number': try_cast(regexp_extract({{ text }}, '{{ pattern }}', 1) as integer)
    }
  {%- endfor %}
    when nullif({{ text }}, '') is null then {'ref_format': 'empty', 'log_date': null::date, 'log_number': null::integer}
    else {'ref_format': 'unparsed', 'log_date': null::date, 'log_number': null::integer}
  end
{%- endmacro %}
