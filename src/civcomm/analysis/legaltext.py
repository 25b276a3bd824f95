"""Parse the plain text of a Kazakh or Russian legal act, as officially published, into units (one row each).

The layout is the publisher's (adilet.zan.kz, the Institute of Legislation and Legal Information, ИЗПИ /
ЗҚАИ): chapters ("1-тарау" / "Глава 1"), articles ("5-бап" / "Статья 5", inserted "5-1"), paragraphs
("1."), subparagraphs ("1)"), and unnumbered parts (абзацы). Around the law's own words the publisher
prints its own: editorial notes ("ЗҚАИ-ның ескертпесі!" / "Примечание ИЗПИ!" and the paragraph under
them), a table-of-contents heading and a press-release link ("МАЗМҰНЫ", "ПРЕСС-РЕЛИЗ"), notes of
Constitutional Court decisions, amendment notes after the units they concern ("Ескерту. 1-бапқа
өзгерістер енгізілді – ҚР ..." / "Сноска. Статья 1 с изменениями, внесенными ...") and the signature.
Each of these is a row of its own kind, with its lines, and never part of a unit's ``text``: the
publisher's words are in ``editorial``.

Paragraphs of the file are separated by blank lines. Inside one, a line break is a lost link of the
publisher's page ("... 16-бабы 3-тармағының" / "6) тармақшасы" / " Қазақстан ..."), so a line opens a
new unit only when it is a heading or when the line before it ends a sentence or clause. Texts laid out
one unit per line (no blank lines) read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from civcomm.analysis.lawlayout import (AMENDMENT_NOTE, COURT, EDITORIAL_ALONE, EDITORIAL_WITH_BODY, EDITORIAL_WORDS,
                                         ENDS_CLAUSE, MARKERS, PARAGRAPH, REPEAL, SIGNATURE, STARTS_LOWER, SUBPARAGRAPH,
                                         is_general_part, language_problem, split_amendments)
from civcomm.analysis.textfile import (PARSER_LANGS, LegalTextError, act_id_from_path, clean_lines, join_line,
                                       read_text, real_hyphenated)

__all__ = ["COLUMNS", "EDITORIAL_WORDS", "PARSER_LANGS", "LegalTextError", "ParseResult", "act_id_from_path", "is_general_part",
           "is_law_text", "parse_dir", "parse_file", "parse_text", "read_units", "split_amendments"]

COLUMNS = ["provision_id", "act_id", "lang", "chapter", "chapter_title", "article", "article_title",
           "paragraph", "subparagraph", "part", "kind", "text", "amendment_notes", "editorial", "marker",
           "is_repealed", "line", "last_line"]
LAW_KINDS = ("text", "note", "preamble", "block")  # rows holding the law's own words
# kinds of rows: text (a unit of the law), note (the act's own note), preamble, block (a text without
# structure), amendment (the publisher's amendment note), editorial (the publisher's note, contents
# heading, press release, a Constitutional Court decision), signature


@dataclass
class ParseResult:
    """The units of one act, its article headings, the encoding detected and what the parser noticed."""

    provisions: pd.DataFrame
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    articles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ARTICLE_COLUMNS))
    n_lines: int = 0


ARTICLE_COLUMNS = ["act_id", "lang", "chapter", "chapter_title", "article", "article_title", "line"]

# --------------------------------------------------------------------------- lines -> segments


@dataclass
class _Segment:
    """Consecutive lines of the file that make one row: a unit, a note, a heading or the publisher's words."""

    first: int
    last: int
    lines: list[str]
    block_start: bool  # the segment opens a blank-line-separated paragraph of the file


