"""The optional parts of cablemap and the extra that installs each.

``pip install 'cablemap[all]'`` installs them all; without one, the feature that needs it
stops with one line naming the extra (:class:`~geo.errors.MissingExtra`).
"""

from __future__ import annotations

import importlib.util

#: extra -> (what it is for, the modules it brings)
EXTRAS = {
    "static": ("PNG, PDF and SVG maps", ("matplotlib",)),
    "corpus": ("corpus runs", ("dask", "distributed")),
    "review": ("cablemap review", ("starlette", "uvicorn")),
    "pdf": ("PDF briefings", ("playwright",)),
}


def require(extra: str) -> None:
    """Check that the modules of *extra* are installed (without importing them), else raise
    :class:`~geo.errors.MissingExtra` naming it.

    >>> require("static")
    """
    from .errors import MissingExtra

    purpose, modules = EXTRAS[extra]
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except ValueError:  # in sys.modules as None: blocked
            found = False
        if not found:
            msg = f"{purpose} need the {module} package: pip install 'cablemap[{extra}]'"
            raise MissingExtra(msg) from None
