"""Verbatim fields checked against the source texts they cite: locator lines, text lookup, the check itself."""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civcomm.core.paths import law_texts_dirs, project_root
from civcomm.data import models as m
from civcomm.data.doc import ProjectView
from civcomm.data.kinds import BY_NAME
from civcomm.data.modelcheck import iter_marked
from civcomm.data.problems import Problem, display_path, format_loc, line_of
from civcomm.data.verbatim import QUOTES, Verbatim, iter_verbatim

ENV = "CIVCOMM_SOURCES"
DEFAULT_DIR = ("..", "shared", "seeds")  # beside a clone of this repository, where the seeds live

# `l.525`, `l.520-522` (also with an en dash), anywhere in a locator: `§1.3 l.334`, `Table 5 l.520`
LINE_RE = re.compile(r"(?<![\w.])l\.\s?(\d+)(?:\s?[-–]\s?(\d+))?")
# a citation mark as the seeds print it: [101], [102, р. 300-317], [120; 125; 127]
CITATION_RE = re.compile(r"\s*\[\d+(?:[,;][^\]\n]*)?\]")
DOUBLE_QUOTES = re.compile("[«»“”„]")
SINGLE_QUOTES = re.compile("[’‘`]")
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\ufeff]")  # soft hyphen, zero-width characters
SHOWN = 40  # characters of a quote shown in a message


# --------------------------------------------------------------------------- locators


@dataclass(frozen=True, order=True)
class Span:
    """Lines ``first``..``last`` (1-based, inclusive) of a source text."""

    first: int
    last: int

    def __str__(self) -> str:
        return f"l.{self.first}" if self.first == self.last else f"l.{self.first}-{self.last}"

    def __contains__(self, other: Span) -> bool:
        return self.first <= other.first and other.last <= self.last


def parse_lines(locator: str) -> list[Span]:
    """The line spans a locator cites: 'Table 5 l.520' -> [l.520]; 'l.520-522' -> [l.520-522]."""
    spans = []
    for a, b in LINE_RE.findall(locator or ""):
        first, last = int(a), int(b or a)
        spans.append(Span(min(first, last), max(first, last)))
    return spans


def split_ref(ref: str) -> tuple[str, str]:
    source, _, locator = ref.partition("#")
    return source, locator


# --------------------------------------------------------------------------- texts


def _joined(text: str, joins: tuple[str, ...]) -> str:
    """Normalised text with each soft-broken word ('коммуникация сы') joined ('коммуникациясы')."""
    for broken in joins:
        b = normalise(broken)
        text = text.replace(b, b.replace(" ", ""))
    return text


def normalise(text: str) -> str:
    """What a verbatim comparison sees: no citation marks, one space for any whitespace, plain quote marks, one case.

    Case is folded because a quote may lower-case a heading or a chart label printed in capitals
    ('бірінші басшысы' for 'БІРІНШІ БАСШЫСЫ'); words, word forms and their order must match.
    """
    text = CITATION_RE.sub("", INVISIBLE.sub("", text))
    text = SINGLE_QUOTES.sub("'", DOUBLE_QUOTES.sub('"', text))
    return " ".join(text.split()).casefold()


