"""Cite and reuse: data/sources.yaml as BibTeX and CSL-JSON, outputs/tables/*.csv as a Frictionless Data Package.

The printed bibliography entries follow the dissertation's GOST-like styles ("Author I.I. Title // Journal. –
Year. – Vol. N, Issue M. – P. a-b.", "Title / Body (Year) // URL. dd.mm.yyyy.", Kazakh legal acts "<form>. <title>:
<year> жылдың <day> <month>, №<number> // URL. date."). ``parse_entry`` reads each part only where its pattern is
unambiguous and leaves it out otherwise; the printed entry always goes verbatim into ``note``, so nothing is lost.
Title, authors, year and URL curated in data/sources.yaml take precedence over what is parsed (a test checks that
the two agree). BibTeX keys and CSL ids are the source ids, for ``\\cite{}`` in the LaTeX exports.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import data_dir, outputs_dir

BIB_NAME, CSL_NAME, PACKAGE_NAME = "sources.bib", "sources.json", "datapackage.json"

# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Name:
    """A person (family + given initials/names) or a body or unsplittable name (literal)."""

    family: str = ""
    given: str = ""
    literal: str = ""

    def csl(self) -> dict[str, str]:
        if self.literal:
            return {"literal": self.literal}
        return {"family": self.family, "given": self.given} if self.given else {"family": self.family}

    def bibtex(self) -> str:
        if self.literal:  # braces keep a body's name whole ("{OECD}", not family "OECD")
            return "{" + _tex(self.literal) + "}"
        return f"{_tex(self.family)}, {_tex(self.given)}" if self.given else _tex(self.family)


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


# --------------------------------------------------------------------------- sources -> items


@dataclass
class Item:
    """One source ready to be written: the parsed entry completed by the curated fields."""

    id: str
    parsed: Parsed
    lang: str | None
    note: str | None  # the printed entry, verbatim
    bib_no: int | None = None


def _curated_title(title: str, entry: str | None, parsed: str) -> str:
    # a curated title that the entry does not print is a translation (the legal acts' English titles)
    if entry is None or title in " ".join(entry.split()) or not parsed:
        return title
    return parsed


def build_items(sources: dict[str, Any]) -> dict[str, Item]:
    """Source id -> Item, in the order of data/sources.yaml."""
    items = {}
    for sid, src in sources.items():
        p = parse_entry(src.entry) if src.entry else Parsed(type=src.type or "document")
        if not src.entry:
            p.container, p.issue = src.container or "", src.issue or ""
            p.publisher, p.place = src.publisher or "", src.place or ""
        p.title = _curated_title(src.title, src.entry, p.title)
        if src.authors and not p.compilers:
            names = [parse_name(a) for a in src.authors]
            if [n for n in names if n.literal] and p.authors and not [n for n in p.authors if n.literal]:
                names = p.authors  # the entry's split is surer than a curated full name
            p.authors, p.others = names, p.others or any(a.endswith(ET_AL) for a in src.authors)
        if src.year is not None and p.type != "legislation":
            p.year = src.year
        if src.url:
            p.url = src.url
        items[sid] = Item(sid, p, src.lang, src.entry, src.bib_no)
    return items


# --------------------------------------------------------------------------- CSL-JSON


CSL_REQUIRED = ("id", "type", "title")


def _csl_date(parts: tuple[int, ...]) -> dict[str, list[list[int]]]:
    return {"date-parts": [list(parts)]}


def csl_item(item: Item) -> dict[str, Any]:
    p = item.parsed
    out: dict[str, Any] = {"id": item.id, "type": p.type, "title": p.title}
    if p.authors:
        out["author"] = [n.csl() for n in p.authors]
    if p.compilers:
        out["compiler"] = [n.csl() for n in p.compilers]
    if p.date:
        out["issued"] = _csl_date(p.date)
    elif p.year:
        out["issued"] = _csl_date((p.year,))
    for key, value in (("container-title", p.container), ("volume", p.volume), ("issue", p.issue),
                       ("page", p.pages), ("number-of-pages", p.page_count), ("publisher", p.publisher),
                       ("publisher-place", p.place), ("edition", p.edition), ("number", p.number),
                       ("genre", p.genre), ("URL", p.url)):
        if value:
            out[key] = value
    if m := re.match(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", p.url):
        out["DOI"] = m.group(1)
    if p.accessed:
        out["accessed"] = _csl_date(p.accessed)
    if item.lang:
        out["language"] = item.lang
    if item.note:
        out["note"] = item.note
    return out


def csl_json(items: dict[str, Item]) -> str:
    """CSL-JSON (an array of items), sorted by id, for Zotero, pandoc and citeproc."""
    data = [csl_item(items[k]) for k in sorted(items)]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- BibTeX

# CSL type -> BibTeX entry type (biblatex reads all of them; classic BibTeX styles know all but none is exotic)
BIB_TYPES = {"article-journal": "article", "chapter": "incollection", "book": "book", "thesis": "phdthesis",
             "report": "techreport", "webpage": "misc", "legislation": "misc", "speech": "misc", "document": "misc"}
LANGIDS = {"kk": "kazakh", "ru": "russian", "en": "english", "de": "german", "sv": "swedish", "fr": "french"}
_TEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _tex(text: str) -> str:
    """Text safe in a BibTeX field that LaTeX typesets (URLs are not passed through here)."""
    return _TEX_SPECIAL.sub(r"\\\1", text).replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def _protect_caps(text: str) -> str:
    """Braces around words whose capitals a style must not lower-case ('{OECD}', '{ICTs}', '{U.S.}')."""
    return re.sub(r"(?<![\w{\\])([A-Za-z]*[A-Z][A-Za-z.]*[A-Z][A-Za-z.]*)(?![\w}])", r"{\1}", text)


def bib_fields(item: Item) -> list[tuple[str, str]]:
    p = item.parsed
    fields: list[tuple[str, str]] = []
    if p.authors:
        names = [n.bibtex() for n in p.authors] + (["others"] if p.others else [])
        fields.append(("author", " and ".join(names)))
    if p.compilers:
        fields += [("editor", " and ".join(n.bibtex() for n in p.compilers)), ("editortype", "compiler")]
    fields.append(("title", _protect_caps(_tex(p.title))))
    container_field = {"article-journal": "journal", "chapter": "booktitle"}.get(p.type, "journal")
    if p.container:
        fields.append((container_field, _tex(p.container)))
    if p.type == "thesis" and p.publisher:
        fields.append(("school", _tex(p.publisher)))
    elif p.publisher:
        fields.append(("publisher", _tex(p.publisher)))
    if p.place:
        fields.append(("address", _tex(p.place)))
    if p.year:
        fields.append(("year", str(p.year)))
    if len(p.date) == 3:
        fields.append(("date", "{:04d}-{:02d}-{:02d}".format(*p.date)))
    for key, value in (("edition", p.edition), ("volume", p.volume), ("number", p.issue or p.number),
                       ("pages", p.pages.replace("-", "--") if re.fullmatch(r"\d+-\d+", p.pages) else p.pages),
                       ("pagetotal", p.page_count), ("type", p.genre)):
        if value:
            fields.append((key, _tex(value)))
    if p.url:
        fields.append(("url", p.url))
        if m := re.match(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", p.url):
            fields.append(("doi", m.group(1)))
    if p.accessed:
        fields.append(("urldate", "-".join(f"{x:02d}" if i else f"{x:04d}" for i, x in enumerate(p.accessed))))
    if item.lang:
        fields.append(("langid", LANGIDS.get(item.lang, item.lang)))
    if item.note:
        fields.append(("note", _tex(item.note)))
    return fields


def bibtex(items: dict[str, Item]) -> str:
    """BibTeX written with bibtexparser, entries sorted by key, every value in braces."""
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for key in sorted(items):
        item = items[key]
        library.add(Entry(BIB_TYPES.get(item.parsed.type, "misc"), key,
                          [Field(k, v) for k, v in bib_fields(item)]))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    text = "% generated by civcomm from data/sources.yaml; keys are the source ids\n\n"
    return text + bibtexparser.write_string(library, bibtex_format=fmt).rstrip("\n") + "\n"


def read_sources() -> dict[str, Any]:
    """The sources of data/ (validated: a data problem raises DataError)."""
    from .load import project

    return project().sources


# --------------------------------------------------------------------------- data package


LICENSE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/licenses/MIT"}

# Column name -> what it holds (en). One explicit mapping, checked by a test against every column of every
# CSV the reports write; the table presentation specs (another issue) are to replace it.
COLUMNS: dict[str, str] = {
    "abroad_quotes": "quotes from the country files abroad that emphasise the competence",
    "act_id": "id of the legal act (file name under data/kz_law/)",
    "adilet_id": "the act's document id in the Adilet legal database, where a source gives it",
    "alpha": "Krippendorff's alpha of automatic against hand coding",
    "answered_n": "respondents counted over the figure's options (single response only)",
    "approach": "the country's distinctive approach as the dissertation states it",
    "author_additions": "the dissertation author's 'possible additions' (labels)",
    "author_ids": "competence ids of the author's 'possible additions'",
    "auto_n": "units the automatic coder coded with the competence",
    "base_n": "number of respondents the shares refer to",
    "both_n": "units coded with the competence by both hand and the automatic coder",
    "choices_per_respondent": "sum of the shares / 100: options chosen per respondent on average (multiple response)",
    "claim_id": "id of the claim of the text tested against the data",
    "code": "job-category code of Order No. 71, normalised to Latin letters",
    "coded_by": "who coded the segment (hand or automatic)",
    "competence": "competence label from data/codebook.yaml",
    "competence_id": "competence id from data/codebook.yaml",
    "competence_ids": "ids of the competences coded in the act's provisions",
    "computed_additions": "competences emphasised abroad at this level and not required by Order No. 71 (labels)",
    "computed_ids": "competence ids of the computed additions",
    "countries": "countries abroad that emphasise the competence",
    "countries_showing": "countries whose files show the criterion",
    "country": "country name in the table's language",
    "country_code": "ISO 3166-1 alpha-3 code of the country",
    "criterion": "criterion of Table 6",
    "data_show": "what the survey data show",
    "date": "date the act was adopted (ISO 8601)",
    "dates": "when the study part was run, as the source states it",
    "figure_id": "id of the survey figure (data/survey/)",
    "group": "number of the group of categories in Order No. 71",
    "handling": "what the project does about the inconsistency",
    "has_lookalike": "whether the printed code has Cyrillic letters that look like Latin ones",
    "heading": "heading of the provision, where the act has one",
    "how_tested": "how the claim was turned into a test of the data",
    "international": "competences emphasised abroad at this level (labels, with the countries)",
    "international_ids": "competence ids emphasised abroad at this level",
    "is_ambiguous": "whether the normalised code stands in groups of different job levels",
    "is_gap": "whether the competence counts as a gap in Kazakh law",
    "is_supported": "whether the data support the claim",
    "is_verbatim": "whether the question is quoted verbatim from the source",
    "issue": "the inconsistency found in the source",
    "jaccard_KAZ": "Jaccard similarity of the profile with Kazakhstan's country file",
    "jaccard_kz_apa_new_modules": "Jaccard similarity of the profile with the APA's new training modules",
    "jaccard_kz_order71_table5": "Jaccard similarity of the profile with Order No. 71 as Table 5 reads it",
    "jaccard_kz_table5_additions": "Jaccard similarity of the profile with Table 5's possible additions",
    "kappa": "Cohen's kappa of automatic against hand coding",
    "kaz_shows": "whether Kazakhstan's file shows the criterion",
    "kazakhstan": "competences Order No. 71 requires at this level (labels)",
    "kazakhstan_ids": "competence ids Order No. 71 requires at this level",
    "kz_provisions": "number of Kazakh provisions coded with the competence",
    "kz_quote": "quote of the Kazakh provision",
    "kz_status": "how Kazakh law names the competence: specific, general (only in a preamble, definitions or "
                 "principles) or absent",
    "kz_unit_id": "id of the Kazakh provision quoted",
    "label": "label of the competence profile",
    "level": "job level label",
    "level_code": "job level id from data/vocabularies.yaml",
    "levels": "job levels the emphasis applies to",
    "locator": "where the provision stands in the act, as printed (article, paragraph)",
    "matched": "competences both computed and added by the author (labels)",
    "matched_ids": "competence ids both computed and added by the author",
    "method": "method of the study part",
    "missing_n": "base N minus the respondents counted (single response only)",
    "n": "respondents who chose the option (share x N / 100 where the source gives no count; empty where the "
         "figure has no counts)",
    "n_competences": "number of competences in the profile",
    "n_countries": "number of countries abroad compared",
    "n_countries_showing": "number of countries whose files show the criterion",
    "n_expected": "number of respondents the source announces",
    "n_matched": "number of competences both computed and added by the author",
    "n_only_author": "number of competences only the author added",
    "n_only_computed": "number of competences only computed",
    "n_provisions": "number of provisions recorded for the act",
    "n_units": "number of units (provisions) compared",
    "name": "name of the study part",
    "named_countries": "countries the dissertation's Table 6 names for the criterion",
    "named_showing": "named countries whose files show the criterion",
    "named_with_file": "named countries that have a country file",
    "note_id": "id of the data note",
    "number": "the act's number as printed",
    "only_author": "competences only the author added (labels)",
    "only_author_ids": "competence ids only the author added",
    "only_computed": "competences only computed (labels)",
    "only_computed_ids": "competence ids only computed",
    "option": "answer option label",
    "option_code": "answer option id",
    "option_value": "numeric value of the answer option, where the scale has one",
    "order": "row number as in the dissertation",
    "part_code": "id of the study part",
    "position": "position of the code within its group as printed",
    "precision": "share of automatic codes that hand coding confirms",
    "profile_id": "id of the competence profile (a country or a Kazakh document)",
    "provision_id": "id of the provision",
    "provisions": "ids of the act's provisions",
    "question": "the survey question",
    "question_id": "id of the survey question",
    "quote": "verbatim quote from the source",
    "raw_code": "job-category code as printed in the dissertation",
    "recall": "share of hand codes the automatic coder found",
    "refs": "sources that say it: 'source_id#locator', joined by '; ' (ids of data/sources.yaml, sources.bib)",
    "response": "kind of response (single or multiple choice)",
    "row_id": "id of the table row",
    "rule": "rule that decides whether a country shows the criterion",
    "scale": "answer scale of the question",
    "series": "series label (respondent group)",
    "series_code": "series id",
    "share_pct": "share of respondents in percent (0-100)",
    "share_sum_pct": "sum of the figure's shares in percent",
    "shared_KAZ": "competences the profile shares with Kazakhstan's country file",
    "shared_kz_apa_new_modules": "competences the profile shares with the APA's new training modules",
    "shared_kz_order71_table5": "competences the profile shares with Order No. 71 as Table 5 reads it",
    "shared_kz_table5_additions": "competences the profile shares with Table 5's possible additions",
    "status_code": "status of the act as cited (e.g. cited as current)",
    "strength_code": "how explicitly the provision names the competence (explicit, general, indirect)",
    "study_id": "id of the empirical study",
    "summary": "the project's summary of the provision (en)",
    "term": "the lexicon term that matched",
    "text_kk": "the provision's Kazakh wording where a source quotes it (empty otherwise, never from memory)",
    "text_says": "what the text says (translation)",
    "text_says_original": "what the text says, in its original language",
    "title": "the act's title in the table's language",
    "title_kk": "the act's Kazakh title",
    "type_code": "kind of act (law, presidential decree, ...)",
    "unaccounted_pct": "100 minus the sum of the shares, where they sum to less than 100 (not for multiple "
                       "response)",
    "unit_id": "id of the coded unit (provision)",
    "verdict": "the project's verdict on the claim",
    "hand_n": "units coded with the competence by hand",
    "start": "start of the matched term in the provision's text (character offset)",
    "end": "end of the matched term in the provision's text (character offset)",
    "is_general": "whether the provision stands in a general part (preamble, definitions, principles)",
}


@dataclass(frozen=True)
class TableMeta:
    """What a table is, which data files it is computed from, and how to read columns COLUMNS does not list."""

    title: Callable[[str], str]  # lang -> title
    description: str
    data: tuple[str, ...]  # globs under data/ whose refs, beside the CSV's own refs column, the table rests on
    other_columns: str = ""  # columns named by data (country names, competence or act ids); {column} = the name
    printed: int | None = None  # number of the dissertation table whose localised headers the CSV uses
    columns: dict[str, str] = field(default_factory=dict)  # this table's meaning of a column, over COLUMNS
    named: dict[str, str] = field(default_factory=dict)  # i18n key of a localised column name -> description


def _i18n(key: str) -> Callable[[str], str]:
    def title(lang: str) -> str:
        from .i18n import t

        return t(key, lang).replace("{n}", "N")

    return title


def _printed_caption(number: int) -> Callable[[str], str]:
    def title(lang: str) -> str:
        from .kz_law import load_table

        return load_table(number).caption.get(lang)

    return title


_COUNTRIES = ("countries/*.yaml",)
_ACTS = ("kz_law/*.yaml",)
_SURVEY = ("survey/*.yaml",)

TABLES: dict[str, TableMeta] = {
    "table2": TableMeta(_i18n("table2_caption"), "Table 2 of the dissertation rebuilt from §1.3: each country's "
                        "distinctive approach to communicative-competence training.", ()),
    "country_competence_matrix": TableMeta(_i18n("matrix_caption"), "Country × competence: 1 where a country file "
                                           "quotes an emphasis on the competence, 0 otherwise.", _COUNTRIES,
                                           "{column}: 1 if the country's file quotes an emphasis on this competence "
                                           "(id in data/codebook.yaml), 0 if not",
                                           named={"total": "number of competences the country's file emphasises; "
                                                  "the last row (same name) holds the column totals"}),
    "country_competence_cells": TableMeta(_i18n("matrix_caption"), "The quotes behind each cell of the country × "
                                         "competence matrix.", ()),
    "competence_country_emphasis": TableMeta(_i18n("emphasis_by_country_caption"), "Competence × country: "
                                             "emphases in the country files.", _COUNTRIES,
                                             "{column}: number of emphases on the competence quoted in this "
                                             "country's file (the country named in the table's language)"),
    "table5_computed": TableMeta(_i18n("computed_table5_caption"), "Table 5 recomputed from the project's data: "
                                 "what Order No. 71 requires per job level, what countries abroad emphasise, and the "
                                 "difference, beside the author's 'possible additions'.",
                                 ("tables/table5.yaml", *_COUNTRIES, *_ACTS)),
    "table5_agreement": TableMeta(_i18n("table5_agreement_caption"), "How far the computed additions agree with "
                                  "the author's, per job level.", ("tables/table5.yaml", *_COUNTRIES, *_ACTS)),
    "table6_computed": TableMeta(_i18n("computed_table6_caption"), "Table 6's criteria recomputed from the "
                                 "country files.", ("tables/table6.yaml", *_COUNTRIES)),
    "kz_acts": TableMeta(_i18n("acts_caption"), "The Kazakh legal and normative acts the dissertation discusses.",
                         ()),
    "kz_provisions": TableMeta(_i18n("provisions_caption"), "Provisions of the Kazakh acts and the competences "
                               "hand-coded in them.", ()),
    "order71_codes": TableMeta(_i18n("codes_caption"), "Order No. 71's job-category codes as Table 5 prints "
                               "them, normalised, with their job levels.", ()),
    "kz_law_coverage": TableMeta(_i18n("coverage_caption"), "Competence × act: number of provisions coded with "
                                 "the competence.", _ACTS, "{column}: number of this act's provisions (act id in "
                                 "data/kz_law/) coded with the competence, by hand, automatically or both, as the "
                                 "report's `source` parameter chose"),
    "kz_law_gaps": TableMeta(_i18n("gap_caption"), "Competences emphasised abroad by several countries and absent "
                             "or only general in Kazakh law.", (*_COUNTRIES, *_ACTS),
                             columns={"n_countries": "number of countries abroad whose files emphasise the "
                                                     "competence"}),
    "kz_law_agreement": TableMeta(_i18n("agreement_caption"), "Agreement of the automatic coder with hand coding, "
                                  "per competence.", _ACTS),
    "kz_law_disagreements": TableMeta(_i18n("disagreements_caption"), "Segments where automatic and hand coding "
                                      "disagree.", _ACTS),
    "kz_law_auto_segments": TableMeta(_i18n("segments_caption"), "Segments of the official texts the automatic "
                                      "coder matched.", _ACTS),
    "survey_design": TableMeta(_i18n("design_caption"), "Design of the empirical studies (parts, methods, sizes, "
                               "dates).", ()),
    "survey_checks": TableMeta(_i18n("checks_caption"), "Arithmetic checks of each survey figure: N, answers, sum "
                               "of shares.", ()),
    "survey_text_vs_data": TableMeta(_i18n("claims_caption"), "Claims of the text about the survey, tested "
                                     "against the figures' numbers.", ()),
    "survey_data_notes": TableMeta(_i18n("notes_caption"), "Inconsistencies recorded in the survey sources and "
                                   "how the project handles them.", ()),
    "survey_questions": TableMeta(_i18n("questions_caption"), "The questions of the 2022 and 2023 surveys.",
                                  ()),
    "country_profile_similarity": TableMeta(_i18n("similarity_caption"), "Jaccard similarity of each country's "
                                            "competence profile with Kazakh reference profiles.",
                                            (*_COUNTRIES, *_ACTS, "tables/*.yaml")),
}
for _n, _what in ((1, "Table 1 of the dissertation: aspects of competence and of communicative competence."),
                  (3, "Table 3 of the dissertation: the competences of the Unified Competency Framework."),
                  (4, "Table 4 of the dissertation: communicative competences and their descriptions."),
                  (5, "Table 5 of the dissertation as printed: requirements by job level, Kazakhstan and abroad, "
                      "and the author's possible additions."),
                  (6, "Table 6 of the dissertation as printed: Kazakhstan's practice against international "
                      "practice by criterion."),
                  (7, "Table 7 of the dissertation: communicative aspects before and after the proposed model.")):
    TABLES[f"table{_n}"] = TableMeta(_printed_caption(_n), _what, (f"tables/table{_n}.yaml",), printed=_n)

PRINTED_KEYS = {"level": "job level", "kazakhstan": "Kazakhstan's requirements (Order No. 71) as printed",
                "international": "international practice as printed", "additions": "the author's possible "
                "additions as printed", "block": "block of the table as printed"}


def _survey_figure(figure: str) -> TableMeta:
    def title(lang: str) -> str:
        from .survey import figure_meta

        return figure_meta(figure).caption.get(lang)

    return TableMeta(title, "The numbers of one published survey figure as tidy rows, one per series and answer "
                     "option.", ())


def table_meta(name: str) -> TableMeta | None:
    """What the registry says about the table exported as ``name`` (None for a table it does not know)."""
    if name in TABLES:
        return TABLES[name]
    if m := re.fullmatch(r"survey_(\w+_fig\d+)", name):
        if (data_dir() / "survey" / f"{m.group(1)}.yaml").exists():
            return _survey_figure(m.group(1))
    return None


def _printed_headers(number: int, lang: str) -> dict[str, str]:
    """Localised header -> description, for the dissertation tables exported with their printed headers."""
    from .i18n import t
    from .kz_law import load_table

    table = load_table(number)
    out = {t("block", lang): "block of the table as printed"}
    for col in table.columns:
        en = col.label.get("en")
        out[col.label.get(lang)] = PRINTED_KEYS.get(col.key, f"'{en}' column of the printed table")
    return out


def describe_column(table: str, column: str, lang: str | None) -> str:
    """What a column holds (en): the table's own meaning, the printed headers, COLUMNS, or other_columns."""
    from .i18n import t

    meta = table_meta(table)
    if meta:
        if column in meta.columns:
            return meta.columns[column]
        if meta.printed and lang and (described := _printed_headers(meta.printed, lang).get(column)):
            return described
        for key, described in meta.named.items():
            if column == t(key, lang or "en"):
                return described
    if column in COLUMNS:
        return COLUMNS[column]
    return meta.other_columns.format(column=column) if meta and meta.other_columns else ""


