"""Words as the coder reads them: Russian word forms replaced by their lemmas (pymorphy3), Kazakh forms kept.

Russian: ``pymorphy3`` (OpenCorpora dictionaries, ``pymorphy3-dicts-ru``) gives each form its normal form
("ответственности" -> "ответственность", "подчинённых" -> "подчинённый"); the coder's stems then match
lemmas, so an inflected form never decides a match and a stem cannot catch an unrelated word through an
ending it happens to share ("прессой" is the instrumental of "пресса", "пресс-" a prefix). Each distinct
form is analysed once per process. A form pymorphy3 does not know keeps its own spelling.

Kazakh: the coder's stems match the surface forms as prefixes, Latin "i" written for "і" inside a word
("мемлекеттiк", frequent in the official texts) read as "і". Kazakh words are built by suffixing a stable
stem (ашықтық, ашықтығы, ашықтықты), so a stem is a prefix of every inflected form. Measured on the
Kazakh text of Law 416-V (benchmarks/README.md, "Kazakh lemmas"): Debian's hunspell-kk (through spylls)
knows 71% of the forms and lemmatises 38% of a random sample right (it strips one suffix at a time and
lists inflected forms as words), and needs a system package at run time; a documented suffix stripper
lemmatises 91% right, but with stems written for surface forms it loses 17 and gains 5 of the 110 codes
on the law, the 5 all from the Latin "i", which surface matching now reads too.

``project(text, lang)`` returns the text the coder scans (for Russian the lemmas, each in the place of its
form, the separators kept) and a map from positions in it back to positions in the original text.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

WORD = re.compile(r"\w+(?:-\w+)*")
LEMMA_LANGS = ("ru",)


@lru_cache(maxsize=1)
def _analyser():
    # pymorphy3: ~30 ms to import (then ~90 ms to load its dictionaries), only when Russian text is coded
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


_LEMMAS: dict[str, str] = {}


def lemma_ru(form: str) -> str:
    """The normal form of a lower-case Russian word form, ё spelt е (the lexicon's spelling)."""
    out = _LEMMAS.get(form)
    if out is None:
        if not re.search("[а-яё]", form):
            out = form
        else:
            parses = _analyser().parse(form)
            out = (parses[0].normal_form if parses else form).replace("ё", "е")
        _LEMMAS[form] = out
    return out


_MIXED = re.compile(r"\w*[iI]\w*")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]")


def kazakh_letters(text: str) -> str:
    """Latin i/I written for Kazakh і/І inside a Cyrillic word ("мемлекеттiк", as the official texts often
    print it) turned into the Kazakh letter; the same length, so every position stays where it was."""
    if "i" not in text and "I" not in text:
        return text
    return _MIXED.sub(lambda m: m.group(0).replace("i", "і").replace("I", "І")
                      if _CYRILLIC.search(m.group(0)) else m.group(0), text)


class Projection:
    """A text in the coder's words and the way back: ``to_original(i)`` is the position in the original text
    of position ``i`` of the projected text (a word's start maps to its start, its end to its end)."""

    def __init__(self, text: str, lang: str):
        self.original = text
        if lang not in LEMMA_LANGS:
            # the same length: positions map to themselves
            self.text, self._starts, self._shifts = (kazakh_letters(text) if lang == "kk" else text), [], []
            return
        parts, starts, shifts = [], [], []
        pos = shift = 0
        for m in WORD.finditer(text):
            a, b = m.span()
            parts.append(text[pos:a])
            lemma = lemma_ru(m.group(0).lower())
            starts.append(a + shift)  # where the lemma starts in the projected text
            shifts.append((a, b, len(lemma)))
            parts.append(lemma)
            shift += len(lemma) - (b - a)
            pos = b
        parts.append(text[pos:])
        self.text, self._starts, self._shifts = "".join(parts), starts, shifts

    @property
    def identity(self) -> bool:
        """Positions map to themselves (no word was replaced by a lemma of another length)."""
        return not self._starts

    def to_original(self, i: int, end: bool = False) -> int:
        if not self._starts:
            return i
        k = bisect.bisect_right(self._starts, i) - 1
        if k < 0:
            return i
        a, b, n = self._shifts[k]
        offset = i - self._starts[k]
        if offset <= n:  # inside (or at the end of) word k: its start, or its end
            return b if end and offset > 0 else a
        return b + (offset - n)  # in the separators after word k
