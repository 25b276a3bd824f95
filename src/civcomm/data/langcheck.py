"""Language of each field: kk must look Kazakh, ru Russian; Latin-only text only where marked as a name kept as printed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from civcomm.data import models as m
from civcomm.data.doc import ProjectView
from civcomm.data.problems import Problem, display_path, format_loc, line_of

KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KK_SHOWN = "ә ғ қ ң ө ұ ү һ і"
WORD_RE = re.compile(r"[^\W\d_]+")
# Kazakh words without any of the nine letters that settle a short text as Kazakh ('мен', 'немесе')
KK_WORDS = frozenset("мен бен пен немесе және де да те та ма ме ба бе па пе ғой деп дейін".split())
# Russian words and word endings that Kazakh does not have (function words; adjective, noun and verb endings)
RU_WORDS = frozenset("и в во на по для с со не что от к ко о об из при или а но это как также его их "
                     "который которые был была были будет".split())
RU_ENDING = re.compile(r"(?:ых|ого|его|ому|ему|ыми|ими|ая|яя|ое|ее|ые|ие|ый|ий|ость|ости|ение|ения|ании|ания"
                       r"|ство|ства|ться|ется|ются|ует|уют)$")
MIN_WORDS_WITHOUT_LETTERS = 5  # this many Cyrillic words with none of KK_LETTERS are not Kazakh
SHOWN = 40


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def cyrillic_words(text: str) -> list[str]:
    """The Cyrillic words of ``text``; a single letter before a dot is an abbreviation ('т.б.'), not a word."""
    return [mt.group() for mt in WORD_RE.finditer(text)
            if any(_is_cyrillic(c) for c in mt.group()) and not (len(mt.group()) == 1 and text[mt.end():mt.end() + 1] == ".")]


def russian_forms(words: list[str]) -> list[str]:
    """The words that only Russian has: function words and Russian endings (in words of 4+ letters)."""
    return [w for w in words if w.lower() in RU_WORDS or (len(w) >= 4 and RU_ENDING.search(w.lower()))]


def language_problem(text: str, lang: str, latin_ok: bool = False) -> str | None:
    """Why ``text`` does not look like ``lang`` (kk or ru), or None. Other languages are not judged.

    kk: a text with one of ә ғ қ ң ө ұ ү һ і is Kazakh. Without them it is Russian when it has
    Russian forms (two, or one among three or more words) or runs to five or more words, unless a
    Kazakh word such as 'мен' or 'немесе' says otherwise; short names and terms ('Парламент',
    'Сингапур', 'министрлер') pass. ru: a text is Kazakh when words with those letters make two
    or more of its words or a quarter of them (upper-case abbreviations such as '17-НҚ' aside).
    Either: Latin letters only is an error unless the field is marked as a name kept as printed.
    """
    if lang not in ("kk", "ru") or not text:
        return None
    has_cyr = any(_is_cyrillic(c) for c in text)
    has_lat = any(_is_latin(c) for c in text)
    name = "Kazakh" if lang == "kk" else "Russian"
    if has_lat and not has_cyr:
        if latin_ok:
            return None
        return (f"'{_short(text)}' is in Latin letters only "
                f"(expected {name} in Cyrillic; a name kept as printed is marked latin_script: [{lang}])")
    if not has_cyr:
        return None  # digits, codes, punctuation: nothing to judge
    words = cyrillic_words(text)
    if lang == "kk":
        if any(c in KK_LETTERS for c in text) or any(w.lower() in KK_WORDS for w in words):
            return None
        ru = russian_forms(words)
        if len(ru) >= 2 or (ru and len(words) >= 3) or len(words) >= MIN_WORDS_WITHOUT_LETTERS:
            forms = f"; Russian forms: {', '.join(ru[:3])}" if ru else ""
            return (f"'{_short(text)}' looks Russian, not Kazakh (none of {KK_SHOWN} in {len(words)} "
                    f"words{forms}) (expected Kazakh in kk; Russian goes in ru)")
        return None
    kk_words = [w for w in words if any(c in KK_LETTERS for c in w) and not w.isupper()]
    if kk_words and (len(kk_words) >= 2 or len(kk_words) * 4 >= len(words)):
        return (f"'{_short(text)}' looks Kazakh, not Russian ({len(kk_words)} of {len(words)} words with "
                f"{KK_SHOWN}: {', '.join(kk_words[:3])}) (expected Russian in ru; Kazakh goes in kk)")
    return None


# --------------------------------------------------------------------------- the fields of a data file


def iter_language_fields(model: BaseModel, sources: dict[str, m.Source]) -> Iterator[tuple[tuple, str, str, bool]]:
    """(loc, text, lang, latin_ok) for every kk and ru value of a validated data file."""
    yield from _walk(model, (), sources)


def _walk(obj: Any, loc: tuple, sources: dict[str, m.Source]) -> Iterator[tuple[tuple, str, str, bool]]:
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk(item, loc + (i,), sources)
        return
    if isinstance(obj, dict):
        for k, item in obj.items():
            yield from _walk(item, loc + (k,), sources)
        return
    if isinstance(obj, m.Text):
        for lang in ("kk", "ru"):
            value = getattr(obj, lang)
            if value:
                yield loc + (lang,), value, lang, lang in obj.latin_script
        return
    if not isinstance(obj, BaseModel):
        return
    cls = type(obj)
    for name in cls.model_fields:
        value = getattr(obj, name)
        here = loc + (cls.model_fields[name].alias or name,)
        lang = _lang_of(obj, name, sources)
        if lang and isinstance(value, str):
            yield here, value, lang, False
        elif lang and isinstance(value, list) and all(isinstance(v, str) for v in value):
            for i, v in enumerate(value):
                yield here + (i,), v, lang, False
        elif name == "lexicon" and isinstance(value, dict):
            for lg, stems in value.items():
                for i, stem in enumerate(stems):
                    yield here + (lg, i), stem, lg, False
        elif isinstance(value, (BaseModel, list, dict)):
            yield from _walk(value, here, sources)


def _lang_of(obj: BaseModel, name: str, sources: dict[str, m.Source]) -> str | None:
    """The language a plain-string field is in: `*_kk` fields are Kazakh; a profile term and a
    bibliography entry are in the language of their source."""
    if name.endswith("_kk"):
        return "kk"
    if isinstance(obj, m.ProfileItem) and name == "term":
        for ref in obj.refs:
            src = sources.get(ref.split("#", 1)[0])
            if src is not None and src.lang in ("kk", "ru"):
                return src.lang
    if isinstance(obj, m.Source) and name == "entry" and obj.lang in ("kk", "ru"):
        return obj.lang
    return None


def check(project: ProjectView, targets: set[Path]) -> list[Any]:
    """Language problems of the target files."""
    sources = project.sources
    problems = []
    for doc in project.docs:
        if doc.path not in targets or doc.model is None:
            continue
        shown = display_path(doc.path)
        for loc, text, lang, latin_ok in iter_language_fields(doc.model, sources):
            msg = language_problem(text, lang, latin_ok)
            if msg:
                problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc), msg))
    return problems
