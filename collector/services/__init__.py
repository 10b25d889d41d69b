"""Business logic: routes call these; these call the database. No HTTP here."""
