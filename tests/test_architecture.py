"""The package's layers hold: lint-imports checks the contracts in pyproject.toml (layers, no cycles)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_import_contracts_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "2 kept, 0 broken" in r.stdout


def test_every_module_says_what_it_is_for():
    """A newcomer reads the first line of each module to find their way (house style: a one-line docstring)."""
    missing = []
    for path in sorted((ROOT / "src" / "civcomm").rglob("*.py")):
        text = path.read_text(encoding="utf-8").lstrip()
        if not text.startswith('"""'):
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, missing
