"""``python -m collector`` is ``lankeeper-collector``."""

from collector.cli import main

raise SystemExit(main())