class SourceText:
    """One plain-text source, split into lines, searchable for a quote line by line."""

    def __init__(self, path: Path):
        self.path = path
        self.lines = path.read_text(encoding="utf-8-sig").split("\n")
        if len(self.lines) > 1 and self.lines[-1] == "":
            self.lines.pop()  # the newline that ends the last line opens no new line
        self.n_lines = len(self.lines)
        self.normalised = [normalise(line) for line in self.lines]
        self._numbered: list[tuple[int, int]] | None = None
        self._index: dict[tuple[str, ...], tuple[str, list[int], list[int]]] = {}

    def _indexed(self, joins: tuple[str, ...]) -> tuple[str, list[int], list[int]]:
        """The normalised text (non-empty lines joined by one space), where each line starts and ends in it."""
        if joins not in self._index:
            starts, ends, parts, pos = [], [], [], 0
            for line in self.normalised:
                text = _joined(line, joins) if joins else line  # a word printed with a soft break inside is joined
                if text and pos:  # an empty line adds nothing: a name broken over a blank line still reads as one
                    parts.append(" ")
                    pos += 1
                starts.append(pos)
                parts.append(text)
                pos += len(text)
                ends.append(pos)
            self._index[joins] = ("".join(parts), starts, ends)
        return self._index[joins]

    def _span_of(self, starts: list[int], i: int, n: int) -> Span:
        return Span(bisect.bisect_right(starts, i), bisect.bisect_right(starts, i + max(n, 1) - 1))

    def is_at(self, quote: str, span: Span, joins: tuple[str, ...] = ()) -> bool:
        """True if the quote stands within the lines of ``span``."""
        full, starts, ends = self._indexed(joins)
        q = _joined(normalise(quote), joins)
        return bool(q) and full.find(q, starts[span.first - 1], ends[span.last - 1]) >= 0

    def find(self, quote: str, joins: tuple[str, ...] = (), limit: int = 1000) -> list[Span]:
        """Every place the quote stands in the text, in line order (at most ``limit``)."""
        full, starts, _ = self._indexed(joins)
        q = _joined(normalise(quote), joins)
        found: list[Span] = []
        i = full.find(q) if q else -1
        while i >= 0 and len(found) < limit:
            found.append(self._span_of(starts, i, len(q)))
            i = full.find(q, i + len(q))
        return found

    def runs_across(self, quote: str, spans: list[Span], joins: tuple[str, ...] = ()) -> bool:
        """True if the quote runs through the cited spans read in the order cited (a table cell
        continued after a page break: l.624 then l.631)."""
        if len(spans) < 2:
            return False
        text = " ".join(self.normalised[i - 1] for s in spans for i in range(s.first, s.last + 1))
        text = _joined(" ".join(text.split()), joins)
        q = _joined(normalise(quote), joins)
        return bool(q) and q in text


def sources_dir(explicit: str | Path | None = None) -> Path | None:
    """Where the plain-text copies of sources are: ``--sources``, else $CIVCOMM_SOURCES, else ../shared/seeds."""
    if explicit:
        return Path(explicit).resolve()
    env = os.environ.get(ENV)
    if env:
        return Path(env).resolve()
    default = project_root().joinpath(*DEFAULT_DIR).resolve()
    return default if default.is_dir() else None


def text_name(src: m.Source | None) -> str | None:
    """The file name of a source's plain-text copy: a seed's, or an official text's (None: no copy)."""
    if src is None:
        return None
    return src.seed_file or (src.official.file if src.official is not None else None)


def text_path(src: m.Source | None, directory: Path | None) -> Path | None:
    """Where a source's text is: a seed in the sources folder, an official text in the official-texts folders."""
    if src is not None and src.official is not None:
        return next((p for d in law_texts_dirs() if (p := d / src.official.file).is_file()), None)
    return directory / src.seed_file if (directory and src is not None and src.seed_file) else None


_TEXTS: dict[Path, tuple[float, SourceText]] = {}


def read_text(path: Path) -> SourceText:
    """One SourceText per file per process (re-read when the file changes)."""
    mtime = path.stat().st_mtime
    if path not in _TEXTS or _TEXTS[path][0] != mtime:
        _TEXTS[path] = (mtime, SourceText(path))
    return _TEXTS[path][1]


# --------------------------------------------------------------------------- checking a project


@dataclass
class Tally:
    """How many verbatim fields were checked, and why the others were not."""

    checked: int = 0
    missing_text: dict[str, int] = field(default_factory=dict)  # source id -> fields whose text is absent
    no_text_source: int = 0  # fields citing only sources that have no text copy (bibliography items)
    directory: Path | None = None

    @property
    def not_checked(self) -> int:
        return sum(self.missing_text.values()) + self.no_text_source

    def summary(self, sources: dict[str, m.Source]) -> list[str]:
        """One line on what was checked, and one on what could not be (never silence)."""
        lines = [f"{self.checked} verbatim field(s) checked against their source texts"]
        if self.missing_text:
            where = str(self.directory) if self.directory else "no sources directory"
            files = ", ".join(f"{sid} ({text_name(sources[sid])}, {n})" for sid, n in sorted(self.missing_text.items()))
            lines.append(f"{sum(self.missing_text.values())} verbatim field(s) not checked: no text in {where} for {files} "
                         f"(expected --sources DIR or ${ENV} naming the folder that holds them)")
        if self.no_text_source:
            lines.append(f"{self.no_text_source} other field(s) in a cited source's language (names, quotes) cite only "
                         "sources without a text copy: not checkable")
        return lines


