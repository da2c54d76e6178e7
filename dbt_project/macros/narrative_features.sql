{# The features the knife classifier's learned second opinion reads in narrative entries, one
   row for each time one occurs (a log holds a feature or not: readers take them distinct):
   each word (w:), each pair of adjacent words in an entry (b:) and the first four letters of
   each word of five letters or more (p:, so that "shankd" and "shanked" share one). One
   definition for scoring (int_incident_second_opinion) and for training
   (int_narrative_features, read by `pipelines retrain-second-opinion`). `entries` names a
   relation or CTE with log_date, log_number and entry. #}
{% macro narrative_features(entries) -%}
select
    log_date,
    log_number,
    unnest(
        list_transform(words, lambda w: 'w:' || w)
        || list_transform(list_filter(words, lambda w: length(w) >= 5), lambda w: 'p:' || w[1:4])
        || list_transform(generate_series(1, len(words) - 1), lambda i: 'b:' || words[i] || ' ' || words[i + 1])
    ) as feature
from (
    select log_date, log_number, regexp_extract_all({{ knife_plain_text('entry') }}, '[a-z]+') as words
    from {{ entries }}
)
{%- endmacro %}
