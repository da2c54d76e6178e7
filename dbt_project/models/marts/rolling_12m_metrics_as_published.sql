-- Rolling 12-month crime figures as they stood on the first day after each window: what a
-- report written then would have said (for example the 2020 paper's flagged knife counts).
-- Compare with rolling_12m_metrics to see how much the figure has changed since. Only each
-- as-at date's own window is kept.
select *
from (
    {{ rolling_12m(ref('int_monthly_measure_counts_as_published'), partition_cols=['as_at_date']) }}
)
where month_end = as_at_date - 1
