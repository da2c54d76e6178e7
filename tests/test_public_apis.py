"""The package uses other packages through their public APIs only: it never imports a private
module or name, never reads or calls a ``_``-prefixed member of another package's object, and
never overrides one in a subclass. A private member changes without notice in a minor release."""

import ast
import importlib
import inspect

from pipelines.settings import REPO_ROOT

PACKAGE = REPO_ROOT / "pipelines"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _own_private_names() -> set[str]:
    """Every ``_``-prefixed name the package defines itself: functions, classes, attributes."""
    names = set()
    for _, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return {n for n in names if _private(n)}


def test_no_private_module_or_name_of_another_package_is_imported():
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("pipelines"):
                if any(_private(part) for part in node.module.split(".")):
                    found.append(f"{path.name}: from {node.module}")
                found += [f"{path.name}: {node.module}.{a.name}" for a in node.names if _private(a.name)]
            elif isinstance(node, ast.Import):
                found += [f"{path.name}: import {a.name}" for a in node.names
                          if any(_private(part) for part in a.name.split("."))]
    assert found == []


def test_no_private_member_of_another_package_is_read_or_called():
    own = _own_private_names()
    found = sorted({f"{path.name}: .{node.attr}" for path, tree in _sources() for node in ast.walk(tree)
                    if isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in own})
    assert found == []


def test_no_subclass_overrides_a_private_member_of_another_package():
    found = []
    for path, tree in _sources():
        module = importlib.import_module(".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)
                                         .removesuffix(".__init__"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef) or not hasattr(module, node.name):
                continue
            cls = getattr(module, node.name)
            if not inspect.isclass(cls):
                continue
            foreign = [b for b in cls.__mro__[1:] if not b.__module__.startswith("pipelines")]
            body = {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
            body |= {t.id for n in node.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                     for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
            found += [f"{path.name}: {node.name}.{name}" for name in sorted(body)
                      if _private(name) and any(name in vars(b) for b in foreign)]
    assert found == []
