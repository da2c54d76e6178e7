"""Rows waiting for the day whose file will carry them.

A crime's later versions (an outcome months on, a flag corrected, a decision returned) are
rendered once the crime is recorded, long before their day. Rows due this month or next
wait in memory; later ones wait on disk, one file per month, read back when that month
comes near. So memory holds about two months of waiting rows however long the outcomes
take and however large the run.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TextIO


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


class DayQueue:
    def __init__(self, folder: Path, name: str, first: date):
        self.folder, self.name = folder, name
        self.waiting: dict[date, list[tuple[float, str]]] = defaultdict(list)
        self.near = _month(first) + 1       # rows of months up to this one wait in memory
        self.files: dict[int, TextIO] = {}

    def _path(self, month: int) -> Path:
        return self.folder / f"{self.name}-{month // 12}{month % 12 + 1:02d}.tsv"

    def add(self, day: date, ts: float, line: str) -> None:
        month = _month(day)
        if month <= self.near:
            self.waiting[day].append((ts, line))
            return
        if "\n" in line:
            raise ValueError(f"{self.name}: a row spooled to disk cannot hold a line break")
        out = self.files.get(month)
        if out is None:
            out = self.files[month] = self._path(month).open("a", encoding="utf-8", newline="\n")
        out.write(f"{day.toordinal()}\t{ts!r}\t{line}\n")

    def pop(self, day: date) -> list[str]:
        """The rows due on ``day``, in time order (the order they were added among equals)."""
        while self.near < _month(day) + 1:
            self.near += 1
            self._load(self.near)
        return [line for _, line in sorted(self.waiting.pop(day, []), key=lambda x: x[0])]

    def _load(self, month: int) -> None:
        out = self.files.pop(month, None)
        if out is None:
            return
        out.close()
        path = self._path(month)
        with path.open(encoding="utf-8", newline="\n") as fh:
            for record in fh:
                ordinal, ts, line = record.rstrip("\n").split("\t", 2)
                self.waiting[date.fromordinal(int(ordinal))].append((float(ts), line))
        path.unlink()

    def close(self) -> None:
        for out in self.files.values():
            out.close()
        self.files.clear()
