"""`make lab`: the notebooks open in JupyterLab with their kernel, without news prompts, rooted at the repository,
with the prose of one language; saving in Lab never changes a file because of that view."""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import nbformat
import pytest

from civcomm.core.langs import LANGS, tagged_langs
from civcomm.runner import lab
from civcomm.runner.labcontents import ProseContentsManager, hide_other_prose, restore_other_prose
from civcomm.runner.notebooks import read_notebook, select_language

from .conftest import ROOT, civcomm, free_port

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
FIRST = ROOT / "notebooks" / "01_compare_countries.py"


def _run_async(coro):
    """asyncio.run on a thread of its own: the session's playwright browser keeps an event loop running in
    the main thread once a browser test has run, and asyncio.run refuses to start there."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


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


# -- the settings and the command -----------------------------------------------------------------------------


def _schema(plugin_id: str) -> dict:
    """A plugin's settings schema as JupyterLab itself reads it (core plugins, then prebuilt extensions)."""
    from jupyterlab.commands import get_app_dir

    package, plugin = plugin_id.split(":")
    for base in (Path(get_app_dir()) / "schemas", Path(sys.prefix) / "share" / "jupyter" / "labextensions"):
        for path in (base / package / f"{plugin}.json", base / package / "schemas" / package / f"{plugin}.json"):
            if path.is_file():
                return json.loads(path.read_text(encoding="utf-8"))
    raise AssertionError(f"no settings schema for {plugin_id}")


def test_settings_are_valid_for_the_installed_jupyterlab(tmp_path):
    import jsonschema

    path = lab.write_settings(tmp_path)
    assert path == tmp_path / "labconfig" / "default_setting_overrides.json"
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == lab.LAB_SETTINGS
    for plugin_id, values in written.items():
        schema = _schema(plugin_id)
        jsonschema.validate(values, schema)  # a misspelt key fails: these schemas forbid additional properties
        assert set(values) <= set(schema["properties"]), plugin_id
    news = written["@jupyterlab/apputils-extension:notification"]
    assert news == {"fetchNews": "false", "checkForUpdates": False}  # "none" (the default) is what asks
    # the viewer named is the one jupytext's JupyterLab extension registers
    ext = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-jupytext" / "static"
    viewer = written["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"]
    assert any(f'"{viewer}"' in p.read_text(encoding="utf-8", errors="replace") for p in ext.glob("*.js"))


def test_command_roots_lab_at_the_repository_and_opens_notebooks(tmp_path):
    argv, env = lab.lab_command("kk", tmp_path, port=8899, open_browser=False,
                                environ={"JUPYTER_CONFIG_PATH": "/elsewhere", "PATH": "/bin"})
    assert argv[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={ROOT}" in argv
    assert "--ProseContentsManager.preferred_dir=notebooks" in argv and (ROOT / "notebooks").is_dir()
    assert "--ServerApp.contents_manager_class=civcomm.runner.labcontents.ProseContentsManager" in argv
    assert "--ProseContentsManager.prose_lang=kk" in argv
    assert "--ServerApp.ip=127.0.0.1" in argv and "--ServerApp.port=8899" in argv and "--no-browser" in argv
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(tmp_path), "/elsewhere"]  # ours first
    assert env["PATH"] == "/bin"
    argv, _ = lab.lab_command("all", tmp_path, environ={})
    assert "--ProseContentsManager.prose_lang=" in argv and "--no-browser" not in argv
    with pytest.raises(ValueError, match="expected one of: kk, ru, en, all"):
        lab.lab_command("de", tmp_path, environ={})


@pytest.mark.parametrize("environ, lang", [
    ({"LANG": "kk_KZ.UTF-8"}, "kk"), ({"LANG": "ru_RU.UTF-8"}, "ru"), ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"), ({}, "en"), ({"LC_ALL": "ru_RU.UTF-8", "LANG": "kk_KZ.UTF-8"}, "ru"),
    ({"LC_MESSAGES": "kk_KZ.UTF-8", "LANG": "en_US.UTF-8"}, "kk"),
])
def test_prose_language_defaults_to_the_locale(environ, lang):
    assert lab.lang_from_locale(environ) == lang


