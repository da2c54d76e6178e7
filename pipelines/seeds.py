"""The dbt seeds as every stage reads them: the one home of each code list (offence codes and
their STORM categories, districts, outcomes, decisions...), for dbt, the ingestion checks, the
suites, the reports and the simulator alike. Files are read when asked for, never at import."""

from __future__ import annotations

import csv
from functools import cache

from pipelines.settings import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


@cache
def seed_rows(seed: str) -> tuple[dict[str, str], ...]:
    """Every row of a dbt seed file, as text, in file order."""
    with (SEEDS_DIR / seed).open(encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def seed_values(seed: str, column: str) -> tuple[str, ...]:
    """One column of a dbt seed file, as text, in file order."""
    return tuple(row[column] for row in seed_rows(seed))
