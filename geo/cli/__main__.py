"""``python -m geo.cli`` runs the ``cablemap`` command."""

from .main import main

main()
