"""The benchmarks' synthetic data generator: deterministic bytes, and data civcomm accepts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .conftest import ROOT, civcomm

_spec = importlib.util.spec_from_file_location("bench_synth", ROOT / "benchmarks" / "synth.py")
synth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synth)


def _tree_bytes(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a = _tree_bytes(synth.make_data_tree(tmp_path / "a", 13, seed=7))
    b = _tree_bytes(synth.make_data_tree(tmp_path / "b", 13, seed=7))
    c = _tree_bytes(synth.make_data_tree(tmp_path / "c", 13, seed=8))
    synthetic = sorted(k for k in a if k.startswith("countries/x"))
    assert synthetic == ["countries/xaa.yaml", "countries/xab.yaml", "countries/xac.yaml"]
    assert a == b
    assert a.keys() == c.keys() and any(a[k] != c[k] for k in synthetic)


def test_synthetic_tree_validates_and_leaves_data_alone(tmp_path):
    before = _tree_bytes(ROOT / "data")
    data = synth.make_data_tree(tmp_path, 12)
    proc = civcomm("validate", env={"CIVCOMM_DATA": str(data)})
    assert proc.returncode == 0, proc.stderr
    assert "ok:" in proc.stdout
    assert _tree_bytes(ROOT / "data") == before


def test_actor_graph_is_deterministic():
    g1, g2 = synth.make_actor_graph(300, seed=3), synth.make_actor_graph(300, seed=3)
    assert g1.number_of_nodes() == 300
    assert sorted(g1.edges) == sorted(g2.edges)
    assert sorted(g1.edges) != sorted(synth.make_actor_graph(300, seed=4).edges)
