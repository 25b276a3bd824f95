"""What the dissertation says a law says, beside what the law's official text says: one verdict per coding.

A claim is one competence the dissertation's reading codes in a provision of an act (data/kz_law/<act>.yaml),
with the dissertation's words and lines. Where the act has an official text, the claim is held against the
unit(s) its locator names (``names``; the whole text for a provision located 'act'):

    VERDICT RULE (the same words stand in the report)
    1. no official text of the act could be read            -> no_text
    2. the named article/paragraph is not in the text       -> missing
    3. every unit of it is repealed                         -> repealed
    4. the project's hand reading codes the competence in a unit of it as explicit, or the coder finds its
       words in a unit of it that no hand reading read and left without the competence
                                                            -> names        (evidence: the words quoted)
    5. the hand reading codes it as general only (named in broader terms)
                                                            -> broader      (evidence: the words quoted)
    6. otherwise                                            -> not_named    ("no words of the competence in the unit")
    Beside the verdict: the amendments to the named units (or their paragraph, article, the whole text) made
    after the date the dissertation read the law (its bibliography entry's access date) -> amended_since.
"""

from __future__ import annotations

import re

import pandas as pd

from civcomm.analysis.lawalign import printed_locator
from civcomm.analysis.lawreading import reading_codes
from civcomm.analysis.lawtexts import LawTexts

VERDICTS = ("names", "broader", "not_named", "missing", "repealed", "no_text")
CLAIM_COLUMNS = ["act_id", "provision_id", "locator", "competence_id", "strength", "claim_kk", "claim_refs",
                 "named_units", "official_kk", "official_ru", "lines_kk", "lines_ru", "verdict_code", "evidence",
                 "evidence_source", "amended_since", "read_on"]


# a web entry of the dissertation's bibliography ends with the day it was read: "... // https://adilet.zan.kz/...
# 10.05.2025." (GOST 7.1 style, as the seed prints them)
_ACCESSED = re.compile(r"https?://\S+\s+(\d{2})\.(\d{2})\.(\d{4})\.?\s*$")


def reading_date(project, act) -> str | None:
    """The day the dissertation read the act: the access date its bibliography entry prints (ISO), if any."""
    for ref in act.act_sources:
        src = project.sources.get(ref.partition("#")[0])
        if src is not None and src.entry and (m := _ACCESSED.search(src.entry)):
            return f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    return None


def _norm(v) -> str | None:
    return None if v is None or (isinstance(v, float) and pd.isna(v)) or v == "" else str(v)


def scope(aligned: pd.DataFrame, names) -> pd.DataFrame:
    """The aligned units a provision's ``names`` cover (every unit of the act when it names none)."""
    if not names:
        return aligned
    keep = pd.Series(False, index=aligned.index)
    for n in names:
        hit = aligned["article"].map(_norm) == n.article
        if n.paragraph:
            hit &= aligned["paragraph"].map(_norm) == n.paragraph
        if n.subparagraph:
            hit &= aligned["subparagraph"].map(_norm) == n.subparagraph
        keep |= hit
    return aligned[keep]


def _amended_since(events: pd.DataFrame, units: pd.DataFrame, names, since: str | None, whole: bool) -> list[tuple]:
    """(date, amending act, action, pending) of every event after ``since`` on the units, their containers or the
    whole text (the Kazakh text's notes; the Russian ones give the same events)."""
    if since is None or events.empty:
        return []
    ev = events[(events["lang"] == "kk") & (events["amending_date"] > since)]
    if not whole:
        arts = {n.article for n in names}
        ev = ev[(ev["scope"] == "act") | ev["article"].map(_norm).isin(arts)]
    seen, out = set(), []
    for e in ev.sort_values(["amending_date", "amending_act"]).itertuples():
        key = (e.amending_date, e.amending_act, e.action, bool(e.is_pending))
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out


