"""The classification engine: pure Python + Polars, no Django.

Public API is re-exported here once the modules exist; see `vocabulary` for
the raw survey answers the engine derives indicators from.
"""
