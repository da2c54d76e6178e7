"""The knife vocabulary's patterns that knife_asserted (macros/knife_vocabulary.sql) composes
with the threat cues: the cue must be the second group of the composed pattern."""

import csv
import re

from pipelines import settings

VOCABULARY = settings.DBT_PROJECT_DIR / "seeds" / "knife_vocabulary.csv"
RULES = settings.DBT_PROJECT_DIR / "seeds" / "knife_text_rules.csv"
# An opening parenthesis that starts a capturing group: not escaped, not followed by "?".
CAPTURING_GROUP = re.compile(r"(?<!\\)\((?!\?)")


def _patterns(role: str) -> list[str]:
    with RULES.open(newline="") as f:
        rules = {row["rule"] for row in csv.DictReader(f) if row["role"] == role}
    with VOCABULARY.open(newline="") as f:
        return [row["pattern"] for row in csv.DictReader(f) if row["rule"] in rules]


def test_the_unasserted_patterns_capture_no_group():
    patterns = _patterns("unasserted")
    assert patterns
    assert [p for p in patterns if CAPTURING_GROUP.search(p)] == []


def test_the_group_check_sees_a_capturing_group():
    assert CAPTURING_GROUP.search(r"\b(never|not)\s+")
    assert not CAPTURING_GROUP.search(r"\b(?:never|not)\s+\(")
