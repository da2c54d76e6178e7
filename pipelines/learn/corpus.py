"""The hand-written narrative corpora (``corpora/narratives/``: id, narrative, label, family,
note) and their fixed split: odd-numbered ids of each family are the development half, even
the held-out half. Only development halves are ever trained or tuned on."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipelines import settings

CORPORA_DIR = settings.REPO_ROOT / "corpora" / "narratives"
DEVELOPMENT = "development"
HELD_OUT = "held_out"


@dataclass(frozen=True)
class LabelledNarrative:
    id: str
    narrative: str
    label: str      # Y: a knife or sharp instrument used to injure or threaten; N: not
    family: str
    half: str       # development or held_out, or "decision" for a reviewer's decision


def half(narrative_id: str) -> str:
    """The fixed split: ``family-NNN`` with NNN odd is development, even is held out."""
    return DEVELOPMENT if int(narrative_id.rsplit("-", 1)[1]) % 2 else HELD_OUT


def corpus_files() -> list[Path]:
    return sorted(CORPORA_DIR.glob("*.csv"))


def load_corpus(path: Path) -> list[LabelledNarrative]:
    """Every narrative of a corpus file; a label other than Y or N names the file and id."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["label"] not in ("Y", "N"):
            raise ValueError(f"{path}: {row['id']}: label must be Y or N, not {row['label']!r}")
    return [LabelledNarrative(r["id"], r["narrative"], r["label"], r["family"], half(r["id"])) for r in rows]


def development_narratives(paths: list[Path]) -> list[LabelledNarrative]:
    return [n for path in paths for n in load_corpus(path) if n.half == DEVELOPMENT]
