"""The languages every report, table and interface string comes in (the one list of them)."""

from __future__ import annotations

LANGS: tuple[str, ...] = ("kk", "ru", "en")
