"""Table presentation specs and how values read in kk/ru/en: the one path from a data frame to what a reader sees.

A ``TableSpec`` says, for one table, its columns in order (each with a localised header, a kind, a vocabulary,
an alignment and a relative width), its caption and note, and which formats it goes to. ``render`` turns a
data frame (machine values: ids, booleans, lists, numbers) into a ``Rendered`` table of reader cells; the
writers (``output.tables``) and the HTML of the reports (``present.tablehtml``) only lay that out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Number
from typing import Any

import pandas as pd

from civcomm.core.i18n import has, t
from civcomm.core.langs import LANGS
from civcomm.present.labels import Reference, label, reference
from civcomm.views import tables as views_tables

KINDS = ("text", "number", "share", "count", "list", "boolean", "enum", "reference", "id", "date")
ALIGN = {"number": "right", "share": "right", "count": "right", "boolean": "center"}  # the rest: left
NUMERIC = ("number", "share", "count")
PUBLICATION_FORMATS = ("csv", "xlsx", "docx", "tex")
DATA_FORMATS = ("csv", "xlsx")
CHECK, DASH = "✓", "—"


class SpecError(ValueError):
    """A spec and a frame disagree (a column the spec needs is missing, an unknown kind)."""


@dataclass(frozen=True)
class Col:
    """One column: ``key`` in the frame ('prefix*' matches every column starting with prefix), how it reads."""

    key: str
    kind: str = "text"
    header: str | None = None  # strings.yaml key (default col_<key>); 'tN:key': the label in data/tables/tableN.yaml;
    # '=text': the text itself (only for tables without a spec)
    vocab: str | None = None  # enum, list, id: vocabulary of the values; 'prefix*': vocabulary of the suffix
    width: float = 1.0  # relative; the writers scale the widths to the page
    decimals: int | None = None  # number, share: digits after the decimal separator
    marks: bool = False  # boolean as ✓/— (compact columns) instead of words
    lines: bool = False  # list: one item per line instead of '; '
    split: str | None = None  # a str cell that holds a list joined by this separator
    shown: bool = True  # False: machine column, CSV only (ids beside their label columns)
    langs: tuple[str, ...] = LANGS  # reader views in these languages only (("en",): an English-only text)
    bib_only: bool = False  # reference: bibliography items only, where the cell has any ([79], not the seed's lines)
    derive: Callable[[Any, str], Any] | None = None  # reader value computed from the row (row, lang)
    about: str = ""  # what the column holds (en): the data package's description

    def __post_init__(self):
        if self.kind not in KINDS:
            raise SpecError(f"column '{self.key}': kind '{self.kind}' (expected one of: {', '.join(KINDS)})")

    @property
    def align(self) -> str:
        return ALIGN.get(self.kind, "left")

    def matches(self, column: str) -> bool:
        return column == self.key or (self.key.endswith("*") and str(column).startswith(self.key[:-1]))


@dataclass(frozen=True)
class TableSpec:
    """How one table is presented. ``number``: the dissertation's table (caption, note and 'tN:' headers from
    data/tables/tableN.yaml); ``caption``/``note``: strings.yaml keys for the project's own tables."""

    name: str
    columns: tuple[Col, ...]
    about: str  # what the table is (en): the data package's description
    number: int | None = None
    caption: str | None = None
    caption_suffix: str | None = None  # strings key appended to the dissertation's caption (computed companions)
    note: str | None = None
    publication: bool = False  # a table a thesis prints: also DOCX and LaTeX
    index: str | None = None  # the frame's index is this column (matrices)
    group: str | None = None  # a column whose value, where it changes, heads the rows below (Table 3's blocks)
    data: tuple[str, ...] = ()  # globs under data/ whose sources the table rests on (data package)
    landscape: bool | None = None  # None: decided from the widths the columns need
    font_pt: float = 11.0  # DOCX body size (GOST 7.32 allows a smaller size in tables than in the text)

    @property
    def formats(self) -> tuple[str, ...]:
        return PUBLICATION_FORMATS if self.publication else DATA_FORMATS

    def column_for(self, column: str) -> Col | None:
        exact = next((c for c in self.columns if c.key == column), None)
        return exact or next((c for c in self.columns if c.matches(column)), None)


# --------------------------------------------------------------------------- what a reader reads


