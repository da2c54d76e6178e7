"""The knife-related phrases of simulated narratives, composed from ``narratives.yaml``.

A phrase is drawn by family (by weight within its pool), then template, then a value for each
slot, so the bank's variety is the product of its slot lists rather than a fixed list of
sentences. How the entry is written (its own update line, on the call line, in capitals, in
shorthand) is drawn the same way. Every draw takes ``pick(k)``, a uniform index below k, so
the planner (``random.Random``) and the background days (numpy) share one implementation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from math import prod
from pathlib import Path

import yaml

BANK = Path(__file__).with_name("narratives.yaml")
_SLOT = re.compile(r"\{(\w+)\}")

Pick = Callable[[int], int]


@dataclass(frozen=True)
class Family:
    name: str
    label: str
    weight: int
    templates: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    text: str
    family: str
    label: str


class PhraseBank:
    def __init__(self, spec: dict):
        self.slots: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in spec["slots"].items()}
        self.pools: dict[str, list[Family]] = {}
        for name, f in spec["families"].items():
            for template in f["templates"]:
                missing = set(_SLOT.findall(template)) - set(self.slots)
                if missing:
                    raise ValueError(f"{BANK.name}: family {name}: unknown slot {sorted(missing)} in {template!r}")
            self.pools.setdefault(f["pool"], []).append(
                Family(name, f["label"], int(f["weight"]), tuple(f["templates"])))
        self.styles = tuple(spec["styles"].items())
        self.shorthand = tuple(spec["shorthand"].items())

    def variety(self, pool: str) -> int:
        """How many distinct phrases the pool can produce."""
        return sum(prod(len(self.slots[s]) for s in _SLOT.findall(t)) for f in self.pools[pool] for t in f.templates)

    def draw(self, pool: str, pick: Pick) -> Phrase:
        families = self.pools[pool]
        unit = pick(sum(f.weight for f in families))
        for family in families:
            unit -= family.weight
            if unit < 0:
                break
        template = family.templates[pick(len(family.templates))]
        text = _SLOT.sub(lambda m: (values := self.slots[m.group(1)])[pick(len(values))], template)
        return Phrase(text, family.name, family.label)

    def style(self, pick: Pick) -> str:
        """update_line, on_call_line, capitals or shorthand, by the bank's shares."""
        unit = pick(1000) / 1000
        for name, share in self.styles:
            unit -= share
            if unit < 0:
                return name
        return self.styles[-1][0]

    def written(self, text: str, style: str) -> str:
        """The phrase as the entry style writes it."""
        if style == "capitals":
            return text.upper()
        if style == "shorthand":
            for long, short in self.shorthand:
                text = text.replace(long, short)
        return text


@lru_cache(maxsize=1)
def phrase_bank() -> PhraseBank:
    with BANK.open(encoding="utf-8") as fh:
        return PhraseBank(yaml.safe_load(fh))
