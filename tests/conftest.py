"""Shared fixtures: the real project, the tiny fixture project, temporary outputs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from civcomm.data import cache, sourcetext
from civcomm.data.project import Project
from civcomm.data.sourcetext import sources_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))  # the naive baselines the coder is checked against
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
FIXTURE_SOURCES = ROOT / "tests" / "fixtures" / "sources"  # fixture.txt: the text of the fixture's seed
# the seed texts: $CIVCOMM_SOURCES, else ../shared/seeds beside the clone (as `civcomm validate` finds them)
SEEDS = sources_dir() or ROOT.parent / "shared" / "seeds"


def verbatim_problems(*kinds: str):
    """The validator's quote check (sourcetext.check) on the real data files of ``kinds``, against SEEDS:
    (problems as text, tally). Fidelity tests use it, so they check exactly what `civcomm validate` checks."""
    project = Project.load(sources=SEEDS)
    targets = {d.path for d in project.docs if d.kind in kinds}
    problems, tally = sourcetext.check(project, targets, SEEDS)
    return [str(p) for p in problems], tally


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear_cache()
    yield
    cache.clear_cache()


@pytest.fixture
def fixture_data(monkeypatch) -> Path:
    """Point civcomm at the tiny test project in tests/fixtures/data."""
    monkeypatch.setenv("CIVCOMM_DATA", str(FIXTURE_DATA))
    return FIXTURE_DATA


@pytest.fixture
def fixture_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the fixture project (for tests that break files)."""
    dst = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, dst)
    monkeypatch.setenv("CIVCOMM_DATA", str(dst))
    return dst


@pytest.fixture
def tmp_outputs(tmp_path, monkeypatch) -> Path:
    out = tmp_path / "outputs"
    monkeypatch.setenv("CIVCOMM_OUTPUTS", str(out))
    return out


def civcomm(*args: str, env: dict | None = None, cwd: Path = ROOT, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run the command-line tool as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "civcomm", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


# the official texts of Law 416-V beside the clone (../shared/sources/kz_law/, the default official-texts folder): the
# tests that read them are skipped where they are absent, like the seed tests
OFFICIAL_TEXTS = ROOT.parent / "shared" / "sources" / "kz_law"
LAW_416 = "z1500000416"
needs_official_texts = pytest.mark.skipif(not (OFFICIAL_TEXTS / f"{LAW_416}.kk.txt").is_file(),
                                          reason=f"the official texts are not at {OFFICIAL_TEXTS}")

@pytest.fixture(scope="session")
def regenerated(tmp_path_factory) -> Path:
    """One full regeneration of every report into a temporary outputs/ (shared by the slow tests)."""
    out = tmp_path_factory.mktemp("outputs")
    r = civcomm("run", "--force", "-j", "2", env={"CIVCOMM_OUTPUTS": str(out)})
    assert r.returncode == 0, r.stderr[-4000:]
    return out


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Debian's binary, driven by playwright)."""
    from .browser import ARGS, require_chromium

    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS)
        yield b
        b.close()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (servers the tests start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- processes of a run


def _processes() -> dict[int, tuple[bytes, int]]:
    """pid: (command line, parent pid) of every process."""
    found = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes()
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            found[int(d.name)] = (cmd, ppid)
    return found


def zygotes_of(runner_pid: int) -> list[int]:
    """The runner's zygote processes (kernels="fork", the default)."""
    return [pid for pid, (cmd, ppid) in _processes().items() if b"civcomm.runner.zygote" in cmd and ppid == runner_pid]


def kernels_of(runner_pid: int) -> list[int]:
    """Kernel processes started for this runner: launched ones (their connection files live in its folder)
    and forks of its zygote (their command line is the zygote's)."""
    mark = f"civcomm-kernels-{runner_pid}".encode()
    procs = _processes()
    zygotes = {pid for pid, (cmd, ppid) in procs.items() if b"civcomm.runner.zygote" in cmd and ppid == runner_pid}
    return [pid for pid, (cmd, ppid) in procs.items()
            if (b"ipykernel_launcher" in cmd and mark in cmd) or ppid in zygotes]


def descendants(pid: int) -> dict[int, bytes]:
    """pid: command line of every process below ``pid`` now (children, their children, ...)."""
    procs = _processes()
    found: dict[int, bytes] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, (cmd, ppid) in procs.items():
            if ppid == parent and child not in found:
                found[child] = cmd
                todo.append(child)
    return found


def alive(pids: set[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()
            and b"zombie" not in Path(f"/proc/{pid}/status").read_bytes().lower()]


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the group into the node id
def pytest_collection_modifyitems(config, items):
    """Under `pytest -n 2 --dist loadgroup` (make test) the tests that read the session's regeneration of every
    report (the fixture ``regenerated``) run on one worker, so it is made once; every other test, slow or fast,
    goes to whichever worker is free (all on one worker: 8.4 min; two regenerations: 7.5 min)."""
    for item in items:
        if "regenerated" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("regenerated"))


def pytest_configure(config):
    """`make test` groups the tests of one regeneration on one worker (--dist loadgroup); pytest-xdist 3.8 on
    pytest 9.2 silently loses the groups (pytest-xdist#1386), and each worker then regenerates every report."""
    if config.getoption("dist", "no") == "loadgroup" and not hasattr(config, "workerinput") \
            and pytest.version_tuple[:2] >= (9, 2):
        raise pytest.UsageError(f"pytest {pytest.__version__}: pytest-xdist's --dist loadgroup loses its groups "
                                "(pytest-xdist#1386); install the pytest pinned in requirements.txt (make)")


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """The same, checked where it happens (a worker): the grouped tests carry their group in their node ids."""
    if getattr(session.config.option, "loadgroup", False):
        lost = [i.nodeid for i in session.items if i.get_closest_marker("xdist_group") and "@" not in i.nodeid]
        assert not lost, f"--dist loadgroup lost the group of {len(lost)} tests (pytest-xdist#1386)"
