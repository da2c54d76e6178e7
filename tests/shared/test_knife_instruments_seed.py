"""The knife_instruments seed is what scripts/knife_instruments.py makes from WordNet: regenerated
here and compared, so a hand edit or a changed script cannot drift from its source unseen."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.settings import DBT_PROJECT_DIR, REPO_ROOT

SEED = DBT_PROJECT_DIR / "seeds" / "knife_instruments.csv"
WORDNET = Path("/usr/share/wordnet")


def test_every_noun_is_sharp_or_blunt_once_with_its_wordnet_source():
    rows = list(csv.DictReader(SEED.open(encoding="utf-8")))
    assert len({r["noun"] for r in rows}) == len(rows)
    assert {r["kind"] for r in rows} == {"sharp", "blunt"}
    assert all(r["source"].startswith("WordNet 3.0") and r["wordnet_synset"].isdigit() for r in rows)


@pytest.mark.skipif(not (WORDNET / "data.noun").exists(),
                    reason="WordNet 3.0 is not installed (apt-get install wordnet-base)")
def test_the_seed_is_what_the_script_makes_from_wordnet():
    script = REPO_ROOT / "scripts" / "knife_instruments.py"
    made = subprocess.run([sys.executable, str(script), "--wordnet", str(WORDNET)],
                          capture_output=True, text=True, check=True).stdout
    assert made == SEED.read_text(encoding="utf-8")
