"""Central configuration on the agent: check in with the collector (``client``), merge what it
sends under the local file — the local file wins wherever it sets a key (``merge``), cache the
last answer 0600 for offline runs (``cache``), choose the settings of a run (``resolve``),
per-device credentials (``devices``) and the ``service`` loop with its timing rules
(``schedule``)."""