def short(text: str, n: int = SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _places(spans: list[Span]) -> str:
    return " or ".join(str(s) for s in spans)


def check(project: ProjectView, targets: set[Path], directory: Path | None) -> tuple[list[Any], Tally]:
    """Problems of every verbatim field and every line locator of the target files; the tally of checks."""
    sources = project.sources
    tally = Tally(directory=directory)
    texts: dict[str, SourceText | None] = {}

    problems = []

    def text_of(sid: str) -> SourceText | None:
        if sid not in texts:
            path = text_path(sources.get(sid), directory)
            texts[sid] = None
            if path and path.is_file():
                try:
                    texts[sid] = read_text(path)
                except (OSError, UnicodeDecodeError) as exc:
                    problems.append(Problem(str(path), 1, "", f"cannot read the text of {sid} ({exc.__class__.__name__}: "
                                            f"{exc}) (expected a UTF-8 plain-text file)"))
        return texts[sid]

    for doc in project.docs:
        if doc.path not in targets or doc.model is None:
            continue
        shown = display_path(doc.path)
        # every line number a ref cites must exist in the text it cites
        for loc, value, marker in iter_marked(BY_NAME[doc.kind].model, doc.raw):
            if not isinstance(marker, m.RefMarker) or not isinstance(value, str):
                continue
            sid, locator = split_ref(value)
            src = sources.get(sid)
            if not text_name(src) or text_of(sid) is None:
                continue
            n = text_of(sid).n_lines
            for span in parse_lines(locator):
                if span.first < 1 or span.last > n:
                    problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc),
                                            f"'{value}': {span} is beyond the end of {text_name(src)} ({n} lines) "
                                            f"(expected lines 1-{n})"))
        for v in iter_verbatim(doc.model):
            problems += _check_one(v, doc, shown, sources, text_of, tally)
        if doc.kind == "country" and doc.model.table2 is not None:
            problems += _check_table2_number(doc, shown, sources, text_of)
    return problems, tally


NUMBERED_RE = re.compile(r"^\s*(\d+)\.\s")


def _check_table2_number(doc: Any, shown: str, sources: dict[str, m.Source], text_of) -> list[Any]:
    """A country's Table 2 position is the number the dissertation prints before its line of the list."""
    row = doc.model.table2
    for ref in row.refs:
        sid, locator = split_ref(ref)
        text = text_of(sid) if text_name(sources.get(sid)) else None
        for span in parse_lines(locator) if text is not None else []:
            if not 1 <= span.first <= text.n_lines:
                continue
            mt = NUMBERED_RE.match(text.lines[span.first - 1])
            if mt and int(mt.group(1)) != row.order:
                return [Problem(shown, line_of(doc.raw, ("table2", "order")), "table2.order",
                                f"{row.order}, but {sid} {span} numbers this country {mt.group(1)} "
                                f"(expected {mt.group(1)}, the number the dissertation prints)")]
    return []


def _cited_spans(v: Verbatim, sources: dict[str, m.Source]) -> dict[str, list[Span]] | None:
    """Source id -> the spans the field's refs cite in sources that have a text copy; None if not checkable."""
    if v.how == "entry":  # an act's title, form or adilet id: in its bibliography entry (title, id: or where cited)
        bib = [sources.get(split_ref(r)[0]) for r in getattr(v.owner, "act_sources", []) or []]
        cited = _bib_spans([s for s in bib if s is not None], sources)
        if v.loc[0] in ("title", "adilet_id"):
            for sid, spans in _ref_spans(v, sources).items():
                cited.setdefault(sid, []).extend(spans)
        return cited or None
    if v.how == "bib":
        return _bib_spans([v.owner], sources) or None
    return _ref_spans(v, sources) or None


def _ref_spans(v: Verbatim, sources: dict[str, m.Source]) -> dict[str, list[Span]]:
    cited: dict[str, list[Span]] = {}
    for ref in v.refs:
        sid, locator = split_ref(ref)
        src = sources.get(sid)
        if not text_name(src):
            continue
        if v.lang is not None and src.lang and src.lang != v.lang:
            continue  # e.g. an English label of a Kazakh source: the project's words, not the source's
        cited.setdefault(sid, []).extend(parse_lines(locator))
    return cited


def _bib_spans(entries: list[m.Source], sources: dict[str, m.Source]) -> dict[str, list[Span]]:
    """The citing seed of each bibliography item, with a placeholder span for its entry (located later)."""
    spans: dict[str, list[Span]] = {}
    for src in entries:
        via = split_ref(src.via)[0] if src.via else None
        if src.bib_no is not None and via in sources and sources[via].seed_file:
            spans.setdefault(via, []).append(Span(-src.bib_no, -src.bib_no))  # negative: a bibliography number
    return spans


