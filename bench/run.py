"""``make bench``: the first build and the nightly run at named scales, against the floor
(bench/floor.py) and an analyst's pandas script (bench/pandas_peer.py) measured in the same run.

- The first build is ``pipelines run`` (what ``make run`` runs) on the scale's extracts, with
  a new Dagster instance and warehouse: wall time and peak memory, split into start, Dagster's
  planning, the steps and Dagster's bookkeeping within them (bench/first_build.py), and the
  ratio to the floor.
- The nightly run is the nightly job through Dagster for the last extract day on the history
  the first build made (four runs after a warm-up; the median of the job and of each part).
  With both essex scales, each part's 6-year time is divided by its 1-year time.

Results print and go to bench/results/<time>.json.

    python -m bench.run                       # small and essex-1y
    python -m bench.run --scales essex-6y --landing /data/essex-landing   # reuse extracts
    python -m bench.run --scales essex-1y,essex-6y --landing essex-1y=/data/1y --landing essex-6y=/data/6y
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.first_build import first_build
from pipelines.settings import REPO_ROOT

SCALES = {
    "small": {"start": "2019-01-01", "end": "2019-03-31", "scale": 0.05},
    "essex-1y": {"start": "2023-01-01", "end": "2023-12-31", "scale": 1.0},
    "essex-6y": {"start": "2018-02-01", "end": "2023-12-31", "scale": 1.0},
    "national-1y": {"start": "2023-01-01", "end": "2023-12-31", "scale": 40.0},
}
RESULTS = REPO_ROOT / "bench" / "results"
# The pandas peer holds every extract in memory: at the national scale that is about 50 GB,
# more than the bench machine has, so it runs up to the essex scale only.
PEER_MAX_SCALE = 1.0
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and every process under it, from /proc."""
    parent, rss = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue                      # the process ended while being read
        pid = int(stat.parent.name)
        parent[pid], rss[pid] = int(fields[1]), int(fields[21]) * PAGE
    def under(pid: int) -> bool:
        while pid > 1:
            if pid == root:
                return True
            pid = parent.get(pid, 0)
        return False
    return sum(size for pid, size in rss.items() if under(pid))


