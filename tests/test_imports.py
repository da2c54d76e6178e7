"""Importing the package does no work: no file of the landing folder or the dbt project is
read, dbt is not started and no setting is written into the environment. The
definitions, the partitions and the dbt manifest are built when first asked for."""

import json
import subprocess
import sys

from pipelines.settings import DBT_PROJECT_DIR, REPO_ROOT

PROBE = r"""
import importlib, json, os, pkgutil, sys
watched = (os.environ["LANDING_DIR"], os.environ["DBT_PROJECT"])
settings = {b"WAREHOUSE_PATH", b"DUCKDB_MEMORY_LIMIT", b"QUALITY_DIR", b"DAGSTER_HOME", "WAREHOUSE_PATH",
            "DUCKDB_MEMORY_LIMIT", "QUALITY_DIR", "DAGSTER_HOME"}
seen = []

def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if path.startswith(watched):
            seen.append(f"{event} {path}")
    elif event == "subprocess.Popen" and "dbt" in os.fsdecode(args[0]):
        seen.append(f"{event} {args[0]}")
    elif event == "os.putenv" and args[0] in settings:
        seen.append(f"{event} {os.fsdecode(args[0])}")

sys.addaudithook(hook)
import pipelines
names = [m.name for m in pkgutil.walk_packages(pipelines.__path__, "pipelines.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "work": seen}))
"""


def test_importing_every_module_reads_no_landing_or_dbt_file_runs_nothing_and_sets_no_environment(tmp_path):
    landing = tmp_path / "landing"
    (landing / "storm" / "2019" / "03").mkdir(parents=True)
    (landing / "storm" / "2019" / "03" / "storm_incidents_20190301.csv").write_text("log_date\n")
    env = {k: v for k, v in __import__("os").environ.items()
           if k not in ("WAREHOUSE_PATH", "DUCKDB_MEMORY_LIMIT", "QUALITY_DIR")}
    env.update(LANDING_DIR=str(landing), DBT_PROJECT=str(DBT_PROJECT_DIR), WAREHOUSE_PATH=str(tmp_path / "w.duckdb"))
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert {"pipelines.definitions", "pipelines.shared.partitions", "pipelines.transform.project",
            "pipelines.settings"} <= set(result["modules"])
    assert result["work"] == []


STAGES = ("simulate", "ingest", "quality", "transform", "learn", "reports", "publish")


def _imported(path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_stages_import_the_shared_modules_and_never_each_other():
    crossings = []
    for stage in STAGES:
        for path in sorted((REPO_ROOT / "pipelines" / stage).rglob("*.py")):
            for name in _imported(path):
                parts = name.split(".")
                if parts[0] == "pipelines" and len(parts) > 1 and parts[1] in STAGES and parts[1] != stage:
                    crossings.append(f"{path.relative_to(REPO_ROOT)} imports {name}")
    assert crossings == []
