"""The ``pipelines`` command: ``simulate`` writes extracts, ``run`` runs the nightly job end to end,
``import-decisions`` turns a filled-in worklist into a decisions file."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {text}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipelines", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sim = sub.add_parser("simulate", help="write simulated STORM and ATHENA daily extracts")
    sim.add_argument("--profile", default="essex", help="profile name or YAML path (default essex)")
    sim.add_argument("--start", type=_date, help="first day (default: the profile's)")
    sim.add_argument("--end", type=_date, help="last day (default: the profile's)")
    sim.add_argument("--seed", type=int, default=42)
    sim.add_argument("--scale", type=_positive, default=1.0, help="multiplies every volume")
    sim.add_argument("--out", type=Path, help="landing folder (default: LANDING_DIR or landing/)")
    sim.add_argument("--quiet", action="store_true", help="no progress bar")
    sim.add_argument("--processes", type=_count,
                     help="worker processes (default: one per core; 0 does everything in one process)")
    run = sub.add_parser("run", help="simulate if the landing folder is empty, then materialise every asset")
    run.add_argument("--profile", default="essex")
    run.add_argument("--scale", type=_positive, default=1.0)
    imp = sub.add_parser("import-decisions", help="turn a filled-in knife_worklist.xlsx/.csv into a decisions file")
    imp.add_argument("worklist", type=Path)
    imp.add_argument("--landing", type=Path, help="landing folder (default: LANDING_DIR or landing/)")
    return parser


def simulate(args: argparse.Namespace) -> str:
    from pipelines import settings
    from pipelines.simulate.profile import load_profile
    from pipelines.simulate.simulator import Simulator

    profile = load_profile(args.profile)
    start, end = args.start or profile["start"], args.end or profile["end"]
    if end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    out = (args.out or settings.landing_dir()).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise ValueError(f"cannot write to {out}: {exc.strerror}") from None
    summary = Simulator(profile, start, end, args.seed, args.scale, out, args.processes).run(progress=not args.quiet)
    return (f"wrote {summary.days} days to {out}: {summary.incidents} incidents, "
            f"{summary.crimes} crimes in {summary.crime_versions} versions, "
            f"{summary.decisions} decisions, {summary.bad_rows} bad rows")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "simulate":
            print(simulate(args))
        elif args.command == "run":
            from pipelines.run import run_all

            print(run_all(profile=args.profile, scale=args.scale))
        elif args.command == "import-decisions":
            from pipelines import settings
            from pipelines.reports.worklist import import_decisions

            target = import_decisions(args.worklist, args.landing or settings.landing_dir())
            print(f"wrote {target}: the next run loads it as that day's decisions")
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"pipelines {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
