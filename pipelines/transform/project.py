"""The dbt project, with its manifest prepared on first use so a fresh clone loads without a
manual step. Nothing here runs at import: the definitions ask for the project when built."""

from __future__ import annotations

import importlib.metadata
import shutil
from functools import cache, cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from pipelines import settings

_PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "snapshots", "tests")


def _project() -> DbtProject:
    return DbtProject(project_dir=settings.DBT_PROJECT_DIR)


class InstalledDbt(DbtCliResource):
    """The dbt CLI of this environment, started without two costs dagster-dbt pays on every
    run, seconds each night:

    - it learns the CLI's version by running ``dbt --version``; the executable here is the
      one installed beside this interpreter, so its version is the installed dbt-core's
      (any other executable is asked);
    - it loads dbt's adapter into this process, which it needs only to fetch row counts or
      column metadata for the events; the steps ask for neither, so none is loaded.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        if self.dbt_executable == settings.DBT_EXECUTABLE:
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_cli() -> DbtCliResource:
    return InstalledDbt(project_dir=_project(), dbt_executable=settings.DBT_EXECUTABLE)


def manifest_is_stale(project: DbtProject) -> bool:
    """The manifest is missing or older than a file of the project it describes."""
    manifest = project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    roots = [settings.DBT_PROJECT_DIR / name for name in _PROJECT_FILES]
    files = [r for r in roots if r.is_file()] + [p for r in roots if r.is_dir() for p in r.rglob("*") if p.is_file()]
    return any(p.stat().st_mtime > built for p in files)


def prepare_manifest() -> None:
    """``dbt parse`` into the target folder; dagster-dbt reads the manifest it writes."""
    project = _project()
    dbt_cli().cli(["parse", "--quiet"], target_path=project.target_path).wait()


@cache
def dbt_project() -> DbtProject:
    """The project, its manifest parsed first when missing or older than the project's files
    (and always under ``dagster dev``), once per process."""
    project = _project()
    if manifest_is_stale(project) or project.preparer.using_dagster_dev():
        prepare_manifest()
    return project


PARSE_STATE = "partial_parse.msgpack"


def step_target(name: str) -> Path:
    """The target folder of one dbt step, kept from run to run. A new one (a first run, or a
    step the project has just gained) starts from the parse state ``dbt_project()`` left, so
    its first invocation parses only what changed rather than the whole project; dbt falls
    back to a full parse whenever that state does not fit."""
    project = dbt_project()
    root = Path(project.project_dir) / project.target_path
    target = root / "steps" / name
    prepared, kept = root / PARSE_STATE, target / PARSE_STATE
    if prepared.exists() and (not kept.exists() or kept.stat().st_mtime < prepared.stat().st_mtime):
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(prepared, kept)
    return target
