"""The ``pipelines`` command: ``simulate`` writes extracts, ``run`` runs the nightly job end to end,
``import-decisions`` turns a filled-in worklist into a decisions file, ``retrain-second-opinion``
retrains the knife classifier's learned second opinion.

Exit codes: 0 done; 1 the run failed (the step and its cause are named); 2 the command could
not start (a setting or an argument that cannot work, named); 3 the run was held (a one-day
run whose day has no usable file: the marts keep their last good state)."""

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


def _days(text: str) -> tuple[date, date]:
    first, _, last = text.partition("..")
    return _date(first), _date(last or first)


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


def _simulation_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that say which world to simulate, the same for ``simulate`` and ``run``."""
    parser.add_argument("--profile", default="essex", help="profile name or YAML path (default essex)")
    parser.add_argument("--start", type=_date, help="first day (default: the profile's)")
    parser.add_argument("--end", type=_date, help="last day (default: the profile's)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--scale", type=_positive, default=1.0, help="multiplies every volume")
    parser.add_argument("--processes", type=_count,
                        help="worker processes (default: one per core; 0 does everything in one process)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipelines", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sim = sub.add_parser("simulate", help="write simulated STORM and ATHENA daily extracts")
    _simulation_arguments(sim)
    sim.add_argument("--out", type=Path, help="landing folder (default: LANDING_DIR or landing/)")
    sim.add_argument("--quiet", action="store_true", help="no progress bar")
    run = sub.add_parser("run", help="simulate if the landing folder is empty, then materialise every asset; "
                                     "the simulation options apply only when it simulates")
    _simulation_arguments(run)
    run.add_argument("--days", type=_days, metavar="DAY[..DAY]",
                     help="load these days only, e.g. 2023-06-14 (a night) or 2023-06-01..2023-06-30 "
                          "(default: every day with extracts)")
    run.add_argument("--full-refresh", action="store_true",
                     help="rebuild the incremental models from every loaded row, as after a seed changed "
                          "(a retrained second opinion, an edited vocabulary)")
    sub.add_parser("dev", help="the Dagster UI on this code location (what make dev runs); stops on Ctrl-C "
                               "or SIGTERM")
    imp = sub.add_parser("import-decisions", help="turn a filled-in knife_worklist.xlsx/.csv into a decisions file")
    imp.add_argument("worklist", type=Path)
    imp.add_argument("--landing", type=Path, help="landing folder (default: LANDING_DIR or landing/)")
    imp.add_argument("--skip-invalid", action="store_true",
                     help="write the rows that pass and list the rest (default: any failing row stops the import "
                          "and nothing is written)")
    learn = sub.add_parser("retrain-second-opinion",
                           help="retrain the knife classifier's learned second opinion from the development halves "
                                "of the corpora and the reviewers' decisions in the warehouse; writes the seed "
                                "knife_second_opinion_weights")
    learn.add_argument("--corpus", type=Path, action="append",
                       help="a labelled corpus CSV, repeatable (default: every file in corpora/narratives/); "
                            "only its development half is read")
    learn.add_argument("--no-decisions", action="store_true", help="train on the corpora alone")
    return parser


def simulation_options(args: argparse.Namespace, out: Path, progress: bool = True):
    from pipelines.simulate.command import SimulationOptions

    return SimulationOptions(out=out, profile=args.profile, start=args.start, end=args.end, seed=args.seed,
                             scale=args.scale, processes=args.processes, progress=progress)


def dagster_dev() -> None:
    """Replace this process with ``dagster dev`` on the repository's workspace, with SIGINT and
    SIGTERM at their defaults first. ``dagster dev`` stops on SIGINT and maps SIGTERM to it;
    started from a script or in the background, SIGINT arrives ignored, and it would then
    ignore both and need SIGKILL."""
    import os
    import signal

    from pipelines import settings

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    dagster = str(Path(sys.executable).with_name("dagster"))
    os.chdir(settings.REPO_ROOT)
    os.execv(dagster, [dagster, "dev", "-w", "workspace.yaml"])


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        from pipelines import settings

        settings.check()
        settings.export_environment()
        if args.command == "simulate":
            from pipelines.simulate.command import simulate

            out = args.out or settings.landing_dir()
            print(simulate(simulation_options(args, out, progress=not args.quiet)))
        elif args.command == "run":
            from pipelines.run import BUILT, run_all

            outcome = run_all(simulation_options(args, settings.landing_dir()), args.days, args.full_refresh)
            print("\n".join(outcome.report), flush=True)
            if outcome.exit_code != BUILT:
                print("\n".join([*(f"pipelines run: {cause}" for cause in outcome.causes), outcome.where]),
                      file=sys.stderr)
                return outcome.exit_code
            print(outcome.where)
        elif args.command == "dev":
            dagster_dev()
        elif args.command == "import-decisions":
            from pipelines.reports.decisions import DecisionsRejected, import_decisions, summary

            try:
                outcome = import_decisions(args.worklist, args.landing or settings.landing_dir(),
                                           settings.warehouse_path(), skip_invalid=args.skip_invalid)
            except DecisionsRejected as exc:
                print("\n".join([f"pipelines import-decisions: {len(exc.rejected)} row(s) cannot be imported; "
                                  "nothing was written:", *(f"  {r}" for r in exc.rejected),
                                  f"correct them and import again, or pass --skip-invalid to write the "
                                  f"{exc.valid} valid row(s)"]), file=sys.stderr)
                return 1
            print("\n".join(summary(outcome, args.worklist)))
        elif args.command == "retrain-second-opinion":
            from pipelines.learn.corpus import corpus_files
            from pipelines.learn.second_opinion import retrain
            from pipelines.learn.second_opinion import summary as retrain_summary

            print("\n".join(retrain_summary(retrain(args.corpus or corpus_files(),
                                                     None if args.no_decisions else settings.warehouse_path()))))
            if not settings.warehouse_path().exists():
                print("no warehouse yet: the first run loads the seed")
                return 0
            from pipelines.learn.second_opinion import SEED
            from pipelines.run import BUILT, load_seed

            outcome = load_seed(SEED.stem)
            if outcome.exit_code != BUILT:
                print("\n".join([*(f"pipelines retrain-second-opinion: the seed is written but not loaded: {cause}"
                                    for cause in outcome.causes), outcome.where]), file=sys.stderr)
                return outcome.exit_code
            print("\n".join([*outcome.report, outcome.where]))
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"pipelines {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
