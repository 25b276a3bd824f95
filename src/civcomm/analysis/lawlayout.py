"""The publisher's layout of an official text as patterns: headings, notes, amendment notes, general parts, language.

What ``legaltext`` (the parser) recognises a line by, per language (kk, ru): the chapter, article, paragraph and
subparagraph markers; the publisher's own words (editorial notes, contents, press release, court decisions, the
signature); amendment notes, inside a unit or after it; the titles of an act's general part; and whether a text
is in the language it is read as.
"""

from __future__ import annotations

import re

NUM = r"(\d+(?:-\d+)*)"
MARKERS = {
    "kk": {
        "chapter": re.compile(rf"^{NUM}-тарау(?:\.\s*(.*))?$", re.IGNORECASE),
        "article": re.compile(rf"^{NUM}-бап(?:\.\s*(.*))?$", re.IGNORECASE),
        "note": re.compile(r"^(?:Ескерту|Ескертпе|Ескертулер)\s*[.:]\s*(.*)$", re.IGNORECASE),
    },
    "ru": {
        "chapter": re.compile(rf"^Глава\s+{NUM}(?:\.\s*(.*))?$", re.IGNORECASE),
        "article": re.compile(rf"^Статья\s+{NUM}(?:\.\s*(.*))?$", re.IGNORECASE),
        "note": re.compile(r"^(?:Примечание|Примечания|Сноска)\s*[.:]\s*(.*)$", re.IGNORECASE),
    },
}
PARAGRAPH = re.compile(rf"^{NUM}\.(?:\s+(.*))?$")
SUBPARAGRAPH = re.compile(rf"^{NUM}\)(?:\s*(.*))?$")
# the publisher's headings: those with a paragraph under them (the note itself) and those without
EDITORIAL_WITH_BODY = {
    "kk": re.compile(r"^(?:ЗҚАИ|РҚАО|ҚР ӘМ ЗҚАИ)-ның\s+ескертпесі\s*!?$|^Қолданушылар(?:дың)?\s+назарына\s*!?$", re.IGNORECASE),
    "ru": re.compile(r"^Примечание\s+(?:ИЗПИ|РЦПИ)\s*!?$|^Вниманию\s+пользователей\s*!?$", re.IGNORECASE),
}
EDITORIAL_ALONE = {
    "kk": re.compile(r"^(?:МАЗМҰНЫ|БАСПАСӨЗ-РЕЛИЗ)$"),
    "ru": re.compile(r"^(?:ОГЛАВЛЕНИЕ|ПРЕСС-РЕЛИЗ)$"),
}
COURT = {  # the publisher's note of a Constitutional Court (Council) decision on a unit
    "kk": re.compile(r"^(?:ҚР\s+|Қазақстан\s+Республикасы(?:ның)?\s+)?Конституциялық\s+(?:Сот|Кеңес)\w*\s+\d"),
    "ru": re.compile(r"^(?:Нормативным\s+)?[Пп]остановлением\s+Конституционного\s+(?:Суда|Совета)"),
}
SIGNATURE = {
    "kk": re.compile(r"^Қазақстан\s+Республикасының\s+Президенті$"),
    "ru": re.compile(r"^Президент\s+Республики\s+Казахстан$"),
}
# an amendment note of the publisher (kk "Ескерту." is also the act's own note: it is an amendment note
# when it says what was done by which act)
_LAW_CITE = r"(?:\d{2}\.\d{2}\.\d{4}|\d{4}\.\d{2}\.\d{2})\s*(?:ж\.|жылғы)?\s*№"
AMENDMENT_NOTE = {
    "kk": re.compile(rf"(?:өзгеріс|толықтыр|алып\s+тасталды|редакцияда|күші\s+жойыл|тақырыб)[^\n]*?{_LAW_CITE}",
                     re.IGNORECASE),
    "ru": re.compile(rf"(?:изменени|дополнен|исключен|редакции|утратил|заголов)[^\n]*?(?:от\s+)?{_LAW_CITE}",
                     re.IGNORECASE),
}