@dataclass(frozen=True)
class Cell:
    """A reader's cell: ``text`` (lines separated by '\\n'), ``value`` a number kept as a number (XLSX), and the
    references it shows (hover text in HTML, \\cite in LaTeX)."""

    text: str
    value: float | int | None = None
    refs: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class RCol:
    key: str
    header: str
    kind: str
    align: str
    width: float  # share of the table's width; the shares sum to 1
    decimals: int | None = None

    @property
    def number_format(self) -> str:
        if self.kind == "count":
            return "0"
        if self.kind in NUMERIC:
            return "0" + ("." + "0" * self.decimals if self.decimals else "")
        return "@"


@dataclass
class Rendered:
    """A table ready to lay out: caption, note, columns and rows of cells, in one language."""

    name: str
    lang: str
    caption: str
    note: str | None
    columns: list[RCol]
    rows: list[list[Cell]]
    number: int | None = None
    caption_text: str = ""  # the caption without 'Кесте N – ' (LaTeX's \caption numbers itself)
    sources: list[str] = field(default_factory=list)  # every ref the table's rows cite, for XLSX's second sheet
    landscape: bool = False
    font_pt: float = 11.0
    publication: bool = False
    groups: dict[int, str] = field(default_factory=dict)  # row index -> heading of the rows from there on


def is_missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def decimal_text(x: float, decimals: int | None, lang: str) -> str:
    """A number as the language writes it: kk/ru with a decimal comma, thousands not grouped; without
    ``decimals`` an integer stays whole and a fraction keeps at most three digits."""
    x = float(x)
    if decimals is None:
        text = str(int(x)) if x.is_integer() else f"{x:.3f}".rstrip("0").rstrip(".")
    else:
        text = f"{x:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace(".", ",") if lang in ("kk", "ru") else text


def date_text(iso: str, lang: str) -> str:
    """ISO dates as the language writes them: 23.11.2015 in kk and ru (GOST 7.32), 2015-11-23 in en; every date
    in a range ('2022-11-08 – 2022-12-06') is written so, a year or other text stays as it is."""
    if lang not in ("kk", "ru"):
        return iso
    return re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", lambda m: f"{m.group(3)}.{m.group(2)}.{m.group(1)}", iso)


def boolean_text(v: Any, lang: str, marks: bool) -> str:
    if is_missing(v):
        return ""
    if marks:
        return CHECK if bool(v) else DASH
    return t("v_boolean_yes" if bool(v) else "v_boolean_no", lang)


def _items(v: Any, split: str | None) -> list:
    if is_missing(v):
        return []
    if isinstance(v, str):
        return [x.strip() for x in v.split(split)] if split else [v]
    if isinstance(v, (list, tuple, set)):
        return list(v)
    return [v]


def _refs(values: list, lang: str, bib_only: bool) -> tuple[Reference, ...]:
    refs = [reference(str(r), lang) for r in values]
    if bib_only and any(r.is_bibliography for r in refs):
        refs = [r for r in refs if r.is_bibliography]
    out, seen = [], set()
    for r in refs:
        if r.text not in seen:
            seen.add(r.text)
            out.append(r)
    return tuple(out)


def cell(col: Col, v: Any, lang: str) -> Cell:
    """What a reader reads for value ``v`` of column ``col`` in ``lang``."""
    kind = col.kind
    if kind == "reference":
        refs = _refs([x for x in _items(v, col.split or ";") if str(x).strip()], lang, col.bib_only)
        return Cell("; ".join(r.text for r in refs), None, refs)
    if kind == "list":
        items = [label(col.vocab, x, lang) if col.vocab else str(x) for x in _items(v, col.split) if not is_missing(x)]
        return Cell(("\n" if col.lines else "; ").join(items))
    if is_missing(v):
        return Cell("")
    if kind == "boolean":
        return Cell(boolean_text(v, lang, col.marks))
    if kind in NUMERIC:
        if isinstance(v, str):
            try:
                v = float(v)
            except ValueError:
                return Cell(v)
        if not isinstance(v, Number):
            return Cell(str(v))
        if kind == "count" or (col.decimals == 0):
            n = int(round(float(v)))
            return Cell(decimal_text(n, None, lang), n)
        if col.decimals is not None:
            x = round(float(v), col.decimals)
            return Cell(decimal_text(x, col.decimals, lang), x)
        return Cell(decimal_text(v, None, lang), v)
    if kind in ("enum", "id") and col.vocab:
        return Cell(label(col.vocab, v, lang))
    if kind == "date":
        return Cell(date_text(str(v), lang))
    if isinstance(v, (list, tuple)):
        return Cell("; ".join(map(str, v)))
    if isinstance(v, bool):
        return Cell(boolean_text(v, lang, col.marks))
    return Cell(str(v))