_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOL = {"True", "False"}


def field_type(values: list[str]) -> str:
    """Table Schema type that every non-empty value of a CSV column satisfies."""
    present = [v for v in values if v != ""]
    if not present:
        return "string"
    if all(_INT.match(v) for v in present):
        return "integer"
    if all(_NUM.match(v) for v in present):
        return "number"
    if all(v in _BOOL for v in present):
        return "boolean"
    if all(_DATE.match(v) for v in present):
        return "date"
    return "string"


def _cited_by_file(root: Path) -> dict[str, set[str]]:
    """Data file (relative to ``root``) -> the source ids its refs cite, read once with the loader's ref walk."""
    from .load import KINDS, iter_marked, project, ref_source
    from .model import REF_RE, RefMarker

    out: dict[str, set[str]] = {}
    for doc in project().docs:
        try:
            rel = doc.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        out[rel] = {ref_source(v) for _, v, mk in iter_marked(KINDS[doc.kind][1], doc.raw)
                    if isinstance(mk, RefMarker) and REF_RE.match(v)}
    return out


def _refs_in(globs: tuple[str, ...], cited: dict[str, set[str]]) -> set[str]:
    """Source ids cited by the data files matching ``globs`` (patterns relative to data/)."""
    return {sid for rel, ids in cited.items() if any(Path(rel).match(g) and len(Path(rel).parts) == len(Path(g).parts)
                                                   for g in globs) for sid in ids}


