-- "12 months to end of <month>" for every month, district (and 'ALL') and measure, as the
-- data stand now, against the 12 months before: the figures the reports quote.
{{ rolling_12m(ref('int_monthly_measure_counts')) }}
