"""The scan interface, its subnets, and the safety rules for what may be scanned."""