def derived_cell(col: Col, value: Any, lang: str) -> Cell:
    """A ``derive`` result: a Cell as it is, a list as lines (or '; '), text as text."""
    if isinstance(value, Cell):
        return value
    if isinstance(value, (list, tuple)):
        return Cell(("\n" if col.lines else "; ").join(str(x) for x in value if x not in (None, "")))
    return Cell("" if is_missing(value) else str(value))


# --------------------------------------------------------------------------- headers, caption, note


def header(spec: TableSpec, col: Col, column: str, lang: str) -> str:
    """The column's header in ``lang``: data/tables for the dissertation's own, strings.yaml otherwise."""
    if col.key.endswith("*"):
        suffix = str(column)[len(col.key) - 1:]
        name = label(col.vocab, suffix, lang) if col.vocab else suffix
        return t(col.header, lang).format(label=name) if col.header else name
    key = col.header or f"col_{col.key}"
    if key.startswith("="):  # a literal header (tables without a spec keep their column names)
        return key[1:]
    if key.startswith("t") and ":" in key:
        number, _, column_key = key[1:].partition(":")
        try:
            return views_tables.table_headers(int(number), lang)[column_key]
        except KeyError:  # a project without data/tables/tableN.yaml: the project's own header, else the key
            return t(f"col_{column_key}", lang) if has(f"col_{column_key}") else column_key
    if not has(key):
        raise SpecError(f"table '{spec.name}', column '{col.key}': no header '{key}' in strings.yaml "
                        "(expected a col_<key> entry or header='tN:key')")
    return t(key, lang)


def caption_of(spec: TableSpec, lang: str, fields: dict | None = None) -> tuple[str, str]:
    """(full caption, caption text without the 'Кесте N – ' label)."""
    if spec.number is not None:
        try:
            text = views_tables.kz_law.load_table(spec.number).caption.get(lang)
        except KeyError:  # a project without data/tables/tableN.yaml
            text = spec.name
        if spec.caption_suffix:
            text = f"{text} ({t(spec.caption_suffix, lang)})"
        return f"{t('table', lang)} {spec.number} – {text}", text
    text = t(spec.caption, lang).format(**(fields or {})) if spec.caption else spec.name
    return text, text


def note_of(spec: TableSpec, lang: str, fields: dict | None = None) -> str | None:
    """'Ескерту – …': the dissertation's note (data/tables) and/or the project's (strings.yaml)."""
    parts = []
    if spec.number is not None and not spec.caption_suffix:
        try:
            printed = views_tables.kz_law.load_table(spec.number).note
        except KeyError:
            printed = None
        if printed:
            parts.append(printed.get(lang))
    if spec.note:
        parts.append(t(spec.note, lang).format(**(fields or {})))
    return f"{t('note', lang)} – {' '.join(parts)}" if parts else None


# --------------------------------------------------------------------------- render


def _frame(spec: TableSpec, df: pd.DataFrame) -> pd.DataFrame:
    """The frame with its index as the spec's first column (once: a frame already reset is left as it is)."""
    if spec.index and spec.index not in df.columns:
        df = df.reset_index()
        df = df.rename(columns={df.columns[0]: spec.index}) if spec.index not in df.columns else df
    return df


def reader_columns(spec: TableSpec, df: pd.DataFrame, lang: str) -> list[tuple[str, Col]]:
    """(frame column or derived key, its Col) of the reader view, in the spec's order; '*' columns in the frame's."""
    out: list[tuple[str, Col]] = []
    for col in spec.columns:
        if not col.shown or lang not in col.langs:
            continue
        if col.key.endswith("*"):
            taken = {c for c, _ in out} | {c.key for c in spec.columns}
            out += [(c, col) for c in df.columns if col.matches(c) and c not in taken]
        elif col.derive is not None or col.key in df.columns:
            out.append((col.key, col))
    return out


def check_frame(spec: TableSpec, df: pd.DataFrame) -> list[str]:
    """Columns of the frame the spec does not describe, and columns the spec needs that the frame lacks."""
    df = _frame(spec, df)
    problems = [f"table '{spec.name}': column '{c}' has no spec (add a Col to civcomm.present.specs)"
                for c in df.columns if spec.column_for(str(c)) is None]
    return problems


