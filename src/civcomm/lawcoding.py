"""Kazakh law as coded data: hand codes from data/kz_law, auto codes of data/kz_law/texts, coverage and gaps.

Hand codes are read through one narrow interface, ``hand_codes(docs)`` -> DataFrame(unit_id, act_id,
competence_id, refs, text, quote_lang): whatever shape an act file has, a provision is a mapping in
the act's ``provisions`` list with an ``id`` (or ``locator``), an optional text and a
``competences`` list whose items are competence ids or mappings with ``competence`` (or ``id``)
and ``refs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from . import load
from .coding import Coder
from .legaltext import is_general_part, parse_dir
from .paths import data_dir

HAND_COLUMNS = ["unit_id", "act_id", "competence_id", "refs", "text", "is_general"]
UNIT_COLUMNS = ["unit_id", "act_id", "text", "text_lang"]
TEXT_KEYS = (("text_kk", "kk"), ("text_ru", "ru"), ("text", None), ("summary", "en"), ("summary_en", "en"))


def texts_dir() -> Path:
    return data_dir() / "kz_law" / "texts"


def _get(raw: Any, *keys: str) -> Any:
    for k in keys:
        if isinstance(raw, dict) and raw.get(k) not in (None, ""):
            return raw[k]
    return None


def _text_of(p: dict) -> tuple[str | None, str | None]:
    for key, lang in TEXT_KEYS:
        v = p.get(key) if isinstance(p, dict) else None
        if isinstance(v, dict):  # a Text mapping {kk:, ru:, en:, original:}
            for lg in ("kk", "ru", "en"):
                if v.get(lg):
                    return str(v[lg]), lg
        elif v:
            return str(v), lang
    return None, None


def kz_law_docs(project: load.Project | None = None) -> list[tuple[str, Any]]:
    """(act_id, raw mapping) of every data/kz_law/*.yaml the project knows (none until that kind exists)."""
    project = project or load.project()
    out = []
    for d in project.docs:
        if d.kind == "kz_act" and isinstance(d.raw, dict):
            out.append((str(_get(d.raw, "act") or d.path.stem), d.raw))
    return out


def hand_units_and_codes(docs: list[tuple[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units, hand codes) from raw act mappings; every provision is a unit, coded or not."""
    units, codes = [], []
    for act_id, raw in docs:
        for i, p in enumerate(raw.get("provisions") or []):
            if not isinstance(p, dict):
                continue
            pid = str(_get(p, "id", "locator") or f"p{i + 1}")
            unit_id = f"{act_id}:{pid}"
            text, text_lang = _text_of(p)
            units.append({"unit_id": unit_id, "act_id": act_id, "text": text, "text_lang": text_lang})
            general = bool(p.get("is_general")) or is_general_part(_get(p, "chapter_title"), _get(p, "article_title"),
                                                                    _get(p, "kind"), text_lang or "kk")
            for c in p.get("competences") or []:
                cid = c if isinstance(c, str) else _get(c, "competence", "id")
                refs = list(c.get("refs") or []) if isinstance(c, dict) else list(p.get("refs") or [])
                # a hand code says itself whether the text names the competence only in general terms
                strength = c.get("strength") if isinstance(c, dict) else None
                if cid:
                    codes.append({"unit_id": unit_id, "act_id": act_id, "competence_id": str(cid), "refs": refs,
                                  "text": text, "is_general": general or strength == "general"})
    return pd.DataFrame(units, columns=UNIT_COLUMNS), pd.DataFrame(codes, columns=HAND_COLUMNS)


def auto_code_units(units: pd.DataFrame, competences: list[str] | None = None, project=None) -> pd.DataFrame:
    """Auto codes of hand-coded units, each coded in its own text's language (units without text skipped)."""
    frames = []
    for lang, part in units.dropna(subset=["text"]).groupby("text_lang"):
        coder = Coder.from_codebook(lang, competences, project=project)
        seg = coder.code_frame(part.rename(columns={"unit_id": "provision_id"}), keep=["act_id"])
        frames.append(seg.rename(columns={"provision_id": "unit_id"}))
    cols = ["unit_id", "competence_id", "term", "stem", "start", "end", "quote", "act_id"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def parse_texts(directory: Path | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Every official text dropped into data/kz_law/texts/, parsed (and the parser's messages)."""
    directory = directory or texts_dir()
    if not directory.is_dir():
        return pd.DataFrame(), [f"{directory}: no such directory"]
    return parse_dir(directory)


def code_provisions(provisions: pd.DataFrame, competences: list[str] | None = None, project=None) -> pd.DataFrame:
    """Auto codes of parsed provisions, each language with its own lexicon; adds is_general per segment."""
    frames = []
    if provisions.empty:
        return pd.DataFrame(columns=["provision_id", "act_id", "competence_id", "term", "start", "end", "quote", "is_general"])
    general = {r.provision_id: is_general_part(r.chapter_title, r.article_title, r.kind, r.lang)
               for r in provisions.itertuples()}
    for lang, part in provisions.groupby("lang"):
        coder = Coder.from_codebook(lang, competences, project=project)
        frames.append(coder.code_frame(part, keep=["act_id"]))
    seg = pd.concat(frames, ignore_index=True)
    seg["is_general"] = seg["provision_id"].map(general).astype(bool)
    return seg[["provision_id", "act_id", "competence_id", "term", "start", "end", "quote", "is_general"]]


def coverage(codes: pd.DataFrame, competences: list[str], acts: list[str]) -> pd.DataFrame:
    """Competence x act: number of distinct provisions coded with the competence (0 = absent)."""
    m = pd.DataFrame(0, index=pd.Index(competences, name="competence_id"), columns=pd.Index(acts, name="act_id"))
    if not codes.empty:
        counts = codes.drop_duplicates(["unit_id", "competence_id"]).groupby(["competence_id", "act_id"]).size()
        for (cid, act), n in counts.items():
            if cid in m.index and act in m.columns:
                m.loc[cid, act] = int(n)
    return m


def kz_status(codes: pd.DataFrame, competences: list[str]) -> pd.DataFrame:
    """Per competence: 'absent', 'general' (only in general parts: preamble, definitions, principles) or 'specific'.

    ``codes`` has unit_id, competence_id, is_general, quote, source; the quote shown is the first
    specific provision's (else the first general one's).
    """
    rows = []
    for cid in competences:
        part = codes[codes["competence_id"] == cid] if not codes.empty else codes
        if part.empty:
            rows.append({"competence_id": cid, "kz_status": "absent", "kz_provisions": 0, "kz_unit_id": None,
                         "kz_quote": None, "kz_source": None})
            continue
        specific = part[~part["is_general"].astype(bool)]
        best = (specific if not specific.empty else part).iloc[0]
        rows.append({"competence_id": cid, "kz_status": "specific" if not specific.empty else "general",
                     "kz_provisions": part["unit_id"].nunique(), "kz_unit_id": best["unit_id"],
                     "kz_quote": best["quote"], "kz_source": best["source"]})
    return pd.DataFrame(rows)


def gap_table(emphases: pd.DataFrame, status: pd.DataFrame, min_countries: int = 2,
              baseline: str = "KAZ") -> pd.DataFrame:
    """Competences emphasised abroad by >= ``min_countries`` countries and absent or only general in Kazakh law.

    ``emphases`` is countries.emphases_frame() (country_code, competence_id, quote, refs). Every row
    carries the quotes behind it: one per country abroad, and the Kazakh provision's if any.
    """
    abroad = emphases[emphases["country_code"] != baseline]
    rows = []
    for r in status.itertuples():
        em = abroad[abroad["competence_id"] == r.competence_id]
        countries = sorted(em["country_code"].unique())
        quotes = [f"{c}: {q}" for c, q in zip(em["country_code"], em["quote"]) if isinstance(q, str) and q]
        refs = sorted({ref for refs in em["refs"] for ref in refs})
        rows.append({"competence_id": r.competence_id, "n_countries": len(countries), "countries": ", ".join(countries),
                     "kz_status": r.kz_status, "kz_provisions": r.kz_provisions, "kz_unit_id": r.kz_unit_id,
                     "kz_quote": r.kz_quote, "abroad_quotes": " | ".join(quotes), "refs": refs,
                     "is_gap": len(countries) >= min_countries and r.kz_status in ("absent", "general")})
    df = pd.DataFrame(rows, columns=["competence_id", "n_countries", "countries", "kz_status", "kz_provisions",
                                     "kz_unit_id", "kz_quote", "abroad_quotes", "refs", "is_gap"])
    return df.sort_values(["is_gap", "n_countries", "competence_id"], ascending=[False, False, True],
                          kind="stable").reset_index(drop=True)
