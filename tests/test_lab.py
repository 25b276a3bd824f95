"""JupyterLab: the notebooks open with their kernel and the prose of one language; saving in Lab never changes
a file because of that view."""

from __future__ import annotations

import asyncio
import copy
import json
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest

from civcomm.core.langs import LANGS, tagged_langs
from civcomm.runner.labcontents import ProseContentsManager, hide_other_prose, restore_other_prose
from civcomm.runner.notebooks import read_notebook, select_language

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
FIRST = ROOT / "notebooks" / "01_compare_countries.py"


def _plain(nb) -> dict:
    """A notebook as JSON, without the cell ids jupytext draws at random on every read."""
    d = json.loads(json.dumps(nb))
    for cell in d["cells"]:
        cell.pop("id", None)
    return d


def _as_lab_sends_it(nb):
    """The notebook as JupyterLab sends it back to save after a run: metadata Lab adds, outputs, counts."""
    nb = copy.deepcopy(nb)
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.7"}
    for i, cell in enumerate(nb["cells"]):
        cell["metadata"].update(editable=True, slideshow={"slide_type": ""}, trusted=True)
        if cell["cell_type"] == "code":
            cell["execution_count"] = i
            cell["outputs"] = [nbformat.v4.new_output("stream", name="stdout", text="x\n")]
            cell["metadata"]["execution"] = {"iopub.status.idle": "2026-12-07T00:00:00Z"}
    return nb


# -- the notebooks' header ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_header_names_the_installed_kernel_and_keeps_only_tags(path):
    """JupyterLab asks 'Select Kernel' for a notebook without a kernelspec; with one that names an installed
    kernel it starts it. A kernelspec that differs from the kernel's own would be rewritten on every save."""
    from jupyter_client.kernelspec import KernelSpecManager

    meta = jupytext.read(path).metadata
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert meta.get("kernelspec") == {"name": "python3", "display_name": spec.display_name,
                                      "language": spec.language}, path.name
    assert meta["jupytext"]["cell_metadata_filter"] == "tags,-all", path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_saving_in_lab_writes_the_file_back_unchanged(path):
    """What JupyterLab adds to a notebook (language_info, editable, slideshow, outputs) never reaches the .py."""
    text = path.read_text(encoding="utf-8")
    assert jupytext.writes(jupytext.read(path), fmt="py:percent") == text
    assert jupytext.writes(nbformat.from_dict(_as_lab_sends_it(jupytext.read(path))), fmt="py:percent") == text


# -- the prose of one language ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lab_shows_the_prose_a_report_in_that_language_shows(path):
    """The view in Lab and the report agree on which prose is shown; hiding and restoring gives the notebook back."""
    nb = jupytext.read(path)
    for lang in LANGS:
        view = hide_other_prose(copy.deepcopy(nb), lang)
        report = select_language(read_notebook(path), lang)
        assert [c.source for c in view.cells] == [c.source for c in report.cells], lang
        assert _plain(restore_other_prose(_plain(view))) == _plain(nb), lang


def test_a_language_without_its_own_cell_keeps_the_group_and_repeats_start_new_groups():
    md = nbformat.v4.new_markdown_cell
    cells = [md("en1", metadata={"tags": ["lang-en"]}), md("kk1", metadata={"tags": ["lang-kk"]}),
             md("en2", metadata={"tags": ["lang-en"]}), md("kk2", metadata={"tags": ["lang-kk"]}),
             md("ru3", metadata={"tags": ["lang-ru"]}), md("all"), nbformat.v4.new_code_cell("x = 1"),
             md("en4", metadata={"tags": ["lang-en"]})]
    nb = nbformat.v4.new_notebook(cells=cells)
    view = hide_other_prose(copy.deepcopy(nb), "kk")
    assert [c.source for c in view.cells] == ["kk1", "kk2", "all", "x = 1", "en4"]
    assert [c["source"] for c in view.cells[1].metadata["civcomm"]["other_prose"]["after"]] == ["ru3"]
    assert _plain(restore_other_prose(_plain(view))) == _plain(nb)


def test_a_hand_broken_stash_is_refused_not_dropped():
    from tornado.web import HTTPError

    view = hide_other_prose(jupytext.read(FIRST), "kk")
    view.cells[0].metadata["civcomm"]["other_prose"]["before"] = "lost"
    with pytest.raises(HTTPError, match="changed by hand"):
        restore_other_prose(view)


def _contents_manager(root: Path, lang: str) -> ProseContentsManager:
    shutil.copy(FIRST, root / FIRST.name)
    return ProseContentsManager(root_dir=str(root), prose_lang=lang)


def test_contents_manager_opens_one_language_and_saves_every_language(tmp_path):
    cm = _contents_manager(tmp_path, "kk")
    model = asyncio.run(cm.get(FIRST.name))
    assert model["type"] == "notebook"
    cells = model["content"]["cells"]
    prose = [tagged_langs(c) for c in cells if c["cell_type"] == "markdown"]
    kk = [c for c in jupytext.read(FIRST).cells if c.cell_type == "markdown" and tagged_langs(c) == ["kk"]]
    assert prose == [["kk"]] * len(kk) and len(kk) >= 4
    code = [c.source for c in jupytext.read(FIRST).cells if c.cell_type == "code"]
    assert [c["source"] for c in cells if c["cell_type"] == "code"] == code
    # JupyterLab sends the model back as JSON, with its own additions and the outputs of a run
    sent = _as_lab_sends_it(json.loads(json.dumps(model["content"])))
    asyncio.run(cm.save({"type": "notebook", "format": "json", "content": sent}, FIRST.name))
    assert (tmp_path / FIRST.name).read_bytes() == FIRST.read_bytes()


def test_deleting_a_shown_prose_cell_deletes_its_translations(tmp_path):
    cm = _contents_manager(tmp_path, "ru")
    model = asyncio.run(cm.get(FIRST.name))
    content = json.loads(json.dumps(model["content"]))
    title = content["cells"].pop(0)
    assert tagged_langs(title) == ["ru"]
    asyncio.run(cm.save({"type": "notebook", "format": "json", "content": content}, FIRST.name))
    saved = jupytext.read(tmp_path / FIRST.name)
    original = jupytext.read(FIRST)
    assert [c.source for c in saved.cells] == [c.source for c in original.cells[3:]]


def test_without_a_language_every_cell_is_shown(tmp_path):
    cm = _contents_manager(tmp_path, "")
    model = asyncio.run(cm.get(FIRST.name))
    assert _plain(model["content"])["cells"] == _plain(jupytext.read(FIRST))["cells"]
