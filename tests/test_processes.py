"""core.processes: the tree of processes a command started, and killing it whatever its processes are doing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from civcomm.core.processes import kill_processes, process_tree

from .conftest import alive

# a child with a grandchild, both of which ignore SIGTERM and SIGINT (a kernel or a browser busy in C code)
STUBBORN = ("import signal, subprocess, sys, time; [signal.signal(s, signal.SIG_IGN) for s in (2, 15)]; "
            "subprocess.Popen([sys.executable, '-c', 'import signal, time; "
            "[signal.signal(s, signal.SIG_IGN) for s in (2, 15)]; print(1, flush=True); time.sleep(300)']); "
            "time.sleep(300)")


def test_the_tree_holds_children_and_grandchildren_and_all_of_it_is_killed_even_when_stopped():
    child = subprocess.Popen([sys.executable, "-c", STUBBORN], start_new_session=True)
    try:
        for _ in range(500):  # the grandchild is there once it has started
            tree = [p for p in process_tree() if p.pid == child.pid or p.ppid == child.pid]
            if len(tree) == 2:
                break
            time.sleep(0.02)
        assert [p.ppid for p in tree] == [os.getpid(), child.pid], tree
        assert tree[0].pgid == child.pid and tree[0].start > 0 and b"-c" in tree[0].cmdline
        for p in tree:
            os.kill(p.pid, signal.SIGSTOP)  # a stopped process does not even act on SIGTERM
        assert kill_processes(tree) == []
        child.wait(timeout=10)
        assert alive({p.pid for p in tree}) == []
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def test_a_pid_given_to_a_new_process_is_not_killed():
    """A process of the tree that ended and whose pid was given again is told apart by its start time."""
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        (mine,) = [p for p in process_tree() if p.pid == sleeper.pid]
        other = type(mine)(mine.pid, mine.ppid, mine.pgid, mine.start - 1, mine.cmdline)  # the "old" process
        assert kill_processes([other], wait=0.1) == []
        assert sleeper.poll() is None  # the running process with that pid was left alone
    finally:
        sleeper.kill()
        sleeper.wait()
