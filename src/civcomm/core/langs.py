"""The languages every report, table and interface string comes in (the one list of them)."""

from __future__ import annotations

import re

LANGS: tuple[str, ...] = ("kk", "ru", "en")
# the language tag a written document carries (Word's w:lang, the XLSX and DOCX properties)
DOC_LANG: dict[str, str] = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}

# A notebook's prose cell written in one language carries the tag ``lang-kk`` (``lang-ru``, ``lang-en``).
LANG_TAG = re.compile(r"^lang-([a-z]{2})$")


def tagged_langs(cell) -> list[str]:
    """The languages a notebook cell's ``lang-xx`` tags name (none: the cell is for every language)."""
    return [m.group(1) for t in cell.get("metadata", {}).get("tags", []) if (m := LANG_TAG.match(t))]
