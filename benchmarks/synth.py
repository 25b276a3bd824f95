"""Synthetic data for the growth benchmarks: a whole data/ tree with N countries, and actor graphs.

Usage: python benchmarks/synth.py DEST --countries 50 [--seed 20261122]

``make_data_tree`` copies the project's data/ (sources, codebook, legal acts, tables, survey) to
DEST/data unchanged and adds synthetic countries until there are N foreign ones: the real country
files are kept (Table 6 names them), and each synthetic one is a clone of a real foreign file with
a made-up code (XAA, XAB, ...), its ids prefixed with that code, its names marked "synthetic", and
its emphases moved to competences drawn at random from the codebook (same number, same levels,
refs and quotes: every ref still resolves and every quote stands on its cited line, so ``civcomm
validate`` accepts the tree), and without a Table 2 row: a position in the dissertation's list
belongs to one country, so Table 2 keeps the ten real ones at every size. The output is
byte-identical for the same seed and input data. Nothing is ever written into the real data/.

``make_actor_graph`` builds a directed graph of N actors (ties drawn with a preference for actors
that already have many ties, like the stakeholder maps), also from a fixed seed.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import string
import sys
from pathlib import Path

SEED = 20261122
ROOT = Path(__file__).resolve().parents[1]


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="safe", pure=True)
    y.default_flow_style = False
    y.allow_unicode = True
    y.width = 4096
    y.sort_base_mapping_type_on_output = False
    return y


def synthetic_codes(n: int) -> list[str]:
    """XAA, XAB, ... (ISO 3166 keeps X-codes for user assignment: no real country has one)."""
    letters = string.ascii_uppercase
    codes = [f"X{a}{b}" for a in letters for b in letters]
    if n > len(codes):
        raise ValueError(f"at most {len(codes)} synthetic countries (asked for {n})")
    return codes[:n]


def _prefix_ids(obj, prefix: str):
    """Every ``id`` and ``institution`` value prefixed (ids are unique across files)."""
    if isinstance(obj, dict):
        return {k: (prefix + v if k in ("id", "institution") and isinstance(v, str) else _prefix_ids(v, prefix))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [_prefix_ids(v, prefix) for v in obj]
    return obj


def _mark_synthetic(text: dict, code: str) -> dict:
    out = dict(text)
    for lang in ("kk", "ru", "en"):
        if out.get(lang):
            out[lang] = f"{out[lang]} (synthetic {code})"
    return out


def clone_country(template: dict, code: str, competences: list[str], rng: random.Random) -> dict:
    """A synthetic country file from a real one (see the module docstring)."""
    doc = _prefix_ids(template, code.lower() + "_")
    doc["country"] = code
    doc["is_baseline"] = False
    doc["names"] = _mark_synthetic(doc["names"], code)
    doc.pop("table2", None)  # Table 2 positions are unique (civcomm validate); no source lists a synthetic country
    emphases = doc.get("emphases") or []
    drawn = rng.sample(competences, k=min(len(emphases), len(competences)))
    doc["emphases"] = [dict(e, competence=c) for e, c in zip(emphases, drawn)]
    return doc


def make_data_tree(dest: Path, n_countries: int, seed: int = SEED, source: Path | None = None) -> Path:
    """DEST/data: the source data/ plus synthetic countries up to ``n_countries`` foreign ones."""
    source = Path(source or ROOT / "data")
    data = Path(dest) / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(source, data)
    y = _yaml()
    real = {p.stem: y.load(p.read_text(encoding="utf-8")) for p in sorted((data / "countries").glob("*.yaml"))}
    foreign = [doc for _, doc in sorted(real.items()) if not doc.get("is_baseline")]
    codebook = y.load((data / "codebook.yaml").read_text(encoding="utf-8"))
    competences = sorted(_competence_ids(codebook))
    rng = random.Random(seed)
    extra = max(0, n_countries - len(foreign))
    for i, code in enumerate(synthetic_codes(extra)):
        doc = clone_country(foreign[i % len(foreign)], code, competences, rng)
        buf = io.StringIO()
        y.dump(doc, buf)
        (data / "countries" / f"{code.lower()}.yaml").write_text(buf.getvalue(), encoding="utf-8")
    return data


def _competence_ids(codebook: dict) -> list[str]:
    comps = codebook.get("competences")
    if isinstance(comps, dict):
        return list(comps)
    return [c["id"] for c in comps]


def make_actor_graph(n_actors: int, seed: int = SEED, mean_ties: int = 3):
    """Directed graph of ``n_actors`` with about ``mean_ties`` ties each (preferential attachment)."""
    import networkx as nx

    rng = random.Random(seed)
    g = nx.DiGraph()
    names = [f"actor{i:06d}" for i in range(n_actors)]
    g.add_nodes_from(names)
    ends: list[int] = [0]  # every tie's endpoints: drawing from it prefers well-tied actors
    for i in range(1, n_actors):
        for _ in range(rng.randint(1, 2 * mean_ties - 1)):
            j = rng.choice(ends) if rng.random() < 0.7 else rng.randrange(i)
            u, v = (i, j) if rng.random() < 0.5 else (j, i)
            if u != v:
                g.add_edge(names[u], names[v], weight=1)
                ends += [u, v]
    return g


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path, help="directory to create DEST/data in (never the project itself)")
    ap.add_argument("--countries", type=int, default=50, help="foreign countries in the tree")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    if args.dest.resolve() == ROOT:
        ap.error("DEST must not be the project root (synthetic data never goes into data/)")
    data = make_data_tree(args.dest, args.countries, args.seed)
    print(f"{data}: {len(list((data / 'countries').glob('*.yaml')))} country files; "
          f"validate with CIVCOMM_DATA={data} civcomm validate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
