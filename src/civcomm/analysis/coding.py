"""Dictionary coding of legal provisions with the codebook's lexicon stems.

The coder compiles every stem of a language into ONE regular expression shaped as a trie (stems
sharing a prefix share a branch), anchored at word starts. A stem matches a word that begins with
it, whatever suffixes follow (Kazakh agglutination "ашықтығы", "ашықтықты"; Russian inflection
"открытости", "открытостью"); a multi-word stem ("цифров грамотн") matches each of its words at
a word start with any whitespace between them; a stem of at most three letters (an abbreviation
such as "сми") matches only the whole word. A stem never matches inside a word ("ашықты" does not
match "қашықтық").
"""

from __future__ import annotations

import bisect
import os
import pickle
import re
import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from civcomm.analysis.morph import LEMMA_LANGS, Projection
from civcomm.data import cache

SEGMENT_COLUMNS = ["provision_id", "competence_id", "term", "stem", "start", "end", "quote"]
GAP = object()  # the whitespace between the words of a multi-word stem
QUOTE_MAX = 300
SEPARATOR = "\x00"  # between texts in one scan: neither a word character nor whitespace
PARALLEL_MIN_CHARS = 4_000_000  # below this, starting a process costs more than it saves


def _atoms(stem: str) -> list[Any]:
    words = stem.lower().split()
    atoms: list[Any] = []
    for i, w in enumerate(words):
        if i:
            atoms.append(GAP)
        atoms.extend(w)
    return atoms


def _is_abbreviation(stem: str) -> bool:
    s = stem.strip()
    return len(s) <= 3 and s.isalpha()


@dataclass
class _Node:
    children: dict[Any, _Node] = field(default_factory=dict)
    stems: list[str] = field(default_factory=list)  # stems ending here


GAP_WORDS = 4  # "…" in an exclusion context: up to this many other words


def context_regex(context: str) -> re.Pattern:
    """An exclusion context as a regex over lower-case text: words separated by spaces, ``stem*`` a word
    starting with the stem, ``a|b*`` alternatives, ``…`` up to four other words between two words (inside one
    clause)."""
    sep = r"[^\w.;:!?]+"  # between words of one clause: a context never runs over a full stop or semicolon
    gap = rf"(?:{sep}\w+(?:-\w+)*){{0,{GAP_WORDS}}}"
    body, pending_gap = "", False
    for token in context.lower().split():
        if token in ("…", "..."):
            pending_gap = True
            continue
        alts = [re.escape(a[:-1]) + r"[\w-]*" if a.endswith("*") else re.escape(a) + r"(?![\w-])"
                for a in token.split("|")]
        word = "(?:" + "|".join(alts) + ")"
        body = word if not body else body + (gap if pending_gap else "") + sep + word
        pending_gap = False
    return re.compile(r"(?<![\w-])" + body)


def _triggers(context: str, stems: Sequence[str]) -> tuple[str, ...]:
    """Literal strings one of which must stand in a clause for ``context`` to match there: the alternatives of
    the context's most telling word (not a word of the competence's own stems, the longest), lower-case."""
    own = [w for st in stems for w in st.lower().split()]
    words = [[alt.rstrip("*") for alt in tok.split("|")] for tok in context.lower().split() if tok not in ("…", "...")]
    foreign = [w for w in words if not any(a.startswith(o) or o.startswith(a) for a in w for o in own)]
    best = max(foreign or words, key=lambda alts: min(len(a) for a in alts))
    return tuple(best)


