"""Forked kernels (runner.zygote): each run's kernel is a fresh fork, nothing passes from one to the next,
none outlives its shutdown, and a kernelspec that is not this interpreter's ipykernel is launched as usual."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from civcomm.runner.warm import WarmKernel
from civcomm.runner.worker import QuietKernelManager
from civcomm.runner.zygote import Zygote, forkable, start_zygote


def test_only_this_interpreters_ipykernel_is_forked(tmp_path):
    assert forkable([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
    other = tmp_path / "python3"
    other.write_text("")
    assert not forkable([str(other), "-m", "ipykernel_launcher", "-f", "k.json"])  # another environment's
    assert not forkable([sys.executable, "-m", "other_kernel", "-f", "k.json"])
    assert not forkable(["R", "--slave", "-e", "IRkernel::main()"])


def _run(km, code: str) -> str:
    from jupyter_client.blocking import BlockingKernelClient

    kc = BlockingKernelClient()
    kc.load_connection_info(km.get_connection_info())
    kc.start_channels()
    out: list[str] = []
    try:
        reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: out.append(m["content"].get("text", "")))
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
    return "".join(out)


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


@pytest.mark.slow
def test_each_kernel_is_a_fresh_fork_and_is_gone_after_shutdown(tmp_path):
    proc, pipes = start_zygote([], 1)
    zygote = Zygote(",".join(map(str, pipes[0])))
    try:
        pids = []
        for i in range(2):
            kernel = WarmKernel(tmp_path / f"k{i}", QuietKernelManager, tmp_path, [], "", zygote=zygote)
            km = kernel.take({"CIVCOMM_TEST_RUN": str(i)}, "")
            try:
                pid = km.provisioner.pid
                pids.append(pid)
                assert _parent(pid) == proc.pid, "the kernel is the zygote's fork"
                # what the run before left in its kernel is not in this one; the run's environment is
                seen = _run(km, "import os; print('leak' in globals(), os.environ['CIVCOMM_TEST_RUN'], os.getcwd())\n"
                                "leak = 1")
                assert seen.split() == ["False", str(i), str(tmp_path)]
            finally:
                kernel.shutdown()
            deadline = time.monotonic() + 5
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not Path(f"/proc/{pid}").exists(), "a shut-down kernel is reaped, not left as a zombie"
        assert len(set(pids)) == 2
    finally:
        zygote.close()
        proc.wait(timeout=10)  # the zygote ends when its last worker closes its pipe
    assert proc.returncode == 0


@pytest.mark.slow
def test_a_zygote_that_cannot_fork_lets_kernels_be_launched(tmp_path):
    proc, pipes = start_zygote([], 1)
    zygote = Zygote(",".join(map(str, pipes[0])))
    proc.kill()  # the zygote is gone: the next kernel is launched the usual way, and says so
    proc.wait()
    kernel = WarmKernel(tmp_path / "k", QuietKernelManager, tmp_path, [], "", zygote=zygote)
    try:
        km = kernel.take({}, "")
        assert zygote.broken
        assert _parent(km.provisioner.pid) == os.getpid()
        assert _run(km, "print(6 * 7)").strip() == "42"
    finally:
        kernel.shutdown()
        zygote.close()
