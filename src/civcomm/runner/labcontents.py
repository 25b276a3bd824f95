"""JupyterLab's contents manager for `civcomm lab`: a notebook opens with the prose of one language, and saves whole.

Every prose cell comes three times in a row (``lang-en``, ``lang-kk``, ``lang-ru``). Collapsing the other two
(``jupyter.source_hidden``) does not last: JupyterLab expands a markdown cell whenever it runs it, so "Run All"
shows all three again. Instead the other languages' cells travel inside the metadata of the cell that is
shown (``civcomm.other_prose``) and are put back in their places when the notebook is saved, so a file on disk
never changes because of the view, and a prose cell moved, copied or deleted in Lab takes its translations
with it. Jupyter server imports this module by name (``--ServerApp.contents_manager_class``): it imports
jupytext's contents manager and the language tags, nothing of the notebook-running stack.
"""

from __future__ import annotations

import copy

from jupytext import AsyncTextFileContentsManager
from tornado.web import HTTPError
from traitlets import Unicode

from civcomm.core.langs import tagged_langs

STASH = "civcomm"  # cell metadata key holding {"other_prose": {"before": [cells], "after": [cells]}}


def _prose_groups(cells):
    """Runs of consecutive language-tagged markdown cells, split where a language comes again (en kk ru en kk
    ru is two groups): (first index, cells) pairs."""
    groups, current, seen = [], [], set()
    for i, cell in enumerate(cells):
        langs = set(tagged_langs(cell)) if cell.get("cell_type") == "markdown" else set()
        if langs and current and not (langs & seen):
            current.append(cell)
            seen |= langs
            continue
        if current:
            groups.append((i - len(current), current))
        current, seen = ([cell], langs) if langs else ([], set())
    if current:
        groups.append((len(cells) - len(current), current))
    return groups


def hide_other_prose(nb, lang: str):
    """Keep in ``nb`` the prose cells of ``lang`` and every other cell; the other languages' cells of a group go
    into the kept cell's metadata. A group with no cell in ``lang`` stays as it is. Changes ``nb``, returns it."""
    cells, out, pos = nb["cells"], [], 0
    for start, group in _prose_groups(cells):
        out += cells[pos:start]
        pos = start + len(group)
        keep = [i for i, c in enumerate(group) if lang in tagged_langs(c)]
        if not keep:
            out += group
            continue
        shown = group[keep[0]]
        shown["metadata"].setdefault(STASH, {})["other_prose"] = {"before": group[:keep[0]],
                                                                  "after": group[keep[0] + 1:]}
        out.append(shown)
    nb["cells"] = out + cells[pos:]
    return nb


def restore_other_prose(nb):
    """A copy of ``nb`` with every hidden prose cell back in its place and no trace of the hiding."""
    nb = copy.deepcopy(nb)
    out = []
    for cell in nb["cells"]:
        stash = cell.get("metadata", {}).get(STASH)
        other = stash.pop("other_prose", None) if isinstance(stash, dict) else None
        if stash == {}:
            del cell["metadata"][STASH]
        if other is None:
            out.append(cell)
            continue
        before, after = (other.get(k) if isinstance(other, dict) else None for k in ("before", "after"))
        if not all(isinstance(part, list) and all(isinstance(c, dict) and "cell_type" in c for c in part)
                   for part in (before, after)):
            raise HTTPError(400, f"cell metadata '{STASH}.other_prose' was changed by hand: expected "
                                 "{'before': [cells], 'after': [cells]}; not saved, so no translation is lost")
        out += [*before, cell, *after]
    nb["cells"] = out
    return nb


class ProseContentsManager(AsyncTextFileContentsManager):
    """Jupytext's contents manager (.py files open as notebooks) that shows only the prose of ``prose_lang``
    and writes every language back on save."""

    prose_lang = Unicode("", config=True, help="kk, ru or en: the prose shown; the other languages' prose cells "
                                               "are kept out of view and saved back; empty: every cell shown")

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if self.prose_lang and model.get("type") == "notebook" and model.get("content"):
            hide_other_prose(model["content"], self.prose_lang)
        return model

    async def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content"):
            model = {**model, "content": restore_other_prose(model["content"])}
        return await super().save(model, path)
