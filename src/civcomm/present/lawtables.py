"""The official texts of an act as a reader sees them: structure, units side by side, amendments, the publisher's rows.

Frames for the report of the law as written (notebook 07), built from ``analysis.lawtexts.LawTexts``;
machine columns (ids, codes, keys) stay beside the reader's columns for the CSV, the specs in
``present/specs.py`` decide what a reader sees.
"""

from __future__ import annotations

import pandas as pd

from civcomm.analysis.amendments import by_amending_act
from civcomm.analysis.lawalign import printed_locator
from civcomm.analysis.lawtexts import LawTexts, alignment_counts, text_counts
from civcomm.core.i18n import t
from civcomm.present.labels import label


def text_lang(lang: str) -> str:
    """The official text a report in ``lang`` counts from: its own language, Kazakh for English."""
    return lang if lang in ("kk", "ru") else "kk"


def texts_frame(law: LawTexts, project) -> pd.DataFrame:
    """One row per official text read: file, edition, lines, headings, rows by kind, events."""
    df = text_counts(law)
    if df.empty:
        return df.assign(edition=pd.Series(dtype=str))
    sources = project.sources
    df["edition"] = [sources[s].official.edition if isinstance(s, str) and s in sources else None for s in df["source_id"]]
    return df


def structure_frame(law: LawTexts, act: str, lang: str) -> pd.DataFrame:
    """One row per chapter: its number, titles in kk and ru, articles, units, repealed units, amendment events."""
    arts = law.articles[law.articles["act_id"] == act]
    side = text_lang(lang)
    units = law.provisions[(law.provisions["act_id"] == act) & (law.provisions["lang"] == side)
                           & law.provisions["kind"].isin(("text", "note", "preamble"))]
    events = law.events[(law.events["act_id"] == act) & (law.events["lang"] == side)]
    chapter_of = dict(zip(arts[arts["lang"] == side]["article"], arts[arts["lang"] == side]["chapter"]))
    ev_chapter = events["chapter"].where(events["chapter"].notna(), events["article"].map(chapter_of))
    rows = []
    titles = {lg: dict(zip(arts[arts["lang"] == lg]["chapter"], arts[arts["lang"] == lg]["chapter_title"]))
              for lg in ("kk", "ru")}
    for chapter in dict.fromkeys(arts[arts["lang"] == side]["chapter"]):
        in_ch = units[units["chapter"] == chapter]
        rows.append({"act_id": act, "chapter": chapter, "title_kk": titles["kk"].get(chapter),
                     "title_ru": titles["ru"].get(chapter),
                     "n_articles": int((arts[arts["lang"] == side]["chapter"] == chapter).sum()),
                     "n_law_units": len(in_ch), "n_repealed": int(in_ch["is_repealed"].sum()),
                     "n_events": int((ev_chapter == chapter).sum())})
    return pd.DataFrame(rows, columns=["act_id", "chapter", "title_kk", "title_ru", "n_articles", "n_law_units",
                                       "n_repealed", "n_events"])


def _norm(x) -> str | None:
    return None if x is None or (isinstance(x, float) and pd.isna(x)) or x == "" else str(x)


def _pending_places(events: pd.DataFrame) -> set[tuple]:
    """(article, paragraph, subparagraph) of every place a pending event concerns, as deep as its scope."""
    places = set()
    for e in events[events["is_pending"].astype(bool)].itertuples():
        if e.scope == "article":
            places.add((_norm(e.article), None, None))
        elif e.scope == "paragraph":
            places.add((_norm(e.article), _norm(e.paragraph), None))
        elif e.scope == "subparagraph":
            places.add((_norm(e.article), _norm(e.paragraph), _norm(e.subparagraph)))
    return places


def units_frame(law: LawTexts, act: str, lang: str) -> pd.DataFrame:
    """Every unit of the act with its Kazakh and Russian wording and lines, as the reader cites it; its state:
    repealed, a change pending (on it, its paragraph or article), or in force."""
    a = law.aligned[law.aligned["act_id"] == act].copy()
    if a.empty:
        return pd.DataFrame(columns=["act_id", "unit_key", "unit", "text_kk", "text_ru", "line_kk", "line_ru",
                                     "unit_status_code", "present"])
    pending = _pending_places(law.events[law.events["act_id"] == act])

    def status(r) -> str:
        if r.is_repealed_kk or r.is_repealed_ru:
            return "repealed"
        art, par, sub = _norm(r.article), _norm(r.paragraph), _norm(r.subparagraph)
        return "pending" if {(art, None, None), (art, par, None), (art, par, sub)} & pending else "in_force"

    a["unit"] = [printed_locator(r.article, r.paragraph, r.subparagraph, r.part, r.kind, lang) for r in a.itertuples()]
    a["unit_status_code"] = [status(r) for r in a.itertuples()]
    return a[["act_id", "unit_key", "unit", "text_kk", "text_ru", "line_kk", "line_ru", "unit_status_code",
              "present"]].reset_index(drop=True)


