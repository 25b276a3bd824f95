"""Interface strings live in src/civcomm/core/strings.yaml: every entry in kk, ru and en with the same fields."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from civcomm.core import i18n
from civcomm.core.i18n import check_strings, strings, t

from .conftest import ROOT


def test_the_strings_file_passes_its_own_check():
    raw = YAML(typ="safe").load(i18n.STRINGS_FILE.read_text(encoding="utf-8"))
    assert check_strings(raw) == []
    assert len(strings()) == len(raw) > 100


@pytest.mark.parametrize("entry, problem", [
    ({"a": {"kk": "x", "en": "y"}}, "a: expected exactly the languages kk, ru, en"),
    ({"a": {"kk": "x", "ru": " ", "en": "y"}}, "a: expected a non-empty text in every language"),
    ({"a": {"kk": "{n} x", "ru": "{m} y", "en": "{n} z"}}, "a: format fields differ between languages"),
])
def test_broken_entries_are_named(entry, problem):
    problems = check_strings(entry)
    assert len(problems) == 1 and problem in problems[0]


def test_every_key_the_code_asks_for_exists():
    """A literal t("key", ...) in the package or a notebook names an entry of strings.yaml (typos fail here)."""
    used = set()
    for path in [*(ROOT / "src" / "civcomm").rglob("*.py"), *(ROOT / "notebooks").glob("*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no t(...) call found: the pattern is wrong"
    assert sorted(used - set(strings())) == []


def test_strings_are_used_in_the_reports_language():
    assert t("table", "kk") == "Кесте" and t("table", "ru") == "Таблица" and t("table", "en") == "Table"
    assert "55" in t("inputs_summary", "kk").format(acts=0, provisions=0, hand_acts=17, units=55, codes=85)


def test_the_commit_is_shown_in_the_readers_language():
    """The manifest keeps git_commit's machine value; the index and each report's provenance translate the
    words around the hash (a Russian index said '(with uncommitted changes)')."""
    from civcomm.core.provenance import DIRTY, shown_commit

    sha = "0123456789abcdef0123456789abcdef01234567"
    assert shown_commit(sha, "kk") == sha
    for lang in ("kk", "ru"):
        shown = shown_commit(sha + DIRTY, lang)
        assert shown.startswith(sha + " (") and "uncommitted" not in shown
        assert "unknown" not in shown_commit("unknown (not a git checkout)", lang)
    assert shown_commit(sha + DIRTY, "en") == sha + DIRTY
