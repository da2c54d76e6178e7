-- How each rule of the knife text classifier fares against the Crime Bureau, one row per rule
-- (or the WEAPON-KNIFE qualifier) that raised worklist items: the items it raised, how many
-- reviewers answered KNIFE_CONFIRMED or NOT_KNIFE, and the share of those answers agreeing
-- with what the rule said on each item (a knife where it raised MISSING_FLAG, none where it
-- raised UNSUPPORTED_FLAG). Worst first, so the force sees which rule to fix.
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
        count(*) as items,
        count(*) filter (where resolution = 'DECISION_KNIFE_CONFIRMED') as confirmed,
        count(*) filter (where resolution = 'DECISION_NOT_KNIFE') as rejected,
        count(*) filter (where (rule_said = 'KNIFE' and resolution = 'DECISION_KNIFE_CONFIRMED')
                            or (rule_said = 'NO_KNIFE' and resolution = 'DECISION_NOT_KNIFE')) as agreed,
        count(*) filter (where rule_said in ('KNIFE', 'NO_KNIFE')
                            and resolution in ('DECISION_KNIFE_CONFIRMED', 'DECISION_NOT_KNIFE')) as judged
    from items
    group by rule
),

final as (
    select
        rule,
        coalesce(r.description, case rule
            when 'WEAPON-KNIFE qualifier' then 'the WEAPON-KNIFE qualifier on the incident, without knife words'
            when 'no_knife_words' then 'no knife words in the incident log'
        end) as rule_description,
        r.role,
        items,
        confirmed,
        rejected,
        agreed / nullif(judged, 0) as precision
    from counted
    left join {{ ref('knife_text_rules') }} as r using (rule)
)

select * from final
order by precision asc nulls last, items desc