def _measure(args: list[str], env: dict) -> dict:
    """Run a child process; its wall time, peak RSS (MB), what it printed and the JSON it
    printed last, if any.
    peak_rss_mb is the largest single process; peak_tree_rss_mb samples the child with all
    its workers together, four times a second."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    done.set()
    sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = {"wall_s": round(time.perf_counter() - start, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024),
              "peak_tree_rss_mb": round(peak[0] / 2**20)}
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if lines:
        result["output"] = json.loads(lines[-1])
    return {**result, "stdout": out}


def _quiet(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "stdout"}


def _stage(name: str, env: dict) -> dict:
    return _quiet(_measure([sys.executable, "-m", "bench.stage", name], env))


def run_scale(name: str, work: Path, landing: Path | None) -> dict:
    spec = SCALES[name]
    work.mkdir(parents=True, exist_ok=True)
    result = {"name": name, **spec}
    if landing is None:
        landing = work / "landing"
        if landing.exists():
            shutil.rmtree(landing)
        result["simulate"] = _quiet(_measure(
            [sys.executable, "-m", "pipelines.cli", "simulate", "--start", spec["start"], "--end", spec["end"],
             "--scale", str(spec["scale"]), "--out", str(landing), "--quiet"], os.environ.copy()))
        print(f"  {name} simulate: {result['simulate']['wall_s']} s, "
              f"{result['simulate']['peak_tree_rss_mb']} MB with its workers", flush=True)
    (work / "floor").mkdir(exist_ok=True)
    floor = _quiet(_measure([sys.executable, "-m", "bench.floor", "--landing", str(landing),
                             "--database", str(work / "floor" / "floor.duckdb")], os.environ.copy()))
    print(f"  {name} floor: {floor['wall_s']} s", flush=True)
    peer = None
    if spec["scale"] <= PEER_MAX_SCALE:
        peer = _quiet(_measure([sys.executable, "-m", "bench.pandas_peer", "--landing", str(landing)],
                               os.environ.copy()))
        print(f"  {name} pandas peer: {peer['wall_s']} s, {peer['peak_rss_mb']} MB", flush=True)
    build = first_build(landing, work / "first_build", _measure)
    print(f"  {name} first build: {build['wall_s']} s (start {build['start_s']}, planning {build['planning_s']}, "
          f"steps {build['steps_s']}, Dagster {build['dagster_s']}), {build['peak_rss_mb']} MB", flush=True)
    env = {**os.environ, "LANDING_DIR": str(landing), "WAREHOUSE_PATH": build["warehouse"]}
    nightly = _stage("nightly", env)
    if not nightly["output"]["success"]:
        raise RuntimeError(f"{name}: the nightly run for {nightly['output']['day']} failed")
    rows = _rows_read(Path(build["warehouse"]))
    ingest_s = sum(t for step, t in build["step_s"].items() if step.startswith("raw__"))
    result.update({
        "rows_read": rows,
        "first_build": build,
        "first_build_rows_per_s": round(rows / build["wall_s"]),
        "floor": floor,
        "first_build_to_floor": round(build["wall_s"] / floor["wall_s"], 2),
        "pandas_peer": peer,
        "first_build_to_pandas_peer": round(build["wall_s"] / peer["wall_s"], 2) if peer else None,
        # Ingestion (with its checks) against the floor's plain read_csv of the same files.
        "ingest_to_floor_load": round(ingest_s / floor["output"]["load_csv"], 2),
        "nightly": nightly,
    })
    return result


def _rows_read(warehouse: Path) -> int:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("SELECT sum(rows_read) FROM audit.ingest_ledger").fetchone()[0]
    con.close()
    return int(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="small,essex-1y", help=f"comma-separated, of {', '.join(SCALES)}")
    parser.add_argument("--landing", action="append", default=[],
                        help="existing extracts, skipping simulate: PATH for a single scale, or NAME=PATH (repeatable)")
    parser.add_argument("--work", type=Path, default=RESULTS / "work", help="where extracts and warehouses go")
    args = parser.parse_args()
    names = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [n for n in names if n not in SCALES]
    if unknown:
        parser.error(f"unknown scale(s) {unknown}")
    landings = dict(item.split("=", 1) if "=" in item else (names[0], item) for item in args.landing)
    if (any("=" not in item for item in args.landing) and len(names) != 1) or set(landings) - set(names):
        parser.error("--landing takes PATH with exactly one scale, or NAME=PATH for scales being run")
    results = []
    for name in names:
        print(f"{name}: {SCALES[name]}", flush=True)
        landing = landings.get(name)
        results.append(run_scale(name, args.work / name, Path(landing) if landing else None))
        r = results[-1]
        print(f"{name}: first build {r['first_build']['wall_s']} s ({r['first_build_rows_per_s']} rows/s), "
              f"floor {r['floor']['wall_s']} s, ratio {r['first_build_to_floor']}, pandas peer "
              f"{r['pandas_peer']['wall_s'] if r['pandas_peer'] else '-'} s, ratio {r['first_build_to_pandas_peer']}, "
              f"Dagster's share "
              f"{r['first_build']['dagster_share']:.1%}; nightly {r['nightly']['output']['median_s']}", flush=True)
    nights = {r["name"]: r["nightly"]["output"]["median_s"] for r in results}
    summary = {"machine": {"cpus": os.cpu_count()}, "at": datetime.now(UTC).isoformat(), "results": results}
    if "essex-1y" in nights and "essex-6y" in nights:
        one, six = nights["essex-1y"], nights["essex-6y"]
        summary["nightly_6y_to_1y"] = {part: round(six[part] / one[part], 2) for part in one if one[part]}
        print(f"nightly 6 years / 1 year of history, by part: {summary['nightly_6y_to_1y']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(summary, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
