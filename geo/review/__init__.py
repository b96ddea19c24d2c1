"""``cablemap review``: a local web page where an analyst confirms or fixes a cable's places.

The session's data and saves (:mod:`.data`), the Starlette app and its JSON API (:mod:`.app`),
the loopback server (:mod:`.server`); the page itself is in ``static/``. It needs the
``review`` extra.
"""

from ..extras import require

require("review")
