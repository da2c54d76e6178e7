-- Rolling 12-month crime figures as they stood on the first day after each window: what a
-- report written then said (for example the 2020 paper's flagged knife counts). The previous
-- 12 months are the figure published a year earlier, as such a report compared them.
-- Compare with rolling_12m_metrics to see how much a figure has changed since.
with published as (
    select as_at_date, month_end, district, measure, monthly_value, value_12m, rate_per_1000
    from (
        {{ rolling_12m(ref('int_monthly_measure_counts_as_published'), partition_cols=['as_at_date']) }}
    )
    where month_end = as_at_date - 1
),

compared as (
    select *, lag(value_12m, 12) over (partition by district, measure order by month_end) as previous_12m
    from published
)

select
    as_at_date,
    month_end,
    district,
    measure,
    monthly_value,
    value_12m,
    previous_12m,
    value_12m - previous_12m as difference,
    round(100.0 * (value_12m - previous_12m) / nullif(previous_12m, 0), 1) as pct_difference,
    rate_per_1000
from compared
