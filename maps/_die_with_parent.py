"""Launchers that make Playwright's driver and Chromium die with the process that started them.

Killed with SIGKILL, cablemap cannot close its browser; the kernel can. Each launcher is a tiny
Python script that asks for ``PR_SET_PDEATHSIG`` = SIGKILL (Linux ``prctl``; it survives
``execve``) and then becomes the real program: the driver dies with cablemap's printing
thread, and Chromium with the driver. Elsewhere than Linux the real programs are used as they are.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_LAUNCHER = """#!{python} -S
import ctypes, os, signal, sys
ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
os.execv({target!r}, [{target!r}, *sys.argv[1:]])
"""


def _driver_node() -> str:
    """The Node.js that Playwright runs its driver with ($PLAYWRIGHT_NODEJS_PATH, else its bundled one)."""
    import playwright

    return os.environ.get("PLAYWRIGHT_NODEJS_PATH") or str(Path(playwright.__file__).parent / "driver" / "node")


@contextmanager
def dying_with_parent(chromium: str) -> Iterator[tuple[str, str]]:
    """``(chromium, node)``: launchers for *chromium* and Playwright's Node.js, valid inside the block.

    Use *chromium* as ``executable_path`` and *node* as ``PLAYWRIGHT_NODEJS_PATH``
    while Playwright starts.
    """
    node = _driver_node()
    if not sys.platform.startswith("linux") or len(sys.executable) > 120 or " " in sys.executable:
        yield chromium, node  # no prctl, or a path a #! line cannot hold
        return
    with tempfile.TemporaryDirectory(prefix="cablemap-launch-") as tmp:
        paths = []
        for name, target in (("chromium", chromium), ("node", node)):
            path = Path(tmp) / name
            path.write_text(_LAUNCHER.format(python=sys.executable, target=os.path.abspath(target)), encoding="utf-8")
            path.chmod(0o700)
            paths.append(str(path))
        yield paths[0], paths[1]