def test_cli_writes_the_settings_and_prints_the_command(tmp_path):
    r = civcomm("lab", "--lang", "ru", "--dry-run", "--settings", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "labconfig" / "default_setting_overrides.json").is_file()
    assert f"JUPYTER_CONFIG_PATH={tmp_path}" in r.stdout and "--ProseContentsManager.prose_lang=ru" in r.stdout
    bad = civcomm("lab", "--lang", "de", "--dry-run", "--settings", str(tmp_path))
    assert bad.returncode == 2 and "invalid choice: 'de'" in bad.stderr


def test_make_lab_passes_lang_as_the_prose_language_not_as_the_locale():
    """`make lab LANG=kk` names the prose language; 'kk' as a locale would break setlocale in the server and
    kernels, so the recipe gives them C.UTF-8. Without LANG on the command line the locale decides."""
    def recipe(*args: str) -> str:
        r = subprocess.run(["make", "-n", "lab", *args], check=False, cwd=ROOT, capture_output=True, text=True,
                           timeout=60, env={**os.environ, "LANG": "ru_RU.UTF-8"})
        assert r.returncode == 0, r.stderr
        return [line for line in r.stdout.splitlines() if "civcomm lab" in line and not line.startswith("#")][-1]

    assert recipe("LANG=kk") == "LANG=C.UTF-8 .venv/bin/civcomm lab --lang kk"
    assert recipe() == ".venv/bin/civcomm lab"


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
    model = _run_async(cm.get(FIRST.name))
    assert model["type"] == "notebook"
    cells = model["content"]["cells"]
    prose = [tagged_langs(c) for c in cells if c["cell_type"] == "markdown"]
    kk = [c for c in jupytext.read(FIRST).cells if c.cell_type == "markdown" and tagged_langs(c) == ["kk"]]
    assert prose == [["kk"]] * len(kk) and len(kk) >= 4
    code = [c.source for c in jupytext.read(FIRST).cells if c.cell_type == "code"]
    assert [c["source"] for c in cells if c["cell_type"] == "code"] == code
    # JupyterLab sends the model back as JSON, with its own additions and the outputs of a run
    sent = _as_lab_sends_it(json.loads(json.dumps(model["content"])))
    _run_async(cm.save({"type": "notebook", "format": "json", "content": sent}, FIRST.name))
    assert (tmp_path / FIRST.name).read_bytes() == FIRST.read_bytes()


def test_deleting_a_shown_prose_cell_deletes_its_translations(tmp_path):
    cm = _contents_manager(tmp_path, "ru")
    model = _run_async(cm.get(FIRST.name))
    content = json.loads(json.dumps(model["content"]))
    title = content["cells"].pop(0)
    assert tagged_langs(title) == ["ru"]
    _run_async(cm.save({"type": "notebook", "format": "json", "content": content}, FIRST.name))
    saved = jupytext.read(tmp_path / FIRST.name)
    original = jupytext.read(FIRST)
    assert [c.source for c in saved.cells] == [c.source for c in original.cells[3:]]


def test_without_a_language_every_cell_is_shown(tmp_path):
    cm = _contents_manager(tmp_path, "")
    model = _run_async(cm.get(FIRST.name))
    assert _plain(model["content"])["cells"] == _plain(jupytext.read(FIRST))["cells"]


