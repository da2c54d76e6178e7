{# The crime measures of the rolling metrics, as boolean columns over a crime version joined
   to the offence_codes (o), knife_eligible_codes (k) and outcome_codes (oc) seeds. The one
   place where a measure's definition lives; counting follows docs/domain.md: only crimes whose
   version is RECORDED count. #}
{% macro crime_measure_columns(v='v', o='o', k='k', oc='oc') %}
    {{ v }}.status = 'RECORDED' as is_counted,
    {{ k }}.ho_code is not null as is_knife_eligible,
    {{ v }}.status = 'RECORDED' and {{ k }}.ho_code is not null and {{ v }}.knife_flag = 'Y' as is_knife_flagged,
    {{ v }}.status = 'RECORDED' and {{ v }}.domestic_flag = 'Y' as is_domestic_abuse,
    {{ v }}.status = 'RECORDED' and {{ v }}.hate_flag = 'Y' as is_hate_crime,
    {{ v }}.status = 'RECORDED' and {{ o }}.offence_group = 'burglary_residential' as is_burglary_dwelling,
    {{ v }}.status = 'RECORDED' and {{ o }}.offence_group = 'robbery_personal' as is_robbery_personal,
    {{ v }}.status = 'RECORDED' and {{ o }}.offence_category = 'violence_against_the_person'
        and {{ v }}.victim_sex = 'F' as is_violence_against_female,
    {{ v }}.status = 'RECORDED' and {{ o }}.offence_category = 'sexual_offences'
        and {{ v }}.victim_sex = 'F' as is_sexual_offence_against_female,
    {{ v }}.status = 'RECORDED' and {{ o }}.offence_category = 'sexual_offences'
        and coalesce({{ oc }}.is_solved, false) as is_solved_sexual_offence
{% endmacro %}

{# Measure name -> boolean column, for unpivoting crimes into (measure, counted) rows. #}
{% macro crime_measures() %}
  {{ return({
      'all_crime_offences': 'is_counted',
      'knife_crime_offences_flagged': 'is_knife_flagged',
      'domestic_abuse_offences': 'is_domestic_abuse',
      'hate_crime_offences': 'is_hate_crime',
      'burglary_dwelling_offences': 'is_burglary_dwelling',
      'robbery_personal_offences': 'is_robbery_personal',
      'violence_against_females_offences': 'is_violence_against_female',
      'sexual_offences_against_females': 'is_sexual_offence_against_female',
      'solved_sexual_offences': 'is_solved_sexual_offence',
      'vawg_offences': 'is_violence_against_female or is_sexual_offence_against_female',
  }) }}
{% endmacro %}

{# One row per group and crime measure with its count, from a single scan of `relation`
   (crime versions with the measure columns). `group_by` lists select expressions. #}
{% macro count_crime_measures(relation, group_by, where='true') %}
    unpivot (
        select
            {{ group_by | join(', ') }},
            {%- for measure, condition in crime_measures().items() %}
            count(*) filter (where {{ condition }}) as {{ measure }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ relation }}
        where {{ where }}
        group by all
    ) on {{ crime_measures().keys() | join(', ') }} into name measure value n
{% endmacro %}
