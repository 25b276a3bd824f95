"""The sources as BibTeX and CSL-JSON: each printed bibliography entry of data/sources.yaml parsed with care.

Each printed entry is read into its parts by ``bibentry.parse_entry``, only where a part's pattern is unambiguous;
the printed entry always goes verbatim into ``note``, so nothing is lost. Title, authors, year and URL curated in
data/sources.yaml take precedence over what is parsed (a test checks that the two agree). BibTeX keys and CSL ids are the source ids, for ``\\cite{}`` in the LaTeX exports.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from civcomm.output.bibentry import ET_AL, Name, Parsed, parse_entry, parse_name

BIB_NAME, CSL_NAME = "sources.bib", "sources.json"

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


def _csl_name(n: Name) -> dict[str, str]:
    if n.literal:
        return {"literal": n.literal}
    return {"family": n.family, "given": n.given} if n.given else {"family": n.family}


def _csl_date(parts: tuple[int, ...]) -> dict[str, list[list[int]]]:
    return {"date-parts": [list(parts)]}


def csl_item(item: Item) -> dict[str, Any]:
    p = item.parsed
    out: dict[str, Any] = {"id": item.id, "type": p.type, "title": p.title}
    if p.authors:
        out["author"] = [_csl_name(n) for n in p.authors]
    if p.compilers:
        out["compiler"] = [_csl_name(n) for n in p.compilers]
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


def _bib_name(n: Name) -> str:
    if n.literal:  # braces keep a body's name whole ("{OECD}", not family "OECD")
        return "{" + _tex(n.literal) + "}"
    return f"{_tex(n.family)}, {_tex(n.given)}" if n.given else _tex(n.family)


def bib_fields(item: Item) -> list[tuple[str, str]]:
    p = item.parsed
    fields: list[tuple[str, str]] = []
    if p.authors:
        names = [_bib_name(n) for n in p.authors] + (["others"] if p.others else [])
        fields.append(("author", " and ".join(names)))
    if p.compilers:
        fields += [("editor", " and ".join(_bib_name(n) for n in p.compilers)), ("editortype", "compiler")]
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
