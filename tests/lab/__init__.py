"""The simulated school LAN in network namespaces (see ``tests.lab.lab``)."""
