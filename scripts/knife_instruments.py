"""Build the ``knife_instruments`` seed from WordNet 3.0: the nouns that name a knife, a blade,
an edge tool or another sharp or pointed instrument, and the nouns that name a blunt weapon
or a firearm (so that an instrument the seeds do not know can be told from one they know is
not a blade).

Run once when the seed is to be regenerated, never by the pipeline:

    apt-get install wordnet-base            # Debian: WordNet 3.0 in /usr/share/wordnet
    python scripts/knife_instruments.py > dbt_project/seeds/knife_instruments.csv

The seed is committed and reviewed like any other code list. WordNet 3.0 is (c) 2006
Princeton University, under the WordNet 3.0 licence (a BSD-style licence that allows use,
copying and distribution with its copyright notice): https://wordnet.princeton.edu/license-and-commercial-use
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# The WordNet noun synsets (word.n.N, WordNet's own sense numbers) whose hyponyms, and they
# themselves, name a knife or sharp instrument: knives, edge tools, cutting implements,
# swords, spears and power saws (a chain saw). To these the seed adds every tool, implement,
# device or weapon that WordNet defines as sharp or pointed, or as a curved or hooked blade or
# a fighting ax (SHARP_GLOSS), with their hyponyms, so a pointed tool no list names is still
# known. BLUNT roots name weapons and tools that are not blades, so that an assault
# with them is never read as an unknown instrument.
SHARP_ROOTS = ["knife.n.01", "knife.n.02", "edge_tool.n.01", "cutting_implement.n.01", "sword.n.01", "spear.n.01",
               "power_saw.n.01"]
GLOSS_ROOTS = ["weapon.n.01", "implement.n.01"]
SHARP_GLOSS = re.compile(r"\b(sharp|pointed|cutting edge|(curved|hooked|toothed) blade|(fighting|battle) ax)\b")
BLUNT_ROOTS = ["club.n.03", "hammer.n.02", "firearm.n.01", "gun.n.01", "bludgeon.n.01", "truncheon.n.01",
               "crowbar.n.01", "brick.n.01"]
# Everyday objects swung or thrown as weapons (cues, bats, sticks, rods, pipes, pans, bottles,
# furniture). Their words count only
# in their usual sense: a rarer one ("gaff", a spar; "line", a pipe) is not what a log means.
BLUNT_OBJECT_ROOTS = ["sports_implement.n.01", "stick.n.01", "rod.n.01", "pipe.n.02", "kitchen_utensil.n.01",
                      "bottle.n.01", "furniture.n.01"]
# A blunt word whose definition names a blade ("sword cane: a cane concealing a sword") is left
# out: the seed does not call it blunt.
BLADE_IN_GLOSS = re.compile(r"\b(sword|knife|blade|dagger|spike|point)\b")
SOURCE = "WordNet 3.0 (Princeton University), hyponyms of "


@dataclass(frozen=True)
class Synset:
    offset: str
    words: tuple[str, ...]
    hyponyms: tuple[str, ...]
    gloss: str


def read_nouns(root: Path) -> dict[str, Synset]:
    """Every noun synset of WordNet's ``data.noun`` (format: wndb(5WN)), by offset."""
    synsets = {}
    with (root / "data.noun").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("  "):      # the licence header
                continue
            data, _, gloss = line.partition(" | ")
            fields = data.split()
            count = int(fields[3], 16)
            words = tuple(fields[4 + 2 * i].lower() for i in range(count))
            at = 4 + 2 * count
            pointers = int(fields[at])
            hyponyms = tuple(fields[at + 2 + 4 * i] for i in range(pointers)
                             if fields[at + 1 + 4 * i] in ("~", "~i") and fields[at + 3 + 4 * i] == "n")
            synsets[fields[0]] = Synset(fields[0], words, hyponyms, gloss.strip())
    return synsets


def sense_offset(root: Path, name: str) -> str:
    """The offset of ``word.n.NN`` (WordNet's own numbering: the order of ``index.noun``)."""
    word, _, sense = name.rsplit(".", 2)
    with (root / "index.noun").open(encoding="utf-8") as fh:
        for line in fh:
            fields = line.split()
            if fields and fields[0] == word:
                count = int(fields[2])
                pointers = int(fields[3])
                offsets = fields[4 + pointers + 2:]
                if len(offsets) != count:
                    raise ValueError(f"index.noun: unexpected layout for {word}")
                return offsets[int(sense) - 1]
    raise KeyError(name)


def first_senses(root: Path) -> dict[str, str]:
    """Each noun's most frequent sense (the first offset ``index.noun`` lists for it)."""
    first = {}
    with (root / "index.noun").open(encoding="utf-8") as fh:
        for line in fh:
            fields = line.split()
            if fields and not line.startswith(" "):
                first[fields[0]] = fields[4 + int(fields[3]) + 2]
    return first


def below(synsets: dict[str, Synset], offset: str) -> list[Synset]:
    seen, todo, found = set(), [offset], []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        found.append(synsets[current])
        todo.extend(synsets[current].hyponyms)
    return found


def rows(root: Path) -> list[dict]:
    synsets = read_nouns(root)
    found: list[tuple[str, str, Synset]] = []
    for name in SHARP_ROOTS:
        found += [("sharp", name, s) for s in below(synsets, sense_offset(root, name))]
    for name in GLOSS_ROOTS:
        for defined in below(synsets, sense_offset(root, name)):
            if SHARP_GLOSS.search(defined.gloss.split(";")[0]):
                found += [("sharp", f"{name}, defined as sharp or pointed", s) for s in below(synsets, defined.offset)]
    for name in BLUNT_ROOTS + BLUNT_OBJECT_ROOTS:
        found += [("blunt", name, s) for s in below(synsets, sense_offset(root, name))
                  if not BLADE_IN_GLOSS.search(s.gloss.split(";")[0])]
    first = first_senses(root)
    reached = {kind: {synset.offset for k, _, synset in found if k == kind} for kind in ("sharp", "blunt")}
    kept: dict[str, dict] = {}
    for kind, reached_from, synset in found:
        for word in synset.words:
            noun = word.replace("_", " ").split("(")[0]
            usual = first.get(word.split("(")[0]) in reached[kind]
            if reached_from in BLUNT_OBJECT_ROOTS and not usual:
                continue
            # A word in both classes stays with the first (sharp): "blade" is also a sword.
            # A word whose usual sense is something else ("plane", "bit", "file") is kept but
            # marked, so the classifier treats it as an instrument it does not know. A usual
            # sense in the same class counts ("hatchet" is first a tomahawk, also a blade).
            kept.setdefault(noun, {"noun": noun, "kind": kind,
                                   "is_usual_sense": usual,
                                   "wordnet_synset": synset.offset, "source": SOURCE + reached_from})
    return sorted(kept.values(), key=lambda r: (r["kind"], r["noun"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args(argv)
    writer = csv.DictWriter(sys.stdout, fieldnames=["noun", "kind", "is_usual_sense", "wordnet_synset", "source"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(args.wordnet))


if __name__ == "__main__":
    main()
