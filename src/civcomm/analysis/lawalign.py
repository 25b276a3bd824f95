"""The Kazakh and Russian official texts of one act side by side: one row per unit, both wordings, both lines.

Units are matched by their place in the act (article, paragraph, subparagraph, unnumbered part, kind),
which the two official texts number alike. A unit found in one language only is either a parser fault to
fix or a real difference between the two texts; the act's data file lists the real ones
(``text_differences``), and ``unexplained`` says which one-language units no entry explains.
"""

from __future__ import annotations

import pandas as pd

from civcomm.analysis.legaltext import LAW_KINDS

KEY = ["article", "paragraph", "subparagraph", "part", "kind"]
ALIGNED_COLUMNS = ["act_id", "unit_key", "chapter", *KEY, "article_title_kk", "article_title_ru", "text_kk",
                   "text_ru", "line_kk", "line_ru", "last_line_kk", "last_line_ru", "provision_id_kk",
                   "provision_id_ru", "is_repealed_kk", "is_repealed_ru", "present"]


def unit_key(article, paragraph, subparagraph, part, kind) -> str:
    """A unit's place as one string, the same in both languages: 'art16|p3|sp14|pt2|text'."""
    bits = [f"art{article}" if _has(article) else "", f"p{paragraph}" if _has(paragraph) else "",
            f"sp{subparagraph}" if _has(subparagraph) else "",
            f"pt{int(part)}" if _has(part) and (int(part) > 1 or kind != "text") else "", kind]
    return "|".join(bits)


def printed_locator(article, paragraph, subparagraph, part, kind, lang: str) -> str:
    """A unit as the law is cited in ``lang``: '50-бап 2-тармақ 3)', 'ст. 50 п. 2 пп. 3)', 'Art. 50(2)(3)';
    an unnumbered part as its number ('2-абзац', 'абз. 2', 'part 2'), a note as such."""
    a, p, s = (str(x) if _has(x) else None for x in (article, paragraph, subparagraph))
    n = int(part) if _has(part) else 1
    if lang == "kk":
        bits = [f"{a}-бап" if a else "Кіріспе" if kind == "preamble" else "", f"{p}-тармақ" if p else "",
                f"{s})" if s else ""]
        tail = {"note": f"{n}-ескертпе" if n > 1 else "ескертпе"}.get(kind, f"{n}-абзац" if n > 1 else "")
    elif lang == "ru":
        bits = [f"ст. {a}" if a else "преамбула" if kind == "preamble" else "", f"п. {p}" if p else "",
                f"пп. {s})" if s else ""]
        tail = {"note": f"примечание {n}" if n > 1 else "примечание"}.get(kind, f"абз. {n}" if n > 1 else "")
    else:
        bits = [f"Art. {a}" + (f"({p})" if p else "") + (f"({s})" if s else "") if a else
                "Preamble" if kind == "preamble" else ""]
        tail = {"note": f"note {n}" if n > 1 else "note"}.get(kind, f"part {n}" if n > 1 else "")
    return " ".join(b for b in [*bits, tail] if b)


def _has(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value != ""


def _law_units(provisions: pd.DataFrame, lang: str) -> pd.DataFrame:
    part = provisions[(provisions["lang"] == lang) & provisions["kind"].isin(LAW_KINDS)].copy()
    part["unit_key"] = [unit_key(*k) for k in part[KEY].itertuples(index=False, name=None)]
    return part


def align(provisions: pd.DataFrame, act_id: str) -> pd.DataFrame:
    """The units of ``act_id`` in kk and ru, matched by place (``present``: both, kk, ru)."""
    act = provisions[provisions["act_id"] == act_id]
    sides = {lang: {r["unit_key"]: r for r in _law_units(act, lang).to_dict("records")} for lang in ("kk", "ru")}
    keys = list(dict.fromkeys([*sides["kk"], *sides["ru"]]))
    order = {k: i for i, k in enumerate(sides["kk"])}
    # a unit only in ru goes after the kk unit that precedes it in the ru text
    ru_keys = list(sides["ru"])
    for i, k in enumerate(ru_keys):
        if k not in order:
            before = next((order[p] for p in reversed(ru_keys[:i]) if p in order), -1)
            order[k] = before + 0.5
    keys.sort(key=lambda k: order[k])
    rows = []
    for k in keys:
        kk = sides["kk"].get(k)
        ru = sides["ru"].get(k)
        base = kk if kk is not None else ru
        rows.append({
            "act_id": act_id, "unit_key": k, "chapter": base["chapter"],
            **{c: base[c] for c in KEY},
            "article_title_kk": None if kk is None else kk["article_title"],
            "article_title_ru": None if ru is None else ru["article_title"],
            "text_kk": None if kk is None else kk["text"], "text_ru": None if ru is None else ru["text"],
            "line_kk": None if kk is None else int(kk["line"]), "line_ru": None if ru is None else int(ru["line"]),
            "last_line_kk": None if kk is None else int(kk["last_line"]),
            "last_line_ru": None if ru is None else int(ru["last_line"]),
            "provision_id_kk": None if kk is None else kk["provision_id"],
            "provision_id_ru": None if ru is None else ru["provision_id"],
            "is_repealed_kk": None if kk is None else bool(kk["is_repealed"]),
            "is_repealed_ru": None if ru is None else bool(ru["is_repealed"]),
            "present": "both" if kk is not None and ru is not None else ("kk" if kk is not None else "ru"),
        })
    out = pd.DataFrame(rows, columns=ALIGNED_COLUMNS)
    for c in ("line_kk", "line_ru", "last_line_kk", "last_line_ru"):
        out[c] = out[c].astype("Int64")
    return out


def one_language(aligned: pd.DataFrame) -> pd.DataFrame:
    """The units present in one language only."""
    return aligned[aligned["present"] != "both"]


def unexplained(aligned: pd.DataFrame, differences: list) -> tuple[pd.DataFrame, list]:
    """(one-language units no listed difference explains, listed differences that match no such unit).

    ``differences`` are the act file's ``text_differences`` entries (``lang`` and ``unit_key``)."""
    single = one_language(aligned)
    listed = {(d.lang, d.unit_key) for d in differences}
    found = {(r.present, r.unit_key) for r in single.itertuples()}
    missing = single[[(r.present, r.unit_key) not in listed for r in single.itertuples()]]
    stale = [d for d in differences if (d.lang, d.unit_key) not in found]
    return missing, stale


def wording_differences(aligned: pd.DataFrame) -> pd.DataFrame:
    """Units present in both languages but repealed in one only (the other still has words)."""
    both = aligned[aligned["present"] == "both"]
    return both[both["is_repealed_kk"] != both["is_repealed_ru"]]
