"""Kazakh law as coded data: hand codes from data/kz_law, auto codes of the official texts, coverage and gaps.

A hand-coded unit is a provision of a data/kz_law act file (``model.Provision``): its text is the
source's Kazakh wording (``text_kk``) where a seed quotes one, else the project's English summary;
its hand codes are the provision's ``competences`` with their strength and refs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from civcomm.analysis.coding import Coder
from civcomm.analysis.lawlayout import is_general_part
from civcomm.analysis.lawreading import code_official
from civcomm.analysis.lawtexts import LawTexts, read_law_texts
from civcomm.analysis.legaltext import LAW_KINDS
from civcomm.core.paths import data_dir
from civcomm.data import cache
from civcomm.data.models import LegalAct
from civcomm.views.kz_law import load_acts

HAND_COLUMNS = ["unit_id", "act_id", "competence_id", "refs", "text", "is_general"]
UNIT_COLUMNS = ["unit_id", "act_id", "text", "text_lang"]


def texts_dir() -> Path:
    """A user's own official texts (the official-texts folder is core.paths.law_texts_dirs' other one)."""
    return data_dir() / "kz_law" / "texts"


def hand_units_and_codes(acts: Iterable[LegalAct]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units, hand codes) of the acts' provisions; every provision is a unit, coded or not.

    ``is_general`` is the hand coder's "strength: general" (the text names the competence only in
    broader terms).
    """
    units, codes = [], []
    for act in acts:
        for p in act.provisions:
            unit_id = f"{act.act}:{p.id}"
            text, text_lang = (p.text_kk, "kk") if p.text_kk else (p.summary, "en")
            units.append({"unit_id": unit_id, "act_id": act.act, "text": text, "text_lang": text_lang})
            for c in p.competences:
                codes.append({"unit_id": unit_id, "act_id": act.act, "competence_id": c.competence,
                              "refs": list(c.refs), "text": text, "is_general": c.strength == "general"})
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


HAND_CODER = "hand codes (data/kz_law)"
AUTO_CODER = "civcomm dictionary coder"


def qda_codings(units: pd.DataFrame, hand: pd.DataFrame, auto: pd.DataFrame,
                provisions: pd.DataFrame | None = None,
                segments: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Units and codings for a REFI-QDA project (``qdc.build_qdpx``), from what was coded already:
    ``units``/``hand`` of ``hand_units_and_codes``, ``auto`` of ``auto_code_units`` on those units,
    and the parsed official texts (``provisions``, from ``parse_texts``) with their ``segments``
    (from ``code_provisions``) when there are any."""
    units = units.dropna(subset=["text"])[["unit_id", "act_id", "text"]]
    if provisions is not None and not provisions.empty:
        official = provisions.rename(columns={"provision_id": "unit_id"})[["unit_id", "act_id", "text"]]
        units = pd.concat([units, official], ignore_index=True)
        if segments is not None and not segments.empty:
            seg = segments.rename(columns={"provision_id": "unit_id"})
            auto = pd.concat([auto, seg[auto.columns.intersection(seg.columns)]], ignore_index=True)
    return units, {HAND_CODER: hand[["unit_id", "competence_id"]], AUTO_CODER: auto}


def files_read(law: LawTexts) -> list[tuple[str, int, str]]:
    """(file name, rows parsed, encoding) of every official text read, for a line each in the reader's language."""
    p = law.provisions
    return [(path.name, int(((p["act_id"] == a) & (p["lang"] == g)).sum()) if not p.empty else 0, law.encodings[(a, g)])
            for (a, g), path in sorted(law.files.items())]


def parse_texts(directory: Path | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The official texts parsed (``directory``: only the texts there, e.g. data/kz_law/texts/; default: every
    official-texts folder, lawtexts.read_law_texts), and what the parser said of them."""
    law = read_law_texts(directories=[directory] if directory is not None else None)
    messages = [f"{name}: {rows} rows, encoding {encoding}" for name, rows, encoding in files_read(law)]
    return law.provisions, messages + law.problems + law.warnings


def code_provisions(provisions: pd.DataFrame, competences: list[str] | None = None, project=None) -> pd.DataFrame:
    """Auto codes of parsed provisions, each language with its own lexicon; the publisher's rows (editorial,
    amendment, signature) are never coded; adds is_general per segment."""
    cols = ["provision_id", "act_id", "competence_id", "term", "start", "end", "quote", "is_general"]
    if provisions.empty:
        return pd.DataFrame(columns=cols)
    provisions = provisions[provisions["kind"].isin(LAW_KINDS)] if "kind" in provisions.columns else provisions
    general = {r.provision_id: is_general_part(r.chapter_title, r.article_title, r.kind, r.lang)
               for r in provisions.itertuples()}
    frames = []
    for lang, part in provisions.groupby("lang"):
        coder = Coder.from_codebook(lang, competences, project=project)
        frames.append(coder.code_frame(part, keep=["act_id"]))
    seg = pd.concat(frames, ignore_index=True)
    seg["is_general"] = seg["provision_id"].map(general).astype(bool)
    return seg[cols]


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


@dataclass
class LawCoding:
    """Everything the legal-text pipeline produces, from the official texts and the hand-coded acts."""

    provisions: pd.DataFrame  # the units of law text of the official texts (one row per unit and language)
    messages: list[str]  # what the parser said about them (texts not used, notes not read); files_read() for the rest
    units: pd.DataFrame  # the provisions of the act files (hand-coded units)
    hand: pd.DataFrame  # their hand codes
    segments: pd.DataFrame  # auto codes of the official texts (lawreading.SEGMENT_COLUMNS + is_general)
    auto_on_hand: pd.DataFrame  # auto codes of the hand-coded units (for agreement)
    qda_units: pd.DataFrame  # every unit of the REFI-QDA project
    qda_codings: dict[str, pd.DataFrame]  # coder -> codings, for the REFI-QDA project
    law: LawTexts | None = None  # the official texts as read (lawtexts.read_law_texts)


def code_kz_law(acts: list[str] | None = None, competences: list[str] | None = None, project=None) -> LawCoding:
    """The legal-text pipeline in one call (notebook 04 and `civcomm qdpx export` both run it): read the
    official texts, take the hand-coded provisions of the act files, code both automatically, and
    assemble the codings for QDA software. ``acts``/``competences`` restrict it ([]/None = all)."""
    project = project or cache.use("codebook", "kz_act")
    law = read_law_texts(acts or None, project=project)
    provisions = law.provisions[law.provisions["kind"].isin(LAW_KINDS)] if not law.provisions.empty else law.provisions
    units, hand = hand_units_and_codes(a for a in load_acts() if not acts or a.act in acts)
    segments = code_official(law, competences, project=project)
    auto_on_hand = auto_code_units(units.dropna(subset=["text"]), competences, project=project)
    hand_kept = hand[hand["competence_id"].isin(competences)] if competences else hand
    qda_units, qda_codings_ = qda_codings(units, hand_kept, auto_on_hand, provisions, segments)
    return LawCoding(provisions, law.problems + law.warnings, units, hand, segments, auto_on_hand,
                     qda_units, qda_codings_, law)
