"""The package's layers hold: lint-imports checks the contracts in pyproject.toml (layers, no cycles)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

from .conftest import ROOT


def test_import_contracts_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "2 kept, 0 broken" in r.stdout


def test_every_module_says_what_it_is_for():
    """A newcomer reads the first line of each module to find their way (house style: a one-line docstring)."""
    missing = []
    for path in sorted((ROOT / "src" / "civcomm").rglob("*.py")):
        text = path.read_text(encoding="utf-8").lstrip()
        if not text.startswith('"""'):
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, missing


def _sibling_cycle(graph: grimp.ImportGraph, package: str) -> list[str] | None:
    """A cycle among the children of ``package`` (each child standing for itself and its descendants), or None."""
    child_of = {}
    for child in graph.find_children(package):
        for module in {child, *graph.find_descendants(child)}:
            child_of[module] = child
    edges: dict[str, set[str]] = {}
    for importer, a in child_of.items():
        for imported in graph.find_modules_directly_imported_by(importer):
            b = child_of.get(imported)
            if b is not None and b != a:
                edges.setdefault(a, set()).add(b)
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycle_inside_any_package_counting_type_checking_imports():
    """A cycle hidden behind ``if TYPE_CHECKING:`` or inside a function is still a cycle: a module of it cannot be
    read, tested or moved without the others. grimp sees every import (call-time ones too) unless told otherwise."""
    graph = grimp.build_graph("civcomm", exclude_type_checking_imports=False)
    packages = sorted(m for m in graph.modules if graph.find_children(m))
    assert {"civcomm", "civcomm.data", "civcomm.present"} <= set(packages)
    cycles = {}
    for package in packages:
        cycle = _sibling_cycle(graph, package)
        if cycle:
            cycles[package] = " -> ".join(cycle)
    assert not cycles, cycles
