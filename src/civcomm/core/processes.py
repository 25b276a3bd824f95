"""The processes a process started, read from /proc (Linux), and killing what of them is still running at its end."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    pgid: int
    start: int  # clock ticks after boot: tells a process from a later one that was given the same pid
    cmdline: bytes


def _read(pid: int) -> Proc | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        cmdline = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the command name before it may hold spaces and parentheses
    if fields[0] in ("Z", "X"):  # ended; only its exit status is left for its parent
        return None
    return Proc(pid, int(fields[1]), int(fields[2]), int(fields[19]), cmdline)


def process_tree(root: int | None = None) -> list[Proc]:
    """Every running process below ``root`` (default: this process), parents before their children; empty where
    there is no /proc. A process whose parent ended is no longer below it: read the tree before stopping any."""
    root = os.getpid() if root is None else root
    procs = [p for d in (PROC.iterdir() if PROC.is_dir() else ()) if d.name.isdigit() and (p := _read(int(d.name)))]
    children: dict[int, list[Proc]] = {}
    for p in procs:
        children.setdefault(p.ppid, []).append(p)
    tree, todo = [], list(children.get(root, []))
    while todo:
        p = todo.pop(0)
        tree.append(p)
        todo += children.get(p.pid, [])
    return tree


def _same(p: Proc) -> bool:
    now = _read(p.pid)
    return now is not None and now.start == p.start


def kill_processes(procs: list[Proc], wait: float = 0.5) -> list[Proc]:
    """SIGKILL each of ``procs`` that is still the same process, and the process group it leads if it leads one
    (what it started since went into that group), then wait up to ``wait`` seconds for them to end. Returns the
    ones still running (none, unless the system is very slow)."""
    own = os.getpgrp()
    for p in procs:
        if not _same(p):
            continue
        try:
            if p.pgid == p.pid != own:
                os.killpg(p.pid, signal.SIGKILL)
            os.kill(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + wait
    left = [p for p in procs if _same(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.01)
        left = [p for p in left if _same(p)]
    return left