_ISSUER_KK = r"(?:[Зз]аң|[Жж]арлығ|[Ққ]аулыс|[Бб]ұйрығ|[Шш]ешім)ымен"
_ISSUER_RU = r"(?:[Зз]акон|[Уу]каз|[Пп]остановлени|[Пп]риказ|[Рр]ешени)(?:ом|ем|а|я)"
AMENDMENT = {  # an amendment note inside a unit's own line: "2) алып тасталды – ҚР ... Заңымен (...);"
    "kk": re.compile(
        r"\(?(?:[Аа]лып\s+тасталды|[Өө]згеріс(?:тер)?\s+енгізілді|[Жж]аңа\s+редакцияда\s+жазылды"
        r"|[Тт]олықтырылды|[Кк]үші\s+жойылды)"
        rf"\s*[-–—]?\s*(?:ҚР|Қазақстан\s+Республикасының)[^\n]*?{_ISSUER_KK}"
        r"(?:\s*\([^()\n]*\))?\)?[.;]?"
        rf"|\((?:ҚР|Қазақстан\s+Республикасының)[^\n()]*?{_ISSUER_KK}\s+(?:алып\s+тасталды|өзгеріс(?:тер)?\s+"
        r"енгізілді|жаңа\s+редакцияда\s+жазылды|толықтырылды|күші\s+жойылды)\)[.;]?"),
    "ru": re.compile(
        r"\(?(?:[Ии]сключ(?:ен[аоы]?)?|[Ии]зложен[аоы]?\s+в\s+редакции|[Дд]ополнен[аоы]?|[Ии]зменен[аоы]?"
        r"|с\s+изменени(?:ем|ями)|[Уу]тратил[аои]?\s+силу|[Вв]несен[аоы]?)"
        rf"[^\n]*?{_ISSUER_RU}\s+(?:РК|Республики\s+Казахстан)\s+от\s+[^\n]*?№\s*[\w-]+"
        r"(?:\s*\([^()\n]*\))?\)?[.;]?"),
}
REPEAL = {"kk": re.compile(r"алып\s+тасталды|күші\s+жойылды", re.IGNORECASE),
           "ru": re.compile(r"исключ|утратил[аои]?\s+силу", re.IGNORECASE)}
# titles of the general part of an act: mentions there are declarations, not duties
GENERAL_PART = {
    "kk": re.compile(r"жалпы\s+ережелер|негізгі\s+ұғымдар|қағидаттар|принциптер|мақсаттар", re.IGNORECASE),
    "ru": re.compile(r"общие\s+положения|основные\s+понятия|принцип|цели\s+и\s+задачи", re.IGNORECASE),
}
# words that only the publisher writes: a unit of law text holding one of them has the publisher's words in it
EDITORIAL_WORDS = re.compile(r"ЗҚАИ|РҚАО|ИЗПИ|РЦПИ|ескертпесі\s*!|МАЗМҰНЫ|ОГЛАВЛЕНИЕ|БАСПАСӨЗ-РЕЛИЗ|ПРЕСС-РЕЛИЗ"
                             r"|^\s*(?:Ескерту|Сноска)\s*\.")
ENDS_CLAUSE = re.compile(r"[.:;!?]\s*$")
STARTS_LOWER = re.compile(r"^[a-zа-яёәғқңөұүһі]")


def split_amendments(text: str, lang: str) -> tuple[str, list[str]]:
    """Move amendment notes out of a unit's own text: (text without them, the notes)."""
    notes = [m.group(0).strip() for m in AMENDMENT[lang].finditer(text)]
    if not notes:
        return text.strip(), []
    rest = AMENDMENT[lang].sub(" ", text)
    rest = re.sub(r"\s{2,}", " ", rest).strip(" \t\n-–—;")
    return rest, notes


def is_general_part(chapter_title: str | None, article_title: str | None, kind: str | None, lang: str) -> bool:
    """True for the preamble and for chapters/articles titled as general provisions, definitions or principles."""
    if kind in ("preamble",):
        return True
    pattern = GENERAL_PART.get(lang)
    return bool(pattern and any(isinstance(t, str) and pattern.search(t) for t in (chapter_title, article_title)))


_KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC_WORD = re.compile(r"\S*[а-яёА-ЯЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]\S*")
_KAZAKH_WORD = re.compile(r"\S*[әғқңөұүһіӘҒҚҢӨҰҮҺІ]\S*")
_NAMES = {"kk": "Kazakh", "ru": "Russian"}


def language_problem(lines: list[str], lang: str) -> str | None:
    """'<line>: why' when the text is not in ``lang``: a Kazakh text has Kazakh letters (ә ғ қ ң ө ұ ү һ і) in
    a good share of its words, a Russian one almost none. The line is the first line of the other language."""
    text = "\n".join(lines)
    n_words = len(_CYRILLIC_WORD.findall(text))
    if n_words < 20:
        return None
    share = len(_KAZAKH_WORD.findall(text)) / n_words
    reads_as = "kk" if share >= 0.12 else "ru" if share <= 0.03 else None
    if reads_as is None or reads_as == lang:
        return None
    first = next((i for i, ln in enumerate(lines, 1) if len(ln.split()) >= 3 and
                  (any(ch in _KK_LETTERS for ch in ln) == (reads_as == "kk"))), 1)
    return (f"{first}: the text reads as {_NAMES[reads_as]} ({share:.0%} of its words have Kazakh letters "
            f"ә ғ қ ң ө ұ ү һ і), but it is read as {_NAMES[lang]} (expected a {_NAMES[lang]} text in a file named "
            f"<act>.{lang}.txt, or --lang {reads_as})")
