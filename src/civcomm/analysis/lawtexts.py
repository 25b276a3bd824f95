"""The official texts of the acts, found where they are, parsed, checked against what the data records of them,
aligned kk/ru and read into amendment events: one call for the reports and for `civcomm parse`.

Texts are ``<act>.<lang>.txt`` files in ``core.paths.law_texts_dirs()`` (data/kz_law/texts/, then the
official-texts folder). A text registered in data/sources.yaml (a source of kind ``official_text``) is
checked against its record: the number of chapter and article headings and the headings that tell this
act from another. A text that fails a check is not used; its problem is one line naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from civcomm.analysis.amendments import EVENT_COLUMNS, read_events
from civcomm.analysis.lawalign import ALIGNED_COLUMNS, align, unexplained
from civcomm.analysis.lawlayout import EDITORIAL_WORDS
from civcomm.analysis.legaltext import COLUMNS, LAW_KINDS, ParseResult, parse_file
from civcomm.analysis.textfile import PARSER_LANGS, LegalTextError, act_id_from_path
from civcomm.core.paths import law_texts_dirs
from civcomm.data import cache

_ENDS = re.compile(r"[.;:!?)»\"”]\s*$")


@dataclass
class LawTexts:
    """Everything read from the official texts of the acts."""

    provisions: pd.DataFrame  # every row of every text (legaltext.COLUMNS)
    articles: pd.DataFrame  # the article headings of every text
    events: pd.DataFrame  # amendment events (amendments.EVENT_COLUMNS)
    aligned: pd.DataFrame  # kk/ru units side by side, every act with both texts (lawalign.ALIGNED_COLUMNS)
    files: dict[tuple[str, str], Path] = field(default_factory=dict)  # (act, lang) -> the file read
    encodings: dict[tuple[str, str], str] = field(default_factory=dict)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (act, lang) -> lines of the file
    sources: dict[tuple[str, str], str] = field(default_factory=dict)  # (act, lang) -> source id, if registered
    problems: list[str] = field(default_factory=list)  # bad input: texts not used, notes not read
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # registered texts not found: (act, lang, source)
    unexplained: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ALIGNED_COLUMNS))
    warnings: list[str] = field(default_factory=list)

    @property
    def acts(self) -> list[str]:
        return sorted({a for a, _ in self.files})


def find_texts(directories: list[Path] | None = None) -> dict[tuple[str, str], Path]:
    """(act, lang) -> file, from the official-texts folders (a file in an earlier folder wins)."""
    found: dict[tuple[str, str], Path] = {}
    for d in directories if directories is not None else law_texts_dirs():
        for path in sorted(d.glob("*.txt")):
            act, lang = act_id_from_path(path)
            if lang in PARSER_LANGS:
                found.setdefault((act, lang), path)
    return found


def registered(project=None) -> dict[tuple[str, str], tuple[str, object]]:
    """(act, lang) -> (source id, its ``official`` record) for every official text data/sources.yaml names."""
    project = project or cache.use()
    return {(s.official.act, s.lang): (sid, s.official) for sid, s in project.sources.items()
            if s.official is not None}


def shape_problems(res: ParseResult, record, path: Path) -> list[str]:
    """Why a parsed text is not the text the data records (another act, a truncated or other edition)."""
    problems = []
    arts = res.articles
    by_number = {r.article: r for r in arts.itertuples()}
    for h in record.headings:
        got = by_number.get(h.article)
        title = " ".join(h.title.split()).lower()
        if got is None or " ".join(str(got.article_title or "").split()).lower() != title:
            where = f"line {got.line} has '{got.article_title}'" if got is not None else "no such article heading"
            problems.append(f"{path}:{got.line if got is not None else 1}: article {h.article} should be titled "
                            f"'{h.title}' (line {h.line}) but {where}: a text of another act under this act's "
                            f"name? (expected the text data/sources.yaml records, {record.edition})")
            return problems  # the other checks say nothing more about another act
    n_articles, n_chapters = len(arts), arts["chapter"].nunique()
    last = arts.iloc[-1] if len(arts) else None
    if n_articles < record.articles:
        at = f"the last, article {last.article}, at line {last.line}" if last is not None else "none"
        problems.append(f"{path}:{res.n_lines}: {n_articles} article headings of {record.articles} ({at}): a "
                        f"truncated file? (expected the whole text, {record.edition})")
    elif n_articles > record.articles or n_chapters != record.chapters:
        problems.append(f"{path}:{last.line if last is not None else 1}: {n_articles} article and {n_chapters} "
                        f"chapter headings, but data/sources.yaml records {record.articles} and {record.chapters} "
                        f"for this text ({record.edition}): another edition? (expected the recorded one, or "
                        "update its record in data/sources.yaml)")
    return problems


def truncation_problem(res: ParseResult, path: Path) -> str | None:
    """A text that stops inside a sentence (its last unit of law text ends without a full stop or the like)."""
    df = res.provisions
    if df.empty or (df["kind"] == "signature").any():
        return None
    law = df[df["kind"].isin(LAW_KINDS) & (df["text"] != "")]
    if law.empty:
        return None
    last = law.iloc[-1]
    if _ENDS.search(last["text"]):
        return None
    return (f"{path}:{last['last_line']}: the text stops inside a sentence ('…{last['text'][-40:]}'): a truncated "
            "file? (expected the whole act, its last unit ending with a full stop)")


def read_law_texts(acts: list[str] | None = None, project=None, directories: list[Path] | None = None) -> LawTexts:
    """Find, parse, check, align and read the events of the official texts (of ``acts``, [] / None = all)."""
    project = project or cache.use()  # the sources (a context kind) say which texts are registered
    files = find_texts(directories)
    cache.note_official(files.values())
    records = registered(project)
    if acts:
        files = {k: p for k, p in files.items() if k[0] in acts}
        records = {k: v for k, v in records.items() if k[0] in acts}
    out = LawTexts(pd.DataFrame(columns=COLUMNS), pd.DataFrame(), pd.DataFrame(columns=EVENT_COLUMNS),
                   pd.DataFrame(columns=ALIGNED_COLUMNS))
    frames, heads = [], []
    for key, path in sorted(files.items()):
        try:
            res = parse_file(path)
        except LegalTextError as exc:
            out.problems.append(str(exc))
            continue
        record = records.get(key)
        bad = shape_problems(res, record[1], path) if record else []
        if not bad and (why := truncation_problem(res, path)):
            bad = [why]
        if bad:
            out.problems += bad
            continue
        out.files[key], out.encodings[key], out.lines[key] = path, res.encoding, res.n_lines
        if record:
            out.sources[key] = record[0]
        out.warnings += [f"{path.name}: {w}" for w in res.warnings]
        frames.append(res.provisions)
        heads.append(res.articles)
    out.missing = sorted((act, lang, sid) for (act, lang), (sid, _) in records.items() if (act, lang) not in out.files)
    if not frames:
        return out
    out.provisions = pd.concat(frames, ignore_index=True)
    out.articles = pd.concat(heads, ignore_index=True)
    editions = {act: rec.amended_to.isoformat() for (act, _), (_, rec) in records.items()}
    ev = read_events(out.provisions, editions, {k: str(p) for k, p in out.files.items()})
    out.events, out.problems = ev.events, out.problems + ev.problems
    both = sorted({a for a, _ in out.files if (a, "kk") in out.files and (a, "ru") in out.files})
    if both:
        out.aligned = pd.concat([align(out.provisions, a) for a in both], ignore_index=True)
        listed = {a.act: a.text_differences for a in project.all("kz_act")}
        missing = [unexplained(out.aligned[out.aligned["act_id"] == a], listed.get(a, []))[0] for a in both]
        out.unexplained = pd.concat(missing, ignore_index=True)
    return out


def unread_acts(law: LawTexts, acts: list[str] | None = None, project=None) -> list[tuple[str, list[str]]]:
    """Acts of data/kz_law whose official texts are registered but could not be read: (act, [langs])."""
    out: dict[str, list[str]] = {}
    for act, lang, _ in law.missing:
        if not acts or act in acts:
            out.setdefault(act, []).append(lang)
    return sorted(out.items())


def text_counts(law: LawTexts) -> pd.DataFrame:
    """Per text: its file, encoding, lines, chapter and article headings, rows by kind, units holding the
    publisher's words (0 when parsed right), amendment events and pending ones."""
    rows = []
    for (act, lang), path in sorted(law.files.items()):
        df = law.provisions[(law.provisions["act_id"] == act) & (law.provisions["lang"] == lang)]
        arts = law.articles[(law.articles["act_id"] == act) & (law.articles["lang"] == lang)]
        kinds = df["kind"].value_counts()
        law_rows = df[df["kind"].isin(LAW_KINDS)]
        ev = law.events[(law.events["act_id"] == act) & (law.events["lang"] == lang)]
        rows.append({
            "act_id": act, "lang": lang, "source_id": law.sources.get((act, lang)), "file": path.name,
            "folder": str(path.parent), "encoding": law.encodings[(act, lang)], "n_lines": law.lines[(act, lang)],
            "n_chapters": int(arts["chapter"].nunique()), "n_articles": len(arts),
            "n_law_units": len(law_rows), "n_repealed": int(law_rows["is_repealed"].sum()),
            "n_notes": int(kinds.get("note", 0)), "n_editorial": int(kinds.get("editorial", 0)),
            "n_amendment_notes": int(kinds.get("amendment", 0)), "n_signature": int(kinds.get("signature", 0)),
            "n_marker_in_text": int(law_rows["text"].str.contains(EDITORIAL_WORDS).sum()),
            "n_events": len(ev), "n_pending": int(ev["is_pending"].sum()),
            "n_amending_acts": int(ev[["amending_date", "amending_act"]].drop_duplicates().shape[0]),
        })
    return pd.DataFrame(rows)


def alignment_counts(law: LawTexts) -> pd.DataFrame:
    """Per act with both texts: units in both languages, in kk only, in ru only, and how many of the latter
    no listed difference explains."""
    rows = []
    for act in sorted(set(law.aligned["act_id"])):
        a = law.aligned[law.aligned["act_id"] == act]
        present = a["present"].value_counts()
        rows.append({"act_id": act, "n_both": int(present.get("both", 0)), "n_kk_only": int(present.get("kk", 0)),
                     "n_ru_only": int(present.get("ru", 0)),
                     "n_unexplained": int((law.unexplained["act_id"] == act).sum()) if len(law.unexplained) else 0})
    return pd.DataFrame(rows, columns=["act_id", "n_both", "n_kk_only", "n_ru_only", "n_unexplained"])
