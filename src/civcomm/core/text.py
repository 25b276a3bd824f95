"""Characters that fool a reader: Cyrillic letters that look Latin, invisible ones (the one table of each)."""

from __future__ import annotations

import unicodedata

# Cyrillic letters drawn like Latin ones: a code typed on a Russian/Kazakh keyboard looks right and is not.
CYRILLIC_LOOKALIKES: dict[str, str] = dict(zip("АВСЕНКМОРТХасеорхуІі", "ABCEHKMOPTXaceopxyIi"))


def lookalike_letters(text: str) -> list[str]:
    """The Cyrillic look-alike letters in ``text``, in order."""
    return [ch for ch in text if ch in CYRILLIC_LOOKALIKES]


def invisible_characters(text: str) -> list[str]:
    """Zero-width, format and control characters (other than tab/newline) in ``text``, as U+XXXX names."""
    return [f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in text
            if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") and ch not in "\t\n\r"]
