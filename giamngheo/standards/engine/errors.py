"""What the engine raises. Every message names the file, indicator or column at fault."""

import os
from pathlib import Path


class EngineError(Exception):
    """Base class of the engine's errors."""


class StandardFileError(EngineError, ValueError):
    """A standard file is malformed: bad YAML, a missing key, an expression outside the language."""


class UnknownStandardError(EngineError, LookupError):
    """No standard has this id, or none is in force on the date asked."""


class EngineInputError(EngineError, ValueError):
    """The frames given to `classify` lack a column the standard needs, or hold values it cannot use."""


def display_path(path: str | os.PathLike[str]) -> str:
    """A file as its reader finds it: relative to the working directory when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
