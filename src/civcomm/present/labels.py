"""What a reader reads for a code: every vocabulary's labels in kk/ru/en, references as the dissertation prints them.

Labels come from the data where the data has them (codebook, vocabularies, stakeholder vocabulary, country
and act files) and from ``core/strings.yaml`` (``v_<vocabulary>_<code>``) for the project's own codes
(coding strength, act type, survey scale, ...). An unknown code is returned as it is: the tests count
such leaks in every kk and ru table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from civcomm.core.i18n import has, strings, t
from civcomm.data import cache
from civcomm.views import stakeholders, survey

# vocabularies whose labels live in strings.yaml: vocabulary -> key of a code (most: v_<vocabulary>_<code>)
STRING_VOCABS: dict[str, str] = {
    **{name: f"v_{name}_{{code}}" for name in (
        "strength", "act_type", "act_status", "relation_status", "response", "scale", "study_method", "coder",
        "kz_status", "locator", "endpoint", "role_end", "language", "action", "amending_form", "unit_status",
        "marker", "sample", "verdict", "reader")},
    "quadrant": "{code}", "rating": "{code}", "basis": "{code}",  # entries the stakeholder report already had
}


def _data_vocab(name: str, lang: str) -> dict[str, str]:
    proj = cache.use("vocabularies") if name in ("job_level", "method", "institution_role") else \
        cache.use("stakeholder_vocab")
    return {k: v.label.get(lang) for k, v in proj.vocab(name).items()}


def _competences(lang: str) -> dict[str, str]:
    return {cid: c.label.get(lang) for cid, c in cache.use("codebook").vocab("competence").items()}


def _countries(lang: str) -> dict[str, str]:
    return {c.country: c.names.get(lang) for c in cache.use("country").all("country")}


def _acts(lang: str) -> dict[str, str]:
    """Act id -> a short name: its type and number ('Заң № 416-V ҚРЗ'), else its title."""
    out = {}
    for a in cache.use("kz_act").all("kz_act"):
        kind = label("act_type", a.type, lang)
        out[a.act] = f"{kind} № {a.number}" if a.number else (a.title.get(lang) or a.act)
    return out


def _units(lang: str) -> dict[str, str]:
    """'<act id>:<provision id>' -> '<act short name>, <locator>'."""
    acts = _acts(lang)
    out = {}
    for a in cache.use("kz_act").all("kz_act"):
        for p in a.provisions:
            out[f"{a.act}:{p.id}"] = f"{acts[a.act]}, {label('locator', p.locator, lang)}"
    return out


def _actors(lang: str) -> dict[str, str]:
    out = {}
    for f in cache.use("stakeholders").all("stakeholders"):
        out.update({a.id: a.names.get(lang) or a.id for a in f.actors})
    for c in cache.use("country").all("country"):
        code = c.country.lower()
        out[f"{code}_civil_servants"] = t("v_endpoint_cs", lang)
        out[f"{code}_citizens"] = t("v_endpoint_citizens", lang)
        for inst in c.institutions:
            out[inst.id] = inst.abbr or inst.name.get(lang) or inst.id
    return out


def _studies(lang: str) -> dict[str, str]:
    studies = cache.use("survey_studies").one("survey_studies")
    return {sid: s.name.get(lang) for sid, s in (studies.studies.items() if studies else [])}


def _figures(lang: str) -> dict[str, str]:
    studies = _studies(lang)
    out = {}
    for fid in survey.figure_ids():
        meta = survey.figure_meta(fid)
        out[fid] = f"{studies.get(meta.study, meta.study)}, {t('figure_ref', lang).format(n=meta.number)}"
    return out


def _profiles(lang: str) -> dict[str, str]:
    return stakeholders.profiles(lang)[1]


def _metrics(lang: str) -> dict[str, str]:
    return {k.removeprefix("col_"): t(k, lang) for k in strings() if k.startswith("col_")}


DATA_VOCABS: dict[str, Callable[[str], dict[str, str]]] = {
    "competence": _competences, "country": _countries, "act": _acts, "unit": _units, "actor": _actors,
    "study": _studies, "figure": _figures, "profile": _profiles, "column": _metrics,
    **{name: (lambda lang, name=name: _data_vocab(name, lang))
       for name in ("job_level", "method", "institution_role", "actor_type", "actor_level", "relation_kind")},
}


_TABLES: dict[tuple[str, str], tuple[object, dict[str, str]]] = {}


def vocab_labels(vocab: str, lang: str) -> dict[str, str]:
    """Code -> label for a data vocabulary, built once per loaded project (the project is kept beside it so
    a reloaded project, e.g. another data folder, never reads a stale table)."""
    proj = cache.project()
    held = _TABLES.get((vocab, lang))
    if held is None or held[0] is not proj:
        held = _TABLES[(vocab, lang)] = (proj, DATA_VOCABS[vocab](lang))
    return held[1]


def label(vocab: str, code: object, lang: str) -> str:
    """The label of ``code`` in ``vocab`` in ``lang``; the code itself where none is known."""
    key = str(code)
    if vocab in STRING_VOCABS:
        if vocab == "basis":  # 'derived:<rating rule>': the rule is named in the table's note
            key = key.partition(":")[0]
        name = STRING_VOCABS[vocab].format(code=key.replace(" ", "_"))
        return t(name, lang) if has(name) else str(code)
    if vocab in DATA_VOCABS:
        return vocab_labels(vocab, lang).get(key) or key
    raise KeyError(f"unknown vocabulary '{vocab}' (expected one of: "
                   f"{', '.join(sorted([*STRING_VOCABS, *DATA_VOCABS]))})")


def known(vocab: str, code: object) -> bool:
    """Whether ``code`` has a label in ``vocab`` (for tests and checks)."""
    if vocab in STRING_VOCABS:
        key = str(code).partition(":")[0] if vocab == "basis" else str(code)
        return has(STRING_VOCABS[vocab].format(code=key.replace(" ", "_")))
    return str(code) in vocab_labels(vocab, "en")


# --------------------------------------------------------------------------- references

_LINES = re.compile(r"\s*\bl\.\s?(\d+(?:-\d+)?)$")
_SECTIONS = {"Table": "ref_table", "Figure": "ref_figure", "Conclusion": "ref_conclusion",
             "Introduction": "ref_introduction", "References": "ref_references", "chart cache": "ref_chart_cache"}


@dataclass(frozen=True)
class Reference:
    """One ref as a reader sees it: ``text`` as printed ([79], '§1.3', '5-кесте'), ``full`` for hover,
    ``source`` the source id (= the BibTeX key) and ``postnote`` the locator for \\cite[postnote]{source}."""

    text: str
    full: str
    source: str
    postnote: str
    is_bibliography: bool


def _sources() -> dict:
    """The sources of data/sources.yaml, noted as read once per loaded project (a table cites hundreds)."""
    proj = cache.project()
    held = _TABLES.get(("sources", ""))
    if held is None or held[0] is not proj:
        held = _TABLES[("sources", "")] = (proj, cache.use("sources").sources)
    return held[1]


def _short_source(src) -> str:
    if src.authors:
        surname = src.authors[0].split()[0].rstrip(",")
        return f"{surname}{' ' + str(src.year) if src.year else ''}"
    words = src.title.split()
    return "«" + " ".join(words[:3]) + ("…" if len(words) > 3 else "") + "»"


def _seed_locator(loc: str, lang: str) -> str:
    """'§1.3 l.334' -> '§1.3'; 'Table 5 l.518' -> '5-кесте'; 'l.201' -> '201-жол' (kk)."""
    m = _LINES.search(loc)
    head = loc[: m.start()].strip() if m else loc.strip()
    if not head:
        return t("ref_line", lang).format(n=m.group(1)) if m else ""
    for word, key in _SECTIONS.items():
        if head.startswith(word):
            rest = head[len(word):].strip()
            return t(key, lang).format(n=rest) if "{n}" in t(key, "en") else t(key, lang)
    return head


# the pages of a cited work as the dissertation prints them in its Kazakh text: "[102, р. 300-317]", a Cyrillic "р."
# (67 of its 69 page citations); the data keeps the Latin "p." that the English outputs print
_PAGES = re.compile(r"(?<![\w])p\.(?=\s*\d)")


def _cyrillic_pages(text: str) -> str:
    return _PAGES.sub("р.", text)


def _printed_by_seed(src, sources: dict) -> bool:
    """Whether the work is an item of a Kazakh or Russian seed's bibliography (the seed prints its citations)."""
    via = sources.get((src.via or "").partition("#")[0])
    return via is not None and via.lang in ("kk", "ru")