# -- opened, not changed ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kernel_info() -> dict:
    """The kernel_info reply of the kernel Lab starts for the notebooks (python3), from a running kernel."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        msg_id = kc.kernel_info()
        while True:
            reply = kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _what_lab_changes_on_opening(content: dict, kernel_info: dict) -> list[str]:
    """The changes JupyterLab 4 makes to a notebook it has just loaded, each of which marks it unsaved: loading
    ends with NotebookModel._ensureMetadata (language_info {"name": ""} and an empty kernelspec where missing);
    when its kernel is connected, NotebookPanel._updateLanguage and _updateSpec set language_info to the
    kernel's and kernelspec to its spec's name, display_name and language. Setting a metadata key to an equal
    value changes nothing (YNotebook.setMetadata compares with JSONExt.deepEqual)."""
    from jupyter_client.kernelspec import KernelSpecManager

    metadata, changes = copy.deepcopy(content["metadata"]), []

    def set_metadata(key: str, value) -> None:
        if metadata.get(key) != value:
            changes.append(f"{key}: {metadata.get(key)!r} -> {value!r}")
            metadata[key] = value

    if metadata.get("language_info") is None:
        set_metadata("language_info", {"name": ""})
    if metadata.get("kernelspec") is None:
        set_metadata("kernelspec", {"name": "", "display_name": ""})
    spec = KernelSpecManager().get_kernel_spec("python3")
    set_metadata("language_info", kernel_info["language_info"])
    set_metadata("kernelspec", {"name": "python3", "display_name": spec.display_name, "language": spec.language})
    return changes


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_opens_as_lab_would_leave_it_so_it_is_not_unsaved(path, tmp_path, kernel_info):
    """The model the contents manager gives Lab already holds what Lab would set on opening (its kernel's
    language_info, which the .py file does not keep): opening a notebook does not mark it unsaved."""
    shutil.copy(path, tmp_path / path.name)
    for lang in ("kk", ""):
        model = _run_async(ProseContentsManager(root_dir=str(tmp_path), prose_lang=lang).get(path.name))
        assert _what_lab_changes_on_opening(model["content"], kernel_info) == [], (path.name, lang)
    # and the language_info does not reach the file when Lab saves the notebook back
    _run_async(ProseContentsManager(root_dir=str(tmp_path), prose_lang="kk").save(
        {"type": "notebook", "format": "json", "content": json.loads(json.dumps(model["content"]))}, path.name))
    assert (tmp_path / path.name).read_bytes() == path.read_bytes()


# -- in a real browser -----------------------------------------------------------------------------------------

_WATCH = """
window.__seen = {dialogs: [], toasts: []};
new MutationObserver(() => {
  for (const [kind, sel] of [['dialogs', '.jp-Dialog'], ['toasts', '.Toastify__toast']])
    for (const el of document.querySelectorAll(sel))
      if (!window.__seen[kind].includes(el.textContent)) window.__seen[kind].push(el.textContent);
}).observe(document, {childList: true, subtree: true, characterData: true});
"""
_PROMPTS = "Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt'), e => e.textContent)"
_PROSE = ("Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-MarkdownCell'), "
          "e => (e.querySelector('.jp-RenderedMarkdown') || e).textContent.trim())")




def _wait_for_server(proc, url: str, token: str, log: Path, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, f"JupyterLab exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
        try:
            req = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(req, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"JupyterLab did not answer in {timeout} s:\n{log.read_text()[-3000:]}")


def _stop(proc, runtime: Path) -> list[str]:
    """Stop the server as Ctrl-C would (it shuts its kernels down); what is still running after it, by the
    kernels' connection files in this test's runtime folder."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group of the server this test started, nothing else
            proc.wait(timeout=10)
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-af", str(runtime)], check=False, capture_output=True, text=True).stdout
    return [line for line in left.splitlines() if "pgrep" not in line]


