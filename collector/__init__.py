"""The collector: the provider's service that keeps every school's inventory, history and alerts."""
