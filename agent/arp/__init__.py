"""Layer-2 discovery: the active ARP sweep and the unprivileged neighbour-table path."""
