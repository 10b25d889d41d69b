"""SNMP: credentials, value conversion, sources (live client, recordings), identity, probe.

Only ``agent.snmp.client`` imports pysnmp; everything else sees plain Python values through the
``SnmpSource`` protocol, so identification runs the same on a live agent and on a recording.

Errors (all translated at this package's boundary)::

    Exception
    ├── SnmpError          one failed SNMP exchange (client); ``.kind`` says timeout, auth,
    │                      undecodable answer, or an error-status from the agent
    └── ValueError
        └── ParseError     a recording file (.snmprec / snmpwalk -On) holds no usable rows
"""
