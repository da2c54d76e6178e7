{% test accepted_district(model, column_name) %}
-- Values that are neither a district in the districts seed nor ALL.
select {{ column_name }}
from {{ model }}
where {{ column_name }} <> 'ALL'
    and {{ column_name }} not in (select district from {{ ref('districts') }})
{% endtest %}
