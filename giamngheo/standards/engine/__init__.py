"""The classification engine: pure Python + Polars, no Django.

    from giamngheo.standards import engine
    standard = engine.load_standard("2022-2025")
    result = engine.classify(standard, households, members)

Standards are YAML files (`giamngheo/standards/data/`, plus local ones in the folder named
by `GIAMNGHEO_STANDARDS_DIR`); `vocabulary` lists the raw answers they derive indicators from.
The B1 tables an administrator loaded replace a file's placeholder ones (`catalogue.use_scorecard_dir`).
"""

from giamngheo.standards.engine.catalogue import available_standards, load_standard, standard_in_force
from giamngheo.standards.engine.caveats import caveats, rests_on_placeholder_tables
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
from giamngheo.standards.engine.selection import (
    NoStandardForReview,
    Selection,
    current_season_year,
    standard_for_adhoc_review,
    standard_for_periodic_review,
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
ENGINE_VERSION = "1.2.0"  # 1.2: B1 scores computed from the answers

__all__ = [
    "ENGINE_VERSION",
    "OUTPUT_COLUMNS",
    "DeprivationTest",
    "EngineError",
    "EngineInputError",
    "IncomeLine",
    "Indicator",
    "LegalBasis",
    "NoStandardForReview",
    "Scorecard",
    "Selection",
    "Standard",
    "StandardFileError",
    "UnknownStandardError",
    "available_standards",
    "caveats",
    "classify",
    "classify_compact",
    "classify_lazy",
    "load_standard",
    "render",
    "current_season_year",
    "rests_on_placeholder_tables",
    "standard_for_adhoc_review",
    "standard_for_periodic_review",
    "standard_in_force",
]
