"""Reading diplomatic cables: the reader (:mod:`.reader`), its carriers (plain text, WikiLeaks
HTML, ``cables.csv`` rows, gzip; :mod:`.carriers`), header fields (:mod:`.fields`), the spans
that are never place mentions (:mod:`.spans`) and the patterns they share (:mod:`.patterns`).
"""

from __future__ import annotations

from .reader import MAX_CABLE_BYTES, Cable, Paragraph, decode_bytes, parse_cable, parse_csv_row, read_cable

__all__ = ["MAX_CABLE_BYTES", "Cable", "Paragraph", "decode_bytes", "parse_cable", "parse_csv_row", "read_cable"]
