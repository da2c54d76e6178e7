-- The Crime Bureau's worklist: every OPEN item of knife_discrepancies with its priority and
-- the reason for it, from the first rule of the worklist_priorities seed the item meets
-- (lowest priority number). An item is in a window still to be published when its crime was
-- recorded (for an unrecorded incident: when it was detected) in the var('worklist_window_months')
-- months ending with the as-of month: the 12 months to the last complete month and the 12 to
-- the month in progress. Its correction changes a knife figure when it is in such a window,
-- its class can change one (discrepancy_classes.changes_knife_figure) and its crime is counted
-- and eligible. Items outside every such window are historic: listed apart, after the rest.
{% set window_months = var('worklist_window_months', 13) %}
with as_of as (
    select {{ as_of_date() }} as as_of_date
),

items as (
    select
        d.discrepancy_id,
        d.crime_ref,
        d.incident_ref,
        d.discrepancy_class,
        d.district,
        d.evidence_level,
        d.matched_phrase,
        d.officer_id,
        d.detected_on,
        d.days_open,
        coalesce(s.recorded_month, date_trunc('month', d.detected_on)::date) as item_month,
        d.crime_ref is null or (s.is_counted and s.is_knife_eligible) as counts_as_knife_crime,
        c.changes_knife_figure
    from {{ ref('knife_discrepancies') }} as d
    join {{ ref('discrepancy_classes') }} as c using (discrepancy_class)
    left join {{ ref('int_crime_knife_status') }} as s using (crime_ref)
    where d.status = 'OPEN'
),

window_start as (
    select (date_trunc('month', as_of_date) - interval {{ window_months - 1 }} month)::date as first_month
    from as_of
),

scoped as (
    select *, item_month >= (select first_month from window_start) as in_published_window
    from items
),

judged as (
    select *, in_published_window and changes_knife_figure and coalesce(counts_as_knife_crime, false)
        as changes_figure
    from scoped
),

ranked as (
    select
        j.discrepancy_id,
        min(r.priority) as priority,
        arg_min(r.reason, r.priority) as priority_reason
    from judged as j
    join {{ ref('worklist_priorities') }} as r
        on r.discrepancy_class in (j.discrepancy_class, '*')
        and (r.evidence_levels = '*' or list_contains(string_split(r.evidence_levels, ' '), j.evidence_level))
        and (not r.changes_figure or j.changes_figure)
    group by j.discrepancy_id
)

select
    j.discrepancy_id,
    r.priority,
    r.priority_reason,
    not j.in_published_window as is_historic,
    j.changes_figure,
    j.crime_ref,
    j.incident_ref,
    j.discrepancy_class,
    j.district,
    j.evidence_level,
    j.matched_phrase,
    j.officer_id,
    j.item_month,
    j.detected_on,
    j.days_open,
    (select first_month from window_start) as window_first_month
from judged as j
join ranked as r using (discrepancy_id)