@pytest.mark.slow
def test_a_notebook_opens_and_runs_in_jupyterlab_with_make_labs_settings(browser, tmp_path):
    """`make lab LANG=kk` as a researcher meets it: no kernel dialog, no news prompt, Run All without an error,
    only the Kazakh prose, data/countries/ in the file browser, and a save that leaves the file as it was."""
    port, token = free_port(), "civcomm-lab-test"
    url, runtime, log = f"http://127.0.0.1:{port}", tmp_path / "runtime", tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"), "JUPYTER_RUNTIME_DIR": str(runtime),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),  # no tabs restored from an earlier run
           "CIVCOMM_OUTPUTS": str(tmp_path / "outputs")}  # the notebook's exports (outputs/adhoc/...)
    before, stat = FIRST.read_bytes(), FIRST.stat()
    checkpoints = ROOT / "notebooks" / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    kk_prose = [c.source.splitlines()[0].lstrip("# ") for c in select_language(read_notebook(FIRST), "kk").cells
                if c.cell_type == "markdown"]
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "civcomm", "lab", "--lang", "kk", "--port", str(port),
                                 "--no-browser", "--settings", str(tmp_path / "settings")],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    page = None
    try:
        _wait_for_server(proc, url, token, log)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(_WATCH)
        kernel_infos: list[int] = []  # kernel_info replies Lab received (it sets language_info from one)
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: kernel_infos.append(1) if (
            b"kernel_info_reply" in (frame if isinstance(frame, bytes) else frame.encode())) else None))
        page.goto(f"{url}/lab?token={token}")
        # the file browser opens in notebooks/; a double click opens a .py file as a notebook
        page.locator(".jp-BreadCrumbs").get_by_text("notebooks").wait_for(timeout=30_000)
        page.locator(".jp-DirListing-item", has_text=FIRST.name).dblclick()
        page.locator(".jp-NotebookPanel .jp-CodeCell").first.wait_for(timeout=30_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=30_000)  # started without asking
        # opened, the notebook is not marked unsaved: neither as it loads nor when its kernel tells Lab its
        # language_info (labcontents.add_language_info); the reply is awaited, then Lab's handling of it
        deadline = time.monotonic() + 30
        while not kernel_infos and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert kernel_infos, "Lab received no kernel_info reply from the notebook's kernel"
        page.evaluate("() => new Promise(done => setTimeout(done, 500))")
        assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0, \
            "opening the notebook marked it unsaved"
        page.screenshot(path=str(tmp_path / "lab_kk_opened.png"))
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-content").get_by_text("Run All Cells", exact=True).click()
        ran = f"(() => {{ const p = {_PROMPTS}; return p.length && p.every(x => /\\[\\d+\\]/.test(x)); }})"
        page.wait_for_function(ran, timeout=90_000)  # every code cell numbered: none queued or running
        prompts = page.evaluate(_PROMPTS)
        assert len(prompts) == len([c for c in read_notebook(FIRST).cells if c.cell_type == "code"])
        stderr = page.eval_on_selector_all(
            ".jp-NotebookPanel .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
            "els => els.map(e => e.innerText)")
        assert stderr == [], "\n---\n".join(stderr)[:3000]  # tracebacks, and warnings too (they are errors here)
        assert page.locator(".jp-NotebookPanel .plotly-graph-div, .jp-NotebookPanel table").count() > 0
        # after Run All (which expands any collapsed markdown cell) only the Kazakh prose is there
        prose = page.evaluate(_PROSE)
        assert len(prose) == len(kk_prose) and all(p.startswith(k) for p, k in zip(prose, kk_prose)), (prose, kk_prose)
        page.screenshot(path=str(tmp_path / "lab_kk_ran.png"))
        page.keyboard.press("Control+s")
        page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").wait_for(state="detached", timeout=15_000)
        assert FIRST.read_bytes() == before, "saving in JupyterLab changed the notebook file"
        # the file browser is rooted at the repository: data/countries/ is one click up
        page.locator(".jp-BreadCrumbs-home").click()
        page.locator(".jp-DirListing-item", has_text="data").first.wait_for(timeout=15_000)
        page.locator(".jp-DirListing-item[title^='Name: data']").dblclick()
        page.locator(".jp-DirListing-item[title^='Name: countries']").dblclick()
        page.locator(".jp-DirListing-item[title^='Name: kaz.yaml']").wait_for(timeout=15_000)
        seen = page.evaluate("window.__seen")
        assert seen["dialogs"] == [], seen["dialogs"]  # e.g. 'Select Kernel'
        assert not [t for t in seen["toasts"] if "news" in t.lower() or "update" in t.lower()], seen["toasts"]
    finally:
        if page is not None:
            page.close()
        left = _stop(proc, runtime)
        if FIRST.read_bytes() != before:
            FIRST.write_bytes(before)
        os.utime(FIRST, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        if not had_checkpoints:
            shutil.rmtree(checkpoints, ignore_errors=True)
    assert left == [], f"processes left running: {left}"