def _segments(lines: list[str], lang: str) -> list[_Segment]:
    mk = MARKERS[lang]
    heads = (mk["chapter"], mk["article"])
    starts = (PARAGRAPH, SUBPARAGRAPH, mk["note"], EDITORIAL_WITH_BODY[lang], EDITORIAL_ALONE[lang])
    segs: list[_Segment] = []
    cur: _Segment | None = None
    prev_head = False
    for no, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            cur, prev_head = None, False
            continue
        is_head = any(h.match(line) for h in heads)
        if cur is None:
            cur = _Segment(no, no, [raw], True)
            segs.append(cur)
        elif is_head or (prev_head and not _is_title_continuation(line, cur, lang)) or (
                ENDS_CLAUSE.search(cur.lines[-1]) and any(s.match(line) for s in starts)) or (
                EDITORIAL_ALONE[lang].match(line) or EDITORIAL_WITH_BODY[lang].match(line)):
            cur = _Segment(no, no, [raw], False)
            segs.append(cur)
        else:
            cur.lines.append(raw)
            cur.last = no
        prev_head = is_head or (prev_head and _is_title_continuation(line, cur, lang))
    return segs


def _is_title_continuation(line: str, seg: _Segment, lang: str) -> bool:
    """A chapter title printed over two lines continues in capitals ("ЖӘНЕ ОНЫ ӨТКЕРУ ЕРЕКШЕЛІКТЕРІ")."""
    return bool(MARKERS[lang]["chapter"].match(seg.lines[0].strip())) and line.upper() == line and any(
        ch.isalpha() for ch in line) and not any(h.match(line) for h in (MARKERS[lang]["article"], PARAGRAPH, SUBPARAGRAPH))


def _joined(seg: _Segment, real: set[str]) -> tuple[str, int]:
    text, joined = "", 0
    for raw in seg.lines:
        text, did = join_line(text, raw, real)
        joined += did
    return re.sub(r"[ \t]+", " ", text).strip(), joined


# --------------------------------------------------------------------------- segments -> units


@dataclass
class _Unit:
    kind: str
    chapter: str | None
    chapter_title: str | None
    article: str | None
    article_title: str | None
    paragraph: str | None
    subparagraph: str | None
    part: int
    line: int
    last_line: int
    text: str
    editorial: str | None = None
    marker: str | None = None
    amendment_notes: list[str] = field(default_factory=list)
    ends_sentence: bool = False