def claims_frame(project, law: LawTexts, segments: pd.DataFrame, act_id: str) -> pd.DataFrame:
    """One row per competence the dissertation codes in the act, with the official wording and a verdict."""
    act = next(a for a in project.all("kz_act") if a.act == act_id)
    read_on = reading_date(project, act)
    has_text = act_id in law.acts and (law.aligned["act_id"] == act_id).any()
    aligned = law.aligned[law.aligned["act_id"] == act_id]
    read, hand = reading_codes(project, act_id)
    seg = segments[segments["act_id"] == act_id] if not segments.empty else segments
    events = law.events[law.events["act_id"] == act_id] if not law.events.empty else law.events
    rows = []
    for p in act.provisions:
        for c in p.competences:
            row = {"act_id": act_id, "provision_id": p.id, "locator": p.locator, "competence_id": c.competence,
                   "strength": c.strength, "claim_kk": p.text_kk, "claim_refs": list(dict.fromkeys([*c.refs, *p.refs])),
                   "named_units": [f"art{n.article}" + (f".p{n.paragraph}" if n.paragraph else "")
                                   + (f".sp{n.subparagraph}" if n.subparagraph else "") for n in p.names],
                   "official_kk": None, "official_ru": None, "lines_kk": None, "lines_ru": None,
                   "evidence": None, "evidence_source": None, "amended_since": [], "read_on": read_on}
            if not has_text:
                rows.append({**row, "verdict_code": "no_text"})
                continue
            units = scope(aligned, p.names)
            if p.names:  # the whole act is not shown as "the official wording" of an act-level claim
                row["lines_kk"] = _lines(units["line_kk"], units["last_line_kk"])
                row["lines_ru"] = _lines(units["line_ru"], units["last_line_ru"])
            row["amended_since"] = _amended_since(events, units, p.names, read_on, not p.names)
            if units.empty:
                rows.append({**row, "verdict_code": "missing"})
                continue
            if (units["is_repealed_kk"].fillna(False) & units["is_repealed_ru"].fillna(False)).all():
                rows.append({**row, "verdict_code": "repealed"})
                continue
            keys = set(units["unit_key"])
            mine_hand = hand[(hand["competence_id"] == c.competence) & hand["unit_key"].isin(keys)]
            # a unit a hand reading read and did not code with the competence: the careful reading wins over the coder
            overruled = set(read["unit_key"]) - set(hand[hand["competence_id"] == c.competence]["unit_key"])
            mine_auto = seg[(seg["competence_id"] == c.competence) & seg["unit_key"].isin(keys - overruled)] \
                if len(seg) else seg
            explicit = mine_hand[mine_hand["strength"] == "explicit"]
            general = mine_hand[mine_hand["strength"] == "general"]
            if len(explicit):
                h = explicit.iloc[0]
                verdict, evidence, source = "names", f"{h['quote_kk']} / {h['quote_ru']}", "hand"
            elif len(mine_auto):
                verdict, evidence, source = "names", _coder_evidence(mine_auto), "coder"
            elif len(general):
                h = general.iloc[0]
                verdict, evidence, source = "broader", f"{h['quote_kk']} / {h['quote_ru']}", "hand"
            else:
                verdict, evidence, source = "not_named", None, None
            shown = _shown_units(units, set(mine_hand["unit_key"]) | set(mine_auto["unit_key"]) if len(mine_auto)
                                 else set(mine_hand["unit_key"])) if p.names else units.iloc[0:0]
            for lang in ("kk", "ru"):
                row[f"official_{lang}"] = _wording(shown, units, lang) if p.names else None
            rows.append({**row, "verdict_code": verdict, "evidence": evidence, "evidence_source": source})
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


WORDING_MAX = 700  # characters of a named unit's wording shown whole; longer: the units holding the evidence


def _shown_units(units: pd.DataFrame, evidence_keys: set[str]) -> pd.DataFrame:
    """The named units a reader is shown: all when they are short, else those holding the evidence (else the
    first)."""
    if units["text_kk"].fillna("").str.len().sum() <= WORDING_MAX:
        return units
    hit = units[units["unit_key"].isin(evidence_keys)]
    return hit.head(3) if len(hit) else units.head(1)


def _wording(shown: pd.DataFrame, units: pd.DataFrame, lang: str) -> str:
    """The official wording of the shown units, each after its place when only some are shown."""
    if len(shown) == len(units):
        return "\n".join(t for t in shown[f"text_{lang}"].fillna("") if t)
    parts = [f"{printed_locator(r.article, r.paragraph, r.subparagraph, r.part, r.kind, lang)}: {getattr(r, f'text_{lang}')}"
             for r in shown.itertuples()]
    return "\n".join(parts) + f"\n(… {len(units)})"


def _coder_evidence(found: pd.DataFrame) -> str:
    """The words the coder found: the first unit's term in each language ('келіссөздер (kk, 50-бап) / ...')."""
    parts = []
    for lang in ("kk", "ru"):
        mine = found[found["lang"] == lang]
        if len(mine):
            r = mine.iloc[0]
            parts.append(f"{r['term']} ({lang}, {r['unit']})")
    return " / ".join(parts)


def _lines(first: pd.Series, last: pd.Series) -> str | None:
    firsts = [int(x) for x in first.dropna()]
    lasts = [int(x) for x in last.dropna()]
    if not firsts:
        return None
    a, b = min(firsts), max(lasts or firsts)
    return f"{a}" if a == b else f"{a}-{b}"


def stale_units(project, law: LawTexts, act_id: str) -> pd.DataFrame:
    """Units of the act amended after the dissertation read it, and the dissertation's provisions whose named
    units (or, for an act-level provision, the whole text) cover them."""
    act = next(a for a in project.all("kz_act") if a.act == act_id)
    read_on = reading_date(project, act)
    cols = ["act_id", "scope", "article", "paragraph", "subparagraph", "action", "amending_date", "amending_act",
            "is_pending", "in_force", "provision_ids", "read_on"]
    if read_on is None or law.events.empty:
        return pd.DataFrame(columns=cols)
    ev = law.events[(law.events["act_id"] == act_id) & (law.events["lang"] == "kk")
                    & (law.events["amending_date"] > read_on)]
    rows = []
    for e in ev.sort_values(["amending_date", "article"]).itertuples():
        citing = [f"{act_id}:{p.id}" for p in act.provisions if p.competences or p.text_kk
                  if not p.names or e.scope == "act" or any(n.article == _norm(e.article) for n in p.names)]
        rows.append({"act_id": act_id, "scope": e.scope, "article": _norm(e.article), "paragraph": _norm(e.paragraph),
                     "subparagraph": _norm(e.subparagraph), "action": e.action, "amending_date": e.amending_date,
                     "amending_act": e.amending_act, "is_pending": bool(e.is_pending), "in_force": e.in_force,
                     "provision_ids": citing, "read_on": read_on})
    return pd.DataFrame(rows, columns=cols)