def _refs_column(rows: list[dict[str, str]]) -> set[str]:
    from .model import REF_RE

    found = set()
    for row in rows:
        for ref in (row.get("refs") or "").split(";"):
            m = REF_RE.match(ref.strip())
            if m:
                found.add(m.group("source"))
    return found


def _package_source(sid: str, src: Any) -> dict[str, str]:
    """A Data Package source: the work's title, its URL where known, and its key in sources.bib/sources.json."""
    out = {"title": src.title, "id": sid}
    if src.url:
        out["path"] = src.url
    return out


def _resource(path: Path, base: Path, sources: dict[str, Any], cited_by: dict[str, set[str]]) -> dict[str, Any]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows = list(reader)
    stem = path.name[: -len(".csv")]
    name, _, lang = stem.rpartition(".") if re.search(r"\.(kk|ru|en)$", stem) else (stem, "", "")
    meta = table_meta(name)
    columns = list(zip(*rows)) if rows else [() for _ in header]
    fields = []
    for col, values in zip(header, columns):
        f = {"name": col, "type": field_type(list(values))}
        desc = describe_column(name, col, lang or None)
        if desc:
            f["description"] = desc
        fields.append(f)
    cited = _refs_column([dict(zip(header, r)) for r in rows]) | (_refs_in(meta.data, cited_by) if meta else set())
    res: dict[str, Any] = {
        "name": re.sub(r"[^a-z0-9._-]", "-", stem.lower()),
        "path": path.relative_to(base).as_posix(),
        "title": (meta.title(lang or "en") or "") if meta else "",
        "description": meta.description if meta else "",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",  # with a BOM (for Excel), which readers of UTF-8 CSV skip
        "bytes": len(raw),
        "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
        "schema": {"fields": fields},
        "sources": [_package_source(sid, sources[sid]) for sid in sorted(cited) if sid in sources],
    }
    if lang:
        res["languages"] = [lang]
    if not res["title"]:
        res["title"] = stem
    return res