class _Reader:
    """The parser's state while it walks the segments of one text."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.mk = MARKERS[lang]
        self.units: list[_Unit] = []
        self.articles: list[tuple] = []
        self.chapter = self.chapter_title = self.article = self.article_title = None
        self.paragraph = self.subparagraph = None
        self.parts: dict[tuple, int] = {}  # (article, paragraph, subparagraph) -> parts so far
        self.trailing: list[_Unit] = []  # unnumbered parts after the last subparagraph read so far
        self.await_body: _Unit | None = None  # an editorial heading whose paragraph comes next
        self.joined = 0

    def add(self, kind: str, seg: _Segment, text: str, **kw) -> _Unit:
        u = _Unit(kind, self.chapter, self.chapter_title, self.article, self.article_title, kw.pop("paragraph", None),
                  kw.pop("subparagraph", None), kw.pop("part", 1), seg.first, seg.last, text, **kw)
        self.units.append(u)
        return u

    def close_list(self) -> None:
        """Unnumbered parts after a paragraph's last subparagraph belong to the paragraph ("Осы тармақтың
        бірінші бөлігінде ..."), not to that subparagraph, when the list ended with a full stop."""
        if self.trailing:
            last_sp = next((u for u in reversed(self.units) if u.subparagraph and u.part == 1
                            and u.paragraph == self.trailing[0].paragraph and u.article == self.trailing[0].article), None)
            if last_sp is not None and last_sp.ends_sentence and all(not STARTS_LOWER.match(u.text) for u in self.trailing):
                for u in self.trailing:
                    key = (u.article, u.paragraph, None)
                    self.parts[key] = self.parts.get(key, 1) + 1
                    u.subparagraph, u.part = None, self.parts[key]
        self.trailing = []

    def container(self) -> tuple:
        return (self.article, self.paragraph, self.subparagraph)

    def read(self, seg: _Segment, real: set[str]) -> None:
        text, joined = _joined(seg, real)
        self.joined += joined
        lang, mk = self.lang, self.mk
        if self.await_body is not None:  # the paragraph under "ЗҚАИ-ның ескертпесі!" (or a bare "Ескертпе.")
            body = self.await_body
            if body.kind == "note":
                body.text, body.ends_sentence = text, bool(ENDS_CLAUSE.search(text))
            else:
                body.editorial = text
            body.last_line, self.await_body = seg.last, None
            return
        if m := mk["chapter"].match(text):
            self.close_list()
            self.chapter, self.chapter_title = m.group(1), (m.group(2) or "").strip() or None
            self.article = self.article_title = self.paragraph = self.subparagraph = None
            return
        if m := mk["article"].match(text):
            self.close_list()
            self.article, self.paragraph, self.subparagraph = m.group(1), None, None
            head = (m.group(2) or "").strip()
            title, notes = split_amendments(head, lang)
            self.article_title = title or None
            self.articles.append((self.chapter, self.chapter_title, self.article, self.article_title, seg.first))
            if notes:  # "3-бап. Алып тасталды - ҚР ... Заңымен.": the article's own row, repealed
                self.add("text", seg, "", amendment_notes=notes)
            return
        if EDITORIAL_WITH_BODY[lang].match(text):  # it stands among units: the list goes on after it
            self.await_body = self.add("editorial", seg, "", marker=text, editorial="",
                                       paragraph=self.paragraph, subparagraph=self.subparagraph)
            return
        if EDITORIAL_ALONE[lang].match(text):
            self.add("editorial", seg, "", marker=text, editorial="")
            return
        if COURT[lang].match(text):
            self.add("editorial", seg, "", marker="court", editorial=text, paragraph=self.paragraph,
                     subparagraph=self.subparagraph)
            return
        if SIGNATURE[lang].match(text) or (self.units and self.units[-1].kind == "signature" and seg.block_start
                                           and text.upper() == text):
            self.close_list()
            if self.units and self.units[-1].kind == "signature":
                sig = self.units[-1]
                sig.editorial, sig.last_line = f"{sig.editorial} {text}", seg.last
            else:
                self.add("signature", seg, "", editorial=text)
            return
        if m := mk["note"].match(text):
            self.close_list()
            body = m.group(1)
            if lang == "ru" and text.lower().startswith("сноска") or AMENDMENT_NOTE[lang].search(body):
                self.add("amendment", seg, "", editorial=text)  # it names the unit it concerns
            else:  # the act's own note belongs to the paragraph (or article) it follows
                key = (self.article, self.paragraph, "note")
                self.parts[key] = self.parts.get(key, 0) + 1
                note = self.add("note", seg, body, paragraph=self.paragraph, part=self.parts[key])
                if not body.strip():  # "Ескертпе." on a line of its own: the note is the paragraph under it
                    self.await_body = note
            return
        if (m := PARAGRAPH.match(text)) and (seg.block_start or not STARTS_LOWER.match(m.group(2) or "")):
            self.close_list()
            self.paragraph, self.subparagraph = m.group(1), None
            self.parts[self.container()] = 1
            self._unit(seg, m.group(2) or "")
            return
        if m := SUBPARAGRAPH.match(text):
            self.trailing = []
            self.subparagraph = m.group(1)
            self.parts[self.container()] = 1
            self._unit(seg, m.group(2) or "")
            return
        # an unnumbered part: a page break inside a sentence continues the unit before it
        last = self.units[-1] if self.units else None
        if (last is not None and last.kind in LAW_KINDS and STARTS_LOWER.match(text) and not last.ends_sentence
                and last.text):
            last.text = f"{last.text} {text}"
            last.last_line, last.ends_sentence = seg.last, bool(ENDS_CLAUSE.search(text))
            return
        if self.chapter is None and self.article is None:
            key = (None, None, None)
            self.parts[key] = self.parts.get(key, 0) + 1
            self._unit(seg, text, kind="preamble", part=self.parts[key])
            return
        key = self.container()
        self.parts[key] = self.parts.get(key, 0) + 1
        u = self._unit(seg, text, part=self.parts[key])
        if self.subparagraph is not None:
            self.trailing.append(u)

    def _unit(self, seg: _Segment, text: str, kind: str = "text", part: int = 1) -> _Unit:
        own, notes = split_amendments(text, self.lang)
        u = self.add(kind, seg, own, paragraph=self.paragraph, subparagraph=self.subparagraph, part=part,
                     amendment_notes=notes)
        u.ends_sentence = bool(ENDS_CLAUSE.search(text))
        return u

    def finish(self) -> None:
        self.close_list()