def amending_acts_frame(law: LawTexts, act: str) -> pd.DataFrame:
    """One row per amending act: date, number, form, events in each text, pending, articles touched, actions."""
    ev = law.events[law.events["act_id"] == act]
    per = by_amending_act(ev)
    rows = []
    for (date, number), part in per.groupby(["amending_date", "amending_act"], sort=True):
        mine = ev[(ev["amending_date"] == date) & (ev["amending_act"] == number)]
        counts = dict(zip(part["lang"], part["events"]))
        first = mine[mine["lang"] == mine["lang"].iloc[0]]
        arts = sorted({str(x) for x in first["article"].dropna()}, key=_article_order)
        rows.append({"act_id": act, "amending_date": date, "amending_act": number,
                     "amending_form_code": part["amending_form"].iloc[0],
                     "events_kk": int(counts.get("kk", 0)), "events_ru": int(counts.get("ru", 0)),
                     "pending": int(first["is_pending"].sum()),
                     "articles": arts + (["*"] if (first["scope"] == "act").any() else []),
                     "action_codes": list(dict.fromkeys(first["action"]))})
    return pd.DataFrame(rows, columns=["act_id", "amending_date", "amending_act", "amending_form_code", "events_kk",
                                       "events_ru", "pending", "articles", "action_codes"])


def _article_order(number: str) -> tuple[int, ...]:
    return tuple(int(x) for x in number.split("-") if x.isdigit())


def events_frame(law: LawTexts, act: str, lang: str) -> pd.DataFrame:
    """The events of the act's text in the report's language, each at the unit it concerns."""
    side = text_lang(lang)
    ev = law.events[(law.events["act_id"] == act) & (law.events["lang"] == side)].copy()
    ev["unit"] = [t("law_whole_act", lang) if e.scope == "act" else
                  printed_locator(e.article, e.paragraph, e.subparagraph, e.part if pd.notna(e.part) else None,
                                  "preamble" if e.scope == "preamble" else "text", lang)
                  or label("act_type", "law", lang) for e in ev.itertuples()]
    return ev.rename(columns={"action": "action_code", "amending_form": "amending_form_code"})[
        ["act_id", "lang", "unit", "scope", "article", "paragraph", "subparagraph", "action_code", "amending_date",
         "amending_act", "amending_form_code", "in_force", "in_force_date", "is_pending", "origin", "line"]
    ].reset_index(drop=True)


def editorial_frame(law: LawTexts, act: str, lang: str) -> pd.DataFrame:
    """The publisher's own rows in the act's texts: editorial notes, contents heading, press release, court
    decisions, the signature, with their lines and words (amendment notes are the events' table)."""
    p = law.provisions
    rows = p[(p["act_id"] == act) & p["kind"].isin(("editorial", "signature"))].copy()
    rows["marker"] = [label("marker", "signature", lang) if r.kind == "signature" else
                      label("marker", "court", lang) if r.marker == "court" else r.marker for r in rows.itertuples()]
    rows["where"] = [printed_locator(r.article, r.paragraph, r.subparagraph, None, "text", lang)
                     for r in rows.itertuples()]
    rows["lines"] = [f"{r.line}" if r.line == r.last_line else f"{r.line}-{r.last_line}" for r in rows.itertuples()]
    rows["words"] = rows["editorial"].fillna("")
    return rows[["act_id", "lang", "marker", "where", "lines", "words", "provision_id"]].reset_index(drop=True)


def one_language_frame(law: LawTexts, act: str, lang: str, differences: list) -> pd.DataFrame:
    """Units printed in one language only, with the act file's explanation where it lists one."""
    a = law.aligned[(law.aligned["act_id"] == act) & (law.aligned["present"] != "both")]
    why = {(d.lang, d.unit_key): d.issue for d in differences}
    rows = [{"act_id": act, "unit_key": r.unit_key,
             "unit": printed_locator(r.article, r.paragraph, r.subparagraph, r.part, r.kind, lang),
             "present": r.present, "line": r.line_kk if r.present == "kk" else r.line_ru,
             "text": r.text_kk if r.present == "kk" else r.text_ru,
             "explanation": why.get((r.present, r.unit_key))} for r in a.itertuples()]
    return pd.DataFrame(rows, columns=["act_id", "unit_key", "unit", "present", "line", "text", "explanation"])


