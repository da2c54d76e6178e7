"""The dbt project, with its manifest prepared so a fresh clone loads without a manual step."""

from __future__ import annotations

from dagster_dbt import DbtCliResource, DbtProject

from pipelines import settings

dbt_project = DbtProject(project_dir=settings.DBT_PROJECT_DIR)

_PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "snapshots", "tests")


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=settings.DBT_EXECUTABLE)


def manifest_is_stale() -> bool:
    """The manifest is missing or older than a file of the project it describes."""
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    roots = [settings.DBT_PROJECT_DIR / name for name in _PROJECT_FILES]
    files = [r for r in roots if r.is_file()] + [p for r in roots if r.is_dir() for p in r.rglob("*") if p.is_file()]
    return any(p.stat().st_mtime > built for p in files)


def prepare_manifest() -> None:
    """``dbt parse`` into the target folder; dagster-dbt reads the manifest it writes."""
    dbt_cli().cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()


if manifest_is_stale() or dbt_project.preparer.using_dagster_dev():
    prepare_manifest()
