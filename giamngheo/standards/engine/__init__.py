"""The classification engine: pure Python + Polars, no Django.

    from giamngheo.standards import engine
    standard = engine.load_standard("2022-2025")
    result = engine.classify(standard, households, members)

Standards are YAML files (`giamngheo/standards/data/`, plus local ones in the folder named
by `GIAMNGHEO_STANDARDS_DIR`); `vocabulary` lists the raw answers they derive indicators from.
"""

from giamngheo.standards.engine.catalogue import available_standards, load_standard, standard_in_force
from giamngheo.standards.engine.classification import (
    OUTPUT_COLUMNS,
    classify,
    classify_compact,
    classify_lazy,
    render,
)
from giamngheo.standards.engine.errors import (
    EngineError,
    EngineInputError,
    StandardFileError,
    UnknownStandardError,
)
from giamngheo.standards.engine.standard import (
    DeprivationTest,
    IncomeLine,
    Indicator,
    LegalBasis,
    Scorecard,
    Standard,
)

# Stored with every classification; bump when a change could alter a result.
ENGINE_VERSION = "1.0.0"

__all__ = [
    "ENGINE_VERSION",
    "OUTPUT_COLUMNS",
    "DeprivationTest",
    "EngineError",
    "EngineInputError",
    "IncomeLine",
    "Indicator",
    "LegalBasis",
    "Scorecard",
    "Standard",
    "StandardFileError",
    "UnknownStandardError",
    "available_standards",
    "classify",
    "classify_compact",
    "classify_lazy",
    "load_standard",
    "render",
    "standard_in_force",
]
