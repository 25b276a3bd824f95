"""Interface strings in kk, ru and en, read from ``strings.yaml`` beside this module.

The strings are the project's own words (headers, labels, notes), not facts: captions quoted from
the dissertation live in data/tables/ with their refs. Every entry must have the three languages with
the same ``{format}`` fields; a broken file fails on first use with every problem listed.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

from civcomm.core.langs import LANGS

STRINGS_FILE = Path(__file__).with_name("strings.yaml")


class StringsError(ValueError):
    """strings.yaml is malformed: the message lists every problem."""


def format_fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def check_strings(entries: object, shown: str = "strings.yaml") -> list[str]:
    """Every problem of a strings mapping: missing languages, empty texts, differing format fields."""
    if not isinstance(entries, dict):
        return [f"{shown}:1: top level is not a mapping (expected key: {{kk, ru, en}})"]
    problems = []
    for key, entry in entries.items():
        if not isinstance(entry, dict) or set(entry) != set(LANGS):
            problems.append(f"{shown}: {key}: expected exactly the languages {', '.join(LANGS)}")
            continue
        if not all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGS):
            problems.append(f"{shown}: {key}: expected a non-empty text in every language")
            continue
        fields = {lang: format_fields(entry[lang]) for lang in LANGS}
        if len({frozenset(f) for f in fields.values()}) > 1:
            problems.append(f"{shown}: {key}: format fields differ between languages ({fields})")
    return problems


@cache
def strings() -> dict[str, dict[str, str]]:
    """Every interface string, checked once per process."""
    entries = YAML(typ="safe", pure=True).load(STRINGS_FILE.read_text(encoding="utf-8"))
    problems = check_strings(entries, str(STRINGS_FILE.name))
    if problems:
        raise StringsError("\n".join(problems))
    return entries


def has(key: str) -> bool:
    return key in strings()


def t(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang`` (KeyError names the missing key)."""
    entry = strings()[key]
    return entry.get(lang) or entry["en"]


def caption(number: int, key: str, lang: str) -> str:
    """A dissertation-style caption: 'Кесте 2 – ...' / 'Таблица 2 – ...' / 'Table 2 – ...'."""
    return f"{t('table', lang)} {number} – {t(key, lang)}"


def headers(columns, lang: str) -> dict[str, str]:
    """Display headers in ``lang`` for the stable column names that have a ``col_<name>`` string
    (use as ``df.rename(columns=headers(df.columns, lang))``; other columns keep their names)."""
    return {c: t(f"col_{c}", lang) for c in columns if has(f"col_{c}")}
