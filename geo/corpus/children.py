"""Child processes that do not outlive cablemap, even when it is killed with SIGKILL."""

from __future__ import annotations

import os
import threading
import time

#: How often a child looks whether its parent is still there, seconds.
_POLL_S = 0.1


def die_with_parent(parent: int) -> None:
    """Exit this process as soon as *parent* (the pid that started it) is gone.

    A daemon thread watches the parent pid: once this process has been handed
    to another parent (the parent died, however it died), it exits at once,
    without cleanup that could wait on the dead parent. Call it first thing in
    the child (e.g. as a process pool's initializer, with ``os.getpid()`` of the
    parent as argument).
    """
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="cablemap-die-with-parent", daemon=True).start()
