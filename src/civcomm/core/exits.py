"""Exit statuses of every command (the one set of them)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1  # a notebook failed; its previous report is kept
EXIT_BAD_INPUT = 2  # bad data, parameters or arguments: said in one line per problem, nothing written
EXIT_INTERRUPTED = 130  # Ctrl-C: what had finished is kept
