"""Naive baselines the benchmarks compare civcomm against (not part of the package: nothing uses them)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def naive_code(df: pd.DataFrame, lexicon: dict[str, Sequence[str]], text_col: str = "text") -> pd.DataFrame:
    """The baseline the benchmark compares against: one ``str.contains`` per lexicon term (substrings)."""
    low = df[text_col].fillna("").str.lower()
    hits = []
    for cid, stems in lexicon.items():
        for stem in stems:
            mask = low.str.contains(stem.lower(), regex=False)
            hits.append(pd.DataFrame({"row": mask[mask].index, "competence_id": cid, "stem": stem}))
    return pd.concat(hits, ignore_index=True) if hits else pd.DataFrame(columns=["row", "competence_id", "stem"])
