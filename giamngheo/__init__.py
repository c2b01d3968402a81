"""giamngheo: poverty-reduction management for Vietnamese local government.

Importing this package must not import Django: the classification engine
(`giamngheo.standards.engine`) is used on its own by the CLI and benchmarks.
"""

__version__ = "0.1.0"
