"""Every report notebook's prose exists in kk, ru and en, and a report shows only its language's."""

from __future__ import annotations

import re

import pytest

from civcomm.runner import notebooks, plan

LANGS = ["en", "kk", "ru"]
NOTEBOOKS = sorted({r.notebook for r in plan.load_runs()})
KAZAKH_ONLY = set("әғқңөұүһі")


def _langs(cell) -> list[str]:
    return [t[5:] for t in cell.metadata.get("tags", []) if t.startswith("lang-")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_markdown_cell_comes_in_three_languages_in_a_row(path):
    cells = notebooks.read_notebook(path).cells
    md = [(i, c) for i, c in enumerate(cells) if c.cell_type == "markdown"]
    assert md, f"{path.name}: no markdown"
    untagged = [c.source.splitlines()[0] for _, c in md if not _langs(c)]
    assert not untagged, f"{path.name}: markdown without a lang-xx tag (shown in every language): {untagged}"
    groups = []
    for i, c in md:
        if _langs(c) == ["en"]:
            groups.append([(i, c)])
        else:
            assert groups, f"{path.name}: a {_langs(c)} cell before any English one"
            groups[-1].append((i, c))
    for group in groups:
        head = group[0][1].source.splitlines()[0]
        assert [_langs(c) for _, c in group] == [["en"], ["kk"], ["ru"]], f"{path.name}: '{head}'"
        assert [i for i, _ in group] == list(range(group[0][0], group[0][0] + 3)), f"{path.name}: '{head}' not adjacent"
        en, kk, ru = (c.source for _, c in group)
        # same headings level, same inline code; the translations are not copies of the English
        assert [re.match(r"#*", x).group() for x in (kk, ru)] == [re.match(r"#*", en).group()] * 2, \
            f"{path.name}: '{head}' heading levels differ"
        for other in (kk, ru):
            assert sorted(re.findall(r"`[^`]+`", other)) == sorted(re.findall(r"`[^`]+`", en)), f"{path.name}: '{head}'"
            assert other != en and re.search(r"[а-яА-Я]", other)
        assert KAZAKH_ONLY & set(kk.lower()) or len(kk) < 40, f"{path.name}: '{head}' kk has no Kazakh letter"


def test_a_report_keeps_only_its_language_and_untagged_prose():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("all"),
        nbformat.v4.new_markdown_cell("English", metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_markdown_cell("Қазақша", metadata={"tags": ["lang-kk"]}),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["lang-kk"]}),  # code always runs
    ])
    kept = notebooks.select_language(nbformat.from_dict(nb), "en").cells
    assert [c.source for c in kept] == ["all", "English", "x = 1"]
    kept = notebooks.select_language(nbformat.from_dict(nb), "kk").cells
    assert [c.source for c in kept] == ["all", "Қазақша", "x = 1"]
    assert len(notebooks.select_language(nbformat.from_dict(nb), None).cells) == 4