def parse_text(text: str, lang: str, act_id: str, unstructured_ok: bool = False) -> ParseResult:
    """Parse raw text into units (see the module docstring). A text with no chapter, article, paragraph or
    subparagraph marker of ``lang`` is refused (LegalTextError), unless ``unstructured_ok``: then it is
    split into one block per blank-line-separated paragraph, with a warning."""
    if lang not in PARSER_LANGS:
        raise LegalTextError(f"unknown language '{lang}' (expected one of: {', '.join(PARSER_LANGS)})")
    lines, warnings = clean_lines(text)
    mk = MARKERS[lang]
    structural = sum(1 for ln in lines if (s := ln.strip()) and (
        mk["chapter"].match(s) or mk["article"].match(s) or PARAGRAPH.match(s) or SUBPARAGRAPH.match(s)))
    if structural == 0:
        other = "ru" if lang == "kk" else "kk"
        hint = ""
        if any((s := ln.strip()) and (MARKERS[other]["chapter"].match(s) or MARKERS[other]["article"].match(s))
               for ln in lines):
            hint = f"; the text has {other} chapter/article headings: did you mean --lang {other}?"
        message = (f"no chapter, article, paragraph or subparagraph markers recognised for lang={lang} "
                   f"(expected an act laid out as published: '1-тарау'/'Глава 1', '1-бап'/'Статья 1', '1.', '1)'){hint}")
        if not unstructured_ok:
            raise LegalTextError(f"{act_id}:1: {message}")
        warnings.append(f"{act_id}: {message}; split into one provision per paragraph (blank-line separated)")
        return ParseResult(_blocks(lines, lang, act_id), warnings=warnings, n_lines=_file_lines(lines))
    problem = language_problem(lines, lang)
    if problem:
        raise LegalTextError(f"{act_id}:{problem}")
    real = real_hyphenated(lines)
    reader = _Reader(lang)
    for seg in _segments(lines, lang):
        reader.read(seg, real)
    reader.finish()
    if reader.await_body is not None:
        warnings.append(f"{act_id}:{reader.await_body.line}: the publisher's note '{reader.await_body.marker}' "
                        "has no paragraph under it (a truncated file?)")
    if reader.joined:
        warnings.append(f"joined {reader.joined} word(s) hyphenated across lines")
    articles = pd.DataFrame([(act_id, lang, *a) for a in reader.articles], columns=ARTICLE_COLUMNS)
    return ParseResult(_frame(reader.units, lang, act_id), warnings=warnings, articles=articles,
                       n_lines=_file_lines(lines))


def _file_lines(lines: list[str]) -> int:
    """Lines of the file as an editor numbers them (a final line end opens no line)."""
    return len(lines) - 1 if lines and lines[-1] == "" else len(lines)


def _blocks(lines: list[str], lang: str, act_id: str) -> pd.DataFrame:
    units, start, buf = [], None, []
    real = real_hyphenated(lines)
    for no, line in enumerate([*lines, ""], start=1):
        if line.strip():
            start = start or no
            buf.append(line)
            continue
        if buf:
            text, _ = _joined(_Segment(start, no - 1, buf, True), real)
            units.append(_Unit("block", None, None, None, None, None, None, len(units) + 1, start, no - 1, text))
        start, buf = None, []
    return _frame(units, lang, act_id)


def _locator(u: _Unit) -> str:
    parts = []
    if u.article:
        parts.append(f"art{u.article}")
    elif u.chapter:
        parts.append(f"ch{u.chapter}")
    if u.paragraph:
        parts.append(f"p{u.paragraph}")
    if u.subparagraph:
        parts.append(f"sp{u.subparagraph}")
    if u.kind in ("note", "preamble", "block", "amendment", "editorial", "signature"):
        parts.append(u.kind)
    elif u.part > 1:
        parts.append(f"pt{u.part}")
    return ".".join(parts)