class Coder:
    """Compiled lexicon of one language: ``Coder({competence_id: [stems]}, lang).code_frame(df)``.

    ``exclusions`` (competence id -> contexts, see ``context_regex``): a match of the competence inside a
    span one of its contexts matches is not coded ("ответственность" in "привлечь к дисциплинарной
    ответственности" is liability). ``lemmas``: match the stems against lemmas (``morph.Projection``;
    default: where a lemmatiser serves the language, Russian)."""

    def __init__(self, lexicon: dict[str, Sequence[str]], lang: str = "kk",
                 exclusions: dict[str, Sequence[str]] | None = None, lemmas: bool | None = None):
        self.lang = lang
        self.lemmas = lang in LEMMA_LANGS if lemmas is None else lemmas
        self.exclusions = {cid: [(_triggers(c, lexicon.get(cid, ())), context_regex(c)) for c in contexts]
                           for cid, contexts in (exclusions or {}).items() if contexts}
        self.stem_competences: dict[str, list[str]] = {}
        for cid, stems in lexicon.items():
            for stem in stems:
                key = " ".join(stem.lower().split())
                if key and cid not in self.stem_competences.setdefault(key, []):
                    self.stem_competences[key].append(cid)
        self.n_stems = len(self.stem_competences)
        root = _Node()
        for stem in sorted(self.stem_competences):
            node = root
            for atom in _atoms(stem):
                node = node.children.setdefault(atom, _Node())
            node.stems.append(stem)
        self._leaves: dict[int, tuple[str, list[str]]] = {}
        body = self._node_regex(root, [])
        # the match starts with the non-word character before the word (the text gets a leading
        # space): the compiled pattern then begins with a character class, which lets the regex
        # engine skip every position inside a word without trying the trie there
        self.pattern = re.compile(rf"[^\w]{body}\w*") if body else None

    def _node_regex(self, node: _Node, prefix_stems: list[str]) -> str:
        here = prefix_stems + node.stems
        alts = []
        literal = [(a, c) for a, c in node.children.items() if a is not GAP]
        for atom, child in sorted(literal, key=lambda x: x[0]):
            alts.append(re.escape(atom) + self._node_regex(child, here))
        if GAP in node.children:
            alts.append(r"\w*\s+" + self._node_regex(node.children[GAP], here))
        if node.stems:
            group = len(self._leaves) + 1
            longest = node.stems[0]
            comps: list[str] = []
            for s in here:  # a longer stem also carries the competences of the stems it extends
                comps += [c for c in self.stem_competences[s] if c not in comps]
            self._leaves[group] = (longest, comps)
            guard = r"(?!\w)" if _is_abbreviation(longest) else ""
            alts.append(f"(){guard}")
        if not alts:
            return ""
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    @classmethod
    def from_codebook(cls, lang: str, competences: Iterable[str] | None = None, project=None) -> Coder:
        """The coder for ``lang`` built from data/codebook.yaml (optionally only ``competences``)."""
        project = project or cache.use("codebook")
        return cls.from_competences(project.vocab("competence"), lang, competences)

    @classmethod
    def from_competences(cls, competences: dict, lang: str, only: Iterable[str] | None = None) -> Coder:
        """The coder for ``lang`` from the codebook's competence entries (id -> entry; ``only``: these ids): each
        lexicon with its exclusion contexts."""
        wanted = set(only or [])
        chosen = {cid: c for cid, c in competences.items() if not wanted or cid in wanted}
        return cls({cid: c.lexicon.get(lang, []) for cid, c in chosen.items()}, lang,
                   exclusions={cid: [x.context for x in c.exclude.get(lang, [])] for cid, c in chosen.items()})

    # ---- matching

    def find(self, text: str) -> list[tuple[int, int, str, list[str]]]:
        """(start, end, stem, competence ids) of every match in ``text``."""
        if self.pattern is None or not text:
            return []
        proj = Projection(text, "ru" if self.lemmas else self.lang)
        low = _lower(text if self.lemmas else proj.text)  # exclusions read the surface (Latin i read as і)
        out = []
        for m in self.pattern.finditer(" " + _lower(proj.text)):
            stem, comps = self._leaves[m.lastindex]
            a, b = proj.to_original(m.start()), proj.to_original(m.end() - 1, end=True)
            left, right = _clause(text, a, b)
            comps = [c for c in comps if not self._excluded(c, low, a, b, left, right)]
            if comps:
                out.append((a, b, stem, comps))
        return out

    def _excluded(self, cid: str, low: str, a: int, b: int, lo: int, hi: int) -> bool:
        """Whether the match [a, b) of ``cid`` in the lower-case text stands in one of its exclusion contexts,
        searched in the clause [lo, hi) that holds it (a context never runs over a clause's end)."""
        pats = self.exclusions.get(cid)
        if not pats:
            return False
        clause = low[lo:hi]
        for triggers, rx in pats:
            # the regex runs only where a word the context needs stands in the clause (a substring test in C)
            if any(t in clause for t in triggers) and any(m.start() < b and a < m.end()
                                                          for m in rx.finditer(low, lo, hi)):
                return True
        return False

    def code_frame(self, df: pd.DataFrame, text_col: str = "text", id_col: str = "provision_id",
                   keep: Sequence[str] = (), workers: int | None = None) -> pd.DataFrame:
        """Coded segments of every row of ``df``: provision id, competence, term, span, quote.

        Spans are character offsets into the row's text. ``keep`` copies further columns (e.g.
        act_id) onto the segments. ``workers`` > 1 scans parts of a large frame in forked processes
        (see ``_map_forked``); the default uses the machine's cores for frames of more than
        ``PARALLEL_MIN_CHARS`` characters when the process has a single thread, else one process.
        The result does not depend on ``workers``.
        """
        cols = SEGMENT_COLUMNS + [c for c in keep if c not in SEGMENT_COLUMNS]
        if self.pattern is None or df.empty:
            return pd.DataFrame(columns=cols)
        texts = df[text_col].fillna("").astype(str).tolist()
        parts = _split(texts, _workers(workers, sum(map(len, texts))))
        columns: dict[str, list] = {c: [] for c in ["row"] + SEGMENT_COLUMNS[1:]}
        for (first, _), coded in zip(parts, _map_forked(self._code_part, [p[1] for p in parts])):
            if first:
                coded["row"] = [i + first for i in coded["row"]]
            for c, values in coded.items():
                columns[c] += values
        rows = columns.pop("row")
        out = {"provision_id": _take(df[id_col].tolist(), rows), **columns}
        for c in cols[len(SEGMENT_COLUMNS):]:
            out[c] = _take(df[c].tolist(), rows)
        return pd.DataFrame(out, columns=cols)

    def _code_part(self, texts: list[str]) -> dict[str, list]:
        """Segments of ``texts`` as columns; "row" is the index of the text in ``texts``.

        One regex pass over all texts joined, instead of one call per text. The separator is NUL:
        a non-word character (a word at a text's start is at a word start) that is not whitespace,
        so a multi-word stem cannot run from the end of one text into the next.
        """
        starts, pos = [], 1
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        joined = SEPARATOR.join(texts)
        proj = Projection(joined, "ru" if self.lemmas else self.lang)
        big = " " + _lower(proj.text)
        # exclusions read the surface: for Kazakh that is the scanned text itself (the same letters, positions)
        low = ((" " + _lower(joined)) if self.lemmas else big) if self.exclusions else ""
        row, comp, term, stem_col, start, end, quote = [], [], [], [], [], [], []
        leaves = self._leaves
        bisect_right = bisect.bisect_right
        excluded, exclusions = self._excluded, self.exclusions
        identity = proj.identity
        # the clauses' ends of a text with a match, found once per text (matches come in text order) and read by
        # bisect: a boundary is one character, so its start is its end - 1 (scanning the whole corpus for them
        # took a fifth of the coder's time)
        bisect_left = bisect.bisect_left
        boundary = _BOUNDARY.finditer
        cur, ends = -1, []
        for m in self.pattern.finditer(big):
            if identity:
                s, e = m.start() + 1, m.end()
            else:
                s = proj.to_original(m.start()) + 1
                e = proj.to_original(m.end() - 1, end=True) + 1
            i = bisect_right(starts, s) - 1
            off = starts[i]
            text = texts[i]
            a, b = s - off, e - off
            stem, comps = leaves[m.lastindex]
            if i != cur:
                cur, ends = i, [x.end() for x in boundary(text)]
            k = bisect_left(ends, b + 1)
            right = ends[k] if k < len(ends) else len(text)
            k = bisect_right(ends, a) - 1
            left = ends[k] if k >= 0 else 0
            if low and any(c in exclusions for c in comps):
                comps = [c for c in comps if not excluded(c, low, s, e, off + left, off + right)]
                if not comps:
                    continue
            q = _clause_quote(text, a, b, left, right)
            t = text[a:b]
            for cid in comps:
                row.append(i)
                comp.append(cid)
                term.append(t)
                stem_col.append(stem)
                start.append(a)
                end.append(b)
                quote.append(q)
        return {"row": row, "competence_id": comp, "term": term, "stem": stem_col, "start": start, "end": end,
                "quote": quote}

    def code_text(self, text: str, unit_id: str = "text") -> pd.DataFrame:
        return self.code_frame(pd.DataFrame({"provision_id": [unit_id], "text": [text]}))


