"""A printed bibliography entry read into its parts: authors (``Name``), title, publication, year, pages, URL.

The printed bibliography entries follow the dissertation's GOST-like styles ("Author I.I. Title // Journal. –
Year. – Vol. N, Issue M. – P. a-b.", "Title / Body (Year) // URL. dd.mm.yyyy.", Kazakh legal acts "<form>. <title>:
<year> жылдың <day> <month>, №<number> // URL. date."). ``parse_entry`` reads each part only where its pattern is
unambiguous and leaves it out otherwise (``citation`` keeps the printed entry verbatim in ``note``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Name:
    """A person (family + given initials/names) or a body or unsplittable name (literal)."""

    family: str = ""
    given: str = ""
    literal: str = ""


_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_WORD = rf"[{_UP}][^\s,.():]*"  # a capitalised word (Latin, Russian or Kazakh letters), hyphens allowed
_INITIALS = rf"(?:[{_UP}]\.(?:\s?-?\s?[{_UP}]\.)*)"  # "J.C.", "B. N.", "Қ.-Ж.", "N.J.A."
_NAME_AFTER = rf"{_WORD}\s{_INITIALS}"  # "Bertot J.C." (family first, as in the bibliography)
_NAME_BEFORE = rf"{_INITIALS}\s?{_WORD}"  # "А. Мажитова" (initials first)
_PATRONYMIC = re.compile(r"(?:овна|евна|ична|инична|ович|евич|ич|қызы|ұлы|кызы|улы)$")
ET_AL = " et al."


def parse_name(text: str) -> Name:
    """One author as printed; a full name whose order cannot be told is kept whole (literal)."""
    text = text.strip().removesuffix(ET_AL).strip()
    if m := re.fullmatch(rf"({_WORD})\s({_INITIALS})", text):
        return Name(family=m.group(1), given=m.group(2))
    if m := re.fullmatch(rf"({_INITIALS})\s?({_WORD})", text):
        return Name(family=m.group(2), given=m.group(1))
    words = text.split()
    # Russian/Kazakh "Family Given Patronymic": the patronymic fixes the order
    if len(words) == 3 and _PATRONYMIC.search(words[2]):
        return Name(family=words[0], given=f"{words[1]} {words[2]}")
    return Name(literal=text)


def _names(text: str, pattern: str) -> tuple[list[Name], bool]:
    """A comma-separated list of names ('..., X et al.') -> names and whether it ends in 'et al.'."""
    others = text.rstrip().endswith(ET_AL.strip())
    core = text.rstrip().removesuffix(ET_AL.strip()).strip().rstrip(",")
    parts = [p.strip() for p in core.split(",") if p.strip()]
    if not parts or not all(re.fullmatch(pattern, p) for p in parts):
        return [], False
    return [parse_name(p) for p in parts], others


# --------------------------------------------------------------------------- entries


@dataclass
class Parsed:
    """What a printed bibliography entry says, field by field (empty = not printed or not sure)."""

    type: str = "document"  # CSL item type
    authors: list[Name] = field(default_factory=list)
    others: bool = False  # the author list ends in "et al."
    compilers: list[Name] = field(default_factory=list)
    title: str = ""
    container: str = ""  # journal, or the book a chapter is in
    year: int | None = None
    date: tuple[int, ...] = ()  # full date of a legal act
    volume: str = ""
    issue: str = ""
    pages: str = ""
    page_count: str = ""
    place: str = ""
    publisher: str = ""
    edition: str = ""
    url: str = ""
    accessed: tuple[int, ...] = ()
    number: str = ""  # a legal act's number
    genre: str = ""  # a legal act's form ("Қазақстан Республикасының Заңы")


# Kazakh month stems as the entries inflect them ("қарашада", "шілдесі", "сәуіресі")
KK_MONTHS = {"қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
             "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12}
RU_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
             "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
EN_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                         "september", "october", "november", "december"), 1)}
KK_ACT_FORMS = ("Заңы", "Кодексі", "Жарлығы", "Қаулысы", "Бұйрығы")

_DMY = r"\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\.\d{4}"
_ACCESS_WORDED = re.compile(r"\(\s*(?:дата обращения|қаралған күні|accessed|retrieved)\s*:?\s*([^)]+?)\s*\)\.?$",
                            re.IGNORECASE)
_URL_TAIL = re.compile(rf"(?:\s*//\s*|\s+)(?:URL:?\s*)?(https?://.+?)\.?\s+({_DMY})\.?$")
_URL_ONLY = re.compile(r"(?:\s*//\s*|\s+)(?:URL:?\s*)?(https?://\S+?)\.?$")


def _date_tuple(text: str) -> tuple[int, ...]:
    """'10.11.2024' -> (2024, 11, 10); '02.2024' -> (2024, 2); '10 November 2024', '10 ноября 2024'."""
    text = text.strip().rstrip(".")
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        d, mo, y = map(int, m.groups())
        return (y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else ()
    if m := re.fullmatch(r"(\d{1,2})\.(\d{4})", text):
        mo, y = map(int, m.groups())
        return (y, mo) if 1 <= mo <= 12 else ()
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return tuple(map(int, m.groups()))
    if m := re.fullmatch(r"(\d{1,2})\s+(\w+)\s+(\d{4})", text):
        month = _month(m.group(2), {**EN_MONTHS, **RU_MONTHS, **KK_MONTHS})
        return (int(m.group(3)), month, int(m.group(1))) if month else ()
    return ()


def _month(word: str, stems: dict[str, int]) -> int | None:
    word = word.lower()
    best = max((s for s in stems if word.startswith(s)), key=len, default=None)
    return stems[best] if best else None


def _split_tail(text: str) -> tuple[str, str, tuple[int, ...]]:
    """Entry -> (the part before the URL, the URL, the access date)."""
    accessed: tuple[int, ...] = ()
    if m := _ACCESS_WORDED.search(text):
        accessed = _date_tuple(m.group(1))
        text = text[: m.start()].rstrip()
        if m2 := _URL_ONLY.search(text):
            return text[: m2.start()].rstrip(), m2.group(1), accessed
        return text, "", accessed
    if m := _URL_TAIL.search(text):
        url = re.sub(r"\s+", "", m.group(1))  # "https://www.pmc. gov.au/..." as printed: a URL has no spaces
        return text[: m.start()].rstrip(), url, _date_tuple(m.group(2))
    if m := _URL_ONLY.search(text):
        return text[: m.start()].rstrip(), m.group(1), ()
    return text, "", ()


def _publication(parts: list[str], p: Parsed) -> bool:
    """The '– City[: Publisher], Year. – Vol. N, Issue M. – P. a-b. – N p.' areas of an entry, set on ``p`` only
    if every part is understood (else ``p`` is left as it was and the caller keeps less)."""
    found: dict[str, Any] = {}
    for part in parts:
        part = part.strip().rstrip(".").strip()
        if not part:
            continue
        if re.fullmatch(r"\d{4}", part):
            found["year"] = int(part)
        elif m := re.fullmatch(r"(?:Vol|Т|Том)\.?\s*(\d+)(?:,\s*(?:Issue|No|№|Вып)\.?\s*(\d+))?", part):
            found["volume"], found["issue"] = m.group(1), m.group(2) or ""
        elif m := re.fullmatch(r"(?:Issue|No|№)\.?\s*(\d+)", part):
            found["issue"] = m.group(1)
        elif m := re.fullmatch(r"[PРСсБб]\.\s*(\d[\d\-–]*)", part):
            found["pages"] = m.group(1).replace("–", "-")
        elif m := re.fullmatch(r"(\d+)\s*(?:p|s|с|б|pp)", part):
            found["page_count"] = m.group(1)
        elif m := re.fullmatch(r"Ed\.\s*(\d+)(?:st|nd|rd|th)?|(\d+)(?:st|nd|rd|th)? ed", part):
            found["edition"] = m.group(1) or m.group(2)
        elif m := re.fullmatch(rf"({_WORD}(?:\s{_WORD})*\.?)(?::\s*([^,]+))?,\s*(\d{{4}})", part):
            found["place"], found["publisher"] = m.group(1).rstrip("."), (m.group(2) or "").strip()
            found["year"] = int(m.group(3))
        else:
            return False
    for key, value in found.items():
        setattr(p, key, value)
    return True


def _areas(text: str) -> list[str]:
    """The areas of an entry, separated by ' – ' (GOST's full stop and dash)."""
    return re.split(r"\.?\s+[–—-]\s+", text)


def _resp(text: str, p: Parsed) -> None:
    """The statement of responsibility after ' / ': a body (author), or 'сост. X, Y' (compilers)."""
    text = text.strip()
    if m := re.match(r"^(?:сост|құраст|comp)\.\s*(.+)$", text):
        names, _ = _names(m.group(1), _NAME_BEFORE + "|" + _NAME_AFTER)
        if names:
            p.compilers = names
            return
    if m := re.fullmatch(r"(.+?)\.?\s*\((\d{4})\)", text):
        text, p.year = m.group(1), int(m.group(2))
    if text:
        p.authors = [Name(literal=text.rstrip("."))]


def _title_year(text: str) -> tuple[str, int | None]:
    """'Swedish Agency for Public Management (2014)' -> the title and the year printed after it."""
    if m := re.fullmatch(r"(.+?)\s*\((\d{4})\)", text):
        return m.group(1), int(m.group(2))
    return text, None


def parse_entry(entry: str) -> Parsed:
    """Read a printed bibliography entry; every field it cannot read with certainty stays empty."""
    p = Parsed()
    text = " ".join(entry.split())
    head, p.url, p.accessed = _split_tail(text)
    head = head.rstrip().removesuffix("//").rstrip()
    if p.url:
        p.type = "webpage"

    # Kazakh legal act: "<form>. <title>: 2015 жылдың 23 қарашада, №416-V ҚРЗ [бекітілген]"
    forms = "|".join(KK_ACT_FORMS)
    if m := re.fullmatch(rf"(?P<form>[^.]*?(?:{forms}))\.\s+(?P<title>.+):\s*(?P<y>\d{{4}})\s+жылдың\s+(?P<d>\d{{1,2}})"
                         rf"\s+(?P<mon>\w+),\s*№\s*(?P<no>.+?)(?:\s+бекітілген)?", head):
        p.type, p.genre, p.title, p.number = "legislation", m["form"], m["title"].strip(), m["no"].strip()
        month = _month(m["mon"], KK_MONTHS)
        p.year = int(m["y"])
        p.date = (p.year, month, int(m["d"])) if month else (p.year,)
        return p

    # a president's address: "Қазақстан Республикасының Президенті Н.Ә. Назарбаев. <title>"
    if m := re.fullmatch(rf"(?P<office>.+?Президенті)\s+(?P<name>{_NAME_BEFORE})\.\s+(?P<title>.+)", head):
        p.type, p.authors, p.title = "speech", [parse_name(m["name"])], m["title"].strip()
        return p

    # person authors first: "Bertot J.C., Jaeger P.T. [et al.] [(2024b).] Title ..."
    if m := re.match(rf"^(?P<names>{_NAME_AFTER}(?:,\s{_NAME_AFTER})*(?:{re.escape(ET_AL)})?)"
                     rf"(?:\s*\((?P<y>\d{{4}})[a-z]?\)\.)?\s+(?P<rest>\S.*)$", head):
        names, others = _names(m["names"], _NAME_AFTER)
        rest = m["rest"]
        if names:
            p.authors, p.others = names, others
            if m["y"]:
                p.year = int(m["y"])
            if " // " in rest:
                title, source = rest.split(" // ", 1)
                p.title = title.strip().rstrip(".")
                chapter = re.match(r"^In book:\s*(.+)$", source)
                areas = _areas(chapter.group(1) if chapter else source)
                container, pub = areas[0].strip().rstrip("."), areas[1:]
                if _publication(pub, p):
                    p.type, p.container = ("chapter" if chapter else "article-journal"), container
                else:
                    p.type, p.container = "document", ""
                return p
            areas = _areas(rest)
            if len(areas) > 1 and _publication(areas[1:], p):
                p.title, p.type = areas[0].strip().rstrip("."), "book"
            else:
                p.title = ""  # not understood: keep the authors, leave the title to the curated field
            return p

    # no person first: "Title [/ Body (Year)] [// URL]" or "Title / Body. – City, Year. – N p."
    title, resp = (head.split(" / ", 1) + [""])[:2]
    if resp:
        areas = _areas(resp)
        if len(areas) > 1:  # "OECD. – Paris, 2025. – 164 p."
            if _publication(areas[1:], p):
                p.type = "book" if not p.url else p.type
                _resp(areas[0], p)
            p.title = title.strip()
            _, y = _title_year(p.title)
            p.year = p.year or y
            return p
        _resp(resp, p)
        p.title = title.strip()
        _, y = _title_year(p.title)
        p.year = p.year or y
        return p
    areas = _areas(title)
    if len(areas) > 1 and _publication(areas[1:], p):
        p.type = "book"
        title = areas[0]
    p.title, y = _title_year(title.strip().rstrip("."))
    p.year = p.year or y
    return p