def datapackage(out_dir: Path | None = None, sources: dict[str, Any] | None = None,
                root: Path | None = None) -> dict[str, Any]:
    """A Frictionless Data Package describing every CSV under ``out_dir``/tables/ (paths relative to ``out_dir``)."""
    from . import __version__

    out_dir = out_dir or outputs_dir()
    root = root or data_dir()
    sources = read_sources() if sources is None else sources
    tables = sorted((out_dir / "tables").glob("*.csv")) if (out_dir / "tables").is_dir() else []
    cited_by = _cited_by_file(root)
    return {
        "name": "civcomm-tables",
        "title": "civcomm: tables on how states train civil servants to communicate",
        "description": "Every table the civcomm reports export as CSV (UTF-8 with BOM), in Kazakh, Russian and "
                       "English. Each resource lists the sources its data cite (keys of sources.bib and ids of "
                       "sources.json). Quotations remain the work of their authors.",
        "version": __version__,
        "licenses": [LICENSE],
        "resources": [_resource(p, out_dir, sources, cited_by) for p in tables if not p.name.startswith(".")],
    }


# --------------------------------------------------------------------------- bundle


def write_citation_files(out_dir: Path | None = None) -> list[Path]:
    """outputs/sources.bib, sources.json and datapackage.json, each written atomically."""
    from .export import atomic_write_text

    out_dir = out_dir or outputs_dir()
    sources = read_sources()
    items = build_items(sources)
    package = datapackage(out_dir, sources)
    return [atomic_write_text(out_dir / BIB_NAME, bibtex(items)),
            atomic_write_text(out_dir / CSL_NAME, csl_json(items)),
            atomic_write_text(out_dir / PACKAGE_NAME, json.dumps(package, ensure_ascii=False, indent=2) + "\n")]


def index_links(out_dir: Path | None = None) -> str:
    """The index's 'Cite and reuse' list: links to the files ``write_citation_files`` wrote."""
    import html

    out_dir = out_dir or outputs_dir()
    what = {BIB_NAME: "every source as BibTeX (keys = source ids)",
            CSL_NAME: "every source as CSL-JSON (Zotero, pandoc, citeproc)",
            PACKAGE_NAME: "Frictionless Data Package describing every CSV table (columns, types, languages, sources)"}
    items = "".join(f'<li><a href="{html.escape(n)}">{html.escape(n)}</a>: {html.escape(w)}</li>'
                    for n, w in what.items() if (out_dir / n).exists())
    return f"<h2>Cite and reuse</h2><ul>{items}</ul>" if items else ""
