"""Users, roles and their area assignments, login, and the audit log page that reads the
change history of every audited model within the user's area. May import `areas` and `core`."""
