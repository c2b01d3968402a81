"""Planning ahead of a review: what a change of standard does to each commune and village and
what it costs (health-insurance premiums by status), from the engine's frames, never one
household at a time. May import every app below `api`."""
