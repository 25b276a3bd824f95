"""outputs/datapackage.json: a Frictionless Data Package describing every CSV table of the bundle.

Each resource: title in the table's language, a description, the language, a schema with each column's type
(read from the values) and description, the sources the table rests on (its refs column and the refs of the data
files it is computed from), the licence, size and SHA-256.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civcomm import __version__
from civcomm.core.hashing import sha256_bytes
from civcomm.core.paths import data_dir, outputs_dir
from civcomm.data import cache
from civcomm.data.kinds import BY_NAME
from civcomm.data.modelcheck import iter_marked, ref_source
from civcomm.data.models import REF_RE, RefMarker
from civcomm.present.specs import COMMON, spec_for
from civcomm.present.tablespec import SpecError, TableSpec, caption_of, column_descriptions, header
from civcomm.views.survey import figure_meta

PACKAGE_NAME = "datapackage.json"

LICENSE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/licenses/MIT"}


@dataclass(frozen=True)
class TableMeta:
    """What a table is and which data files it is computed from, read from its presentation spec."""

    title: Callable[[str], str]  # lang -> title
    description: str
    data: tuple[str, ...]  # globs under data/ whose refs, beside the CSV's own refs column, the table rests on
    spec: TableSpec


def table_meta(name: str) -> TableMeta | None:
    """What the table exported as ``name`` is, from its presentation spec (None for a table without one)."""
    spec = spec_for(name)
    if spec is None:
        return None
    if name.startswith("survey_") and spec.name == "survey_figure":
        figure = name.removeprefix("survey_")

        def title(lang: str) -> str:
            try:
                return figure_meta(figure).caption.get(lang)
            except KeyError:  # a figure this project does not have: the file name stands in
                return ""
    else:
        def title(lang: str) -> str:
            try:
                return caption_of(spec, lang)[1]
            except KeyError:  # a project without the dissertation table the caption comes from
                return ""

    return TableMeta(title, spec.about, spec.data, spec)


def describe_column(table: str, column: str, lang: str | None) -> str:
    """What a column holds (en): the spec's ``about`` for it, else the common meaning of its name."""
    meta = table_meta(table)
    if meta is None:
        return COMMON.get(column, "")
    return column_descriptions(meta.spec, [column], COMMON).get(column, "")


def column_title(table: str, column: str, lang: str | None) -> str:
    """The column's header in the table's language (what the XLSX, DOCX and report show), or ''."""
    meta = table_meta(table)
    col = meta.spec.column_for(column) if meta else None
    if col is None or not col.shown:
        return ""
    try:
        return header(meta.spec, col, column, lang or "en")
    except (KeyError, SpecError):
        return ""


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
    out: dict[str, set[str]] = {}
    for doc in cache.project().docs:
        try:
            rel = doc.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        out[rel] = {ref_source(v) for _, v, mk in iter_marked(BY_NAME[doc.kind].model, doc.raw)
                    if isinstance(mk, RefMarker) and REF_RE.match(v)}
    return out


def _refs_in(globs: tuple[str, ...], cited: dict[str, set[str]]) -> set[str]:
    """Source ids cited by the data files matching ``globs`` (patterns relative to data/)."""
    return {sid for rel, ids in cited.items() if any(Path(rel).match(g) and len(Path(rel).parts) == len(Path(g).parts)
                                                   for g in globs) for sid in ids}


def _refs_column(rows: list[dict[str, str]]) -> set[str]:
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
        title = column_title(name, col, lang or None)
        if title and title != col:
            f["title"] = title
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
        "hash": "sha256:" + sha256_bytes(raw),
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
    out_dir = out_dir or outputs_dir()
    root = root or data_dir()
    sources = cache.project().sources if sources is None else sources
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
