"""Device knowledge: data tables and the pure functions that read them.

* ``vendors`` — enterprise numbers → vendor; vendor-name aliases (OUI organisations, MfgName)
* ``snmp_tables`` — sysObjectID prefixes, sysDescr patterns, probe subtrees, sysServices,
  identity scalars (the only place vendor OIDs ``1.3.6.1.4.1.*`` may appear, with ``checks``)
* ``mdns_tables`` — DNS-SD service types, TXT keys
* ``hint_tables`` — OUI organisation hints, TCP management ports
* ``oui`` — MAC → IEEE organisation (netaddr), randomised-MAC flag
* ``classify`` — evidence from each observation; ``classify`` → type + reason
* ``describe`` — vendor / model / serial / firmware in a documented priority order
* ``device`` — ``build_device``: one report ``Device`` from one device's observations

Adding a device kind: add rows to the tables (a sysObjectID prefix, a sysDescr pattern, a
subtree, a service type...), put a recording in the fixtures, and assert its classification in
``tests/unit/knowledge``; no code change should be needed.
"""
