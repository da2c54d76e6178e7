"""The dbt project's structure, read from its manifest: data flows one way through the layers
(dbt Labs' structure guide), the BI copy publishes marts, and every model and column says what
it holds."""

import json
import re
from pathlib import Path

import pytest

from pipelines.publish.bi import BI_TABLES
from pipelines.transform.project import dbt_cli, dbt_project, prepare_manifest

# What each layer may read: staging only sources; intermediate anything but a mart; marts
# intermediate models, marts and seeds.
MAY_READ = {
    "staging": {"source"},
    "intermediate": {"source", "seed", "staging", "intermediate"},
    "marts": {"seed", "intermediate", "marts"},
}


@pytest.fixture(scope="module")
def manifest() -> dict:
    prepare_manifest()
    return json.loads(dbt_project().manifest_path.read_text())


def _layer(manifest: dict, unique_id: str) -> str:
    if unique_id.startswith(("source.", "seed.")):
        return unique_id.split(".")[0]
    return manifest["nodes"][unique_id]["fqn"][1]


def _models(manifest: dict) -> dict:
    return {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] == "model"}


def test_each_layer_reads_only_what_is_upstream_of_it(manifest):
    models = _models(manifest)
    assert {_layer(manifest, uid) for uid in models} == set(MAY_READ)
    wrong = sorted(f"{node['name']} ({_layer(manifest, uid)}) reads {manifest_name} ({layer})"
                   for uid, node in models.items()
                   for dep in node["depends_on"]["nodes"]
                   for manifest_name, layer in [(dep.split(".")[-1], _layer(manifest, dep))]
                   if layer not in MAY_READ[_layer(manifest, uid)])
    assert wrong == []


def test_the_bi_copy_publishes_only_marts_and_code_lists(manifest):
    relations = {f"{n['schema']}.{n['name']}": _layer(manifest, uid) for uid, n in manifest["nodes"].items()
                 if n["resource_type"] in ("model", "seed")}
    layers = {name: relations.get(table.relation) for name, table in BI_TABLES.items()}
    assert {name: layer for name, layer in layers.items() if layer not in ("marts", "seed")} == {}


def test_every_model_and_every_column_it_declares_is_described(manifest):
    missing = [node["name"] for node in _models(manifest).values() if not node["description"].strip()]
    missing += [f"{node['name']}.{column}" for node in _models(manifest).values()
                for column, spec in node["columns"].items() if not spec.get("description", "").strip()]
    assert missing == []


def test_every_column_of_every_built_model_is_declared_and_described(nightly, tmp_path):
    target = tmp_path / "docs"
    dbt_cli().cli(["docs", "generate", "--quiet"], target_path=target).wait()
    catalog = json.loads((target / "catalog.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    built = {uid: n for uid, n in _models(manifest).items() if n["config"]["materialized"] != "ephemeral"}
    assert set(built) <= set(catalog["nodes"])
    undeclared = [f"{node['name']}.{column}" for uid, node in built.items()
                  for column in catalog["nodes"][uid]["columns"]
                  if not node["columns"].get(column, {}).get("description")]
    assert undeclared == []


def test_reports_checks_and_the_bi_copy_read_marts_not_the_layers_below():
    """The stages after dbt read what dbt publishes: a model below the marts may change shape
    with no mart, report or check changing."""
    package = Path(__file__).resolve().parents[2] / "pipelines"
    below = re.compile(r"\b(?:staging|intermediate)\.(?:stg|int)_\w+")
    found = sorted(f"{path.relative_to(package)}: {match}"
                   for stage in ("reports", "quality", "publish")
                   for path in (package / stage).rglob("*.py")
                   for match in below.findall(path.read_text()))
    assert found == []
