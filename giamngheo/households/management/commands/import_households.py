from giamngheo.households.imports.command import ImportHouseholdsCommand as Command  # noqa: F401
