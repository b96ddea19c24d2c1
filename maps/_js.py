"""Python values as JavaScript literals that are safe inside an inline ``<script>``."""

from __future__ import annotations

import json

_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027", "`": "\\u0060", "$": "\\u0024"}
)


def literal(value: object) -> str:
    r"""Compact JSON for *value* in which ``</script>``, ``<!--``, ``&``, backticks and ``$`` cannot occur.

    Examples
    --------
    >>> literal({"html": "</script>"})
    '{"html":"\\u003c/script\\u003e"}'
    """
    return json.dumps(value, separators=(",", ":"), allow_nan=False).translate(_UNSAFE)
