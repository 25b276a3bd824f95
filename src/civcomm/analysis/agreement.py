"""Agreement of two codings of the same units: Cohen's kappa, Krippendorff's alpha, precision, recall, disagreements."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa of two coders' labels on the same units (NaN when chance agreement is 1)."""
    if len(a) != len(b):
        raise ValueError(f"coders labelled {len(a)} and {len(b)} units (expected the same units)")
    n = len(a)
    if n == 0:
        return float("nan")
    po = sum(x == y for x, y in zip(a, b)) / n
    labels = set(a) | set(b)
    pe = sum((list(a).count(k) / n) * (list(b).count(k) / n) for k in labels)
    return float("nan") if pe == 1 else (po - pe) / (1 - pe)


def krippendorff_alpha_nominal(reliability: Sequence[Sequence[Any]]) -> float:
    """Krippendorff's alpha for nominal data.

    ``reliability`` is coders x units (one row per coder); ``None`` (or NaN) marks a missing value.
    Units with fewer than two values are not pairable and are left out (Krippendorff 2011).
    """
    n_units = max((len(r) for r in reliability), default=0)
    coincidence: dict[tuple[Any, Any], float] = {}
    for u in range(n_units):
        values = [r[u] for r in reliability if u < len(r) and not _missing(r[u])]
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[(c, k)] = coincidence.get((c, k), 0.0) + 1.0 / (m - 1)
    n_c: dict[Any, float] = {}
    for (c, _), v in coincidence.items():
        n_c[c] = n_c.get(c, 0.0) + v
    n = sum(n_c.values())
    if n <= 1:
        return float("nan")
    observed = sum(v for (c, k), v in coincidence.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    if expected == 0:
        return float("nan")
    return 1.0 - (n - 1) * observed / expected


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


@dataclass
class Agreement:
    """Agreement of automatic codes with hand codes over the same units."""

    per_competence: pd.DataFrame
    overall: dict[str, float]
    disagreements: pd.DataFrame

    def summary(self) -> str:
        o = self.overall
        return (f"units={o['n_units']} competences={o['n_competences']} hand codes={o['n_hand']} "
                f"auto codes={o['n_auto']} both={o['n_both']} kappa={_fmt(o['kappa'])} "
                f"alpha={_fmt(o['alpha'])} precision={_fmt(o['precision'])} recall={_fmt(o['recall'])}")


def _fmt(x: float) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def agreement(hand: pd.DataFrame, auto: pd.DataFrame, units: Sequence[str] | None = None,
              competences: Sequence[str] | None = None, texts: dict[str, str] | None = None) -> Agreement:
    """Compare (unit_id, competence_id) hand codes with auto codes.

    Every unit in ``units`` (default: every unit either side coded) is a yes/no decision per
    competence, so a unit nobody coded counts as agreement on "absent". Per competence and pooled
    over all unit x competence decisions: Cohen's kappa, Krippendorff's alpha (nominal), precision
    and recall of the auto codes against the hand codes. ``auto`` may carry ``term`` and ``quote``;
    ``texts`` (unit_id -> text) supplies the quote where the hand codes have none.
    """
    for name, df in (("hand", hand), ("auto", auto)):
        missing = [c for c in ("unit_id", "competence_id") if c not in df.columns]
        if missing:
            raise ValueError(f"{name} codes lack column(s) {', '.join(missing)} (expected unit_id, competence_id)")
    units = list(dict.fromkeys(units if units is not None else list(hand["unit_id"]) + list(auto["unit_id"])))
    comps = list(dict.fromkeys(competences if competences is not None
                               else list(hand["competence_id"]) + list(auto["competence_id"])))
    unit_set = set(units)
    h = {(u, c) for u, c in zip(hand["unit_id"], hand["competence_id"]) if u in unit_set}
    a = {(u, c) for u, c in zip(auto["unit_id"], auto["competence_id"]) if u in unit_set}
    rows = []
    pooled_h, pooled_a = [], []
    for cid in comps:
        hv = [int((u, cid) in h) for u in units]
        av = [int((u, cid) in a) for u in units]
        pooled_h += hv
        pooled_a += av
        tp = sum(x and y for x, y in zip(hv, av))
        rows.append({"competence_id": cid, "n_units": len(units), "n_hand": sum(hv), "n_auto": sum(av),
                     "n_both": tp, "kappa": cohen_kappa(hv, av), "alpha": krippendorff_alpha_nominal([hv, av]),
                     "precision": _ratio(tp, sum(av)), "recall": _ratio(tp, sum(hv))})
    per = pd.DataFrame(rows, columns=["competence_id", "n_units", "n_hand", "n_auto", "n_both", "kappa", "alpha",
                                      "precision", "recall"])
    tp = sum(x and y for x, y in zip(pooled_h, pooled_a))
    overall = {"n_units": len(units), "n_competences": len(comps), "n_hand": sum(pooled_h),
               "n_auto": sum(pooled_a), "n_both": tp, "kappa": cohen_kappa(pooled_h, pooled_a),
               "alpha": krippendorff_alpha_nominal([pooled_h, pooled_a]),
               "precision": _ratio(tp, sum(pooled_a)), "recall": _ratio(tp, sum(pooled_h))}
    quotes = {}
    if "quote" in auto.columns:
        for r in auto.itertuples():
            quotes.setdefault((r.unit_id, r.competence_id), (getattr(r, "term", None), r.quote))
    texts = texts or {}
    dis = []
    for u, cid in sorted((h ^ a), key=lambda x: (units.index(x[0]), comps.index(x[1]) if x[1] in comps else 0)):
        if cid not in comps:
            continue
        term, quote = quotes.get((u, cid), (None, None))
        dis.append({"unit_id": u, "competence_id": cid, "coded_by": "hand only" if (u, cid) in h else "auto only",
                    "term": term, "quote": quote if quote is not None else texts.get(u)})
    disagreements = pd.DataFrame(dis, columns=["unit_id", "competence_id", "coded_by", "term", "quote"])
    return Agreement(per, overall, disagreements)
