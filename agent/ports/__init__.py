"""TCP connect probe of management ports, with greetings read from banner ports."""
