"""The demo: the composition root that builds a whole province to try the product.

It may import every app (units, registry, runs, rounds, plans, programmes, logins) and no app
imports it. `giamngheo demo` builds and serves it; `giamngheo generate` writes a synthetic
province of any size (also used by the benchmarks).
"""
