{# Rolling 12-month figures over `monthly`, a relation with one row for EVERY month, district
   and measure (zeros included) in columns month, district, measure, monthly_value, plus any
   `partition_cols` (e.g. an as-at date) the windows must not cross. Adds the all-force
   district 'ALL', the window sums, the comparison with the 12 months before, % difference
   to one decimal place and the rate per 1,000 residents. A window is null until it holds 12
   months of data. #}
{% macro rolling_12m(monthly, partition_cols=[]) %}
{%- set part = (partition_cols + ['district', 'measure']) | join(', ') -%}
with all_districts as (
    select {% for c in partition_cols %}{{ c }}, {% endfor %}month, district, measure, monthly_value
    from {{ monthly }}
    union all
    select {% for c in partition_cols %}{{ c }}, {% endfor %}month, 'ALL', measure, sum(monthly_value)
    from {{ monthly }}
    group by all
),

windows as (
    select
        *,
        sum(monthly_value) over w as sum_12m,
        count(*) over w as months_in_window
    from all_districts
    window w as (partition by {{ part }} order by month rows between 11 preceding and current row)
),

compared as (
    select
        *,
        case when months_in_window = 12 then sum_12m end as value_12m,
        lag(case when months_in_window = 12 then sum_12m end, 12) over (
            partition by {{ part }} order by month) as previous_12m
    from windows
),

population as (
    select district, population_2021 from {{ ref('districts') }}
    union all
    select 'ALL', sum(population_2021) from {{ ref('districts') }}
)

select
    {% for c in partition_cols %}{{ c }}, {% endfor %}
    last_day(month) as month_end,
    district,
    measure,
    monthly_value,
    value_12m::integer as value_12m,
    previous_12m::integer as previous_12m,
    (value_12m - previous_12m)::integer as difference,
    round(100.0 * (value_12m - previous_12m) / nullif(previous_12m, 0), 1) as pct_difference,
    round(1000.0 * value_12m / p.population_2021, 3) as rate_per_1000
from compared
join population as p using (district)
{% endmacro %}
