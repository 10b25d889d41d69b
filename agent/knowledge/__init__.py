"""Device knowledge: data tables and the pure functions that read them.

* ``vendors`` — enterprise numbers → vendor; vendor-name aliases (OUI organisations, MfgName)
* ``snmp_tables`` — sysObjectID prefixes, sysDescr patterns, probe subtrees, sysServices,
  identity scalars (the only place vendor OIDs ``1.3.6.1.4.1.*`` may appear, with ``checks``)
* ``mdns_tables`` — DNS-SD service types, TXT keys
* ``hint_tables`` — OUI organisation hints, TCP management ports
* ``oui`` — MAC → IEEE organisation (netaddr), randomised-MAC flag
* ``data/sysobjectids.tsv`` + ``registry`` — the public registries (IANA enterprise numbers,
  GLPI sysobject.ids) compiled by ``generate``; a binary search, longest prefix wins
* ``structure_tables`` — what standard MIBs say a device is (LLDP, ipForwarding, port counts,
  Fibre Channel unit type...)
* ``product_lines`` — curated product lines and single-category makers → type
* ``snmp_evidence`` — evidence from what an SNMP agent said; ``descr_fields`` — model,
  firmware and serial in free text
* ``classify`` — evidence from each observation; ``classify`` → type + reason (a minimum
  score: weak hints never decide alone)
* ``describe`` — vendor / model / serial / firmware in a documented priority order
* ``device`` — ``build_device``: one report ``Device`` from one device's observations

Adding a device kind: add rows to the tables (a sysObjectID prefix, a sysDescr pattern, a
subtree, a service type...), put a recording in the fixtures, and assert its classification in
``tests/unit/knowledge``; no code change should be needed.
"""
