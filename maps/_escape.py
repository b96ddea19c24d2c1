"""Escape text for HTML that folium may also put inside JavaScript template literals."""

from __future__ import annotations

import html
import math

_JS_SAFE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape(s: object) -> str:
    r"""HTML-escape *s* so that it is inert in HTML, attributes and JS template literals.

    ``None`` and NaN become the empty string; anything else is ``str()``-ed first.

    Examples
    --------
    >>> escape('</script>${x}`\\')
    '&lt;/script&gt;&#36;{x}&#96;&#92;'
    """
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return ""
    return html.escape(str(s), quote=True).translate(_JS_SAFE)