def _workers(workers: int | None, n_chars: int) -> int:
    if workers is not None:
        if workers < 1:
            raise ValueError(f"workers={workers} (expected a whole number >= 1)")
        return workers
    if n_chars < PARALLEL_MIN_CHARS or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1  # forking a process that runs other threads (a Jupyter kernel) is not safe
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 8))


def _split(texts: list[str], n: int) -> list[tuple[int, list[str]]]:
    """``texts`` cut into at most ``n`` consecutive parts of about equal characters: (first index, part)."""
    if n <= 1 or len(texts) < 2:
        return [(0, texts)]
    total = sum(map(len, texts))
    parts, first, acc = [], 0, 0
    for i, t in enumerate(texts):
        acc += len(t)
        if acc >= total * (len(parts) + 1) / n and len(parts) < n - 1 and i + 1 < len(texts):
            parts.append((first, texts[first:i + 1]))
            first = i + 1
    parts.append((first, texts[first:]))
    return parts


def _map_forked(fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    """``[fn(x) for x in items]`` with items after the first computed in forked child processes.

    A child inherits the compiled pattern and its part of the texts without copying or pickling,
    and sends its result back pickled through a pipe. If a child fails (killed, out of memory),
    its part is computed here instead: the result is the same, only slower.
    """
    if len(items) < 2:
        return [fn(x) for x in items]
    children = []
    for item in items[1:]:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: compute, write, leave without running the parent's cleanup
            code = 1
            try:
                os.close(r)
                with os.fdopen(w, "wb") as f:
                    pickle.dump(fn(item), f, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        children.append((pid, r))
    collected: list[tuple[int, bytes]] = []
    try:
        results = [fn(items[0])]
        for pid, r in children:
            with os.fdopen(r, "rb") as f:
                data = f.read()
            collected.append((os.waitpid(pid, 0)[1], data))
    finally:  # interrupted here (Ctrl-C in a session that goes on): no child left blocked on its pipe
        for pid, r in children[len(collected):]:
            for action in (lambda: os.close(r), lambda: os.kill(pid, signal.SIGKILL), lambda: os.waitpid(pid, 0)):
                try:
                    action()
                except OSError:
                    pass
    for item, (status, data) in zip(items[1:], collected):
        results.append(pickle.loads(data) if status == 0 else fn(item))
    return results


def _take(values: list, rows: list[int]) -> list:
    return [values[i] for i in rows]


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # a few characters lower-case to two ("İ"): keep offsets aligned with the original text
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


_BOUNDARY = re.compile(r"[.;!?:](?=\s)|\n")  # a sentence or clause ends after it


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """[left, right) of the sentence or clause of ``text`` that holds [start, end)."""
    search = _BOUNDARY.search
    m = search(text, end)
    right = m.end() if m else len(text)
    left = 0
    m = search(text, 0, start)  # forward scans: faster than one backtracking match from `start`
    while m:
        left = m.end()
        m = search(text, left, start)
    return left, right


def _quote(text: str, start: int, end: int, limit: int = QUOTE_MAX) -> str:
    left, right = _clause(text, start, end)
    return _clause_quote(text, start, end, left, right, limit)


def _clause_quote(text: str, start: int, end: int, left: int, right: int, limit: int = QUOTE_MAX) -> str:
    quote = text[left:right].strip()
    if len(quote) > limit:
        half = (limit - (end - start)) // 2
        a, b = max(left, start - half), min(right, end + half)
        quote = ("…" if a > left else "") + text[a:b].strip() + ("…" if b < right else "")
    return quote


def quote_around(text: str, start: int, end: int, limit: int = QUOTE_MAX) -> str:
    """The sentence or clause of ``text`` holding [start, end), cut to ``limit`` characters."""
    return _quote(text, start, end, limit)
