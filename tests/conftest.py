"""Small simulated extracts, made once per test session and copied where a test changes them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pipelines.simulate.profile import load_profile
from pipelines.simulate.simulator import Simulator

SMALL_START, SMALL_END = date(2019, 3, 1), date(2019, 3, 21)
SMALL_SCALE = 0.02


def simulate(out: Path, profile: str = "essex", start: date = SMALL_START, end: date = SMALL_END,
             scale: float = SMALL_SCALE, seed: int = 7) -> Path:
    Simulator(load_profile(profile), start, end, seed, scale, out).run(progress=False)
    return out


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory) -> Path:
    return simulate(tmp_path_factory.mktemp("landing"))


@pytest.fixture(scope="session")
def messy_landing(tmp_path_factory) -> Path:
    return simulate(tmp_path_factory.mktemp("messy"), profile="messy")


@pytest.fixture
def landing_copy(tmp_path, messy_landing) -> Path:
    target = tmp_path / "landing"
    shutil.copytree(messy_landing, target)
    return target


@pytest.fixture(scope="session")
def shared_reference() -> list[dict]:
    """The published figures in ../shared (beside the repository), skipped where absent."""
    import csv

    from pipelines.settings import REPO_ROOT

    path = REPO_ROOT.parent / "shared" / "reference" / "published_figures.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def eligible_codes() -> set[str]:
    import csv

    from pipelines.ingest.contract import SEEDS_DIR

    with (SEEDS_DIR / "knife_eligible_codes.csv").open(encoding="utf-8") as fh:
        return {row["ho_code"] for row in csv.DictReader(fh)}