def alignment_line(law: LawTexts, act: str, lang: str) -> str:
    counts = alignment_counts(law)
    row = counts[counts["act_id"] == act]
    n = int(row["n_both"].iloc[0]) if len(row) else 0
    return t("law_one_language_none", lang).format(act=act_name(act, lang), n=n)


def act_name(act: str, lang: str) -> str:
    """The act as the reports name it ('Заң № 416-V ҚРЗ')."""
    return label("act", act, lang)


def unit_of(law: LawTexts, act: str, key: str, lang: str) -> str:
    """The unit with place ``key`` as cited in ``lang`` (the key itself if the act has no such unit)."""
    a = law.aligned[(law.aligned["act_id"] == act) & (law.aligned["unit_key"] == key)]
    if a.empty:
        return key
    r = a.iloc[0]
    return printed_locator(r["article"], r["paragraph"], r["subparagraph"], r["part"], r["kind"], lang)


def claims_table(claims: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The claims as a reader reads them: the evidence says so where there are no words."""
    out = claims.rename(columns={"strength": "strength_code"}).copy()
    none = t("no_words_of_competence", lang)
    out["evidence"] = [e if isinstance(e, str) and e else (none if v == "not_named" else None)
                       for e, v in zip(out["evidence"], out["verdict_code"])]
    out["amended_since"] = [[amendment_text(x, lang) for x in events] for events in out["amended_since"]]
    whole = t("v_scope_act", lang)  # an act-level claim is held against the whole text, not one unit's wording
    for col in ("official_kk", "official_ru"):
        out[col] = [w if isinstance(w, str) else (f"({whole})" if not units and v != "no_text" else None)
                    for w, units, v in zip(out[col], out["named_units"], out["verdict_code"])]
    return out


def amendment_text(event: tuple, lang: str) -> str:
    """(date, act, action, pending) as a reader reads it: '24.06.2025 № 196-VIII: өзгерту (күтілетін)'."""
    date, act, action, pending = event
    day = "-".join(reversed(date.split("-"))).replace("-", ".")
    return f"{day} № {act}: {label('action', action, lang)}" + (f" ({t('law_pending', lang).lower()})" if pending else "")


def stale_table(stale: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = stale.rename(columns={"action": "action_code"}).copy()
    out["unit"] = [t("v_scope_act", lang) if r.scope == "act" else
                   printed_locator(r.article, r.paragraph, r.subparagraph, None, "text", lang) for r in out.itertuples()]
    return out


def codings_by_reader(project, act: str, lang: str) -> pd.DataFrame:
    """Every coding of the act: the dissertation's (provisions of the act file) and the project's hand readings of
    the official text, each with whose reading it is, the words and the refs."""
    rows = []
    for a in project.all("kz_act"):
        if a.act != act:
            continue
        for p in a.provisions:
            for c in p.competences:
                rows.append({"act_id": act, "reader_code": a.reading, "unit": label("locator", p.locator, lang),
                             "competence_id": c.competence, "strength_code": c.strength, "words": p.text_kk,
                             "refs": list(c.refs)})
    for r in project.all("law_reading"):
        if r.act != act:
            continue
        for u in r.units:
            for c in u.codes:
                rows.append({"act_id": act, "reader_code": r.reader, "unit": _unit_from_refs(u.refs, lang),
                             "competence_id": c.competence, "strength_code": c.strength,
                             "words": f"{c.quote_kk} / {c.quote_ru}", "refs": list(u.refs)})
    return pd.DataFrame(rows, columns=["act_id", "reader_code", "unit", "competence_id", "strength_code", "words",
                                       "refs"])


def _unit_from_refs(refs, lang: str) -> str:
    """The unit as its ref in ``lang``'s official text cites it ('50-бап 2-тармақ 3)'), else the first ref's."""
    want = "kk" if lang in ("kk", "en") else "ru"
    for ref in refs:
        sid, _, loc = ref.partition("#")
        if sid.endswith(f"_{want}"):
            return loc.rsplit(" l.", 1)[0]
    return refs[0].partition("#")[2].rsplit(" l.", 1)[0] if refs else ""


def with_official_counts(table: pd.DataFrame, segments: pd.DataFrame, acts: list[str]) -> pd.DataFrame:
    """A dissertation table coded by competence (Tables 3, 4) with, per act with an official text, the number of
    its units the coder codes with the row's competences (either language), in a column of its own."""
    out = table.copy()
    for act in acts:
        seg = segments[segments["act_id"] == act]
        by_comp = seg.groupby("competence_id")["unit_key"].apply(set).to_dict()
        out[f"official_units_{act}"] = [len(set().union(*[by_comp.get(c, set()) for c in (ids or [])]))
                                        if isinstance(ids, list) else None for ids in out.get("competence_ids", [])]
    return out
