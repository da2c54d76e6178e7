-- How each rule of the knife text classifier fares against the Crime Bureau: for every rule
-- (or the WEAPON-KNIFE qualifier) that raised worklist items, the items it raised, how many
-- reviewers answered KNIFE_CONFIRMED or NOT_KNIFE, and the share of those answers agreeing
-- with what the rule said. Worst first, so the force sees which rule to fix.
with items as (
    select
        d.discrepancy_class,
        d.resolution,
        case
            when d.discrepancy_class = 'MISSING_FLAG' and e.knife_text_outcome <> 'KNIFE' then 'WEAPON-KNIFE qualifier'
            else coalesce(e.knife_text_rule, 'no_knife_words')
        end as rule,
        c.rule_said
    from {{ ref('knife_discrepancies') }} as d
    join {{ ref('discrepancy_classes') }} as c using (discrepancy_class)
    left join {{ ref('incident_knife_evidence') }} as e using (incident_ref)
    where c.rule_said is not null
),

counted as (
    select
        rule,
        rule_said,
        count(*) as items,
        count(*) filter (where resolution = 'DECISION_KNIFE_CONFIRMED') as confirmed,
        count(*) filter (where resolution = 'DECISION_NOT_KNIFE') as rejected
    from items
    group by rule, rule_said
)

select
    rule,
    rule_said,
    r.role,
    items,
    confirmed,
    rejected,
    case rule_said
        when 'KNIFE' then confirmed
        when 'NO_KNIFE' then rejected
    end / nullif(confirmed + rejected, 0) as precision
from counted
left join {{ ref('knife_text_rules') }} as r using (rule)
order by precision asc nulls last, items desc
