"""mDNS/DNS-SD discovery: browse every announced service type and resolve every instance."""
