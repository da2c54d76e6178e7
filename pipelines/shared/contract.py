"""The extract contract as data: each source's files, columns, types and value rules.

Value sets come from the dbt seeds (``dbt_project/seeds``), the one list of codes shared by
dbt, the ingestion and the quality checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# <source>_<YYYYMMDD>.csv, or with a suffix after the day for a re-sent or split file
# (storm_incidents_20190310_r1.csv, ..._resent.csv): the day the file belongs to.
_FILE_DAY = re.compile(r"_(\d{4})(\d{2})(\d{2})(?:[_.-][^/]*)?\.csv$")


_COPY_SUFFIX = re.compile(r"(\s*\(\d+\)|\s*-\s*Copy|\s+copy(\s*\d+)?)(?=\.[^.]*$|$)", re.IGNORECASE)


def file_day(name: str) -> date | None:
    """The day an extract file belongs to, from its name; None when it is not named as one.
    The loader, the partitions and the landing sensor all read file names through this."""
    match = _FILE_DAY.search(name)
    if match is None:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def name_problem(name: str) -> str | None:
    """Why a file that starts like an extract of a day is not read as one, in words an
    operator can act on (a browser's or file manager's copy suffix, another extension); None
    when the contract reads the name."""
    if file_day(name) is not None:
        return None
    copy = _COPY_SUFFIX.search(name)
    if copy:
        return f"a copy suffix {copy.group(0)!r} in the name (a second download?)"
    suffix = name[name.rfind("."):] if "." in name else ""
    if suffix.lower() != ".csv":
        return f"extension {suffix or '(none)'!r}, expected '.csv'"
    if suffix != ".csv":
        return f"extension {suffix!r}, expected lower-case '.csv'"
    return "the day or suffix in the name is not as the contract writes it"


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "VARCHAR"            # DuckDB type the raw table holds
    required: bool = False           # empty is a quarantine reason
    values: tuple[str, str] | None = None   # (seed file, seed column) listing allowed values
    literal_values: tuple[str, ...] | None = None
    not_future: bool = False          # a timestamp that cannot be after the file's day
    # (column, seed file, seed flag column): empty is a quarantine reason when the row's value
    # of that column is one the seed flags, e.g. a crime_ref for decisions that need one.
    required_when: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Source:
    name: str                          # raw table name
    folder: str                        # under the landing folder
    pattern: str                       # file name pattern with {ymd}
    dated_folders: bool                # YYYY/MM sub-folders
    daily: bool                        # a file is expected every day (volume and freshness checks)
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def day_folder(self, landing: Path, day: date) -> Path:
        """The folder a day's files are delivered to."""
        folder = landing / self.folder
        return folder / f"{day:%Y}" / f"{day:%m}" if self.dated_folders else folder


STORM = Source(
    name="storm_incidents",
    folder="storm",
    pattern="storm_incidents_{ymd}*.csv",
    dated_folders=True,
    daily=True,
    key=("log_date", "log_number", "version_ts"),
    columns=(
        Column("log_date", "DATE", required=True),
        Column("log_number", "INTEGER", required=True),
        Column("version_ts", "TIMESTAMPTZ", required=True, not_future=True),
        Column("created_at", "TIMESTAMPTZ", required=True, not_future=True),
        Column("closed_at", "TIMESTAMPTZ", not_future=True),
        Column("opening_code", required=True, values=("storm_categories.csv", "category")),
        Column("closing_code", values=("storm_categories.csv", "category")),
        Column("grade", "INTEGER", values=("incident_grades.csv", "grade")),
        Column("qualifiers"),
        Column("district", required=True, values=("districts.csv", "district")),
        Column("easting", "INTEGER"),
        Column("northing", "INTEGER"),
        Column("narrative"),
    ),
)

ATHENA = Source(
    name="athena_crimes",
    folder="athena",
    pattern="athena_crimes_{ymd}*.csv",
    dated_folders=True,
    daily=True,
    key=("crime_ref", "version_no"),
    columns=(
        Column("crime_ref", required=True),
        Column("version_no", "INTEGER", required=True),
        Column("version_ts", "TIMESTAMPTZ", required=True, not_future=True),
        Column("incident_ref"),
        Column("reported_at", "TIMESTAMPTZ", not_future=True),
        Column("recorded_at", "TIMESTAMPTZ", required=True, not_future=True),
        Column("committed_from", "TIMESTAMPTZ"),
        Column("committed_to", "TIMESTAMPTZ"),
        Column("ho_code", required=True, values=("offence_codes.csv", "ho_code")),
        Column("offence_description"),
        Column("knife_flag", literal_values=("Y", "N")),
        Column("domestic_flag", literal_values=("Y", "N")),
        Column("hate_flag", literal_values=("Y", "N")),
        Column("status", required=True, values=("crime_statuses.csv", "status")),
        Column("cancel_reason", values=("cancel_reasons.csv", "cancel_reason")),
        Column("outcome_code", "INTEGER", values=("outcome_codes.csv", "outcome_code")),
        Column("outcome_date", "DATE"),
        Column("district", required=True, values=("districts.csv", "district")),
        Column("easting", "INTEGER"),
        Column("northing", "INTEGER"),
        Column("victim_sex", values=("victim_sexes.csv", "sex")),
        Column("victim_age_band", values=("victim_age_bands.csv", "age_band")),
        Column("officer_id"),
        Column("victim_name"),
        Column("victim_dob", "DATE"),
        Column("suspect_name"),
    ),
)

DECISIONS = Source(
    name="crime_bureau_decisions",
    folder="decisions",
    pattern="crime_bureau_decisions_{ymd}*.csv",
    dated_folders=False,
    daily=False,
    key=("crime_ref", "linked_incident_ref", "decided_at"),
    columns=(
        Column("crime_ref", required_when=("decision", "decision_types.csv", "needs_crime_ref")),
        Column("decision", required=True, values=("decision_types.csv", "decision")),
        Column("linked_incident_ref", required_when=("decision", "decision_types.csv", "needs_incident_ref")),
        Column("reviewer_id", required=True),
        Column("decided_at", "TIMESTAMPTZ", required=True, not_future=True),
        Column("note"),
    ),
)

SOURCES = {s.name: s for s in (STORM, ATHENA, DECISIONS)}
# Columns holding personal data: never shown in metadata, logs or published outputs.
PERSONAL_COLUMNS = frozenset({"victim_name", "victim_dob", "suspect_name", "narrative", "note"})
