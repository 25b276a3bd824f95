"""JupyterLab's contents manager for `civcomm lab`: a notebook opens with the prose of one language, and saves whole.

Every prose cell comes three times in a row (``lang-en``, ``lang-kk``, ``lang-ru``). Collapsing the other two
(``jupyter.source_hidden``) does not last: JupyterLab expands a markdown cell whenever it runs it, so "Run All"
shows all three again. Instead the other languages' cells travel inside the metadata of the cell that is
shown (``civcomm.other_prose``) and are put back in their places when the notebook is saved, so a file on disk
never changes because of the view, and a prose cell moved, copied or deleted in Lab takes its translations
with it. Jupyter server imports this module by name (``--ServerApp.contents_manager_class``): it imports
jupytext's contents manager and the language tags, nothing of the notebook-running stack (ipykernel's
``language_info`` is read when the first notebook opens).

A notebook also opens with the ``language_info`` its kernel will report. The jupytext header keeps it out of
the ``.py`` file (it names the Python version), and JupyterLab sets it on a notebook that lacks it, first to
``{"name": ""}`` as the notebook loads and then to the kernel's own when the kernel starts: each change marked
the notebook unsaved the moment it opened. With the kernel's value already there, both are no-ops.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

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


@functools.cache
def kernel_language_info(kernel_name: str) -> dict[str, Any] | None:
    """The ``language_info`` the kernel ``kernel_name`` reports when it starts, when that kernel is this
    interpreter's ipykernel (the one Lab starts for the notebooks here: jupyter_client runs "python" as the
    server's own interpreter); None for any other kernel, whose reply is not known before it starts."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    from civcomm.runner.zygote import forkable

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return None
    if not forkable(spec.argv):
        return None
    from ipykernel.ipkernel import IPythonKernel

    return copy.deepcopy(IPythonKernel.language_info)


def add_language_info(nb) -> None:
    """Give ``nb`` the language_info of its kernel, unless it has one or its kernel's is not known (see
    kernel_language_info)."""
    metadata = nb.setdefault("metadata", {})
    name = (metadata.get("kernelspec") or {}).get("name")
    info = kernel_language_info(name) if name and "language_info" not in metadata else None
    if info is not None:
        metadata["language_info"] = copy.deepcopy(info)


class ProseContentsManager(AsyncTextFileContentsManager):
    """Jupytext's contents manager (.py files open as notebooks) that shows only the prose of ``prose_lang``
    and writes every language back on save."""

    prose_lang = Unicode("", config=True, help="kk, ru or en: the prose shown; the other languages' prose cells "
                                               "are kept out of view and saved back; empty: every cell shown")

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if model.get("type") == "notebook" and model.get("content"):
            if self.prose_lang:
                hide_other_prose(model["content"], self.prose_lang)
            add_language_info(model["content"])
        return model

    async def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content"):
            model = {**model, "content": restore_other_prose(model["content"])}
        return await super().save(model, path)
