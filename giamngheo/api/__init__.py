"""The REST API (django-ninja) over every app, within the caller's area, with tokens. May import
every app except `demo`."""
