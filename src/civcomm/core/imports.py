"""Imports a civcomm process can do without.

jsonschema (imported by nbformat, so by papermill, nbconvert, jupytext and plotly's notebook display)
imports ``rfc3987_syntax`` when it is installed (jupyter-events requires jsonschema[format-nongpl]),
and that module compiles ~38 Earley grammars at import: 1.1 s on an idle 2-core machine, 2-4 s under
load, in every process that touches a notebook (upstream: python-jsonschema/jsonschema#1428). It
serves only the ``iri``/``iri-reference`` format checks, which no civcomm process uses, so the
runner, its workers and the warm kernels mark it as absent; jsonschema then skips those two checks.
A cold kernel and JupyterLab import it as usual: reports are the same bytes either way.
"""

from __future__ import annotations

import sys

SKIPPED = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Make ``import rfc3987_syntax`` raise ImportError in this process (call before nbformat is imported)."""
    for name in SKIPPED:
        sys.modules.setdefault(name, None)
