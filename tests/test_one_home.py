"""Each code list has one home, its dbt seed: a second copy written out in the code, the
SQL, the dbt tests, the suites or the simulator's profiles fails here."""

import re

import pytest

from pipelines.seeds import seed_rows, seed_values
from pipelines.settings import REPO_ROOT

# Code-list seeds and their code column. The others hold rules or words, not codes.
CODE_LISTS = {
    "offence_codes.csv": "ho_code",
    "storm_categories.csv": "category",
    "districts.csv": "district",
    "outcome_codes.csv": "outcome_code",
    "cancel_reasons.csv": "cancel_reason",
    "decision_types.csv": "decision",
    "crime_statuses.csv": "status",
    "victim_age_bands.csv": "age_band",
    "victim_sexes.csv": "sex",
    "incident_grades.csv": "grade",
    "discrepancy_classes.csv": "discrepancy_class",
}
# The simulator's profiles weight codes (offence mixes, age bands): load_profile checks every
# code they name against the seeds, so they cannot drift, and they are not scanned.
SCANNED = ["pipelines/**/*.py", "pipelines/simulate/narratives.yaml", "bench/*.py", "dbt_project/models/**/*.sql",
           "dbt_project/models/**/*.yml", "dbt_project/macros/*.sql", "dbt_project/tests/**/*.sql",
           "expectations/expectations/*.json"]
# A quoted literal, or a bare word in a YAML or JSON list or mapping key.
LITERAL = re.compile(r"""['"]([^'"\n]{1,40})['"]|[\[{,]\s*([A-Za-z0-9+/-][A-Za-z0-9+/ -]*?)\s*(?=[,\]}:])""")
# A line listing this many codes of one list is a copy of the list (or of its larger part).
COPY_AT = 3


def _codes(seed: str) -> set[str]:
    # Short numbers (grades, outcome codes, offence 1 to 9) and single letters (sex codes, like
    # the Y/N flags) are everywhere in code and rules: only codes that cannot be mistaken for a
    # count or a flag are looked for.
    return {v for v in seed_values(seed, CODE_LISTS[seed]) if len(v) > 1 and not (v.isdigit() and len(v) < 3)}


def copies(text: str) -> list[tuple[str, int, list[str]]]:
    """(seed, line number, codes) for each line of ``text`` naming COPY_AT or more codes of one
    seed's list, or for each file-level list spread over lines (a JSON or YAML array)."""
    lists = {seed: _codes(seed) for seed in CODE_LISTS}
    found = []
    # Join a bracketed list spread over several lines into its first line.
    joined = re.sub(r"\[[^\[\]]*\]", lambda m: " ".join(m.group(0).split()) + "\n" * m.group(0).count("\n"), text)
    for number, line in enumerate(joined.splitlines(), 1):
        words = {a or b for a, b in LITERAL.findall(line)}
        for seed, codes in lists.items():
            named = sorted(words & codes)
            if len(named) >= COPY_AT:
                found.append((seed, number, named))
    return found


def test_the_seeds_list_their_codes_once():
    for seed, column in CODE_LISTS.items():
        values = [row[column] for row in seed_rows(seed)]
        assert values and len(values) == len(set(values)), seed


def test_no_code_list_is_written_out_outside_its_seed():
    files = sorted({p for pattern in SCANNED for p in REPO_ROOT.glob(pattern)})
    assert len(files) > 60
    found = [f"{p.relative_to(REPO_ROOT)}:{line}: {seed} codes {', '.join(codes)}"
             for p in files for seed, line, codes in copies(p.read_text(encoding="utf-8"))]
    assert not found, "code lists copied out of dbt_project/seeds:\n" + "\n".join(found)


@pytest.mark.parametrize("text", [
    "STATUSES = ('RECORDED', 'CANCELLED', 'TRANSFERRED')\n",
    '{"value_set": [\n  "RECORDED",\n  "CANCELLED",\n  "TRANSFERRED"\n]}\n',
    "arguments: {values: ['0-17', '18-24', '65+']}\n",
    "  mix: {Basildon: 0.2, Harlow: 0.3, Maldon: 0.5}\n",
])
def test_a_copied_list_is_found(text):
    assert copies(text), text


def test_single_codes_in_rules_are_not_copies():
    assert not copies("status = 'RECORDED' and hate_flag = 'Y'\nreason = 'C1' if transferred else draw()\n")


def test_a_profile_naming_a_code_outside_the_seeds_is_refused(tmp_path):
    from pipelines.simulate.profile import ProfileError, load_profile

    profile = tmp_path / "typo.yaml"
    profile.write_text("base: essex\nathena:\n  victim_age_mix: {'0-17': 0.5, '18-25': 0.5}\n")
    with pytest.raises(ProfileError, match="18-25, not in the victim_age_bands.csv seed"):
        load_profile(str(profile))