def _frame(units: list[_Unit], lang: str, act_id: str) -> pd.DataFrame:
    rows, seen = [], {}
    for u in units:
        loc = _locator(u)
        seen[loc] = seen.get(loc, 0) + 1
        if u.kind in ("note", "preamble", "block", "amendment", "editorial", "signature"):
            loc = f"{loc}{seen[loc]}"
        elif seen[loc] > 1:
            loc = f"{loc}~{seen[loc]}"
        notes = u.amendment_notes
        rows.append({
            "provision_id": f"{act_id}.{lang}.{loc}",
            "act_id": act_id, "lang": lang,
            "chapter": u.chapter, "chapter_title": u.chapter_title or None,
            "article": u.article, "article_title": u.article_title or None,
            "paragraph": u.paragraph, "subparagraph": u.subparagraph, "part": u.part,
            "kind": u.kind,
            "text": u.text if u.kind in LAW_KINDS else "",
            "amendment_notes": " | ".join(notes) or None,
            "editorial": u.editorial, "marker": u.marker,
            "is_repealed": bool(notes) and not u.text and any(REPEAL[lang].search(n) for n in notes),
            "line": u.line, "last_line": u.last_line,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def is_law_text(kind: str | None) -> bool:
    """Whether a row of this kind holds the law's own words (and may be coded)."""
    return kind in LAW_KINDS


# --------------------------------------------------------------------------- files


def parse_file(path: Path, lang: str | None = None, act_id: str | None = None,
               unstructured_ok: bool = False) -> ParseResult:
    """Read, decode and parse one act; ``lang``/``act_id`` default to the file name's."""
    path = Path(path)
    name_id, name_lang = act_id_from_path(path)
    lang = lang or name_lang
    if lang not in PARSER_LANGS:
        raise LegalTextError(f"{path}: cannot tell the language (expected --lang kk|ru or a file named "
                             "<act_id>.kk.txt / <act_id>.ru.txt)")
    text, encoding = read_text(path)
    try:
        result = parse_text(text, lang, act_id or name_id, unstructured_ok=unstructured_ok)
    except LegalTextError as exc:
        raise LegalTextError(str(exc).replace(f"{act_id or name_id}:", f"{path}:", 1)) from None
    result.encoding = encoding
    return result


def parse_dir(directory: Path) -> tuple[pd.DataFrame, list[str]]:
    """Every ``<act_id>.<lang>.txt`` in ``directory`` parsed into one table (and the messages)."""
    frames, messages = [], []
    for path in sorted(Path(directory).glob("*.txt")):
        act_id, lang = act_id_from_path(path)
        if lang is None:
            messages.append(f"{path.name}: skipped (expected a name like <act_id>.kk.txt or <act_id>.ru.txt)")
            continue
        try:
            res = parse_file(path)
        except LegalTextError as exc:
            messages.append(str(exc))
            continue
        messages.append(f"{path.name}: {len(res.provisions)} provisions, encoding {res.encoding}")
        messages += res.warnings
        frames.append(res.provisions)
    if not frames:
        return pd.DataFrame(columns=COLUMNS), messages
    return pd.concat(frames, ignore_index=True), messages


def read_units(path, lang: str) -> pd.DataFrame:
    """A provisions CSV (with provision_id and text) or a plain text file parsed as an act."""
    path = Path(path)
    if not path.is_file():
        raise LegalTextError(f"{path}: no such file (expected a provisions CSV or a plain-text act)")
    if path.suffix.lower() == ".csv":
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise LegalTextError(f"{path}: not a readable UTF-8 CSV ({exc}) (expected a provisions table "
                                 "with columns provision_id and text)") from None
        missing = [c for c in ("provision_id", "text") if c not in df.columns]
        if missing:
            raise LegalTextError(f"{path}:1: missing column(s) {', '.join(missing)} (expected a provisions table "
                                 "with columns provision_id and text, as `civcomm parse` writes)")
        return df
    if lang in ("kk", "ru"):
        return parse_file(path, lang=lang, unstructured_ok=True).provisions
    text, _ = read_text(path)
    return pd.DataFrame({"provision_id": [path.stem], "text": [text]})
