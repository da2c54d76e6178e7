"""The one way the command line simulates extracts: ``pipelines simulate`` and the first
step of ``pipelines run`` both build a :class:`SimulationOptions` and call :func:`simulate`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .profile import load_profile
from .simulator import Simulator


@dataclass(frozen=True)
class SimulationOptions:
    out: Path
    profile: str = "essex"
    start: date | None = None   # None: the profile's first day
    end: date | None = None     # None: the profile's last day
    seed: int = 42
    scale: float = 1.0
    processes: int | None = None   # None: one per core; 0: everything in this process
    progress: bool = True


def simulate(options: SimulationOptions) -> str:
    """Writes the extracts and returns a one-line summary of what was written."""
    profile = load_profile(options.profile)
    start, end = options.start or profile["start"], options.end or profile["end"]
    if end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    out = options.out.resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise ValueError(f"cannot write to {out}: {exc.strerror}") from None
    summary = Simulator(profile, start, end, options.seed, options.scale, out,
                        options.processes).run(progress=options.progress)
    return (f"wrote {summary.days} days to {out}: {summary.incidents} incidents, "
            f"{summary.crimes} crimes in {summary.crime_versions} versions, "
            f"{summary.decisions} decisions, {summary.bad_rows} bad rows")