def _resolve(spans: list[Span], text: SourceText) -> list[Span]:
    """Bibliography numbers (negative placeholders) replaced by the line of their entry."""
    out = []
    for s in spans:
        if s.first < 0:
            line = entry_line(text, -s.first)
            if line:
                out.append(Span(line, line))
        else:
            out.append(s)
    return out


def _check_one(v: Verbatim, doc: Any, shown: str, sources: dict[str, m.Source], text_of, tally: Tally) -> list[Any]:
    cited = _cited_spans(v, sources)
    if cited is None and (type(v.owner), v.loc[-2] if len(v.loc) > 1 else None) in QUOTES:
        other = sorted({f"{sid} ({sources[sid].lang})" for r in v.refs if (sid := split_ref(r)[0]) in sources
                        and text_name(sources[sid]) and sources[sid].lang and sources[sid].lang != v.lang})
        if other:
            return [Problem(shown, line_of(doc.raw, v.loc), format_loc(v.loc),
                            f"'{short(v.value)}' is given as the {v.lang} original, but the text it cites is "
                            f"{', '.join(other)} (expected original: {other[0].split('(')[1][:-1]} with the words as "
                            "printed; a translation goes beside it)")]
    if cited is None:
        if v.how == "refs" and any(
                (s := sources.get(split_ref(r)[0])) is not None and (v.lang is None or s.lang in (None, v.lang))
                for r in v.refs):
            tally.no_text_source += 1
        return []
    present = {sid: _resolve(spans, text_of(sid)) for sid, spans in cited.items() if text_of(sid) is not None}
    for sid in cited.keys() - present.keys():
        tally.missing_text[sid] = tally.missing_text.get(sid, 0) + 1
    if not present:
        return []
    tally.checked += 1
    found: list[tuple[str, Span]] = []
    for sid, spans in present.items():
        text = text_of(sid)
        spans = [s for s in spans if 1 <= s.first and s.last <= text.n_lines]
        if any(text.is_at(v.value, s, v.joins) for s in spans) or text.runs_across(v.value, spans, v.joins):
            return []
        places = text.find(v.value, v.joins)
        nearest = sorted(places, key=lambda p: min((abs(p.first - s.first) for s in spans), default=0))[:1]
        found += [(sid, p, len(places)) for p in nearest]
    one = len(present) == 1
    cited_text = "; ".join((_places(spans) if one else f"{sid} {_places(spans)}") if spans else f"{sid} (no line)"
                           for sid, spans in present.items())
    files = ", ".join(text_name(sources[sid]) for sid in present)
    if not any(present.values()) and v.how == "bib":
        msg = (f"no entry numbered {v.owner.bib_no} in the bibliography of {files} "
               f"(expected a line that opens with {v.owner.bib_no} and the entry as printed)")
    elif not any(present.values()):
        msg = (f"'{short(v.value)}' cites {files} without a line "
               "(expected a locator with the line or range where the words stand, e.g. l.525 or l.520-522)")
    elif found:
        at = ", ".join((str(p) if one else f"{sid} {p}") + (f" (nearest of {n} places)" if n > 1 else "")
                       for sid, p, n in found)
        msg = f"'{short(v.value)}' found at {at}, not {cited_text} (expected the words on the line or range the ref cites)"
    else:
        msg = (f"'{short(v.value)}' is not in {files} "
               f"(expected the words verbatim at {cited_text}; a paraphrase is not a quote)")
    return [Problem(shown, line_of(doc.raw, v.loc), format_loc(v.loc), msg)]


_ENTRY_RE = re.compile(r"^\s*(\d{1,3})\s+\S")


def entry_line(text: SourceText, bib_no: int) -> int | None:
    """The line of bibliography entry ``bib_no``: a line opening with the number whose numbered neighbour
    (within 5 lines) is ``bib_no`` - 1 or + 1, so that headings like '1 МЕМЛЕКЕТТІК...' are not taken."""
    if text._numbered is None:
        text._numbered = [(i + 1, int(mt.group(1))) for i, line in enumerate(text.lines) if (mt := _ENTRY_RE.match(line))]
    numbered = text._numbered
    hits = []
    for k, (line, num) in enumerate(numbered):
        if num != bib_no:
            continue
        prev = numbered[k - 1] if k else None
        nxt = numbered[k + 1] if k + 1 < len(numbered) else None
        if (prev and prev[1] == num - 1 and line - prev[0] <= 5) or (nxt and nxt[1] == num + 1 and nxt[0] - line <= 5):
            hits.append(line)
    return hits[-1] if hits else None
