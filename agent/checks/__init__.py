"""Health checks: one module per device kind, each a pure judge of already-fetched data plus
a thin async driver. The explicit registry is ``agent.checks.registry.CHECKS``; the entry
point for one device is ``agent.checks.runner.run_checks``.
"""
