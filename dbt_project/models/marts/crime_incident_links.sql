-- The STORM incident each linked ATHENA crime came from, and how the link was found (see
-- int_crime_links for the order of trust). Crimes with no acceptable link are absent.
select crime_ref, log_date, log_number, incident_ref, link_method, confidence
from {{ ref('int_crime_links') }}
where log_date is not null
