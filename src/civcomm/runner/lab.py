"""`civcomm lab`: JupyterLab's settings for this project and the command that starts it on the repository."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from civcomm.core.exits import EXIT_OK
from civcomm.core.langs import LANGS
from civcomm.core.paths import project_root
from civcomm.output.atomic import atomic_write_text

ALL = "all"  # every prose cell open, e.g. for a translator
PROSE_LANGS = (*LANGS, ALL)
START_DIR = "notebooks"  # where the file browser opens; the server is rooted at the repository (data/ beside it)

# Defaults for JupyterLab's settings, by plugin id (the schemas are in <env>/share/jupyter/lab/schemas/ and
# <env>/share/jupyter/labextensions/*/schemas/). A researcher's own changes in Settings still win over them.
LAB_SETTINGS = {
    # a .py file opens as a notebook (jupytext's viewer) instead of in the text editor
    "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}},
    # no 'get notified about official Jupyter news?' prompt and no update check: both would go to the internet
    # (fetchNews is a string: "true" | "false" | "none", where "none" asks)
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def settings_dir() -> Path:
    """Where `civcomm lab` keeps the settings: inside the environment, never in the user's home."""
    return Path(sys.prefix) / "etc" / "civcomm" / "lab"


def write_settings(folder: Path) -> Path:
    """Write the settings into ``folder`` as a Jupyter config directory: JupyterLab reads
    ``labconfig/default_setting_overrides.json`` from every directory on JUPYTER_CONFIG_PATH."""
    path = folder / "labconfig" / "default_setting_overrides.json"
    atomic_write_text(path, json.dumps(LAB_SETTINGS, indent=2, sort_keys=True) + "\n")
    return path


def lang_from_locale(environ) -> str:
    """The prose language the locale names (``kk_KZ.UTF-8`` -> kk, ``ru_RU.UTF-8`` -> ru), else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGS else "en"
    return "en"


def lab_command(lang: str, folder: Path, root: Path | None = None, port: int | None = None,
                open_browser: bool = True, environ=None) -> tuple[list[str], dict[str, str]]:
    """The ``jupyter lab`` command line and environment: rooted at the repository, opening ``notebooks/``, on
    127.0.0.1 only, with the settings in ``folder`` and the prose of ``lang`` expanded (``all``: all of it)."""
    if lang not in PROSE_LANGS:
        raise ValueError(f"unknown language '{lang}' (expected one of: {', '.join(PROSE_LANGS)})")
    environ = dict(os.environ if environ is None else environ)
    root = (root or project_root()).resolve()
    cm = "civcomm.runner.labcontents.ProseContentsManager"
    argv = [sys.executable, "-m", "jupyterlab",
            f"--ServerApp.root_dir={root}",
            f"--ServerApp.contents_manager_class={cm}",
            f"--ProseContentsManager.preferred_dir={START_DIR}",
            f"--ProseContentsManager.prose_lang={'' if lang == ALL else lang}",
            "--ServerApp.ip=127.0.0.1",
            # the server side of the news and update check: nothing fetched even if a user turns them on
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if port is not None:
        argv.append(f"--ServerApp.port={port}")
    if not open_browser:
        argv.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # containers and CI run as root; Jupyter refuses root without it
    config_path = [str(folder), *[p for p in environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]]
    environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(config_path)
    return argv, environ


def main(args) -> int:
    """Write the settings, then become ``jupyter lab`` (its Ctrl-C stops the server and its kernels)."""
    folder = Path(args.settings) if args.settings else settings_dir()
    lang = args.lang or lang_from_locale(os.environ)
    write_settings(folder)
    argv, environ = lab_command(lang, folder, port=args.port, open_browser=not args.no_browser)
    if args.dry_run:
        print(f"JUPYTER_CONFIG_PATH={environ['JUPYTER_CONFIG_PATH']}")
        print(" ".join(argv))
        return EXIT_OK
    print(f"JupyterLab on {project_root()}, opening {START_DIR}/; prose "
          f"{'in every language' if lang == ALL else 'in ' + lang} (settings: {folder})", file=sys.stderr)
    os.execve(argv[0], argv, environ)
    return EXIT_OK  # not reached: the process is now JupyterLab
