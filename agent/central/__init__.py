"""Central configuration on the agent: check in with the collector, merge what it sends under
the local file (the local file wins wherever it sets a key), cache the last answer (0600).

Public API: ``merge``, ``check_in``, ``settings_for_run``, ``save_cached``/``load_cached``.
"""
