-- The Crime Bureau's worklist: every OPEN item of knife_discrepancies with its priority and
-- the reason for it, from the first rule of the worklist_priorities seed the item meets
-- (lowest priority number). An item is in a window still to be published when its crime was
-- recorded (for an unrecorded incident: when it was detected) in the var('worklist_window_months')
-- months ending with the as-of month: the 12 months to the last complete month and the 12 to
-- the month in progress. Its correction changes a knife figure when it is in such a window,
-- its class can change one (discrepancy_classes.changes_knife_figure) and its crime is counted
-- and eligible. Items outside every such window are historic: listed apart, after the rest.
-- The daily list holds the first WORKLIST_CAPACITY items in a window (a team's day of work):
-- by priority, then those with something to start from (an unlinked crime with candidate
-- incidents before one without), stronger STORM evidence, and the oldest. The rest of the
-- window is the backlog. Each crime a reviewer may have to link carries its best candidate
-- incidents (int_link_candidates), with their score and why, and each item with a linked
-- incident says how the knife classifier read that incident's narrative (storm_reading): which
-- rule decided, and, where the learned second opinion disputes the rules, both readings.
{% set window_months = var('worklist_window_months', 13) %}
{% set capacity = env_var('WORKLIST_CAPACITY', '40') | int %}
{% set evidence_order = ['qualifier_and_text', 'qualifier_only', 'text_only', 'text_review', 'negated', 'none'] %}
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
        and r.in_window = j.in_published_window
    group by j.discrepancy_id
),

-- How the narrative of the item's incident was read, in the words of the rules and seeds.
readings as (
    select
        incident_ref,
        case
            when knife_text_outcome = 'REVIEW' and rules_outcome <> 'REVIEW'
                then 'disputed: rules ' || rules_outcome || ' (' || knife_text_rule || '), second opinion '
                     || second_opinion || ' (knife probability ' || printf('%.2f', knife_probability) || ')'
            when knife_text_outcome = 'REVIEW' then 'review: ' || knife_text_rule
            when knife_text_outcome = 'KNIFE' then 'knife: ' || knife_text_rule
            when discounted_mention is not null then 'no knife: ' || discounted_mention
            when knife_text_rule = 'negation' then 'no knife: negation'
        end as storm_reading
    from {{ ref('incident_knife_evidence') }}
),

candidates as (
    select
        crime_ref,
        count(*) as candidates,
        {%- for n in [1, 2, 3] %}
        max(incident_ref) filter (where candidate_rank = {{ n }}) as candidate_{{ n }}_incident_ref,
        max(score) filter (where candidate_rank = {{ n }}) as candidate_{{ n }}_score,
        max(why) filter (where candidate_rank = {{ n }}) as candidate_{{ n }}_why{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_link_candidates') }}
    group by crime_ref
),

ordered as (
    select
        j.*,
        r.priority,
        r.priority_reason,
        c.* exclude (crime_ref),
        rd.storm_reading,
        case when j.in_published_window then row_number() over (
            partition by j.in_published_window
            order by r.priority,
                     j.discrepancy_class = 'UNLINKED_ELIGIBLE' and c.candidates is null,
                     list_position({{ evidence_order }}, j.evidence_level) nulls last,
                     j.days_open desc,
                     j.discrepancy_id) end as list_position
    from judged as j
    join ranked as r using (discrepancy_id)
    left join candidates as c on c.crime_ref = j.crime_ref
    left join readings as rd on rd.incident_ref = j.incident_ref
),

final as (
    select
        discrepancy_id,
        priority,
        priority_reason,
        case when not in_published_window then 'historic'
             when list_position <= {{ capacity }} then 'daily'
             else 'backlog' end as worklist_list,
        list_position,
        not in_published_window as is_historic,
        changes_figure,
        crime_ref,
        incident_ref,
        discrepancy_class,
        district,
        evidence_level,
        matched_phrase,
        storm_reading,
        officer_id,
        item_month,
        detected_on,
        days_open,
        coalesce(candidates, 0) as candidates,
        {%- for n in [1, 2, 3] %}
        candidate_{{ n }}_incident_ref,
        candidate_{{ n }}_score,
        candidate_{{ n }}_why,
        {%- endfor %}
        (select first_month from window_start) as window_first_month
    from ordered
)

select * from final

