"""Administrative units before and after 1 July 2025 with the old-to-new mapping, villages, and
the area scope (`areas.scope`) that filters every page, export, API call and job by the user's
area. May import only `core`."""