def reference(ref: str, lang: str) -> Reference:
    """How the dissertation prints ``ref`` ('<source>#<locator>'): a bibliography item as [N] or its printed
    locator ('[102, p. 300-317]'); a seed as its locator ('§1.3', '5-кесте'), other seeds with a short name."""
    sid, _, loc = ref.partition("#")
    sources = _sources()
    src = sources.get(sid)
    full = f"{sid}#{loc}" if loc else sid
    if src is not None:
        full = f"{src.entry or src.title}" + (f" — {loc}" if loc else "")
    if src is not None and src.bib_no is not None:
        if loc.startswith("["):
            text = loc
            post = re.sub(r"^\[\d+\s*,?\s*|\]$", "", loc)
        else:
            text = f"[{src.bib_no}{', ' + loc if loc else ''}]"
            post = loc
        if lang in ("kk", "ru") and _printed_by_seed(src, sources):
            text, post = _cyrillic_pages(text), _cyrillic_pages(post)
        return Reference(text, full, sid, post, True)
    if loc.startswith("["):  # the seed's own citation of a work it lists, e.g. diss_kz#[4]
        return Reference(loc, full, sid, "", True)
    where = _seed_locator(loc, lang) if loc else ""
    hosts = {s.via for s in sources.values() if s.via}  # the dissertation whose bibliography the items are
    text = where if sid in hosts else " ".join(x for x in (_short_source(src) if src else sid, where) if x)
    return Reference(text or sid, full, sid, where, False)