def render(spec: TableSpec, df: pd.DataFrame, lang: str, fields: dict | None = None,
           caption: str | None = None, note: str | None = None) -> Rendered:
    """The reader's table in ``lang``; ``caption``/``note`` override the spec's (a notebook's own words)."""
    if lang not in LANGS:
        raise SpecError(f"language '{lang}' (expected one of: {', '.join(LANGS)})")
    df = _frame(spec, df)
    problems = check_frame(spec, df)
    if problems:
        raise SpecError("\n".join(problems))
    cols = reader_columns(spec, df, lang)
    rows: list[list[Cell]] = []
    groups: dict[int, str] = {}
    last = None
    for i, rec in enumerate(df.to_dict("records")):
        if spec.group and rec.get(spec.group) != last:
            last = rec.get(spec.group)
            groups[i] = "" if is_missing(last) else str(last)
        row = []
        for key, col in cols:
            if col.derive is not None:
                row.append(derived_cell(col, col.derive(rec, lang), lang))
            else:
                row.append(cell(col, rec.get(key), lang))
        rows.append(row)
    total = sum(col.width for _, col in cols) or 1.0
    rcols = [RCol(key, header(spec, col, key, lang), col.kind, col.align, col.width / total, col.decimals)
             for key, col in cols]
    full, text = caption_of(spec, lang, fields)
    if caption:
        full = text = caption
    ref_cols = [c for c in df.columns if (sc := spec.column_for(str(c))) and sc.kind == "reference"]
    sources = sorted({str(r).strip() for c in ref_cols for v in df[c] for r in _items(v, ";") if str(r).strip()})
    out = Rendered(spec.name, lang, full, note if note is not None else note_of(spec, lang, fields), rcols, rows,
                   spec.number, text, sources, font_pt=spec.font_pt, publication=spec.publication,
                   groups=groups)
    out.landscape = spec.landscape if spec.landscape is not None else needs_landscape(out)
    return out


PORTRAIT_TEXT_CM = 16.5  # A4 21 cm minus GOST 7.32 margins 3 + 1.5 cm
LANDSCAPE_TEXT_CM = 25.2  # 29.7 cm minus 2 + 2 cm (top/bottom margins become the sides) and 0.5 cm spare


def min_width_cm(rendered: Rendered, col_index: int) -> float:
    """The narrowest a column can be: its longest word (or a number) in the body font, plus padding."""
    char_cm = rendered.font_pt * 0.0176  # an average Times/Liberation glyph is ~0.5 em; 1 pt = 0.0353 cm
    longest = max([len(w) for row in rendered.rows for w in row[col_index].text.split()] +
                  [len(w) for w in rendered.columns[col_index].header.split()] + [2])
    return longest * char_cm + 0.4


def needs_landscape(rendered: Rendered) -> bool:
    """Whether the portrait text width is too narrow: a column would get clearly less than its longest word
    (by over 0.5 cm), or the table has more columns than fit at ~1.8 cm each."""
    if len(rendered.columns) > PORTRAIT_TEXT_CM / 1.8:
        return True
    return any(c.width * PORTRAIT_TEXT_CM < min_width_cm(rendered, i) - 0.5 for i, c in enumerate(rendered.columns))


def machine_columns(spec: TableSpec, df: pd.DataFrame) -> pd.DataFrame:
    """The frame as the CSV holds it: every column under its stable name (the index as its column)."""
    return _frame(spec, df)


def column_descriptions(spec: TableSpec, columns: Sequence[str], common: dict[str, str] | None = None,
                        ) -> dict[str, str]:
    """Column -> what it holds (en), for the data package: the column's ``about``, else ``common``'s entry."""
    out = {}
    for c in columns:
        col = spec.column_for(str(c))
        about = (col.about if col is not None else "") or (common or {}).get(col.key if col else str(c), "")
        if about:
            suffix = str(c)[len(col.key) - 1:] if col is not None and col.key.endswith("*") else ""
            out[str(c)] = about.format(column=c, suffix=suffix)
    return out


def _guess_kind(s: pd.Series) -> str:
    values = [v for v in s if not is_missing(v)]
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, Number) and not isinstance(v, bool) for v in values):
        return "count" if all(float(v).is_integer() for v in values) else "number"
    if any(isinstance(v, (list, tuple)) for v in values):
        return "reference" if str(s.name).startswith("refs") else "list"
    return "reference" if str(s.name).startswith("refs") else "text"


def generic_spec(name: str, df: pd.DataFrame, index: bool = False) -> TableSpec:
    """A spec for a table nobody described (a fixture, an ad hoc frame): its own column names as headers."""
    frame = df.reset_index() if index else df
    cols = tuple(Col(str(c), kind=_guess_kind(frame[c]), header=f"={c}") for c in frame.columns)
    return TableSpec(name, cols, about="", index=(str(frame.columns[0]) if index else None))
